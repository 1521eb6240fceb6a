import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { Trackfinity } from '../../nodes/Trackfinity/Trackfinity.node';
import { SLICE_MS } from '../../nodes/shared/engine/timeSlice';

/** Holds the thread like n8n's expression evaluation does when it reads one item's parameters. */
function busy(ms: number): void {
	const until = performance.now() + ms;
	while (performance.now() < until) {
		// spin
	}
}

/**
 * A context whose parameter reads each cost `readMs` of CPU and write down, in order, which item was
 * read and which request went out (answered at once), next to whatever else runs on the event loop.
 */
function slowReadingContext(
	count: number,
	readMs: number,
	events: string[],
	badItem?: number,
): IExecuteFunctions {
	const items: INodeExecutionData[] = Array.from({ length: count }, (_, i) => ({
		json: { id: i === badItem ? '' : String(191 + i), city: `City ${i}` },
	}));
	const parameters: IDataObject = {
		operation: 'updateCustomer',
		lookupBy: 'customer_id',
		options: { concurrency: 4 },
	};
	return {
		getInputData: () => items,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			if (name === 'customerId') {
				busy(readMs);
				events.push(`check ${itemIndex}`);
				return items[itemIndex].json.id;
			}
			if (name === 'updateFields') return { city: items[itemIndex].json.city };
			return parameters[name] ?? fallback;
		},
		getCredentials: async () => ({
			baseUrl: 'http://127.0.0.1:9',
			apiUsername: 'user',
			apiKey: 'key',
		}),
		continueOnFail: () => false,
		getNode: () => ({
			id: 'n',
			name: 'Trackfinity',
			type: 'n8n-nodes-customer-update.trackfinity',
			typeVersion: 1,
			position: [0, 0],
			// What n8n's node holds for the per-item reads above: expressions, which only n8n evaluates.
			parameters: {
				customerId: '={{ String($json.id) }}',
				updateFields: { city: '={{ String($json.city) }}' },
			},
			credentials: { trackfinityApi: { id: 'cred-1', name: 'Trackfinity account' } },
		}),
		getExecutionCancelSignal: () => undefined,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { body: string }) => {
				events.push(`send ${/customer_id=(\d+)/.exec(options.body)?.[1]}`);
				return { statusCode: 200, headers: {}, body: 'true' };
			},
		},
	} as unknown as IExecuteFunctions;
}

describe('reading many items gives way to the event loop', () => {
	const COUNT = 400;
	const READ_MS = 0.25; // 100 ms of reading in all: 20 slices

	it('a timer due during the read runs before the last item is read, and every item is still checked before the first request', async () => {
		const events: string[] = [];
		let done = false;
		// A timer loop due at once, started before the node: like any other work waiting on n8n's event loop.
		const timers = (async () => {
			while (!done) {
				await sleep(0);
				events.push('timer');
			}
		})();
		const [output] = await new Trackfinity().execute.call(
			slowReadingContext(COUNT, READ_MS, events),
		);
		done = true;
		await timers;

		const lastCheck = events.lastIndexOf(`check ${COUNT - 1}`);
		const firstSend = events.findIndex((e) => e.startsWith('send'));
		const timersDuringRead = events
			.slice(events.indexOf('check 0'), lastCheck)
			.filter((e) => e === 'timer');
		expect(timersDuringRead.length).toBeGreaterThanOrEqual(5);
		// Nothing was sent until every item had been read and checked.
		expect(firstSend).toBeGreaterThan(lastCheck);
		expect(events.filter((e) => e.startsWith('check'))).toHaveLength(COUNT);
		expect(events.filter((e) => e.startsWith('send'))).toHaveLength(COUNT);
		expect(output.map((i) => i.json.status)).toEqual(
			Array.from({ length: COUNT }, () => 'updated'),
		);
		expect(SLICE_MS).toBeLessThanOrEqual(10);
	});

	it('a bad last item still stops the run before anything is sent, after yielding along the way', async () => {
		const events: string[] = [];
		let timers = 0;
		let done = false;
		const loop = (async () => {
			while (!done) {
				await sleep(0);
				timers += 1;
				events.push('timer');
			}
		})();
		await expect(
			new Trackfinity().execute.call(slowReadingContext(COUNT, READ_MS, events, COUNT - 1)),
		).rejects.toThrow(`Invalid input in item ${COUNT - 1}`);
		done = true;
		await loop;
		expect(events.filter((e) => e.startsWith('send'))).toEqual([]);
		expect(events.filter((e) => e.startsWith('check'))).toHaveLength(COUNT);
		expect(timers).toBeGreaterThanOrEqual(5);
	});
});
