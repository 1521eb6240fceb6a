import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { runTourCms, type TourCmsEmulator } from '../tourcms/helpers';

const MAY_HAVE_ACTED = 'The request may have reached TourCMS; check the record before running this item again.';

/**
 * Each fault hits the first of three items (concurrency 1, no retries, so the fault is what the user sees);
 * `applied` says whether the emulator stored item 0's change before the answer broke.
 */
const CASES: Array<{ mode: string; applied: boolean; message: string; description?: string | RegExp }> = [
	{ mode: 'timeout', applied: false, message: 'Could not get an answer from TourCMS: the request timed out after 400 ms (ECONNABORTED)', description: MAY_HAVE_ACTED },
	{ mode: 'timeout-after-apply', applied: true, message: 'Could not get an answer from TourCMS: the request timed out after 400 ms (ECONNABORTED)', description: MAY_HAVE_ACTED },
	{ mode: 'reset', applied: false, message: 'Could not get an answer from TourCMS: the connection was reset (ECONNRESET)', description: MAY_HAVE_ACTED },
	{ mode: 'reset-after-apply', applied: true, message: 'Could not get an answer from TourCMS: the connection was reset (ECONNRESET)', description: MAY_HAVE_ACTED },
	{ mode: 'html-5xx', applied: false, message: 'TourCMS answered HTTP 500 with a body that is not XML', description: /^<!DOCTYPE html><html><head><title>500 Internal Server Error/ },
	{ mode: 'malformed', applied: true, message: 'TourCMS answered HTTP 200 with a body that is not XML', description: /<error>OK<\/error>.*<unterminated$/ },
	{ mode: 'wrong-content-type', applied: false, message: 'TourCMS answered HTTP 200 with a body that is not XML', description: /^<!DOCTYPE html>.*Sign in/ },
	{ mode: 'error-body-200', applied: false, message: 'TourCMS refused the update: Internal error: please try again later', description: 'TourCMS answered "Internal error: please try again later" (HTTP 200).' },
	{ mode: 'truncated', applied: true, message: 'Could not get an answer from TourCMS: the response could not be read (ERR_BAD_RESPONSE)', description: MAY_HAVE_ACTED },
];

describe('TourCMS node under emulator faults', () => {
	let emulator: TourCmsEmulator;

	beforeEach(async () => {
		emulator = await startTourCmsEmulator();
	});

	afterEach(async () => {
		await emulator.close();
	});

	const items = [
		{ json: { id: 12345, city: 'Faultville' } },
		{ json: { id: 12346, city: 'Perth' } },
		{ json: { id: 12347, city: 'Madrid' } },
	];
	const parameters = {
		customerId: '={{ $json.id }}',
		updateFields: { city: '={{ $json.city }}' },
		options: { concurrency: 1, maxRetries: 0, timeoutMs: 400 },
	};

	it.each(CASES)('$mode: a clear error for that item, the others complete, the stored state is as sent', async ({ mode, applied, message, description }) => {
		emulator.setKnobs({ fault: { mode, count: 1 } });
		const result = await runTourCms(emulator, parameters, items, { onError: 'continueErrorOutput' });
		expect(result.error).toBeUndefined();
		const [success, errors] = result.outputs('TourCMS');
		expect(errors).toHaveLength(1);
		expect(errors[0].pairedItem).toEqual({ item: 0 });
		expect(errors[0].json.error).toBe(message);
		if (typeof description === 'string') expect(errors[0].error?.description).toBe(description);
		else expect(errors[0].error?.description).toMatch(description as RegExp);
		expect(success.map((i) => [i.pairedItem, i.json.status])).toEqual([
			[{ item: 1 }, 'updated'],
			[{ item: 2 }, 'updated'],
		]);
		// Exactly one request per item: the faulty one was not sent again.
		expect(emulator.requests.map((r) => r.outcome ?? 'answered')).toEqual([`fault:${mode}`, 'answered', 'answered']);
		expect(emulator.customer(3930, 12345).city).toBe(applied ? 'Faultville' : undefined);
		expect(emulator.customer(3930, 12346).city).toBe('Perth');
		expect(emulator.customer(3930, 12347).city).toBe('Madrid');
	});

	it('with Continue (regular output) the fault becomes an error item in the main output, in input order', async () => {
		emulator.setKnobs({ fault: { mode: 'reset', count: 1 } });
		const result = await runTourCms(emulator, parameters, items, { onError: 'continueRegularOutput' });
		const [main] = result.outputs('TourCMS');
		expect(main.map((i) => i.json.error ?? i.json.status)).toEqual([
			'Could not get an answer from TourCMS: the connection was reset (ECONNRESET)',
			'updated',
			'updated',
		]);
		expect(main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('without a continue mode the run stops with the fault as its error and no later item is sent', async () => {
		emulator.setKnobs({ fault: { mode: 'html-5xx', count: 1, status: 500 } });
		const result = await runTourCms(emulator, parameters, items);
		expect(result.error?.message).toBe('TourCMS answered HTTP 500 with a body that is not XML');
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.customer(3930, 12346).city).toBeUndefined();
	});

	it('an update is idempotent, so with retries on a reset after the update was applied is retried once and stored once', async () => {
		emulator.setKnobs({ fault: { mode: 'reset-after-apply', count: 1 } });
		const result = await runTourCms(emulator, { ...parameters, options: { concurrency: 1, maxRetries: 2, timeoutMs: 2000 } }, [items[0]]);
		expect(result.error).toBeUndefined();
		const [main] = result.outputs('TourCMS');
		// The second attempt finds the value already stored: TourCMS says NO DATA CHANGED.
		expect(main[0].json).toMatchObject({ status: 'unchanged', providerStatus: 'NO DATA CHANGED', attempts: 2 });
		expect(emulator.requests.map((r) => r.outcome ?? 'answered')).toEqual(['fault:reset-after-apply', 'answered']);
		expect(emulator.customer(3930, 12345).city).toBe('Faultville');
	});
});
