import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import {
	ACCOUNT,
	ANN,
	JOHN,
	runClientToolbox,
	sentFields,
	type ClientToolboxEmulator,
} from './helpers';
import { startEachTest } from '../harness/lifecycle';

/**
 * new_code changes the customer's code, and "Yes" (the documentation's own example) lets Client Toolbox
 * draw it: the answer's code is the customer's code after the edit. Without new_code, an answer about
 * another customer still fails the item.
 */
describe('Client Toolbox new_code', () => {
	let emulator: ClientToolboxEmulator;
	const NODE = 'Client Toolbox';

	startEachTest(startClientToolboxEmulator, (started) => (emulator = started));

	/** Only the edit gets the fault: the read-only lookup of "Fail Without Changing Anything" is answered as it is. */
	function answerEditsAboutAnotherCustomer(otherId: string): void {
		emulator.setKnobs({
			fault: {
				mode: 'other-customer',
				otherId,
				get count() {
					const last = emulator.requests[emulator.requests.length - 1];
					return last && sentFields(last).type === 'record_customer' ? 1 : 0;
				},
				set count(_value: number) {},
			},
		});
	}

	it('"Yes" gives the customer a new random code: the item outputs it, with the code that was sent as previousCode', async () => {
		const before = { ...emulator.customer(ACCOUNT, JOHN.code) };
		const result = await runClientToolbox(emulator, {
			matchBy: 'code',
			code: JOHN.code,
			updateFields: { new_code: 'Yes', city: 'Wellington' },
		});
		expect(result.error).toBeUndefined();
		const [main] = result.outputs(NODE);
		const json = main[0].json;
		expect(json.code).toMatch(/^[1-9][0-9]{15}$/);
		expect(json).toEqual({
			provider: 'clientToolbox',
			customerId: json.code,
			status: 'updated',
			providerStatus: 'update',
			changedFields: ['new_code', 'city'],
			code: json.code,
			previousCode: JOHN.code,
			created: false,
			accountId: ACCOUNT,
			matchedBy: 'code',
			checkedFirst: true,
			responseFormat: 'xml',
		});
		expect(sentFields(emulator.requests[1])).toMatchObject({
			code: JOHN.code,
			new_code: 'Yes',
			city: 'Wellington',
		});
		expect(emulator.customer(ACCOUNT, JOHN.code)).toBeUndefined();
		expect(emulator.customer(ACCOUNT, String(json.code))).toEqual({
			...before,
			code: json.code,
			city: 'Wellington',
		});
	});

	it('a given value becomes the code, also in JSON and matched by card number (no code sent: previousCode null)', async () => {
		const byCode = await runClientToolbox(emulator, {
			matchBy: 'code',
			code: ANN.code,
			updateFields: { new_code: '1000000000000099' },
			options: { responseFormat: 'json' },
		});
		expect(byCode.outputs(NODE)[0][0].json).toMatchObject({
			status: 'updated',
			customerId: '1000000000000099',
			code: '1000000000000099',
			previousCode: ANN.code,
			responseFormat: 'json',
		});
		expect(emulator.customer(ACCOUNT, '1000000000000099')).toMatchObject({
			first_name: 'Ann',
			card_number: ANN.card,
		});

		const byCard = await runClientToolbox(emulator, {
			matchBy: 'cardNumber',
			cardNumber: JOHN.card,
			updateFields: { new_code: '89898989898990' },
		});
		expect(byCard.outputs(NODE)[0][0].json).toMatchObject({
			status: 'updated',
			customerId: '89898989898990',
			previousCode: null,
		});
		expect(emulator.customer(ACCOUNT, '89898989898990')).toMatchObject({ first_name: 'John' });
	});

	it('a code already used by another customer is refused by Client Toolbox and changes nothing', async () => {
		const result = await runClientToolbox(
			emulator,
			{ matchBy: 'code', code: JOHN.code, updateFields: { new_code: ANN.code } },
			[{ json: {} }],
			{ onError: 'continueRegularOutput' },
		);
		expect(result.outputs(NODE)[0][0].json.error).toBe(
			`Client Toolbox refused the update: new_code ${ANN.code} is already used by another customer`,
		);
		expect(emulator.customer(ACCOUNT, JOHN.code)).toMatchObject({ first_name: 'John' });
	});

	describe.each([
		{ matchBy: 'code', ifNoMatch: 'fail', responseFormat: 'xml' },
		{ matchBy: 'code', ifNoMatch: 'create', responseFormat: 'json' },
		{ matchBy: 'codeAndCardNumber', ifNoMatch: 'fail', responseFormat: 'json' },
		{ matchBy: 'codeAndCardNumber', ifNoMatch: 'create', responseFormat: 'xml' },
	])(
		'matched by $matchBy, If No Customer Matches $ifNoMatch, $responseFormat',
		({ matchBy, ifNoMatch, responseFormat }) => {
			const parameters = {
				matchBy,
				code: JOHN.code,
				cardNumber: '6767676767',
				ifNoMatch,
				options: { responseFormat },
			};

			it('without new_code, an answer about another customer fails the item naming both codes', async () => {
				answerEditsAboutAnotherCustomer('424242');
				const result = await runClientToolbox(
					emulator,
					{ ...parameters, updateFields: { city: 'Hostile' } },
					[{ json: {} }],
					{
						onError: 'continueErrorOutput',
					},
				);
				const [main, errors] = result.outputs(NODE);
				expect(main).toHaveLength(0);
				expect(errors[0].json.error).toBe(
					`Client Toolbox answered an update of customer 424242, not of customer ${JOHN.code} that was sent`,
				);
			});

			it('with new_code, the answered code is the new code', async () => {
				answerEditsAboutAnotherCustomer('424242');
				const result = await runClientToolbox(emulator, {
					...parameters,
					updateFields: { new_code: 'Yes' },
				});
				expect(result.outputs(NODE)[0][0].json).toMatchObject({
					status: 'updated',
					customerId: '424242',
					previousCode: JOHN.code,
				});
			});
		},
	);
});
