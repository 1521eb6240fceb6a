import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import {
	ACCOUNT,
	JOHN,
	runClientToolbox,
	sentFields,
	sentTypes,
	type ClientToolboxEmulator,
} from './helpers';
import { startEachTest } from '../harness/lifecycle';

const NODE = 'Client Toolbox';
const UNKNOWN_CODE = '5550000000000555';
const UNKNOWN_CARD = '8080808080';

describe('Client Toolbox: what happens when no customer matches', () => {
	let emulator: ClientToolboxEmulator;

	startEachTest(startClientToolboxEmulator, (started) => (emulator = started));

	it.each([
		['an unknown code', { matchBy: 'code', code: UNKNOWN_CODE }],
		['an unknown card number', { matchBy: 'cardNumber', cardNumber: UNKNOWN_CARD }],
	])(
		'"Create One (API Behaviour)" lets the edit create a customer for %s and says so',
		async (_name, identity) => {
			const before = emulator.customers(ACCOUNT).length;
			const result = await runClientToolbox(emulator, {
				...identity,
				ifNoMatch: 'create',
				updateFields: { first_name: 'Newt', send_no_email: true },
			});
			expect(result.error).toBeUndefined();
			const json = result.outputs(NODE)[0][0].json;
			expect(json).toMatchObject({
				status: 'created',
				providerStatus: 'new',
				created: true,
				checkedFirst: false,
			});
			expect(json.customerId).toMatch(/^[1-9]\d{15}$/);
			expect(json.customerId).not.toBe(UNKNOWN_CODE);
			expect(json.code).toBe(json.customerId);
			expect(emulator.customers(ACCOUNT)).toHaveLength(before + 1);
			expect(emulator.customer(ACCOUNT, json.customerId as string)).toMatchObject({
				first_name: 'Newt',
			});
			expect(sentTypes(emulator)).toEqual(['record_customer']);
			// send_no_email suppressed the owner's notification about the new customer.
			expect(emulator.ownerEmails).toHaveLength(0);
		},
	);

	it('without send_no_email, a created customer triggers the owner email', async () => {
		const result = await runClientToolbox(emulator, {
			matchBy: 'code',
			code: UNKNOWN_CODE,
			ifNoMatch: 'create',
			updateFields: { first_name: 'Nia' },
		});
		const code = result.outputs(NODE)[0][0].json.code;
		expect(emulator.ownerEmails).toEqual([{ accountId: ACCOUNT, code }]);
	});

	it.each([
		['an unknown code', { matchBy: 'code', code: UNKNOWN_CODE }, 'code', UNKNOWN_CODE],
		[
			'an unknown card number',
			{ matchBy: 'cardNumber', cardNumber: UNKNOWN_CARD },
			'card_number',
			UNKNOWN_CARD,
		],
		[
			'an unknown code with a card number to store',
			{ matchBy: 'codeAndCardNumber', code: UNKNOWN_CODE, cardNumber: UNKNOWN_CARD },
			'code',
			UNKNOWN_CODE,
		],
	])(
		'"Fail Without Changing Anything" only looks up %s, sends no edit and creates nothing',
		async (_name, identity, by, value) => {
			const before = JSON.stringify(emulator.state);
			const result = await runClientToolbox(emulator, {
				...identity,
				ifNoMatch: 'fail',
				updateFields: { first_name: 'Ghost' },
			});
			expect(result.error?.message).toMatch(
				new RegExp(
					`^No customer was updated: Client Toolbox found no customer for ${by} "${value}" \\(`,
				),
			);
			expect(result.error?.description).toMatch(
				/No edit was sent: nothing was changed in Client Toolbox\./,
			);
			expect(sentTypes(emulator)).toEqual(['customer_info']);
			expect(sentFields(emulator.requests[0])).toMatchObject({
				type: 'customer_info',
				account_id: ACCOUNT,
				[by]: value,
				output: 'JSON',
			});
			expect(emulator.edits).toHaveLength(0);
			expect(JSON.stringify(emulator.state)).toBe(before);
		},
	);

	it('"Fail Without Changing Anything" is the default, checks first and then edits an existing customer', async () => {
		const result = await runClientToolbox(emulator, {
			matchBy: 'code',
			code: JOHN.code,
			updateFields: { phone: '04 555 0000' },
		});
		expect(result.outputs(NODE)[0][0].json).toMatchObject({
			status: 'updated',
			created: false,
			checkedFirst: true,
			customerId: JOHN.code,
		});
		expect(sentTypes(emulator)).toEqual(['customer_info', 'record_customer']);
		expect(emulator.customer(ACCOUNT, JOHN.code)?.phone).toBe('04 555 0000');
	});

	it.each([
		[
			'the connection is dropped after the edit was applied',
			'reset' as const,
			/^Could not get an answer from Client Toolbox: the connection was reset \(ECONNRESET\)$/,
		],
		[
			'a 502 comes back after the edit was applied',
			502,
			/^Client Toolbox answered HTTP 502 instead of a result$/,
		],
	])(
		'an edit that may create is never resent when %s: exactly one customer, and a clear error',
		async (_name, mode, message) => {
			const before = emulator.customers(ACCOUNT).length;
			emulator.failNextEditAfterApply(mode);
			const result = await runClientToolbox(emulator, {
				matchBy: 'code',
				code: UNKNOWN_CODE,
				ifNoMatch: 'create',
				updateFields: { first_name: 'Once' },
				options: { maxRetries: 3 },
			});
			expect(result.error?.message).toMatch(message);
			expect(result.error?.description).toMatch(
				/Not retried: after (HTTP 502|connection reset \(ECONNRESET\)) the provider may have acted on this request/,
			);
			expect(result.error?.description).toMatch(
				/(may have reached Client Toolbox|may have been created or changed anyway)/,
			);
			expect(sentTypes(emulator)).toEqual(['record_customer']);
			expect(emulator.edits).toHaveLength(1);
			expect(emulator.customers(ACCOUNT)).toHaveLength(before + 1);
			expect(
				emulator.customers(ACCOUNT).filter((c: { first_name?: string }) => c.first_name === 'Once'),
			).toHaveLength(1);
		},
	);

	it('an edit by card number alone may create, so it is not resent either, even after a successful check', async () => {
		emulator.failNextEditAfterApply(502);
		const result = await runClientToolbox(emulator, {
			matchBy: 'cardNumber',
			cardNumber: JOHN.card,
			updateFields: { city: 'Once Only' },
			options: { maxRetries: 3 },
		});
		expect(result.error?.message).toBe('Client Toolbox answered HTTP 502 instead of a result');
		expect(sentTypes(emulator)).toEqual(['customer_info', 'record_customer']);
		expect(emulator.edits).toHaveLength(1);
	});

	it('an edit by a checked code cannot create, so a 502 is retried and succeeds', async () => {
		emulator.failNextEditAfterApply(502);
		const result = await runClientToolbox(emulator, {
			matchBy: 'code',
			code: JOHN.code,
			updateFields: { city: 'Twice' },
			options: { maxRetries: 2 },
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs(NODE)[0][0].json).toMatchObject({
			status: 'updated',
			retries: [{ reason: 'HTTP 502' }],
		});
		// The lookup and two tries of the edit.
		expect(result.outputs(NODE)[0][0].json.attempts).toBe(3);
		expect(sentTypes(emulator)).toEqual(['customer_info', 'record_customer', 'record_customer']);
		expect(emulator.customers(ACCOUNT)).toHaveLength(6);
	});
});
