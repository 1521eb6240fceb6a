import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { ACCOUNT, ANN, CORA, JOHN, runClientToolbox, sentFields, sentTypes, type ClientToolboxEmulator } from '../clienttoolbox/helpers';

const MAY_HAVE_ACTED = 'The request may have reached Client Toolbox; check the record before running this item again.';
const NOT_RETRIED = /Not retried: after (timeout \(ECONNABORTED\)|connection reset \(ECONNRESET\)) the provider may have acted on this request, and sending it again could create a second record\./;
const MAY_HAVE_CREATED =
	'The customer may have been created or changed anyway: check in Client Toolbox before running this item again, as sending it again could create a second customer.';
const TIMED_OUT = 'Could not get an answer from Client Toolbox: the request timed out after 1500 ms (ECONNABORTED)';
const RESET = 'Could not get an answer from Client Toolbox: the connection was reset (ECONNRESET)';
const NOT_A_RESULT =
	'Client Toolbox answered with something other than a customer result (expected status "success" with customer status "update" or "new" and a code)';

/**
 * Each fault hits the first of three items. `applied`: the emulator stored item 0's change before the answer
 * broke. `description`: what the item's error must say (every text in the list, in order).
 */
const CASES: Array<{ mode: string; applied: boolean; message: string; description: Array<string | RegExp> }> = [
	{ mode: 'timeout', applied: false, message: TIMED_OUT, description: [MAY_HAVE_ACTED, NOT_RETRIED] },
	{ mode: 'timeout-after-apply', applied: true, message: TIMED_OUT, description: [MAY_HAVE_ACTED, NOT_RETRIED] },
	{ mode: 'reset', applied: false, message: RESET, description: [MAY_HAVE_ACTED, NOT_RETRIED] },
	{ mode: 'reset-after-apply', applied: true, message: RESET, description: [MAY_HAVE_ACTED, NOT_RETRIED] },
	{ mode: 'html-5xx', applied: false, message: 'Client Toolbox answered HTTP 500 instead of a result', description: ['500 Internal Server Error', MAY_HAVE_CREATED] },
	{ mode: 'malformed', applied: true, message: NOT_A_RESULT, description: ['<unterminated', MAY_HAVE_CREATED] },
	{ mode: 'wrong-content-type', applied: false, message: NOT_A_RESULT, description: ['Sign in', MAY_HAVE_CREATED] },
	{
		mode: 'error-body-200',
		applied: false,
		message: 'Client Toolbox refused the update: Internal error: please try again later',
		description: ['Client Toolbox answered status "error" (HTTP 200).'],
	},
	{ mode: 'truncated', applied: true, message: 'Could not get an answer from Client Toolbox: the response could not be read (ERR_BAD_RESPONSE)', description: [MAY_HAVE_ACTED] },
];

function expectAllIn(text: unknown, parts: Array<string | RegExp>) {
	for (const part of parts) {
		if (typeof part === 'string') expect(String(text)).toContain(part);
		else expect(String(text)).toMatch(part);
	}
}

/**
 * Faults only the record_customer calls (the customer_info check before an edit is answered normally):
 * the fault knob is read when a request arrives, after it was logged, so its count can look at the request.
 */
function faultEdits(emulator: ClientToolboxEmulator, mode: string, count = 1): void {
	let left = count;
	const fault = {
		mode,
		get count() {
			const last = emulator.requests[emulator.requests.length - 1];
			return last && sentFields(last).type === 'record_customer' ? left : 0;
		},
		set count(value: number) {
			left = value;
		},
	};
	emulator.setKnobs({ fault });
}

