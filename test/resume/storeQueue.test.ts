import { createHash } from 'crypto';
import { sleep } from 'n8n-workflow';

import { LOCK_SHARE_MS } from '../../nodes/shared/resume/lock';
import { joinStore, separateStoreCallsPerExecution } from '../../nodes/shared/resume/storeQueue';
import { deduplicationStore, storeExecution } from '../harness/deduplication';

/** The store helpers of an execution of workflow `wf-queue`, node `node-queue`, on the shared test store. */
const execution = () => storeExecution('wf-queue', 'node-queue', 'Queue');

/** How the store keeps a key in its list. */
const stored = (key: string) => createHash('md5').update(key).digest('base64');

describe('the store calls shared by executions running in one process', () => {
	const store = deduplicationStore();

	beforeEach(() => store.reset());

	/** Spies on the store's record calls: `before` runs ahead of each, and may throw as a failing database does. */
	function beforeEachRecord(before: (keys: string[], scope: string) => void) {
		const original = store.checkProcessedAndRecord.bind(store);
		return jest.spyOn(store, 'checkProcessedAndRecord').mockImplementation(async (...args) => {
			before(args[0].map(String), String(args[1]));
			return await original(...args);
		});
	}

	/** Another process waits for the lock: its probe is in the lock list. */
	const otherProcessWaits = () => store.lists.get('wf-queue|n:node-queue')?.push('probe:other');

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

	describe("a look-up's take-backs", () => {
		/** The workflow-scope calls of `spy`, with their place in the order of all calls. */
		const workflowCalls = (spy: jest.SpyInstance) =>
			spy.mock.calls
				.map((args: unknown[], n: number) => ({
					keys: args[0] as string[],
					order: spy.mock.invocationCallOrder[n],
				}))
				.filter((_: unknown, n: number) => spy.mock.calls[n][1] === 'workflow');

		async function lookUps(askAgain: boolean, othersWaitAtLookUp = false, first = execution()) {
			const queue = joinStore(first);
			const recorded = beforeEachRecord((keys) => {
				if (othersWaitAtLookUp && keys.includes('rec:a1')) otherProcessWaits();
			});
			const removed = jest.spyOn(store, 'removeProcessed');
			try {
				let second: Promise<void> | undefined;
				const lookUp = queue.check({
					keys: ['rec:a1', 'rec:a2', 'rec:a3'],
					takeBack: () => ['rec:a2', 'rec:a3'],
				});
				// Asked as soon as the first is answered, as an execution then asks for `done:`.
				await lookUp.then(() => {
					if (askAgain) second = queue.check({ keys: ['rec:b1'], takeBack: () => [] });
				});
				await second;
				await queue.finish(first);
				return { records: workflowCalls(recorded), removals: workflowCalls(removed) };
			} finally {
				recorded.mockRestore();
				removed.mockRestore();
			}
		}

		it('are removed before the next call when no look-up waits for it', async () => {
			const { records, removals } = await lookUps(false);
			const takenBack = removals.filter(({ keys }) => keys.includes('rec:a2'));
			expect(takenBack).toHaveLength(1);
			expect(takenBack[0].keys).toEqual(expect.arrayContaining(['rec:a2', 'rec:a3']));
			expect(takenBack[0].order).toBeLessThan(records[1].order);
			expect(store.lists.get('wf-queue|')).not.toContain(stored('rec:a2'));
		});

		it('go with the next call when a look-up waits for it, which records first and then removes them', async () => {
			const { records, removals } = await lookUps(true);
			expect(records[1].keys).toContain('rec:b1');
			const takenBack = removals.filter(({ keys }) => keys.includes('rec:a2'));
			expect(takenBack).toHaveLength(1);
			expect(takenBack[0].keys).toEqual(expect.arrayContaining(['rec:a2', 'rec:a3']));
			// The second look-up was answered without waiting for the first one's removal.
			expect(takenBack[0].order).toBeGreaterThan(records[1].order);
			const list = store.lists.get('wf-queue|');
			expect(list).toEqual(expect.arrayContaining([stored('rec:a1'), stored('rec:b1')]));
			expect(list).not.toContain(stored('rec:a2'));
			expect(list).not.toContain(stored('rec:a3'));
		});
		it('go with the next call when another process waits for the lock, so that it gets the lock sooner', async () => {
			const { records, removals } = await lookUps(false, true);
			const takenBack = removals.filter(({ keys }) => keys.includes('rec:a2'));
			expect(takenBack).toHaveLength(1);
			// Removed by the closing call, after its recording half: not in the look-up's own call.
			expect(takenBack[0].order).toBeGreaterThan(records[1].order);
			expect(store.lists.get('wf-queue|')).not.toContain(stored('rec:a2'));
			expect(store.lists.get('wf-queue|')).not.toContain(stored('rec:a3'));
		});

		it('read once whether another process waits, and the lock goes to it without asking again', async () => {
			// This execution's own calls on the lock list and the workflow's list, in order.
			const steps: string[] = [];
			const ctx = execution();
			const helpers = ctx.helpers as unknown as Record<
				string,
				(...args: unknown[]) => Promise<unknown>
			>;
			for (const [name, step] of [
				['checkProcessedAndRecord', 'write'],
				['getProcessedDataCount', 'read'],
				['clearAllProcessedItems', 'unlock'],
			]) {
				const original = helpers[name];
				helpers[name] = async (...args: unknown[]) => {
					const scope = args[name === 'checkProcessedAndRecord' ? 1 : 0];
					if ((step === 'write') === (scope === 'workflow')) steps.push(step);
					return await original(...args);
				};
			}
			await lookUps(false, true, ctx);
			const fromLookUp = steps.slice(steps.indexOf('write'));
			const held = fromLookUp.slice(0, fromLookUp.indexOf('unlock'));
			// From the look-up's write until the lock is let go, one read of the lock list: the code before read it
			// again before letting the lock go, and after each further call of the same hold.
			expect(held.filter((step) => step === 'read')).toHaveLength(1);
		});
	});

	describe('a follow-up question', () => {
		afterEach(() => {
			separateStoreCallsPerExecution(false);
			store.lagMs = 0;
		});

		it('is asked in the same call as the question it follows, without letting go of the lock a waiting process asks for', async () => {
			// Each write takes longer than LOCK_SHARE_MS, as under a loaded worker: once a call is done, a process
			// that waits for the lock gets it before the holder's next call.
			store.lagMs = LOCK_SHARE_MS + 20;
			const ctx = execution();
			const queue = joinStore(ctx);
			const steps: string[] = [];
			const recorded = beforeEachRecord((keys, scope) => {
				if (scope !== 'workflow') return;
				steps.push(keys.filter((k) => !/^(mark|gone):/.test(k)).join(','));
				if (keys.includes('rec:a')) otherProcessWaits();
			});
			const cleared = jest
				.spyOn(store, 'clearAllProcessedItems')
				.mockImplementation(async (...args) => {
					steps.push(`unlock ${args[0]}`);
					store.lists.delete('wf-queue|n:node-queue');
				});
			let answered: Set<string> | undefined;
			try {
				await queue.check({
					keys: ['rec:a'],
					takeBack: () => [],
					followUp: () => ({
						keys: ['ask:a', 'done:a'],
						later: true,
						takeBack: (seen) => {
							answered = seen;
							return [];
						},
					}),
				});
				// Answered by the time the look-up settles: its asker needs no call of its own.
				expect(answered).toEqual(new Set());
				// No unlock between the two writes (the lock is let go once the call is done).
				expect(steps.slice(0, 2)).toEqual(['rec:a', 'ask:a,done:a']);
			} finally {
				recorded.mockRestore();
				cleared.mockRestore();
				await queue.finish(ctx);
			}
			expect(store.lists.get('wf-queue|')).toEqual(
				expect.arrayContaining([stored('rec:a'), stored('ask:a'), stored('done:a')]),
			);
		});

		it('whose write fails is left unanswered, and the question it follows still settles', async () => {
			const ctx = execution();
			const queue = joinStore(ctx);
			const failing = beforeEachRecord((keys) => {
				if (keys.includes('ask:a')) throw new Error('Connection terminated unexpectedly');
			});
			let lookedUp = false;
			let answered = false;
			try {
				await queue.check({
					keys: ['rec:a'],
					takeBack: () => {
						lookedUp = true;
						return [];
					},
					followUp: () => ({
						keys: ['ask:a', 'done:a'],
						later: true,
						takeBack: () => {
							answered = true;
							return [];
						},
					}),
				});
				expect(lookedUp).toBe(true);
				expect(answered).toBe(false);
			} finally {
				failing.mockRestore();
			}
			await expect(queue.finish(ctx)).resolves.toBe(true);
			expect(store.lists.get('wf-queue|')).toContain(stored('rec:a'));
			expect(store.lists.get('wf-queue|')).not.toContain(stored('done:a'));
		});
	});

	describe('two processes at the lock', () => {
		beforeEach(() => separateStoreCallsPerExecution(true));
		afterEach(() => {
			separateStoreCallsPerExecution(false);
			store.lagMs = 0;
		});

		it('a process asking for call after call lets a waiting one have the lock between two of its calls', async () => {
			// Each call takes a while, as reading and rewriting a long list does.
			store.lagMs = 40;
			const first = execution();
			const second = execution();
			const busy = joinStore(first);
			const waiting = joinStore(second);
			expect(waiting).not.toBe(busy);
			let rounds = 0;
			// Look-ups one after another, each asked once the one before is answered: the next is always due.
			const chain = (async () => {
				for (let r = 0; r < 40; r++) {
					await busy.check({ keys: [`rec:a${r}`], takeBack: () => [] });
					rounds += 1;
				}
			})();
			await sleep(30);
			await waiting.check({ keys: ['rec:b'], takeBack: () => [] });
			const roundsBeforeOther = rounds;
			await chain;
			await busy.finish(first);
			await waiting.finish(second);
			// Kept for every call that was due, the lock went to the other process only after a second (some 20
			// rounds); now after LOCK_SHARE_MS, a few calls of at least 40 ms each.
			expect(roundsBeforeOther).toBeLessThanOrEqual(Math.ceil(LOCK_SHARE_MS / 40) + 2);
			expect(store.lists.get('wf-queue|')).toEqual(
				expect.arrayContaining([stored('rec:a39'), stored('rec:b')]),
			);
		});
	});
});
