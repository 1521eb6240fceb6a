import { NO_CONTEXT } from '../../nodes/Intrepid/request';
import { startIntrepidEmulator } from '../../sandbox/intrepid';
import { patchRequests, runIntrepid, type IntrepidEmulator } from '../intrepid/helpers';

const MAY_HAVE_ACTED = 'The request may have reached Intrepid; check the record before running this item again.';
const NOT_CONFIRMED = "Check the credential's Base URL points at the Intrepid API, and check the customer before sending this item again.";
const TIMED_OUT = 'Could not get an answer from Intrepid: the request timed out after 400 ms (ECONNABORTED)';
const RESET = 'Could not get an answer from Intrepid: the connection was reset (ECONNRESET)';

/** The start of what the emulator answers for customer 9001 after its home phone was set. */
const CUSTOMER_9001 = '{"id":9001,"title":"Mr","firstName":"Homer","middleName":"","surname":"Simpson","dateOfBirth":"1975-05-12"';

/**
 * Each fault hits the first of three items (concurrency 1). `applied`: the emulator stored item 0's change
 * before the answer broke. `retried`: with retries on, the engine sends the PATCH again (an Intrepid PATCH
 * sets values and creates nothing, so a second one after a lost answer is safe).
 */
const CASES: Array<{ mode: string; applied: boolean; retried: boolean; message: string | RegExp; description: string }> = [
	{ mode: 'timeout', applied: false, retried: true, message: TIMED_OUT, description: MAY_HAVE_ACTED },
	{ mode: 'timeout-after-apply', applied: true, retried: true, message: TIMED_OUT, description: MAY_HAVE_ACTED },
	{ mode: 'reset', applied: false, retried: true, message: RESET, description: MAY_HAVE_ACTED },
	{ mode: 'reset-after-apply', applied: true, retried: true, message: RESET, description: MAY_HAVE_ACTED },
	{
		mode: 'html-5xx',
		applied: false,
		retried: false,
		message:
			'Intrepid refused the update (HTTP 500) with an answer that is not JSON: 500 Internal Server Error 500 Internal Server Error The server encountered an internal error. nginx',
		description: 'An unexpected error occurred on the Intrepid API server.',
	},
	{
		// Stored, only the answer is garbled: the error must say the update is not confirmed, not that it failed.
		mode: 'malformed',
		applied: true,
		retried: false,
		message: `Intrepid answered HTTP 200 with a body that is not JSON, so the update is not confirmed: {"result": ${CUSTOMER_9001}`,
		description: NOT_CONFIRMED,
	},
	{
		mode: 'wrong-content-type',
		applied: false,
		retried: false,
		message:
			'Intrepid answered HTTP 200 with a body that is not JSON, so the update is not confirmed: <!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login"><input name="user"></form></body></html>',
		description: NOT_CONFIRMED,
	},
	{
		// A 200 carrying an error is not a success: nothing was stored.
		mode: 'error-body-200',
		applied: false,
		retried: false,
		message:
			'Intrepid answered HTTP 200 with an error, so the update is not confirmed: {"status":"error","error":"Internal error: please try again later"}',
		description: NOT_CONFIRMED,
	},
	{
		mode: 'truncated',
		applied: true,
		retried: false,
		message: 'Could not get an answer from Intrepid: the response could not be read (ERR_BAD_RESPONSE)',
		description: MAY_HAVE_ACTED,
	},
];

