import {
	sleep,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { executeUpdate, type ProviderDefinition } from '../../nodes/shared/engine/engine';
import { ProviderError } from '../../nodes/shared/output/errors';
import { engineOptionsProperty } from '../../nodes/shared/engine/options';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { registerTypes, runSingleNode } from '../harness/engine';
import { OPERATOR, runTourCms, type TourCmsEmulator } from '../tourcms/helpers';
import { errorDetails, errorItems, runCities } from './helpers';
import { startEachTest } from '../harness/lifecycle';

interface Retry {
	reason: string;
	waitedMs: number;
}

/** A provider whose call may create a record (chosen per run): the engine must not retry it blindly. */
const creatingProvider: ProviderDefinition = {
	id: 'clientToolbox',
	displayName: 'Creating Provider',
	credentialType: 'tourCmsApi',
	secretCredentialKeys: ['apiKey'],
	prepare(ctx, itemIndex, credentials) {
		const city = String(ctx.getNodeParameter('city', itemIndex, ''));
		return {
			request: {
				method: 'POST',
				url: `${String(credentials.baseUrl)}/c/customer/update.xml`,
				body: `<customer><customer_id>12345</customer_id><city>${city}</city></customer>`,
				headers: { 'Content-Type': 'text/xml' },
			},
			sentFields: ['city'],
			customerId: '12345',
			mayCreate: ctx.getNodeParameter('mayCreate', itemIndex, true) === true,
			context: {},
		};
	},
	interpret(response) {
		if (response.statusCode !== 200) {
			throw new ProviderError(`Creating Provider answered HTTP ${response.statusCode}`, {
				httpCode: response.statusCode,
			});
		}
		return {
			status: 'created',
			customerId: '12345',
			providerStatus: 'OK',
			changedFields: ['city'],
		};
	},
};

class CreatingNode implements INodeType {
	description = {
		displayName: 'Creating',
		name: 'creating',
		group: ['output'],
		version: 1,
		description: 'Engine test node whose call may create a record',
		defaults: { name: 'Creating' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'tourCmsApi', required: true }],
		properties: [
			{ displayName: 'City', name: 'city', type: 'string', default: '' },
			{ displayName: 'May Create', name: 'mayCreate', type: 'boolean', default: true },
			engineOptionsProperty,
		],
	} as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeUpdate(this, creatingProvider);
	}
}

registerTypes({ 'test.creating': new CreatingNode() }, {});

async function runCreating(
	baseUrl: string,
	parameters: Record<string, unknown>,
): Promise<INodeExecutionData> {
	const result = await runSingleNode(
		{
			name: 'Creating',
			type: 'test.creating',
			parameters: { city: 'Leeds', ...parameters },
			credentials: { tourCmsApi: { id: '1', name: 'TourCMS sandbox' } },
			onError: 'continueRegularOutput',
		},
		{ tourCmsApi: { baseUrl, ...OPERATOR } as never },
	);
	const [main] = result.outputs('Creating');
	expect(main).toHaveLength(1);
	return main[0];
}

/** A port nothing listens on any more: connections to it are refused. */
async function closedPort(): Promise<number> {
	const gone = await startTourCmsEmulator();
	await gone.close();
	return gone.port;
}

