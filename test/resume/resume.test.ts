import { createHash } from 'crypto';

import {
	defaultSeed as trackfinitySeed,
	startTrackfinityEmulator,
} from '../../sandbox/trackfinity';
import {
	defaultSeed as clientToolboxSeed,
	startClientToolboxEmulator,
} from '../../sandbox/clienttoolbox';
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	LOCK_BREAK_MS,
	CONFIRMED_INPUT_MEMORY_MS,
	MAX_UNRECORDED,
	RESUME_MAX_ITEMS,
	forgetConfirmedInputs,
	openResumeLedger,
	separateStoreCallsPerExecution,
} from '../../nodes/shared/resume/resume';
import type { PreparedRequest } from '../../nodes/shared/engine/types';
import { deduplicationStore, storeExecution } from '../harness/deduplication';
import { runTrackfinity, updateRequests, type TrackfinityEmulator } from '../trackfinity/helpers';
import {
	ACCOUNT,
	ANN,
	CORA,
	JOHN,
	runClientToolbox,
	sentFields,
	type ClientToolboxEmulator,
} from '../clienttoolbox/helpers';

const IDS = Array.from({ length: 20 }, (_, i) => String(1000 + i));
const input = (ids = IDS) => ids.map((id) => ({ json: { id, city: `City ${id}` } }));

/** Runs `run` as a run of an earlier version of this package would, which recorded no `sent:` marks. */
async function asVersionWithoutMarks(run: () => Promise<unknown>): Promise<void> {
	const store = deduplicationStore();
	const original = store.checkProcessedAndRecord.bind(store);
	const withoutMarks = jest.spyOn(store, 'checkProcessedAndRecord').mockImplementation(
		async (keys, ...rest) =>
			await original(
				keys.filter((key) => !/^(sent|marked|ask-marked):/.test(String(key))),
				...rest,
			),
	);
	try {
		await run();
	} finally {
		withoutMarks.mockRestore();
	}
}
const PARAMS = { customerId: '={{ $json.id }}', updateFields: { city: '={{ $json.city }}' } };
const ON = { skipUpdatesAlreadyApplied: true, runKey: 'nightly 2026-12-02' };

function seedWith(ids: string[]) {
	const seed = trackfinitySeed();
	for (const id of ids)
		(seed.customers as Record<string, unknown>)[id] = {
			subscription_id: `SUB-${id}`,
			firstname: `F${id}`,
		};
	return seed;
}