describe('Client Toolbox node under emulator faults', () => {
	let emulator: ClientToolboxEmulator;

	beforeEach(async () => {
		emulator = await startClientToolboxEmulator();
	});

	afterEach(async () => {
		await emulator.close();
	});

	// "Create" when nothing matches: every edit may create a customer, so none is ever sent twice.
	const items = [
		{ json: { code: JOHN.code, city: 'Faultville' } },
		{ json: { code: ANN.code, city: 'Perth' } },
		{ json: { code: CORA.code, city: 'Madrid' } },
	];
	const mayCreate = (extra: Record<string, unknown> = {}) => ({
		matchBy: 'code',
		code: '={{ $json.code }}',
		ifNoMatch: 'create',
		updateFields: { city: '={{ $json.city }}' },
		options: { concurrency: 1, maxRetries: 3, timeoutMs: 1500, ...extra },
	});

	it.each(CASES)('$mode: a clear error for that item, exactly one request per item even with retries on, the others complete', async ({ mode, applied, message, description }) => {
		emulator.setKnobs({ fault: { mode, count: 1 } });
		const result = await runClientToolbox(emulator, mayCreate(), items, { onError: 'continueErrorOutput' });
		expect(result.error).toBeUndefined();
		const [success, errors] = result.outputs('Client Toolbox');
		expect(errors.map((e) => [e.pairedItem, e.json.error])).toEqual([[{ item: 0 }, message]]);
		expectAllIn(errors[0].error?.description, description);
		expect(success.map((i) => [i.pairedItem, i.json.status, i.json.customerId])).toEqual([
			[{ item: 1 }, 'updated', ANN.code],
			[{ item: 2 }, 'updated', CORA.code],
		]);
		expect(emulator.requests.map((r) => [sentFields(r).code, r.outcome ?? 'answered'])).toEqual([
			[JOHN.code, `fault:${mode}`],
			[ANN.code, 'answered'],
			[CORA.code, 'answered'],
		]);
		expect(emulator.customer(ACCOUNT, JOHN.code)?.city).toBe(applied ? 'Faultville' : 'Anytown');
		expect(emulator.customer(ACCOUNT, ANN.code)?.city).toBe('Perth');
		expect(emulator.customer(ACCOUNT, CORA.code)?.city).toBe('Madrid');
		expect(emulator.customers(ACCOUNT)).toHaveLength(6);
	});

	it.each(CASES)('$mode, regular output: the error and its description are in the item json', async ({ mode, message, description }) => {
		emulator.setKnobs({ fault: { mode, count: 1 } });
		const result = await runClientToolbox(emulator, mayCreate(), items.slice(0, 2), { onError: 'continueRegularOutput' });
		const [main] = result.outputs('Client Toolbox');
		expect(main.map((i) => [i.pairedItem, i.json.error ?? i.json.status])).toEqual([
			[{ item: 0 }, message],
			[{ item: 1 }, 'updated'],
		]);
		expectAllIn(main[0].json.description, description);
		expect(emulator.requests).toHaveLength(2);
	});

	it.each(['reset-after-apply', 'timeout-after-apply'])(
		'%s on an edit without a code: exactly one customer is created, and the edit is never sent again',
		async (mode) => {
			emulator.setKnobs({ fault: { mode, count: 1 } });
			const card = '8080808080';
			const result = await runClientToolbox(
				emulator,
				{ matchBy: 'cardNumber', cardNumber: card, ifNoMatch: 'create', updateFields: { first_name: 'Newton' }, options: { maxRetries: 5, timeoutMs: 1500 } },
				undefined,
				{ onError: 'continueErrorOutput' },
			);
			const [success, errors] = result.outputs('Client Toolbox');
			expect(success).toHaveLength(0);
			expect(errors[0].json.error).toBe(mode === 'reset-after-apply' ? RESET : TIMED_OUT);
			expectAllIn(errors[0].error?.description, [MAY_HAVE_ACTED, NOT_RETRIED]);
			expect(emulator.requests).toHaveLength(1);
			expect(emulator.customers(ACCOUNT)).toHaveLength(7);
			expect(emulator.customers(ACCOUNT).filter((c: { card_number?: string }) => c.card_number === card)).toEqual([expect.objectContaining({ first_name: 'Newton', card_number: card })]);
			expect(emulator.edits.map((e) => e.action)).toEqual(['new']);
		},
	);

	it('an edit by card number that would otherwise match is not resent either (it could create)', async () => {
		emulator.setKnobs({ fault: { mode: 'reset-after-apply', count: 1 } });
		const result = await runClientToolbox(
			emulator,
			{ matchBy: 'cardNumber', cardNumber: ANN.card, ifNoMatch: 'create', updateFields: { city: 'Oslo' }, options: { maxRetries: 5, timeoutMs: 1500 } },
			undefined,
			{ onError: 'continueRegularOutput' },
		);
		expect(result.outputs('Client Toolbox')[0][0].json.error).toBe(RESET);
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.customer(ACCOUNT, ANN.code)?.city).toBe('Oslo');
		expect(emulator.customers(ACCOUNT)).toHaveLength(6);
	});

	describe('with a code and "Fail Without Changing Anything" the edit cannot create, so a lost answer is retried', () => {
		const cannotCreate = { matchBy: 'code', code: JOHN.code, ifNoMatch: 'fail', updateFields: { city: 'Oslo' }, options: { maxRetries: 2, timeoutMs: 1500 } };

		it.each(['reset', 'timeout', 'reset-after-apply', 'timeout-after-apply'])('%s on the edit: sent again, updated, no customer created', async (mode) => {
			faultEdits(emulator, mode);
			const result = await runClientToolbox(emulator, cannotCreate, undefined, { onError: 'continueErrorOutput' });
			const [success, errors] = result.outputs('Client Toolbox');
			expect(errors).toHaveLength(0);
			// Attempts count every request of the item: the check, the lost edit and the edit sent again.
			expect(success[0].json).toMatchObject({ status: 'updated', customerId: JOHN.code, attempts: 3 });
			expect(sentTypes(emulator)).toEqual(['customer_info', 'record_customer', 'record_customer']);
			expect(emulator.requests.map((r) => r.outcome ?? 'answered')).toEqual(['answered', `fault:${mode}`, 'answered']);
			expect(emulator.edits.map((e) => [e.code, e.action])).toEqual(
				mode.endsWith('after-apply') ? [[JOHN.code, 'update'], [JOHN.code, 'update']] : [[JOHN.code, 'update']],
			);
			expect(emulator.customer(ACCOUNT, JOHN.code)?.city).toBe('Oslo');
			expect(emulator.customers(ACCOUNT)).toHaveLength(6);
		});

		it('a lost answer to the read-only check is retried as well, then the edit is sent once', async () => {
			emulator.setKnobs({ fault: { mode: 'reset', count: 1 } });
			const result = await runClientToolbox(emulator, cannotCreate);
			expect(result.error).toBeUndefined();
			expect(sentTypes(emulator)).toEqual(['customer_info', 'customer_info', 'record_customer']);
			expect(emulator.edits).toHaveLength(1);
		});

		it.each(['html-5xx', 'malformed', 'wrong-content-type', 'error-body-200', 'truncated'])(
			'%s on the edit: an answer came, so it is not retried',
			async (mode) => {
				faultEdits(emulator, mode);
				const result = await runClientToolbox(emulator, cannotCreate, undefined, { onError: 'continueErrorOutput' });
				expect(result.outputs('Client Toolbox')[1]).toHaveLength(1);
				expect(sentTypes(emulator)).toEqual(['customer_info', 'record_customer']);
				expect(emulator.customers(ACCOUNT)).toHaveLength(6);
			},
		);
	});
});