describe('retries of transient failures', () => {
	let emulator: TourCmsEmulator;

	startEachTest(startTourCmsEmulator, (started) => (emulator = started));

	it.each([502, 503, 504])(
		'retries HTTP %i with backoff and shows each retry on the item',
		async (status) => {
			emulator.setKnobs({ failNext: 2, transientStatus: status });
			const { result } = await runCities(emulator, 3, { concurrency: 1 });
			const [main] = result.outputs('TourCMS');
			expect(errorItems(main)).toEqual([]);
			expect(emulator.requests.map((r) => r.status)).toEqual([status, status, 200, 200, 200]);
			expect(main[0].json).toMatchObject({ status: 'updated', attempts: 3 });
			const retries = main[0].json.retries as Retry[];
			expect(retries.map((r) => r.reason)).toEqual([`HTTP ${status}`, `HTTP ${status}`]);
			// Backoff: at least half of 250 ms, then half of 500 ms.
			expect(retries[0].waitedMs).toBeGreaterThanOrEqual(120);
			expect(retries[1].waitedMs).toBeGreaterThanOrEqual(245);
			expect(main[1].json.attempts).toBeUndefined();
			expect(emulator.customer(3930, 12345).city).toBe('City 0');
		},
	);

	it('gives up after Max Retries and shows the attempts on the error item', async () => {
		emulator.setKnobs({ failNext: 5 });
		const { result } = await runCities(emulator, 1, { maxRetries: 1 });
		const [main] = result.outputs('TourCMS');
		expect(emulator.requests).toHaveLength(2);
		expect(main[0].json).toMatchObject({
			error: 'TourCMS answered HTTP 503 with a body that is not XML',
			httpCode: '503',
		});
		const details = errorDetails(main[0]);
		expect(details).toMatchObject({ attempts: 2, retries: [{ reason: 'HTTP 503' }] });
		expect(details.description).toMatch(/Tried 2 times; retried after HTTP 503\./);
	});

	it('stops the run with the retry history when no continue mode is set', async () => {
		emulator.setKnobs({ failNext: 5 });
		const result = await runTourCms(emulator, {
			customerId: '12345',
			updateFields: { city: 'Leeds' },
			options: { maxRetries: 1 },
		});
		expect(result.error?.message).toBe('TourCMS answered HTTP 503 with a body that is not XML');
		expect(result.error?.description).toMatch(/Tried 2 times; retried after HTTP 503\./);
		expect(emulator.requests).toHaveLength(2);
	});

	it('does not retry at all with Max Retries 0', async () => {
		emulator.setKnobs({ failNext: 1 });
		const { result } = await runCities(emulator, 1, { maxRetries: 0 });
		expect(emulator.requests).toHaveLength(1);
		expect(result.outputs('TourCMS')[0][0].json.error).toBe(
			'TourCMS answered HTTP 503 with a body that is not XML',
		);
	});

	it('retries an update after the connection was reset', async () => {
		emulator.setKnobs({ dropNext: 1 });
		const { result } = await runCities(emulator, 2, { concurrency: 1 });
		const [main] = result.outputs('TourCMS');
		expect(errorItems(main)).toEqual([]);
		expect(emulator.stats.dropped).toBe(1);
		expect(main[0].json).toMatchObject({
			attempts: 2,
			retries: [{ reason: 'connection reset (ECONNRESET)' }],
		});
	});

	it('fails a request that outlives Timeout (ms) with a clear error', async () => {
		emulator.setKnobs({ latencyMs: 600 });
		const { result } = await runCities(emulator, 1, { timeoutMs: 150, maxRetries: 0 });
		const [item] = result.outputs('TourCMS')[0];
		expect(item.json.error).toBe(
			'Could not get an answer from TourCMS: the request timed out after 150 ms (ECONNABORTED)',
		);
		expect(errorDetails(item).description).toBe(
			'The request may have reached TourCMS; check the record before running this item again.',
		);
	});

	it('retries a timed-out update (it cannot create) and succeeds once the provider is fast again', async () => {
		emulator.setKnobs({ latencyMs: 600 });
		const started = Date.now();
		const pending = runCities(emulator, 1, { timeoutMs: 200, maxRetries: 2 });
		// The first attempt times out; then the provider answers quickly.
		while (emulator.requests.length === 0 && Date.now() - started < 5000) await sleep(5);
		emulator.setKnobs({ latencyMs: 0 });
		const { result } = await pending;
		const [item] = result.outputs('TourCMS')[0];
		expect(item.json).toMatchObject({ status: 'updated', attempts: 2 });
		expect((item.json.retries as Retry[])[0].reason).toBe('timeout (ECONNABORTED)');
	});

	describe('a call that may create a record', () => {
		it.each([
			['an HTTP 503', { failNext: 1 }, 'after HTTP 503'],
			['a connection reset', { dropNext: 1 }, 'after connection reset (ECONNRESET)'],
		])('is not retried after %s', async (_what, knobs, reason) => {
			emulator.setKnobs(knobs);
			const item = await runCreating(emulator.url, {});
			expect(emulator.requests).toHaveLength(1);
			const details = errorDetails(item);
			expect(details.error).toBeDefined();
			expect(details.attempts).toBeUndefined();
			expect(details.notRetried).toBe(
				`${reason} the provider may have acted on this request, and sending it again could create a second record`,
			);
			expect(details.description).toMatch(/Not retried: after .* could create a second record\./);
		});

		it('is not retried after a timeout', async () => {
			emulator.setKnobs({ latencyMs: 400 });
			const item = await runCreating(emulator.url, { options: { timeoutMs: 100 } });
			expect(emulator.requests).toHaveLength(1);
			expect(item.json.error).toMatch(/timed out after 100 ms/);
			expect(errorDetails(item).notRetried).toMatch(
				/^after timeout \(ECONNABORTED\) the provider may have acted/,
			);
		});

		it('is retried after the same failure when it cannot create', async () => {
			emulator.setKnobs({ failNext: 1 });
			const item = await runCreating(emulator.url, { mayCreate: false });
			expect(emulator.requests).toHaveLength(2);
			expect(item.json).toMatchObject({
				status: 'created',
				attempts: 2,
				retries: [{ reason: 'HTTP 503' }],
			});
		});

		it('is retried after 429, which the provider did not process', async () => {
			emulator.setKnobs({ rateLimitPerSecond: 1 });
			const first = await runCreating(emulator.url, { city: 'York' });
			expect(first.json.status).toBe('created');
			const second = await runCreating(emulator.url, { city: 'Hull' });
			expect(second.json).toMatchObject({
				status: 'created',
				attempts: 2,
				retries: [{ reason: 'HTTP 429' }],
			});
			expect(emulator.requests.map((r) => r.status)).toEqual([200, 429, 200]);
		});

		it('is retried when the connection was refused (it never reached the provider)', async () => {
			const port = await closedPort();
			const item = await runCreating(`http://127.0.0.1:${port}`, { options: { maxRetries: 2 } });
			expect(item.json.error).toBe(
				'Could not get an answer from Creating Provider: the connection was refused (ECONNREFUSED)',
			);
			expect(errorDetails(item)).toMatchObject({
				attempts: 3,
				retries: [
					{ reason: 'connection refused (ECONNREFUSED)' },
					{ reason: 'connection refused (ECONNREFUSED)' },
				],
			});
		});
	});
});