describe('Skip Updates Already Applied (resume a bulk run)', () => {
	const store = deduplicationStore();
	let emulator: TrackfinityEmulator;

	beforeEach(async () => {
		store.reset();
		forgetConfirmedInputs();
		emulator = await startTrackfinityEmulator({ seed: seedWith(IDS) });
	});

	afterEach(async () => {
		separateStoreCallsPerExecution(false);
		await emulator.close();
	});

	/** Resolves once the store had no call for 300 ms (`failing`: calls that fail before they reach it). */
	async function storeQuiet(failing: jest.SpyInstance): Promise<void> {
		const count = () => store.calls + failing.mock.calls.length;
		for (let calls = -1; calls !== count(); ) {
			calls = count();
			await sleep(300);
		}
	}

	/**
	 * A run cut short after its look-up: no request reaches the provider (the connection is reset), and no
	 * removal lands, so what the look-up recorded by asking stays in the store.
	 */
	async function runCutShort(items: ReturnType<typeof input>): Promise<void> {
		emulator.setKnobs({ fault: { mode: 'reset', count: items.length } });
		const removals = jest
			.spyOn(store, 'removeProcessed')
			.mockRejectedValue(new Error('Connection terminated unexpectedly'));
		try {
			const cut = await runTrackfinity(
				emulator,
				{ ...PARAMS, options: { ...ON, maxRetries: 0 } },
				items,
				{ onError: 'continueRegularOutput' },
			);
			expect(cut.outputs('Trackfinity')[0].every((i) => i.json.error !== undefined)).toBe(true);
			// Its store calls go on trying a while after the run ended (a dead worker's would not): they
			// fail too.
			await storeQuiet(removals);
		} finally {
			removals.mockRestore();
		}
		emulator.resetKnobs();
		emulator.clearRequests();
	}

	/** Each run in a worker process of its own, which knows only what the store says; customers `ids`. */
	async function ownProcessEach(ids: string[]): Promise<void> {
		separateStoreCallsPerExecution(true);
		await emulator.close();
		emulator = await startTrackfinityEmulator({ seed: seedWith(ids) });
	}

	/** Runs `items` again; returns the `ask:` keys its look-ups recorded, its statuses and the customers sent. */
	async function runAgainAsking(items: ReturnType<typeof input>, options: object) {
		const records = jest.spyOn(store, 'checkProcessedAndRecord');
		try {
			const again = await runTrackfinity(emulator, { ...PARAMS, options }, items, {
				onError: 'continueRegularOutput',
			});
			const asked = records.mock.calls
				.flatMap((args) => args[0] as string[])
				.filter((key) => key.startsWith('ask:'));
			const sent = updateRequests(emulator).map((r) =>
				new URLSearchParams(r.text).get('customer_id'),
			);
			return { asked, sent, statuses: again.outputs('Trackfinity')[0].map((i) => i.json.status) };
		} finally {
			records.mockRestore();
		}
	}

	it('is off by default: nothing is recorded and a second run sends everything again', async () => {
		await runTrackfinity(emulator, PARAMS, input());
		await runTrackfinity(emulator, PARAMS, input());
		expect(updateRequests(emulator)).toHaveLength(40);
		expect(store.calls).toBe(0);
	});

	it('a second run of the same run key sends nothing and outputs every item as skipped, saying why', async () => {
		const first = await runTrackfinity(emulator, { ...PARAMS, options: ON }, input());
		expect(first.error).toBeUndefined();
		expect(first.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
			IDS.map(() => 'updated'),
		);
		expect(updateRequests(emulator)).toHaveLength(20);
		// Two records per confirmed update (looked up, confirmed), one for the input confirmed in full, the mark
		// of its one hundred and the input's `marked:`: nothing else stays behind (no write marks, no lock).
		expect(store.size()).toBe(43);
		expect([...store.lists.keys()].filter((k) => !k.endsWith('|'))).toEqual([]);

		emulator.clearRequests();
		const again = await runTrackfinity(emulator, { ...PARAMS, options: ON }, input());
		expect(again.error).toBeUndefined();
		expect(updateRequests(emulator)).toHaveLength(0);
		const out = again.outputs('Trackfinity')[0];
		expect(out).toHaveLength(20);
		out.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({
				provider: 'trackfinity',
				customerId: IDS[i],
				status: 'skipped',
				providerStatus: 'not sent',
			});
			expect(item.json.reason).toMatch(/run "nightly 2026-12-02".*confirmed/);
		});
	});

	it('gathers its records: 400 updates at Concurrency 10 take a handful of store calls, two records each', async () => {
		// A store call takes time, as a database round trip does.
		store.lagMs = 2;
		const ids = Array.from({ length: 400 }, (_, i) => String(2000 + i));
		await emulator.close();
		emulator = await startTrackfinityEmulator({ seed: seedWith(ids) });
		emulator.setKnobs({ latencyMs: 5 });
		const result = await runTrackfinity(
			emulator,
			{ ...PARAMS, options: { ...ON, concurrency: 10 } },
			input(ids),
		);
		expect(result.error).toBeUndefined();
		expect(updateRequests(emulator)).toHaveLength(400);
		// Two per update, two for the input (confirmed in full, `marked:`), and per hundred a checkpoint (but for
		// the hundred that completed the input: `all:` stands for it) and a mark.
		expect(store.size()).toBe(809);
		// The check before the first request, then a call per RECORD_EVERY_MS or RECORD_BATCH confirmations.
		expect(store.recordCalls).toBeLessThan(40);
		// The lock is gone once the node is done.
		expect([...store.lists.keys()].filter((k) => !k.endsWith('|'))).toEqual([]);
	});

	describe('while the store hangs', () => {
		// More than MAX_UNRECORDED, in whole hundreds.
		const ids = Array.from({ length: MAX_UNRECORDED + 300 }, (_, i) => String(3000 + i));
		const hundreds = ids.length / 100;
		const options = { ...ON, concurrency: 10, maxRetries: 0 };

		beforeEach(async () => {
			await emulator.close();
			emulator = await startTrackfinityEmulator({ seed: seedWith(ids) });
		});

		/**
		 * Runs the input while the store hangs from its first write once requests go out (the look-ups before
		 * sending go through); returns how many requests went out before the run stopped sending, and then the
		 * run's result once the store is back.
		 */
		async function runWhileStoreHangs() {
			const original = store.checkProcessedAndRecord.bind(store);
			const originalRemove = store.removeProcessed.bind(store);
			let release!: () => void;
			const hung = new Promise<void>((resolve) => (release = resolve));
			const hangs = async (scope: string) => {
				if (scope === 'workflow' && updateRequests(emulator).length > 0) await hung;
			};
			const spy = jest
				.spyOn(store, 'checkProcessedAndRecord')
				.mockImplementation(async (...args) => {
					await hangs(args[1]);
					return await original(...args);
				});
			const removeSpy = jest.spyOn(store, 'removeProcessed').mockImplementation(async (...args) => {
				await hangs(args[1]);
				return await originalRemove(...args);
			});
			try {
				const running = runTrackfinity(emulator, { ...PARAMS, options }, input(ids));
				let sent = -1;
				while (sent !== updateRequests(emulator).length || sent === 0) {
					sent = updateRequests(emulator).length;
					await sleep(300);
				}
				release();
				return { sent, result: await running };
			} finally {
				release();
				spy.mockRestore();
				removeSpy.mockRestore();
			}
		}

		it('a fresh run sends the hundreds marked ahead, and no further', async () => {
			const { sent, result } = await runWhileStoreHangs();
			// The look-up kept the marks of three hundreds; one request per lane may have gone out meanwhile.
			expect(sent).toBeGreaterThanOrEqual(300);
			expect(sent).toBeLessThanOrEqual(310);
			expect(result.error).toBeUndefined();
			expect(updateRequests(emulator)).toHaveLength(ids.length);
			// Two per update, the input confirmed in full and `marked:`, a checkpoint per hundred but the one that
			// completed the input (`all:` stands for it) and a mark per hundred.
			expect(store.size()).toBe(2 * ids.length + 2 + (hundreds - 1) + hundreds);
		});

		it('stops once MAX_UNRECORDED confirmations wait for it', async () => {
			// A first run whose every request goes unanswered marks every hundred: the run below needs no mark.
			emulator.setKnobs({ fault: { mode: 'reset', count: ids.length } });
			await runTrackfinity(emulator, { ...PARAMS, options }, input(ids), {
				onError: 'continueRegularOutput',
			});
			emulator.resetKnobs();
			emulator.clearRequests();
			const { sent, result } = await runWhileStoreHangs();
			// Those confirmed while the store hangs, and one request per lane that found the limit reached.
			expect(sent).toBeGreaterThanOrEqual(MAX_UNRECORDED);
			expect(sent).toBeLessThanOrEqual(MAX_UNRECORDED + 10);
			expect(result.error).toBeUndefined();
			expect(updateRequests(emulator)).toHaveLength(ids.length);
		});
	});

	it('an update whose confirmation never reached the store is sent again, never skipped', async () => {
		// Each run in a worker process of its own: the one whose writes failed is gone with what it saw.
		separateStoreCallsPerExecution(true);
		// Every call carrying a confirmation (an update's `done:` record) fails during the first run: the
		// look-ups before sending are written, the confirmations never are, as when a worker dies before writing them.
		const original = store.checkProcessedAndRecord.bind(store);
		const spy = jest.spyOn(store, 'checkProcessedAndRecord').mockImplementation(async (...args) => {
			if (args[0].some((key) => String(key).startsWith('done:')))
				throw new Error('SQLITE_BUSY: database is locked');
			return await original(...args);
		});
		try {
			const first = await runTrackfinity(
				emulator,
				{ ...PARAMS, options: ON },
				input(IDS.slice(0, 5)),
			);
			expect(first.error).toBeUndefined();
			expect(first.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
				IDS.slice(0, 5).map(() => 'updated'),
			);
			expect(spy).toHaveBeenCalled();
		} finally {
			spy.mockRestore();
		}
		expect(updateRequests(emulator)).toHaveLength(5);
		emulator.clearRequests();
		const again = await runTrackfinity(
			emulator,
			{ ...PARAMS, options: ON },
			input(IDS.slice(0, 5)),
		);
		expect(again.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
			IDS.slice(0, 5).map(() => 'updated'),
		);
		expect(updateRequests(emulator)).toHaveLength(5);
		// Confirmed and written this time: the next run skips them.
		emulator.clearRequests();
		const third = await runTrackfinity(
			emulator,
			{ ...PARAMS, options: ON },
			input(IDS.slice(0, 5)),
		);
		expect(third.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
			IDS.slice(0, 5).map(() => 'skipped'),
		);
		expect(updateRequests(emulator)).toHaveLength(0);
	});

	it('a look-up cut short after asking for `done:` leaves `ask:`, and the next run does not trust that `done:`', async () => {
		separateStoreCallsPerExecution(true);
		const five = input(IDS.slice(0, 5));
		// First run: sent, confirmations never written (as when the worker died), so `rec:` without `done:`.
		const original = store.checkProcessedAndRecord.bind(store);
		const confirmations = jest
			.spyOn(store, 'checkProcessedAndRecord')
			.mockImplementation(async (...args) => {
				if (args[0].some((key) => String(key).startsWith('done:')) && args[0].length < 10)
					throw new Error('SQLITE_BUSY: database is locked');
				return await original(...args);
			});
		try {
			await runTrackfinity(emulator, { ...PARAMS, options: ON }, five);
		} finally {
			confirmations.mockRestore();
		}
		// Second run: its look-up records `ask:` and `done:` for all five, no request reaches the provider (the
		// connection is reset), and the removal that takes them back never lands: five `done:` the provider never
		// confirmed are in the store.
		await runCutShort(five);
		// Third run: `done:` beside `ask:` is not trusted, so all five go out again.
		const third = await runTrackfinity(emulator, { ...PARAMS, options: ON }, five);
		expect(third.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
			five.map(() => 'updated'),
		);
		expect(updateRequests(emulator)).toHaveLength(5);
		// Confirmed and written this time, without `ask:`: the next run skips them.
		const fourth = await runTrackfinity(emulator, { ...PARAMS, options: ON }, five);
		expect(fourth.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
			five.map(() => 'skipped'),
		);
		expect(updateRequests(emulator)).toHaveLength(5);
	});

	it('an input confirmed in full is skipped without a question per update; `all:` beside `ask-all:` is not trusted', async () => {
		// Each run in a worker process of its own, which knows only what the store says.
		separateStoreCallsPerExecution(true);
		const five = input(IDS.slice(0, 5));
		// A run cut short: its look-up records `all:` (by asking) beside `ask-all:`, no request reaches the
		// provider (the connection is reset), and the removal that takes them back never lands.
		await runCutShort(five);
		// Not trusted: every update goes out.
		const first = await runTrackfinity(emulator, { ...PARAMS, options: ON }, five);
		expect(first.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
			five.map(() => 'updated'),
		);
		expect(updateRequests(emulator)).toHaveLength(5);
		// Confirmed in full: the next run skips all five, asking about the input and nothing per update.
		const records = jest.spyOn(store, 'checkProcessedAndRecord');
		try {
			const again = await runTrackfinity(emulator, { ...PARAMS, options: ON }, five);
			expect(again.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
				five.map(() => 'skipped'),
			);
			const asked = records.mock.calls.flatMap((args) => args[0] as string[]);
			expect(asked.filter((key) => /^(ask|done):/.test(key))).toEqual([]);
			expect(asked.filter((key) => key.startsWith('all:'))).toHaveLength(1);
		} finally {
			records.mockRestore();
		}
		expect(updateRequests(emulator)).toHaveLength(5);
	});

	describe('hundreds of an input whose every update was confirmed', () => {
		const ids = Array.from({ length: 350 }, (_, i) => String(7000 + i));
		const items = () => input(ids);
		const options = { ...ON, maxRetries: 0, concurrency: 1 };
		const cut = { onError: 'continueRegularOutput' as const };

		beforeEach(async () => await ownProcessEach(ids));

		/** A run in which the request of the update at `failAt` gets no answer: it stays unconfirmed. */
		async function runFailingAt(failAt: number): Promise<void> {
			let seen = 0;
			emulator.setKnobs({ fault: { mode: 'reset', count: 1, when: () => seen++ === failAt } });
			const run = await runTrackfinity(emulator, { ...PARAMS, options }, items(), cut);
			const failed = run.outputs('Trackfinity')[0].map((i) => i.json.error !== undefined);
			expect(failed.indexOf(true)).toBe(failAt);
			emulator.resetKnobs();
			emulator.clearRequests();
		}

		const runAgain = async () => await runAgainAsking(items(), options);

		it('are skipped by the run triggered again without a question each', async () => {
			await runFailingAt(230);
			const { asked, statuses } = await runAgain();
			// 0–199 and 300–349 confirmed in full and recorded so; a question for each update of 200–299.
			expect(asked).toHaveLength(100);
			expect(statuses).toEqual(ids.map((_, i) => (i === 230 ? 'updated' : 'skipped')));
			expect(
				updateRequests(emulator).map((r) => new URLSearchParams(r.text).get('customer_id')),
			).toEqual([ids[230]]);
		});

		it('each count on their own: an update not confirmed costs a question for its own hundred only', async () => {
			await runFailingAt(50);
			const { asked, statuses } = await runAgain();
			expect(asked).toHaveLength(100);
			expect(statuses).toEqual(ids.map((_, i) => (i === 50 ? 'updated' : 'skipped')));
			expect(
				updateRequests(emulator).map((r) => new URLSearchParams(r.text).get('customer_id')),
			).toEqual([ids[50]]);
			// Now confirmed in full: the third run asks about none.
			emulator.clearRequests();
			const third = await runAgain();
			expect(third.asked).toHaveLength(0);
			expect(third.statuses).toEqual(ids.map(() => 'skipped'));
			expect(updateRequests(emulator)).toHaveLength(0);
		});

		it('are not trusted beside the question a look-up cut short left', async () => {
			// The look-up records each checkpoint it asks about, beside its question, and its removal never lands.
			await runCutShort(items());
			const { asked, statuses } = await runAgain();
			expect(asked).toHaveLength(350);
			expect(statuses).toEqual(ids.map(() => 'updated'));
			expect(updateRequests(emulator)).toHaveLength(350);
		});
	});

	describe('hundreds of an input that a run cut short never reached', () => {
		const ids = Array.from({ length: 1000 }, (_, i) => String(8000 + i));
		const options = { ...ON, maxRetries: 0, concurrency: 1 };

		beforeEach(async () => await ownProcessEach(ids));

		/** A run that stops at the update at `failAt`, as a dead worker's does: its lanes take no further update. */
		async function runStoppedAt(failAt: number): Promise<void> {
			let seen = 0;
			emulator.setKnobs({ fault: { mode: 'reset', count: 1, when: () => seen++ === failAt } });
			const run = await runTrackfinity(emulator, { ...PARAMS, options }, input(ids));
			expect(run.error).toBeDefined();
			expect(updateRequests(emulator)).toHaveLength(failAt + 1);
			emulator.resetKnobs();
			emulator.clearRequests();
		}

		const runAgain = async () => await runAgainAsking(input(ids), options);

		const expectedStatuses = ids.map((_, i) => (i < 230 ? 'skipped' : 'updated'));

		it('each go out only once the mark of their hundred is in the store', async () => {
			// A slow store: lanes would outrun its calls.
			store.lagMs = 400;
			const marks = new Set<string>();
			const record = store.checkProcessedAndRecord.bind(store);
			const remove = store.removeProcessed.bind(store);
			const recorded = jest
				.spyOn(store, 'checkProcessedAndRecord')
				.mockImplementation(async (keys, ...rest) => {
					const answer = await record(keys, ...rest);
					for (const key of keys.map(String)) if (key.startsWith('sent:')) marks.add(key);
					return answer;
				});
			const removed = jest
				.spyOn(store, 'removeProcessed')
				.mockImplementation(async (keys, ...rest) => {
					// Gone from the moment it is asked for, to be on the safe side.
					for (const key of keys.map(String)) marks.delete(key);
					return await remove(keys, ...rest);
				});
			const unmarked: string[] = [];
			emulator.setKnobs({
				fault: {
					mode: 'reset',
					count: 1, // never due: `when` only looks
					when: (r: { text: string }) => {
						const place = ids.indexOf(new URLSearchParams(r.text).get('customer_id') as string);
						const hundred = `:${(Math.floor(place / 100) + 1) * 100}`;
						if (![...marks].some((key) => key.endsWith(hundred))) unmarked.push(String(place));
						return false;
					},
				},
			});
			try {
				const run = await runTrackfinity(
					emulator,
					{ ...PARAMS, options: { ...options, concurrency: 10 } },
					input(ids),
				);
				expect(run.error).toBeUndefined();
			} finally {
				recorded.mockRestore();
				removed.mockRestore();
			}
			expect(updateRequests(emulator)).toHaveLength(1000);
			expect(unmarked).toEqual([]);
			// The first three kept by the look-up, the others taken back and recorded again as the lanes got there.
			expect(marks.size).toBe(10);
		});

		it('are sent by the run triggered again without a question each', async () => {
			await runStoppedAt(230);
			const { asked, sent, statuses } = await runAgain();
			// 0–199 in checkpoints. Marks go three hundreds past the one the lane was in when their call went out
			// (it asked in 101–200; the call found it there or in 201–300): 200–499 or 200–599 get a question each,
			// the rest was never sent.
			expect([300, 400]).toContain(asked.length);
			expect(statuses).toEqual(expectedStatuses);
			expect(sent).toEqual(ids.slice(230));
		});

		it('are asked about when no hundred was marked, as a run of an earlier version leaves it', async () => {
			await asVersionWithoutMarks(async () => await runStoppedAt(230));
			const { asked, sent, statuses } = await runAgain();
			expect(asked).toHaveLength(800);
			expect(statuses).toEqual(expectedStatuses);
			expect(sent).toEqual(ids.slice(230));
		});

		it('are asked about after a run of an earlier version, even once a later look-up was cut short', async () => {
			await asVersionWithoutMarks(async () => await runStoppedAt(530));
			// A run of this version whose look-up is cut short after its first write, which recorded the first
			// marks it asked for: every later write fails, and it sends nothing.
			const original = store.checkProcessedAndRecord.bind(store);
			const questionsFail = jest
				.spyOn(store, 'checkProcessedAndRecord')
				.mockImplementation(async (keys, ...rest) => {
					const later = !keys.some((key) => String(key).startsWith('rec:'));
					if (later && keys.some((key) => /^(ask|sent):/.test(String(key))))
						throw new Error('Connection terminated unexpectedly');
					return await original(keys, ...rest);
				});
			try {
				const cut = await runTrackfinity(emulator, { ...PARAMS, options }, input(ids));
				expect(cut.error).toBeDefined();
			} finally {
				questionsFail.mockRestore();
			}
			expect(updateRequests(emulator)).toHaveLength(0);
			const { asked, sent } = await runAgain();
			// 0–499 in checkpoints; every other update is asked about, as the earlier version's run sent up to 530.
			expect(asked).toHaveLength(500);
			expect(sent).toEqual(ids.slice(530));
		});
	});

	it('a worker that saw an input confirmed in full skips it again without a store call, for a while', async () => {
		const five = input(IDS.slice(0, 5));
		const first = await runTrackfinity(emulator, { ...PARAMS, options: ON }, five);
		expect(first.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
			five.map(() => 'updated'),
		);
		const callsAfterFirst = store.calls;
		const again = await runTrackfinity(emulator, { ...PARAMS, options: ON }, five);
		expect(again.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
			five.map(() => 'skipped'),
		);
		expect(store.calls).toBe(callsAfterFirst);
		// Another worker, which did not see it: asks the store, finds `all:`, and remembers it from then on.
		forgetConfirmedInputs();
		const elsewhere = await runTrackfinity(emulator, { ...PARAMS, options: ON }, five);
		expect(elsewhere.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
			five.map(() => 'skipped'),
		);
		const callsAfterStore = store.calls;
		expect(callsAfterStore).toBeGreaterThan(callsAfterFirst);
		await runTrackfinity(emulator, { ...PARAMS, options: ON }, five);
		expect(store.calls).toBe(callsAfterStore);
		// The same updates under another Run Key are not the same input.
		await runTrackfinity(
			emulator,
			{ ...PARAMS, options: { ...ON, runKey: 'nightly 2026-12-03' } },
			five,
		);
		expect(updateRequests(emulator)).toHaveLength(10);
		// Once CONFIRMED_INPUT_MEMORY_MS has passed, the store is asked again (and still says skip). The clock
		// keeps moving: the store calls' own timers (batching, the lock) read it too.
		const realNow = Date.now.bind(Date);
		const later = jest
			.spyOn(Date, 'now')
			.mockImplementation(() => realNow() + CONFIRMED_INPUT_MEMORY_MS);
		try {
			const callsBefore = store.calls;
			const afterAWhile = await runTrackfinity(emulator, { ...PARAMS, options: ON }, five);
			expect(afterAWhile.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
				five.map(() => 'skipped'),
			);
			expect(store.calls).toBeGreaterThan(callsBefore);
		} finally {
			later.mockRestore();
		}
		expect(updateRequests(emulator)).toHaveLength(10);
	});

	it('an input with an update not confirmed is not remembered: the next run asks the store and sends that one', async () => {
		const five = input(IDS.slice(0, 5));
		emulator.setKnobs({ fault: { mode: 'reset', count: 1 } });
		const first = await runTrackfinity(
			emulator,
			{ ...PARAMS, options: { ...ON, maxRetries: 0 } },
			five,
			{ onError: 'continueRegularOutput' },
		);
		expect(first.outputs('Trackfinity')[0].filter((i) => i.json.error !== undefined)).toHaveLength(
			1,
		);
		emulator.resetKnobs();
		emulator.clearRequests();
		const callsBefore = store.calls;
		const again = await runTrackfinity(emulator, { ...PARAMS, options: ON }, five);
		expect(
			again
				.outputs('Trackfinity')[0]
				.map((i) => i.json.status)
				.sort(),
		).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'updated']);
		expect(store.calls).toBeGreaterThan(callsBefore);
		expect(updateRequests(emulator)).toHaveLength(1);
	});

	it('a fresh run removes no record of an update: confirmations are recorded; write marks and the question for the whole input are taken away', async () => {
		store.lagMs = 2;
		const ids = Array.from({ length: 2000 }, (_, i) => String(5000 + i));
		await emulator.close();
		emulator = await startTrackfinityEmulator({ seed: seedWith(ids) });
		emulator.setKnobs({ latencyMs: 2 });
		const records = jest.spyOn(store, 'checkProcessedAndRecord');
		const removals = jest.spyOn(store, 'removeProcessed');
		try {
			const result = await runTrackfinity(
				emulator,
				{ ...PARAMS, options: { ...ON, concurrency: 10 } },
				input(ids),
			);
			expect(result.error).toBeUndefined();
			const workflowCalls = (spy: jest.SpyInstance) =>
				spy.mock.calls.filter((args) => args[1] === 'workflow');
			// n8n searches the whole list for every key it removes: a run's confirmations must not be removals.
			const removed = workflowCalls(removals).flatMap((args) => args[0] as string[]);
			expect(removed.filter((key) => !/^(mark|gone|ask-all|all|ask-marked):/.test(key))).toEqual(
				[],
			);
			// The questions for the whole input and for each of its hundreds: 21 `ask-all:` taken back, each after
			// its `all:` (take-backs may be split between calls: a pair cut in two must leave the question).
			const questions = removed.filter((key) => key.startsWith('ask-all:'));
			expect(new Set(questions).size).toBe(21);
			for (const question of questions) {
				const record = removed.indexOf(question.replace(/^ask-all:/, 'all:'));
				expect(record).toBeGreaterThanOrEqual(0);
				expect(record).toBeLessThan(removed.indexOf(question));
			}
			const confirmed = workflowCalls(records)
				.flatMap((args) => args[0] as string[])
				.filter((key) => key.startsWith('done:'));
			expect(new Set(confirmed).size).toBe(2000);
			// Two look-up chunks, then calls of RECORD_BATCH confirmations or RECORD_EVERY_MS.
			expect(workflowCalls(records).length).toBeLessThan(40);
		} finally {
			records.mockRestore();
			removals.mockRestore();
		}
		// The input confirmed in full and `marked:`, 19 checkpoints (every hundred but the one that completed the
		// input) and 20 marks.
		expect(store.size()).toBe(4041);
		emulator.clearRequests();
		await runTrackfinity(emulator, { ...PARAMS, options: ON }, input(ids));
		expect(updateRequests(emulator)).toHaveLength(0);
	});

	it('a removal that an overlapping call undid is found by the closing call and written again', async () => {
		const ids = Array.from({ length: 200 }, (_, i) => String(6000 + i));
		await emulator.close();
		emulator = await startTrackfinityEmulator({ seed: seedWith(ids) });
		// An unknown customer is refused (404), so neither the input nor its first hundred is confirmed in full:
		// the re-run asks about each update of that hundred.
		const items = input(['424242', ...ids]);
		const refused = { onError: 'continueRegularOutput' as const };
		await runTrackfinity(emulator, { ...PARAMS, options: ON }, items, refused);
		expect(updateRequests(emulator)).toHaveLength(201);
		const original = store.removeProcessed.bind(store);
		let undone = 0;
		// The removal that takes back the re-run's `ask:` records is undone, as by a call that read the list
		// before it and wrote it back after (a lock broken while its holder still wrote). Left so, the next
		// run would not trust any `done:` and would send all 200 again.
		const spy = jest.spyOn(store, 'removeProcessed').mockImplementation(async (...args) => {
			const asks = args[1] === 'workflow' && args[0].some((key) => String(key).startsWith('ask:'));
			const before = store.lists.get('test|');
			const snapshot = before ? [...before] : undefined;
			await original(...args);
			if (asks && undone === 0 && snapshot) {
				store.lists.set('test|', snapshot);
				undone += 1;
			}
		});
		try {
			emulator.clearRequests();
			const again = await runTrackfinity(emulator, { ...PARAMS, options: ON }, items, refused);
			const statuses = again.outputs('Trackfinity')[0].map((i) => i.json.status ?? 'error');
			expect(statuses).toEqual(['error', ...ids.map(() => 'skipped')]);
		} finally {
			spy.mockRestore();
		}
		expect(undone).toBe(1);
		expect(store.size()).toBe(406);
		emulator.clearRequests();
		const third = await runTrackfinity(emulator, { ...PARAMS, options: ON }, items, refused);
		expect(
			third
				.outputs('Trackfinity')[0]
				.slice(1)
				.every((i) => i.json.status === 'skipped'),
		).toBe(true);
		// Only the refused one again.
		expect(updateRequests(emulator)).toHaveLength(1);
	});

	it('executions running in one process share their store calls: ten at once take the lock a few times', async () => {
		const ids = Array.from({ length: 200 }, (_, i) => String(4000 + i));
		await emulator.close();
		emulator = await startTrackfinityEmulator({ seed: seedWith(ids) });
		emulator.setKnobs({ latencyMs: 5 });
		store.lagMs = 2;
		const holds = jest.spyOn(store, 'clearAllProcessedItems');
		try {
			const parts = Array.from({ length: 10 }, (_, k) => ids.slice(k * 20, k * 20 + 20));
			const runs = await Promise.all(
				parts.map((part) => runTrackfinity(emulator, { ...PARAMS, options: ON }, input(part))),
			);
			for (const run of runs) expect(run.error).toBeUndefined();
			// Each release of the lock ends one hold: the checks of all ten together, confirmations, the closing call, the marks' removal.
			expect(holds.mock.calls.filter(([scope]) => scope === 'node').length).toBeLessThan(10);
		} finally {
			holds.mockRestore();
		}
		expect(updateRequests(emulator)).toHaveLength(200);
		expect(store.size()).toBe(430);
		emulator.clearRequests();
		const again = await runTrackfinity(emulator, { ...PARAMS, options: ON }, input(ids));
		expect(again.outputs('Trackfinity')[0].every((i) => i.json.status === 'skipped')).toBe(true);
		expect(updateRequests(emulator)).toHaveLength(0);
	});

	it('another run key, other values, or the second of two identical items are updates of their own', async () => {
		await runTrackfinity(emulator, { ...PARAMS, options: ON }, input(IDS.slice(0, 5)));
		emulator.clearRequests();
		await runTrackfinity(
			emulator,
			{ ...PARAMS, options: { ...ON, runKey: 'nightly 2026-12-03' } },
			input(IDS.slice(0, 5)),
		);
		expect(updateRequests(emulator)).toHaveLength(5);

		emulator.clearRequests();
		const changed = input(IDS.slice(0, 5)).map((i, n) =>
			n === 2 ? { json: { ...i.json, city: 'Elsewhere' } } : i,
		);
		const third = await runTrackfinity(emulator, { ...PARAMS, options: ON }, changed);
		expect(third.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual([
			'skipped',
			'skipped',
			'updated',
			'skipped',
			'skipped',
		]);

		emulator.clearRequests();
		const twice = [...input(IDS.slice(10, 11)), ...input(IDS.slice(10, 11))];
		const first = await runTrackfinity(emulator, { ...PARAMS, options: ON }, twice);
		expect(first.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual([
			'updated',
			'updated',
		]);
		const second = await runTrackfinity(emulator, { ...PARAMS, options: ON }, twice);
		expect(second.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual([
			'skipped',
			'skipped',
		]);
		expect(updateRequests(emulator)).toHaveLength(2);
	});

	it('an update whose answer was lost is sent again on the next run; the confirmed ones are skipped', async () => {
		// The provider applies the 4th request and the connection breaks before the answer.
		let seen = 0;
		emulator.setKnobs({ fault: { mode: 'reset-after-apply', count: 1, when: () => ++seen === 4 } });
		const options = { ...ON, maxRetries: 0, concurrency: 1 };
		const first = await runTrackfinity(emulator, { ...PARAMS, options }, input(IDS.slice(0, 6)), {
			onError: 'continueRegularOutput',
		});
		const statuses = first.outputs('Trackfinity')[0].map((i) => i.json.status ?? 'error');
		expect(statuses.filter((s) => s === 'error')).toHaveLength(1);

		emulator.clearRequests();
		emulator.resetKnobs();
		const again = await runTrackfinity(emulator, { ...PARAMS, options }, input(IDS.slice(0, 6)));
		const failedAt = statuses.indexOf('error');
		expect(again.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual(
			statuses.map((s) => (s === 'error' ? 'updated' : 'skipped')),
		);
		expect(
			updateRequests(emulator).map((r) => new URLSearchParams(r.text).get('customer_id')),
		).toEqual([IDS[failedAt]]);
	});

	it('a look-up whose question for `done:` fails in its call asks it again in a call of its own', async () => {
		let seen = 0;
		emulator.setKnobs({ fault: { mode: 'reset-after-apply', count: 1, when: () => ++seen === 2 } });
		const options = { ...ON, maxRetries: 0, concurrency: 1 };
		await runTrackfinity(emulator, { ...PARAMS, options }, input(IDS.slice(0, 4)), {
			onError: 'continueRegularOutput',
		});
		emulator.clearRequests();
		emulator.resetKnobs();
		// The write that asks for `done:` fails three times (every retry within the look-up's call), then works.
		const original = store.checkProcessedAndRecord.bind(store);
		let failures = 0;
		const flaky = jest
			.spyOn(store, 'checkProcessedAndRecord')
			.mockImplementation(async (...args) => {
				if (args[0].some((key) => String(key).startsWith('ask:')) && failures < 3) {
					failures += 1;
					throw new Error('Connection terminated unexpectedly');
				}
				return await original(...args);
			});
		try {
			const again = await runTrackfinity(emulator, { ...PARAMS, options }, input(IDS.slice(0, 4)));
			expect(failures).toBe(3);
			expect(again.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual([
				'skipped',
				'updated',
				'skipped',
				'skipped',
			]);
			expect(
				updateRequests(emulator).map((r) => new URLSearchParams(r.text).get('customer_id')),
			).toEqual([IDS[1]]);
		} finally {
			flaky.mockRestore();
		}
	});

	it('an update the provider refused is forgotten, so the next run sends it again', async () => {
		const ids = ['1000', '424242', '1001'];
		const first = await runTrackfinity(emulator, { ...PARAMS, options: ON }, input(ids), {
			onError: 'continueRegularOutput',
		});
		expect(first.outputs('Trackfinity')[0][1].json.error).toMatch(/404|not found/i);
		emulator.clearRequests();
		await runTrackfinity(emulator, { ...PARAMS, options: ON }, input(ids), {
			onError: 'continueRegularOutput',
		});
		expect(
			updateRequests(emulator).map((r) => new URLSearchParams(r.text).get('customer_id')),
		).toEqual(['424242']);
	});

	it(
		'breaks a lock an execution left behind when it died, after LOCK_BREAK_MS',
		async () => {
			// The lock list as a killed worker leaves it: n8n stores the md5 of the lock entry.
			store.lists.set('test|n:node-under-test', [
				createHash('md5').update('customer-update-lock').digest('base64'),
			]);
			const started = Date.now();
			const result = await runTrackfinity(
				emulator,
				{ ...PARAMS, options: ON },
				input(IDS.slice(0, 2)),
			);
			expect(result.error).toBeUndefined();
			expect(Date.now() - started).toBeGreaterThanOrEqual(LOCK_BREAK_MS);
			expect(result.outputs('Trackfinity')[0].map((i) => i.json.status)).toEqual([
				'updated',
				'updated',
			]);
			expect(store.lists.has('test|n:node-under-test')).toBe(false);
		},
		LOCK_BREAK_MS + 20000,
	);

	it(
		"keeps every record when ten worker processes break a dead worker's lock at the same time",
		async () => {
			// A killed worker left the lock; every process waiting on it breaks it at about the same moment, and
			// their calls overlap: each one's writes are checked and written again when another call undid them.
			separateStoreCallsPerExecution(true);
			const ids = Array.from({ length: 100 }, (_, i) => String(2000 + i));
			await emulator.close();
			emulator = await startTrackfinityEmulator({ seed: seedWith(ids) });
			emulator.setKnobs({ latencyMs: 20 });
			store.lists.set('test|n:node-under-test', [
				createHash('md5').update('customer-update-lock').digest('base64'),
			]);
			store.lagMs = 15;
			const parts = Array.from({ length: 10 }, (_, k) => ids.slice(k * 10, k * 10 + 10));
			const runs = await Promise.all(
				parts.map((part) =>
					runTrackfinity(emulator, { ...PARAMS, options: { ...ON, concurrency: 3 } }, input(part)),
				),
			);
			for (const run of runs) expect(run.error).toBeUndefined();
			store.lagMs = 0;
			expect(store.size()).toBe(230);
			emulator.clearRequests();
			await runTrackfinity(emulator, { ...PARAMS, options: ON }, input(ids));
			expect(updateRequests(emulator)).toHaveLength(0);
		},
		LOCK_BREAK_MS + 60000,
	);

	it('keeps every record when three worker processes write to the store at the same time', async () => {
		// Each store call reads the whole list, pauses, and writes it back: without the lock, about half the records were lost.
		separateStoreCallsPerExecution(true);
		store.lagMs = 3;
		const halves = [IDS.slice(0, 7), IDS.slice(7, 14), IDS.slice(14)];
		const runs = await Promise.all(
			halves.map((ids) => runTrackfinity(emulator, { ...PARAMS, options: ON }, input(ids))),
		);
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(store.size()).toBe(49);
		store.lagMs = 0;
		emulator.clearRequests();
		await runTrackfinity(emulator, { ...PARAMS, options: ON }, input());
		expect(updateRequests(emulator)).toHaveLength(0);
	});
});

/** The Client Toolbox emulator's seed with a customer of balance 0 for each of `codes`. */
function seedWithCodes(codes: string[]) {
	const seed = clientToolboxSeed();
	for (const [i, code] of codes.entries()) {
		seed.accounts.greatwidgets.customers.push({
			code,
			card_number: String(8000000000 + i),
			first_name: 'F',
			last_name: 'L',
			balance: 0,
			custom_fields: {},
		});
	}
	return seed;
}

describe('Skip Updates Already Applied with calls that add (Client Toolbox auto_add)', () => {
	const store = deduplicationStore();
	let emulator: ClientToolboxEmulator;
	const customers = [JOHN, ANN, CORA];
	const items = customers.map((c) => ({ json: { code: c.code } }));
	const params = (options: object) => ({
		matchBy: 'code',
		code: '={{ $json.code }}',
		updateFields: { auto_add: '25' },
		options: { ...ON, maxRetries: 0, concurrency: 1, ...options },
	});
	const balances = () => customers.map((c) => emulator.customer(ACCOUNT, c.code).balance);

	beforeEach(async () => {
		store.reset();
		forgetConfirmedInputs();
		emulator = await startClientToolboxEmulator();
	});

	afterEach(async () => {
		separateStoreCallsPerExecution(false);
		await emulator.close();
	});

	it('an add whose answer was lost is never sent again: the item fails asking to check the provider', async () => {
		const before = balances();
		let edits = 0;
		emulator.setKnobs({
			fault: {
				mode: 'reset-after-apply',
				count: 1,
				when: (r: { text: string; body: Buffer; headers: Record<string, string> }) =>
					sentFields(r).type === 'record_customer' && ++edits === 2,
			},
		});
		const first = await runClientToolbox(emulator, params({}), items, {
			onError: 'continueRegularOutput',
		});
		const out = first.outputs('Client Toolbox')[0];
		expect(out[1].json.error).toBeDefined();
		expect(balances()).toEqual(before.map((b: number) => b + 25));
		// rec: for the three adds, done: for the two confirmed ones, not for the one whose answer was lost, and
		// the mark of their hundred.
		expect(store.size()).toBe(7);

		emulator.resetKnobs();
		emulator.clearRequests();
		const again = await runClientToolbox(emulator, params({}), items, {
			onError: 'continueRegularOutput',
		});
		const second = again.outputs('Client Toolbox')[0].map((i) => i.json);
		expect(second[0]).toMatchObject({ status: 'skipped' });
		expect(second[2]).toMatchObject({ status: 'skipped' });
		expect(second[1].error).toMatch(/may already have been applied/);
		expect(second[1].description).toMatch(/Check the customer in the provider/);
		expect(emulator.requests.filter((r) => sentFields(r).type === 'record_customer')).toHaveLength(
			0,
		);
		expect(balances()).toEqual(before.map((b: number) => b + 25));

		// Stopping on the error is the default: the run fails with the same words, nothing sent.
		const stopped = await runClientToolbox(emulator, params({}), items);
		expect(stopped.error?.message).toMatch(/may already have been applied/);
		expect(balances()).toEqual(before.map((b: number) => b + 25));
	});

	it('the look-up records the first wave of adds: they go out without a store call of their own', async () => {
		const recordCallsAtSend: number[] = [];
		emulator.setKnobs({
			fault: {
				mode: 'reset-after-apply',
				count: 1,
				when: (r: { text: string; body: Buffer; headers: Record<string, string> }) => {
					if (sentFields(r).type === 'record_customer') recordCallsAtSend.push(store.recordCalls);
					return false;
				},
			},
		});
		const run = await runClientToolbox(emulator, params({ concurrency: 3 }), items);
		expect(run.error).toBeUndefined();
		// One call: the look-up, which kept `rec:` of all three (one wave at Concurrency 3); what it takes back
		// (the question for the whole input) goes with a later call.
		expect(recordCallsAtSend).toEqual([1, 1, 1]);
		expect(store.size()).toBe(9);
	});

	it('the look-up takes back at once the adds it does not send first: a dead worker leaves only those asking to check', async () => {
		// Only the look-up reaches the store (its recording and its removal), as when the worker dies right after
		// it; the first add's request never reaches the provider either.
		emulator.setKnobs({ fault: { mode: 'reset', count: 3 } });
		const record = store.checkProcessedAndRecord.bind(store);
		const remove = store.removeProcessed.bind(store);
		let recordCalls = 0;
		const records = jest
			.spyOn(store, 'checkProcessedAndRecord')
			.mockImplementation(async (...args) => {
				if (args[1] === 'workflow' && ++recordCalls > 1) throw new Error('worker gone');
				return await record(...args);
			});
		const removals = jest.spyOn(store, 'removeProcessed').mockImplementation(async (...args) => {
			if (args[1] === 'workflow' && recordCalls > 1) throw new Error('worker gone');
			return await remove(...args);
		});
		try {
			await runClientToolbox(emulator, params({}), items, { onError: 'continueRegularOutput' });
		} finally {
			records.mockRestore();
			removals.mockRestore();
		}
		emulator.resetKnobs();
		emulator.clearRequests();
		const before = balances();
		const again = await runClientToolbox(emulator, params({}), items, {
			onError: 'continueRegularOutput',
		});
		// The first wave (one add at Concurrency 1) was recorded to go out: it asks to check the provider.
		const out = again.outputs('Client Toolbox')[0].map((i) => i.json);
		expect(out[0].error).toMatch(/may already have been applied/);
		expect(out.slice(1).map((json) => json.status)).toEqual(['updated', 'updated']);
		expect(balances()).toEqual([before[0], before[1] + 25, before[2] + 25]);
	});

	it('an add beyond the marks found still gets its question: a run of a version without marks may have sent it', async () => {
		const codes = Array.from({ length: 1000 }, (_, i) => String(6000000000000000 + i));
		await emulator.close();
		emulator = await startClientToolboxEmulator({ seed: seedWithCodes(codes) });
		separateStoreCallsPerExecution(true);
		const many = codes.map((code) => ({ json: { code } }));
		const balancesNow = () => codes.map((code) => emulator.customer(ACCOUNT, code).balance);
		// This version stops at the 231st add (not applied), its hundreds marked up to 500 or 600.
		let edits = 0;
		emulator.setKnobs({
			fault: {
				mode: 'reset',
				count: 1,
				when: (r: { text: string; body: Buffer; headers: Record<string, string> }) =>
					sentFields(r).type === 'record_customer' && edits++ === 230,
			},
		});
		expect((await runClientToolbox(emulator, params({}), many)).error).toBeDefined();
		emulator.resetKnobs();
		// A version without marks sends all the others. It refuses the 231st and the adds recorded to go out
		// after it (fewer than two waves, a wave at most 8 × Concurrency): they may have been applied.
		await asVersionWithoutMarks(
			async () =>
				await runClientToolbox(emulator, params({}), many, { onError: 'continueRegularOutput' }),
		);
		const applied = balancesNow();
		const sentOnce = applied.filter((b: number) => b === 25).length;
		expect(sentOnce).toBeGreaterThan(1000 - 2 * 8);
		expect(sentOnce).toBeLessThan(1000);
		// This version again: the marks say nothing was sent beyond 600, but every add there was.
		emulator.clearRequests();
		const again = await runClientToolbox(emulator, params({}), many, {
			onError: 'continueRegularOutput',
		});
		expect(balancesNow()).toEqual(applied);
		expect(
			again.outputs('Client Toolbox')[0].filter((i) => i.json.status === 'skipped'),
		).toHaveLength(sentOnce);
	});

	it('a lone execution of many adds records them in growing waves: a store call for many adds, not for each few', async () => {
		const codes = Array.from({ length: 600 }, (_, i) => String(6100000000000000 + i));
		await emulator.close();
		emulator = await startClientToolboxEmulator({ seed: seedWithCodes(codes) });
		store.lagMs = 5;
		const run = await runClientToolbox(
			emulator,
			params({ concurrency: 5 }),
			codes.map((code) => ({ json: { code } })),
		);
		store.lagMs = 0;
		expect(run.error).toBeUndefined();
		expect(codes.map((code) => emulator.customer(ACCOUNT, code).balance)).toEqual(
			codes.map(() => 25),
		);
		// Waves of 5 asked for a call every few adds (over 70 here); grown to 40, about one per 40 adds.
		expect(store.recordCalls).toBeLessThan(40);
	});

	it('adds are recorded before they go out, a wave per store call; a confirmed add keeps two records', async () => {
		const before = balances();
		const first = await runClientToolbox(emulator, params({ concurrency: 3 }), items);
		expect(first.error).toBeUndefined();
		expect(balances()).toEqual(before.map((b: number) => b + 25));
		expect(store.size()).toBe(9);
		emulator.clearRequests();
		const again = await runClientToolbox(emulator, params({ concurrency: 3 }), items);
		expect(again.outputs('Client Toolbox')[0].map((i) => i.json.status)).toEqual([
			'skipped',
			'skipped',
			'skipped',
		]);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Skip Updates Already Applied: the largest run it covers', () => {
	it(`keeps every record of a run of ${RESUME_MAX_ITEMS} updates whose re-run asks about each of them`, async () => {
		deduplicationStore().reset();
		const prepared = new Array<PreparedRequest>(RESUME_MAX_ITEMS).fill({
			request: { method: 'PATCH', url: 'https://example.test/api/customer/set_customer_details' },
			mayCreate: false,
			context: {},
		} as unknown as PreparedRequest);
		/** One execution of the whole input, the first update of each hundred never confirmed; returns the updates it sent. */
		const run = async (): Promise<number> => {
			const ledger = openResumeLedger(
				storeExecution('wf-large', 'node-large', 'Trackfinity'),
				'trackfinity',
				prepared,
				ON,
				10,
			);
			if (!ledger) throw new Error('the option is on');
			let sent = 0;
			for (let i = 0; i < prepared.length; i++) {
				if ((await ledger.before(i))?.skipped) continue;
				sent += 1;
				await ledger.after(i, i % 100 === 0 ? new Error('socket hang up') : undefined);
			}
			expect(await ledger.finish()).toBe(true);
			return sent;
		};
		expect(await run()).toBe(RESUME_MAX_ITEMS);
		// No hundred was confirmed in full, so no checkpoint: the re-run asks about every update (`ask:` beside
		// `done:`), and holds three records for each until it takes `ask:` back. The store must not drop the
		// oldest of them, the first run's `rec:`, or the next run would take those updates for new ones.
		expect(await run()).toBe(RESUME_MAX_ITEMS / 100);
		expect(await run()).toBe(RESUME_MAX_ITEMS / 100);
	}, 120000);

	it(`refuses, before anything is sent, an input of more than ${RESUME_MAX_ITEMS} items`, () => {
		const node = {
			name: 'Trackfinity',
			type: 'n8n-nodes-customer-update.trackfinity',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const ctx = { getNode: () => node } as unknown as IExecuteFunctions;
		const prepared = {
			request: { method: 'POST', url: 'https://example.test/update' },
			mayCreate: false,
			context: {},
		} as unknown as PreparedRequest;
		expect(
			openResumeLedger(ctx, 'trackfinity', new Array(RESUME_MAX_ITEMS).fill(prepared), {
				runKey: ON.runKey,
			}),
		).toBeDefined();
		expect(() =>
			openResumeLedger(ctx, 'trackfinity', new Array(RESUME_MAX_ITEMS + 1).fill(prepared), {
				runKey: ON.runKey,
			}),
		).toThrow(
			`covers at most ${RESUME_MAX_ITEMS.toLocaleString('en-US')} items per execution; this one has ${(RESUME_MAX_ITEMS + 1).toLocaleString('en-US')}`,
		);
	});
});
