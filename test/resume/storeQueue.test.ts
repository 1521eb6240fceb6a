import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import { joinStore, type StoreQueue } from '../../nodes/shared/resume/storeQueue';
import { deduplicationStore } from '../harness/deduplication';

/** The store helpers of an execution of workflow `wf-queue`, node `node-queue`, on the shared test store. */
function execution(): IExecuteFunctions {
	const store = deduplicationStore();
	const context = { workflow: { id: 'wf-queue' }, node: { id: 'node-queue' } };
	return {
		getWorkflow: () => ({ id: 'wf-queue' }),
		getNode: () => ({ id: 'node-queue', name: 'Queue' }),
		helpers: {
			checkProcessedAndRecord: async (
				items: string[],
				scope: 'node' | 'workflow',
				options: object,
			) => await store.checkProcessedAndRecord(items, scope, context as never, options as never),
			removeProcessed: async (items: string[], scope: 'node' | 'workflow') =>
				await store.removeProcessed(items, scope, context as never),
			clearAllProcessedItems: async (scope: 'node' | 'workflow') =>
				await store.clearAllProcessedItems(scope, context as never),
			getProcessedDataCount: async (scope: 'node' | 'workflow') =>
				await store.getProcessedDataCount(scope, context as never),
		},
	} as unknown as IExecuteFunctions;
}

describe('the store calls shared by executions running in one process', () => {
	const store = deduplicationStore();

	beforeEach(() => store.reset());

	it("a call one execution asks for carries every execution's top-up, in one write", async () => {
		const first = execution();
		const second = execution();
		const queue = joinStore(first);
		expect(joinStore(second)).toBe(queue);
		const settledWith: Array<Promise<void>> = [];
		const stopFirst = queue.addTopUp((settled) => {
			settledWith.push(settled);
			return ['rec:a1', 'rec:a2'];
		});
		const stopSecond = queue.addTopUp((settled) => {
			settledWith.push(settled);
			return ['rec:b1'];
		});
		const recorded = jest.spyOn(store, 'checkProcessedAndRecord');
		try {
			await queue.need();
			const writes = recorded.mock.calls.filter(([, scope]) => scope === 'workflow');
			expect(writes).toHaveLength(1);
			expect(writes[0][0]).toEqual(expect.arrayContaining(['rec:a1', 'rec:a2', 'rec:b1']));
			// Both executions wait on that same call, which has settled.
			expect(settledWith).toHaveLength(2);
			expect(settledWith[0]).toBe(settledWith[1]);
			await expect(settledWith[0]).resolves.toBeUndefined();

			// Stopped top-ups are not asked again, and a call wanted for nothing writes nothing.
			stopFirst();
			stopSecond();
			recorded.mockClear();
			await queue.need();
			expect(recorded.mock.calls.filter(([, scope]) => scope === 'workflow')).toHaveLength(0);
			expect(settledWith).toHaveLength(2);
		} finally {
			recorded.mockRestore();
			await queue.finish(second);
			await queue.finish(first);
		}
		expect(store.lists.get('wf-queue|')).toHaveLength(3);
	});
});

describe("a look-up's take-backs and the look-up queued behind it", () => {
	const store = deduplicationStore();
	/** The keys of `wanted` the workflow's list holds (it keeps md5 hashes, as n8n does). */
	const held = (...wanted: string[]) => {
		const list = new Set(store.lists.get('wf-queue|') ?? []);
		return wanted.filter((key) => list.has(createHash('md5').update(key).digest('base64')));
	};

	beforeEach(() => store.reset());

	/**
	 * Runs a look-up, queues a second one while the first one's record half is in the store, and ends the
	 * execution; returns the keys of every workflow-scope removal.
	 */
	async function twoLookUps(onSecondQueued: (queue: StoreQueue) => void = () => undefined) {
		const ctx = execution();
		const queue = joinStore(ctx);
		const original = store.checkProcessedAndRecord.bind(store);
		let second: Promise<void> | undefined;
		const recorded = jest
			.spyOn(store, 'checkProcessedAndRecord')
			.mockImplementation(async (items, scope, context, options) => {
				if (scope === 'workflow' && items.includes('rec:x1') && !second) {
					second = queue.check({ keys: ['rec:y1', 'rec:y2'], takeBack: () => ['rec:y2'] });
					onSecondQueued(queue);
				}
				return await original(items, scope, context, options);
			});
		const removed = jest.spyOn(store, 'removeProcessed');
		try {
			await queue.check({ keys: ['rec:x1', 'rec:x2'], takeBack: () => ['rec:x2'] });
			await second;
			await queue.finish(ctx);
			return removed.mock.calls
				.filter(([, scope]) => scope === 'workflow')
				.map(([keys]) => keys.map(String));
		} finally {
			recorded.mockRestore();
			removed.mockRestore();
		}
	}

	it("go with the removal half of the same execution's next question, asked once the answer came", async () => {
		const ctx = execution();
		const queue = joinStore(ctx);
		const calls: string[] = [];
		const original = {
			record: store.checkProcessedAndRecord.bind(store),
			remove: store.removeProcessed.bind(store),
		};
		const recorded = jest
			.spyOn(store, 'checkProcessedAndRecord')
			.mockImplementation(async (items, scope, context, options) => {
				if (scope === 'workflow')
					calls.push(`record ${items.filter((k) => /^(rec|ask):/.test(String(k))).join(' ')}`);
				return await original.record(items, scope, context, options);
			});
		const removed = jest
			.spyOn(store, 'removeProcessed')
			.mockImplementation(async (items, scope, context) => {
				if (scope === 'workflow')
					calls.push(
						`remove ${items.filter((k: unknown) => String(k).startsWith('rec:')).join(' ')}`,
					);
				return await original.remove(items, scope, context);
			});
		try {
			await queue
				.check({ keys: ['rec:x1', 'rec:x2'], takeBack: () => ['rec:x2'] })
				.then(
					async () =>
						await queue.check({ keys: ['ask:x1'], takeBack: () => ['ask:x1'], later: true }),
				);
			await queue.finish(ctx);
		} finally {
			recorded.mockRestore();
			removed.mockRestore();
		}
		// The question is asked before the take-back goes: one removal half serves both look-ups.
		expect(calls.slice(0, 3)).toEqual(['record rec:x1 rec:x2', 'record ask:x1', 'remove rec:x2']);
		expect(held('rec:x1', 'rec:x2', 'ask:x1')).toEqual(['rec:x1']);
	});

	it('go with its removal half: one removal for both', async () => {
		const removals = await twoLookUps();
		// The write marks go with the closing call's removal.
		expect(removals.filter((keys) => keys.some((key) => key.startsWith('rec:')))).toEqual([
			expect.arrayContaining(['rec:x2', 'rec:y2']),
		]);
		expect(held('rec:x1', 'rec:x2', 'rec:y1', 'rec:y2')).toEqual(['rec:x1', 'rec:y1']);
	});

	it('a take-back the call behind it records again (a wave of adds) stays in the store', async () => {
		let stop: (() => void) | undefined;
		await twoLookUps((queue) => {
			let asked = false;
			stop = queue.addTopUp(() => {
				if (asked) return [];
				asked = true;
				return ['rec:x2'];
			});
		});
		stop?.();
		expect(held('rec:x1', 'rec:x2', 'rec:y1', 'rec:y2')).toEqual(['rec:x1', 'rec:x2', 'rec:y1']);
	});
});
