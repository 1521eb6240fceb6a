import { ExecuteContext } from 'n8n-core';
import { credentialReads } from '../harness/engine';
import { runTourCms, type TourCmsEmulator } from '../tourcms/helpers';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { runTrackfinity, type TrackfinityEmulator, updateRequests } from '../trackfinity/helpers';
import { startTrackfinityEmulator } from '../../sandbox/trackfinity';

// n8n's request helper reads and decrypts the credential from its store for every request unless the
// node hands over the one it already loaded; the harness counts what reaches n8n-core's credential store.
describe('the credential is read once per execution, not once per request', () => {
	let trackfinity: TrackfinityEmulator;
	let tourcms: TourCmsEmulator;

	beforeAll(async () => {
		trackfinity = await startTrackfinityEmulator();
		tourcms = await startTourCmsEmulator();
	});
	afterAll(async () => {
		await trackfinity.close();
		await tourcms.close();
	});
	beforeEach(() => {
		credentialReads.length = 0;
	});

	it('Trackfinity: 30 items, 30 authenticated requests, one credential read', async () => {
		trackfinity.clearRequests();
		const items = Array.from({ length: 30 }, (_, i) => ({
			json: { id: String(191 + (i % 3)), city: `City ${i}` },
		}));
		const result = await runTrackfinity(
			trackfinity,
			{
				lookupBy: 'customer_id',
				customerId: '={{ $json.id }}',
				updateFields: { city: '={{ $json.city }}' },
			},
			items,
		);
		expect(result.error).toBeUndefined();
		expect(result.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
			items.map(() => 'updated'),
		);
		const sent = updateRequests(trackfinity);
		expect(sent).toHaveLength(30);
		// The credential's header authentication still reached every request.
		expect(sent.every((r) => r.headers['api-key'] && r.headers['api-username'])).toBe(true);
		expect(credentialReads).toEqual(['trackfinityApi']);
	});

	it('TourCMS: 20 signed requests, one credential read', async () => {
		tourcms.clearRequests();
		const items = Array.from({ length: 20 }, (_, i) => ({
			json: { id: ['12345', '12346', '12347'][i % 3], city: `City ${i}` },
		}));
		const result = await runTourCms(
			tourcms,
			{ customerId: '={{ $json.id }}', updateFields: { city: '={{ $json.city }}' } },
			items,
		);
		expect(result.error).toBeUndefined();
		expect(result.outputs('TourCMS')[0].map((i) => i.json.status)).toEqual(
			items.map(() => 'updated'),
		);
		expect(tourcms.requests.filter((r) => r.path === '/c/customer/update.xml')).toHaveLength(20);
		expect(credentialReads).toEqual(['tourCmsApi']);
	});
});

// The Run Key is often an expression, and n8n 2.41 evaluates every expression in an isolated sandbox: the
// options collection is read once per execution, by the engine, for its own options and the resume pair, and
// not by n8n at all when its expressions are plain references.
describe('the options collection is read once per execution', () => {
	let trackfinity: TrackfinityEmulator;

	beforeAll(async () => {
		trackfinity = await startTrackfinityEmulator();
	});
	afterAll(async () => {
		await trackfinity.close();
	});

	it.each([
		// A computed Run Key goes to n8n's evaluator: once per execution, not once per item.
		['={{ $json.run.toUpperCase() }}', 1],
		// A plain reference is read from the item without it.
		['={{ $json.run }}', 0],
	])(
		'Trackfinity with Skip Updates Already Applied and the Run Key %s: %i read(s) of the options by n8n',
		async (runKey, expected) => {
			// What n8n's own getNodeParameter of an execution calls, so every read is counted whoever makes it.
			const reads = jest.spyOn(
				ExecuteContext.prototype as unknown as { _getNodeParameter: (name: string) => unknown },
				'_getNodeParameter',
			);
			try {
				const items = Array.from({ length: 10 }, (_, i) => ({
					json: { id: String(191 + (i % 3)), city: `Options ${i}`, run: `nightly ${runKey}` },
				}));
				const result = await runTrackfinity(
					trackfinity,
					{
						lookupBy: 'customer_id',
						customerId: '={{ $json.id }}',
						updateFields: { city: '={{ $json.city }}' },
						options: { skipUpdatesAlreadyApplied: true, runKey },
					},
					items,
				);
				expect(result.error).toBeUndefined();
				expect(result.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
					items.map(() => 'updated'),
				);
				expect(reads.mock.calls.filter(([name]) => name === 'options')).toHaveLength(expected);
			} finally {
				reads.mockRestore();
			}
		},
	);
});
