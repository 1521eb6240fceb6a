import {
	FieldRuleError,
	collectFields,
	fieldsToClearProperty,
	updateFieldsProperty,
	type FieldSpec,
} from '../../nodes/shared/input/fieldTable';
import { countryCode, isoDate } from '../../nodes/shared/input/rules';

const FIELDS: FieldSpec[] = [
	{
		key: 'surname',
		wire: 'surname',
		label: 'Surname',
		description: 'Family name',
		kind: 'string',
		clear: 'empty',
	},
	{
		key: 'country',
		wire: 'country',
		label: 'Country',
		description: 'ISO code',
		kind: 'string',
		clear: 'empty',
		normalize: 'upper',
		rules: [countryCode],
	},
	{
		key: 'dob',
		wire: 'dob',
		label: 'Date of Birth',
		description: 'YYYY-MM-DD',
		kind: 'date',
		clear: 'notClearable',
		rules: [isoDate],
	},
	{
		key: 'vip',
		wire: 'vip',
		label: 'VIP',
		description: 'Whether VIP',
		kind: 'boolean',
		clear: 'notClearable',
		booleanAs: ['Y', 'N'],
	},
	{
		key: 'password',
		wire: 'password',
		label: 'Password',
		description: 'secret',
		kind: 'string',
		clear: 'notClearable',
		secret: true,
		rules: [{ describe: 'be long', test: (v) => v.length > 5 }],
	},
];

describe('field tables', () => {
	it('derives an Update Fields collection sorted by label, typed by kind', () => {
		const prop = updateFieldsProperty(FIELDS);
		const options = prop.options as Array<{
			displayName: string;
			name: string;
			type: string;
			typeOptions?: object;
		}>;
		expect(options.map((o) => o.displayName)).toEqual([
			'Country',
			'Date of Birth',
			'Password',
			'Surname',
			'VIP',
		]);
		expect(options.find((o) => o.name === 'vip')?.type).toBe('boolean');
		expect(options.find((o) => o.name === 'password')?.typeOptions).toEqual({ password: true });
	});

	it('offers only clearable fields in Fields to Clear', () => {
		const prop = fieldsToClearProperty(FIELDS, 'desc');
		expect((prop.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			'country',
			'surname',
		]);
	});

	it('collects values in table order, normalized, booleans as documented text', () => {
		const out = collectFields(
			FIELDS,
			{ vip: true, country: ' gb ', surname: 'Ng' },
			['password'].slice(1),
		);
		expect(out.values.map((v) => [v.spec.wire, v.text])).toEqual([
			['surname', 'Ng'],
			['country', 'GB'],
			['vip', 'Y'],
		]);
	});

	it('skips and reports empty values instead of clearing', () => {
		const out = collectFields(FIELDS, { surname: '', dob: null as unknown as string }, ['country']);
		expect(out.values).toEqual([]);
		expect(out.emptyFields).toEqual(['surname', 'dob']);
		expect(out.clears.map((f) => f.wire)).toEqual(['country']);
	});

	it('names the field, the rule and the value', () => {
		expect(() => collectFields(FIELDS, { dob: '1990-02-30' }, [])).toThrow(
			'"Date of Birth" (dob) must be a real date in YYYY-MM-DD format (e.g. 1985-04-23); got "1990-02-30"',
		);
	});

	it('never echoes a secret value', () => {
		let error: FieldRuleError | undefined;
		try {
			collectFields(FIELDS, { password: 'abc' }, []);
		} catch (e) {
			error = e as FieldRuleError;
		}
		expect(error?.message).toBe('"Password" (password) must be long');
		expect(error?.message).not.toContain('abc');
	});

	it('refuses objects, unknown fields, clearing what cannot be cleared, and set-and-clear', () => {
		expect(() => collectFields(FIELDS, { surname: { a: 1 } }, [])).toThrow(
			/must be text, a number or true\/false/,
		);
		expect(() => collectFields(FIELDS, { shoe: '9' }, [])).toThrow(
			/"shoe" \(shoe\) must be a documented field/,
		);
		expect(() => collectFields(FIELDS, {}, ['dob'])).toThrow(/must not be cleared/);
		expect(() => collectFields(FIELDS, { surname: 'X' }, ['surname'])).toThrow(
			/must not be set and cleared at the same time/,
		);
	});
});
