import {
	collectFields,
	fieldsToClearProperty,
	updateFieldsProperty,
} from '../../nodes/shared/input/fieldTable';
import { Trackfinity } from '../../nodes/Trackfinity/Trackfinity.node';
import { trackfinityBaseUrl } from '../../nodes/Trackfinity/baseUrl';
import { isRemoveKeyword, TRACKFINITY_FIELDS } from '../../nodes/Trackfinity/fields';
import { DATA_FIELDS } from '../../sandbox/trackfinity';

const DOCUMENTED = [
	'firstname',
	'lastname',
	'email',
	'username',
	'password',
	'address1',
	'address2',
	'city',
	'state',
	'country',
	'zip',
	'custom1',
	'custom2',
	'custom3',
	'custom4',
	'custom5',
];

describe('Trackfinity field table', () => {
	it('lists every documented parameter, in the documented order, as the emulator does', () => {
		expect(TRACKFINITY_FIELDS.map((f) => f.wire)).toEqual(DOCUMENTED);
		expect(DATA_FIELDS).toEqual(DOCUMENTED);
		for (const f of TRACKFINITY_FIELDS) {
			expect(f.key).toBe(f.wire);
			expect(f.kind).toBe('string');
			expect(f.description.length).toBeGreaterThan(20);
		}
	});

	it('makes every field removable with REMOVE except the password, which is secret', () => {
		const modes = Object.fromEntries(TRACKFINITY_FIELDS.map((f) => [f.wire, f.clear]));
		expect(Object.entries(modes).filter(([, m]) => m !== 'removeKeyword')).toEqual([
			['password', 'notClearable'],
		]);
		expect(TRACKFINITY_FIELDS.filter((f) => f.secret).map((f) => f.wire)).toEqual(['password']);
	});

	it('offers every field but the password in "Fields to Remove"', () => {
		const node = new Trackfinity();
		const remove = node.description.properties.find((p) => p.name === 'fieldsToClear');
		expect(remove?.displayName).toBe('Fields to Remove');
		const offered = (remove?.options as Array<{ value: string }>).map((o) => o.value).sort();
		expect(offered).toEqual(DOCUMENTED.filter((w) => w !== 'password').sort());
		expect(fieldsToClearProperty(TRACKFINITY_FIELDS, 'd').options).toHaveLength(15);
		const update = updateFieldsProperty(TRACKFINITY_FIELDS).options as Array<{
			name: string;
			typeOptions?: object;
		}>;
		expect(update).toHaveLength(16);
		expect(update.find((o) => o.name === 'password')?.typeOptions).toEqual({ password: true });
	});

	it('recognises the REMOVE keyword in any case and with surrounding spaces only', () => {
		for (const v of ['REMOVE', 'remove', ' Remove ', '\tREMOVE\n'])
			expect(isRemoveKeyword(v)).toBe(true);
		for (const v of ['REMOVED', 'RE MOVE', 'remove me', '', 'Removal'])
			expect(isRemoveKeyword(v)).toBe(false);
	});

	it('refuses REMOVE as a value, pointing to Fields to Remove, and keeps other values as typed', () => {
		expect(() => collectFields(TRACKFINITY_FIELDS, { state: ' Remove ' }, [])).toThrow(
			'"State" (state) must not be the word REMOVE, which Trackfinity treats as "delete this field"; to delete a field on purpose, pick it in "Fields to Remove"; got " Remove "',
		);
		const out = collectFields(TRACKFINITY_FIELDS, { city: ' Removal Street ', zip: 66666 }, []);
		expect(out.values.map((v) => [v.spec.wire, v.text])).toEqual([
			['city', ' Removal Street '],
			['zip', '66666'],
		]);
	});

	it('refuses REMOVE as a password without echoing it, and refuses removing the password', () => {
		expect(() => collectFields(TRACKFINITY_FIELDS, { password: 'remove' }, [])).toThrow(
			/^"Password" \(password\) must not be the word REMOVE: Trackfinity does not allow removing the password, only setting a new one$/,
		);
		expect(() => collectFields(TRACKFINITY_FIELDS, {}, ['password'])).toThrow(
			/"Password" \(password\) must not be cleared/,
		);
	});

	it('collects removals in table order and refuses setting and removing one field at once', () => {
		const out = collectFields(TRACKFINITY_FIELDS, { email: 'a@b.co' }, ['custom5', 'firstname']);
		expect(out.clears.map((f) => f.wire)).toEqual(['firstname', 'custom5']);
		expect(() => collectFields(TRACKFINITY_FIELDS, { city: 'X' }, ['city'])).toThrow(
			/set and cleared at the same time/,
		);
	});

	it('normalises the Base URL the way the credential Test expression does', () => {
		expect(trackfinityBaseUrl('https://t.example.com')).toBe('https://t.example.com');
		expect(trackfinityBaseUrl(' https://t.example.com/api/ ')).toBe('https://t.example.com');
		expect(trackfinityBaseUrl('http://t.example.com/tracking//')).toBe(
			'http://t.example.com/tracking',
		);
		expect(trackfinityBaseUrl('https://t.example.com/API')).toBe('https://t.example.com');
		for (const bad of [
			'',
			'ftp://t.example.com',
			't.example.com',
			'https://t.example.com/#x',
			undefined,
		]) {
			expect(() => trackfinityBaseUrl(bad)).toThrow(/Base URL must/);
		}
	});

	it('checks every Base URL it is given, also right after accepting another one', () => {
		for (const [raw, expected] of [
			['https://a.example.com/api', 'https://a.example.com'],
			['https://a.example.com/api', 'https://a.example.com'],
			['https://b.example.com', 'https://b.example.com'],
			['https://a.example.com/api', 'https://a.example.com'],
		]) {
			expect(trackfinityBaseUrl(raw)).toBe(expected);
			expect(() => trackfinityBaseUrl(`${raw}?x=1`)).toThrow(/must not contain "\?" or "#"/);
		}
	});
});
