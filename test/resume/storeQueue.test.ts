import type { IExecuteFunctions } from 'n8n-workflow';

import { joinStore } from '../../nodes/shared/resume/storeQueue';
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
