import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { ACCOUNT, JOHN, runClientToolbox, sentFields, type ClientToolboxEmulator } from './helpers';
import { startEachTest } from '../harness/lifecycle';

// The seed account greatwidgets defines custom_field_1 (text), _2 (list: Single, Married, Divorced, Widowed),
// _3 (date/time) and _4 (list: Gouda, Emental, Swiss, Cheddar).
describe('Client Toolbox custom fields', () => {
	let emulator: ClientToolboxEmulator;

	startEachTest(startClientToolboxEmulator, (started) => (emulator = started));

	it('sends custom_field_## of every type and Client Toolbox stores them', async () => {
		const result = await runClientToolbox(emulator, {
			matchBy: 'code',
			code: JOHN.code,
			customFields: {
				field: [
					{ number: '1', value: '1kg Emental Cheese' },
					{ number: '2', value: 'Married' },
					{ number: '3', value: '2012.07.28 22:59:59' },
					{ number: '4', value: 'Gouda,Emental,Swiss' },
				],
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs('Client Toolbox')[0][0].json.changedFields).toEqual([
			'custom_field_1',
			'custom_field_2',
			'custom_field_3',
			'custom_field_4',
		]);
		expect(sentFields(emulator.requests[1])).toMatchObject({
			custom_field_3: '2012.07.28 22:59:59',
			custom_field_4: 'Gouda,Emental,Swiss',
		});
		expect(emulator.customer(ACCOUNT, JOHN.code)?.custom_fields).toEqual({
			1: '1kg Emental Cheese',
			2: 'Married',
			3: '2012.07.28 22:59:59',
			4: 'Gouda,Emental,Swiss',
		});
	});

	it.each([
		[
			'a date/time in another format',
			'3',
			'2012-07-28 22:59:59',
			/custom_field_3 \(Last Tasting\) expects a date \/ time stamp in YYYY\.MM\.DD HH:MM:SS format/,
		],
		[
			'an impossible date/time',
			'3',
			'2012.02.30 10:00:00',
			/custom_field_3 .* expects a date \/ time stamp/,
		],
		[
			'a value outside the list',
			'2',
			'Engaged',
			/custom_field_2 \(Marital Status\) expects values from its list .*"Engaged" is not one of them/,
		],
		['one list item outside the list', '4', 'Gouda,Brie', /"Brie" is not one of them/],
		[
			'a field the account does not define',
			'9',
			'anything',
			/custom_field_9 is not defined for account greatwidgets/,
		],
	])(
		"fails the item with Client Toolbox's text for %s, and stores nothing",
		async (_name, number, value, message) => {
			const before = JSON.stringify(emulator.customer(ACCOUNT, JOHN.code));
			const result = await runClientToolbox(emulator, {
				matchBy: 'code',
				code: JOHN.code,
				ifNoMatch: 'create',
				updateFields: { city: 'Not Stored' },
				customFields: { field: [{ number, value }] },
			});
			expect(result.error?.message).toMatch(/^Client Toolbox refused the update: /);
			expect(result.error?.message).toMatch(message);
			expect(JSON.stringify(emulator.customer(ACCOUNT, JOHN.code))).toBe(before);
			expect(emulator.edits).toHaveLength(0);
		},
	);
});
