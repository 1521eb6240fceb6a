import { startTrackfinityEmulator } from '../../sandbox/trackfinity';
import { runTrackfinity, updateRequests, type TrackfinityEmulator } from '../trackfinity/helpers';

const MAY_HAVE_ACTED = 'The request may have reached Trackfinity; check the record before running this item again.';

/**
 * Each fault hits the first of three items (concurrency 1, no retries, so the fault is what the user sees);
 * `applied` says whether the emulator stored item 0's change before the answer broke.
 */
const CASES: Array<{ mode: string; applied: boolean; message: string; description?: string | RegExp }> = [
	{ mode: 'timeout', applied: false, message: 'Could not get an answer from Trackfinity: the request timed out after 400 ms (ECONNABORTED)', description: MAY_HAVE_ACTED },
	{ mode: 'timeout-after-apply', applied: true, message: 'Could not get an answer from Trackfinity: the request timed out after 400 ms (ECONNABORTED)', description: MAY_HAVE_ACTED },
	{ mode: 'reset', applied: false, message: 'Could not get an answer from Trackfinity: the connection was reset (ECONNRESET)', description: MAY_HAVE_ACTED },
	{ mode: 'reset-after-apply', applied: true, message: 'Could not get an answer from Trackfinity: the connection was reset (ECONNRESET)', description: MAY_HAVE_ACTED },
	{
		mode: 'html-5xx',
		applied: false,
		message: 'Trackfinity failed with a server error (HTTP 500): 500 Internal Server Error 500 Internal Server Error The server encountered an internal error. nginx',
		description: 'Trackfinity (or a proxy in front of it) answered HTTP 500: a failure on its side, not a refusal of the credentials. The update may or may not have been applied: check the customer before sending this item again.',
	},
	{
		// The change WAS stored (only the answer is garbled), so the description must not claim it was not.
		mode: 'malformed',
		applied: true,
		message: 'Trackfinity did not update the customer: it answered {"result": true',
		description: 'Trackfinity answered "{"result": true" instead of true, so the update is not confirmed: check the customer record before sending this item again.',
	},
	{
		mode: 'wrong-content-type',
		applied: false,
		message: 'Trackfinity did not update the customer: it answered Sign in',
		description: 'Trackfinity answered "Sign in" instead of true, so the update is not confirmed: check the customer record before sending this item again.',
	},
	{
		mode: 'error-body-200',
		applied: false,
		message: 'Trackfinity did not update the customer: it answered Internal error: please try again later',
		description:
			'Trackfinity answered "Internal error: please try again later" instead of true, so the update is not confirmed: check the customer record before sending this item again.',
	},
	{ mode: 'truncated', applied: true, message: 'Could not get an answer from Trackfinity: the response could not be read (ERR_BAD_RESPONSE)', description: MAY_HAVE_ACTED },
];

describe('Trackfinity node under emulator faults', () => {
	let emulator: TrackfinityEmulator;

	beforeEach(async () => {
		emulator = await startTrackfinityEmulator();
	});

	afterEach(async () => {
		await emulator.close();
	});

	const items = [
		{ json: { id: 191, city: 'Faultville' } },
		{ json: { id: 192, city: 'Perth' } },
		{ json: { id: 193, city: 'Madrid' } },
	];
	const parameters = {
		lookupBy: 'customer_id',
		customerId: '={{ $json.id }}',
		updateFields: { city: '={{ $json.city }}' },
		options: { concurrency: 1, maxRetries: 0, timeoutMs: 400 },
	};

	it.each(CASES)('$mode: a clear error for that item, the others complete, the stored state is as sent', async ({ mode, applied, message, description }) => {
		emulator.setKnobs({ fault: { mode, count: 1 } });
		const result = await runTrackfinity(emulator, parameters, items, { onError: 'continueErrorOutput' });
		expect(result.error).toBeUndefined();
		const [success, errors] = result.outputs('Trackfinity');
		expect(errors).toHaveLength(1);
		expect(errors[0].pairedItem).toEqual({ item: 0 });
		expect([errors[0].json.error, errors[0].error?.description]).toEqual([message, description]);
		expect(success.map((i) => [i.pairedItem, i.json.status])).toEqual([
			[{ item: 1 }, 'updated'],
			[{ item: 2 }, 'updated'],
		]);
		expect(updateRequests(emulator).map((r) => r.outcome ?? 'answered')).toEqual([`fault:${mode}`, 'answered', 'answered']);
		expect(emulator.customer(191).city).toBe(applied ? 'Faultville' : 'Springfield');
		expect(emulator.customer(192).city).toBe('Perth');
		expect(emulator.customer(193).city).toBe('Madrid');
	});
});