describe('Intrepid node under emulator faults', () => {
	let emulator: IntrepidEmulator;

	beforeEach(async () => {
		emulator = await startIntrepidEmulator();
	});

	afterEach(async () => {
		await emulator.close();
	});

	const items = [
		{ json: { id: 9001, phone: '0311110001' } },
		{ json: { id: 9003, phone: '0311110003' } },
		{ json: { id: 9004, phone: '0311110004' } },
	];
	const parameters = (maxRetries: number) => ({
		context: NO_CONTEXT,
		customerId: '={{ $json.id }}',
		updateFields: { homePhone: '={{ $json.phone }}' },
		options: { concurrency: 1, maxRetries, timeoutMs: 400 },
	});

	function messageOf(text: unknown, expected: string | RegExp) {
		if (typeof expected === 'string') expect(text).toBe(expected);
		else expect(text).toMatch(expected);
	}

	it.each(CASES)('$mode, no retries: a clear error for that item, one request for it, the others complete', async ({ mode, applied, message, description }) => {
		emulator.setKnobs({ fault: { mode, count: 1 } });
		const result = await runIntrepid(emulator, parameters(0), items, { onError: 'continueErrorOutput' });
		expect(result.error).toBeUndefined();
		const [success, errors] = result.outputs('Intrepid');
		expect(errors).toHaveLength(1);
		expect(errors[0].pairedItem).toEqual({ item: 0 });
		messageOf(errors[0].json.error, typeof message === 'string' && mode === 'malformed' ? new RegExp(`^${escape(message)}`) : message);
		expect(errors[0].error?.description).toBe(description);
		expect(success.map((i) => [i.pairedItem, i.json.status, i.json.customerId])).toEqual([
			[{ item: 1 }, 'updated', '9003'],
			[{ item: 2 }, 'updated', '9004'],
		]);
		expect(patchRequests(emulator).map((r) => [r.path, r.outcome ?? 'answered'])).toEqual([
			['/Customers/9001', `fault:${mode}`],
			['/Customers/9003', 'answered'],
			['/Customers/9004', 'answered'],
		]);
		expect(emulator.customer(9001).homePhone).toBe(applied ? '0311110001' : undefined);
		expect(emulator.customer(9003).homePhone).toBe('0311110003');
		expect(emulator.customer(9004).homePhone).toBe('0311110004');
	});

	it.each(CASES)('$mode, regular output: the error and its description are in the item json', async ({ mode, message, description }) => {
		emulator.setKnobs({ fault: { mode, count: 1 } });
		const result = await runIntrepid(emulator, parameters(0), items.slice(0, 2), { onError: 'continueRegularOutput' });
		const [main] = result.outputs('Intrepid');
		expect(main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		messageOf(main[0].json.error, typeof message === 'string' && mode === 'malformed' ? new RegExp(`^${escape(message)}`) : message);
		expect(main[0].json.description).toBe(description);
		expect(main[1].json.status).toBe('updated');
		expect(patchRequests(emulator)).toHaveLength(2);
	});

	it.each(CASES)('$mode, retries on: retried only when the answer was lost, and never more than once here', async ({ mode, applied, retried }) => {
		emulator.setKnobs({ fault: { mode, count: 1 } });
		const result = await runIntrepid(emulator, parameters(2), items.slice(0, 1), { onError: 'continueErrorOutput' });
		const [success, errors] = result.outputs('Intrepid');
		expect(patchRequests(emulator).map((r) => r.outcome ?? 'answered')).toEqual(
			retried ? [`fault:${mode}`, 'answered'] : [`fault:${mode}`],
		);
		if (retried) {
			expect(errors).toHaveLength(0);
			expect(success[0].json).toMatchObject({ status: 'updated', attempts: 2 });
			expect(emulator.customer(9001).homePhone).toBe('0311110001');
		} else {
			expect(success).toHaveLength(0);
			expect(errors).toHaveLength(1);
			expect(emulator.customer(9001).homePhone).toBe(applied ? '0311110001' : undefined);
		}
	});

	it('a set-once name whose answer was lost is safely sent again: the retry carries the same value and is accepted', async () => {
		emulator.setKnobs({ fault: { mode: 'reset-after-apply', count: 1 } });
		const result = await runIntrepid(
			emulator,
			{
				context: 'Trips',
				contextId: '7001',
				customerId: '9002',
				updateFields: { title: 'Ms', firstName: 'Maggie', surname: 'Simpson' },
				options: { maxRetries: 2, timeoutMs: 400 },
			},
			undefined,
			{ onError: 'continueErrorOutput' },
		);
		const [success, errors] = result.outputs('Intrepid');
		expect(errors).toHaveLength(0);
		expect(success[0].json).toMatchObject({ status: 'updated', attempts: 2 });
		expect(patchRequests(emulator)).toHaveLength(2);
		expect(emulator.patches).toHaveLength(2);
		expect(emulator.customer(9002)).toMatchObject({ title: 'Ms', firstName: 'Maggie', surname: 'Simpson' });
	});

	it('a supplier status change (202 Accepted) whose answer was lost is sent again and lands once', async () => {
		emulator.setKnobs({ fault: { mode: 'timeout-after-apply', count: 1 } });
		const result = await runIntrepid(emulator, {
			context: 'Trips',
			contextId: '7001',
			customerId: '9001',
			updateFields: { status: 'cancelled', externalReference: 'ABCD2-12345' },
			options: { maxRetries: 1, timeoutMs: 400 },
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs('Intrepid')[0][0].json).toMatchObject({ status: 'updated', attempts: 2 });
		expect(patchRequests(emulator)).toHaveLength(2);
		// The second PATCH finds the customer already cancelled: nothing changes twice.
		expect(emulator.patches.map((p) => p.status)).toEqual([202, 200]);
		expect(emulator.entry('Trips', 7001, 9001).status).toBe('cancelled');
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
