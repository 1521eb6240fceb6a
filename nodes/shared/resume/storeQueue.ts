import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { forgetConfirmedInputs } from './confirmedInputs';
import {
	handOver,
	lock,
	LOCK_KEEP_MS,
	LOCK_SHARE_MS,
	othersWait,
	token,
	underLock,
	unlock,
	withStoreRetries,
} from './lock';

/** Records the store keeps per workflow (it drops the oldest beyond this). */
export const RESUME_MAX_ENTRIES = 100000;
const STORE_OPTIONS = { mode: 'entries' as const, maxEntries: RESUME_MAX_ENTRIES };
/**
 * Confirmations wait this long at most before their store call (RECORD_BATCH of them go sooner). Every 100 ms,
 * twenty executions kept the lock busy and a run with the option on reached only 0.49× the speed of the same
 * run without it (queue mode, 4,000 updates); what a dead worker loses is bounded by MAX_UNRECORDED, not by time.
 */
export const RECORD_EVERY_MS = 2000;
/**
 * This many waiting confirmations (of all executions of the node in this process) go out without waiting for
 * RECORD_EVERY_MS. A call reads and writes the whole list, which a workflow's earlier runs fill up to
 * RESUME_MAX_ENTRIES: each call then cost the worker and PostgreSQL about 0.1 CPU s, and calls of 600 (a
 * second apart) left a run at 20,000 updates 0.65–0.75× as fast as without the option where calls of 1,200
 * (two seconds apart) reached 0.81–0.85× (queue mode, 2.41.1, 2 cores). The margin to MAX_UNRECORDED is what
 * arrives while the call waits for the lock and runs.
 */
export const RECORD_BATCH = 1200;
/**
 * Confirmations not yet in the store, at most, per workflow node and process: beyond this a lane waits for
 * the store before it takes its next item, so a slow or stuck store cannot widen what a dead worker's run
 * sends twice (its requests in flight and these).
 */
export const MAX_UNRECORDED = 2000;
const FLUSH_POLL_MS = 10;
/**
 * Removals go with one call in this long at most (the closing call carries all that wait), up to
 * REMOVALS_PER_CALL: a removal half reads and rewrites the whole list once more, and a resumed run's calls for
 * waves of adds come every few tens of milliseconds. n8n searches its whole list for each key removed, in the
 * worker's event loop (≈ 0.5 ms a key at 100,000 records), so thousands of them go out a share at a time.
 */
const REMOVE_EVERY_MS = 1000;
const REMOVALS_PER_CALL = 1000;
/**
 * What a look-up takes back waits for the next call while another look-up is already asked for, here or in
 * another process, up to this long: a removal half reads and rewrites the list once more and searches it for
 * every key, and a look-up asked meanwhile (another execution's, or the other worker's) waited for it. In a
 * resumed run each look-up's removal half (59–178 adds taken back, 36–128 ms) held up the next one before the
 * batches with work sent their first request (queue mode, 4,000 updates). Meanwhile, those adds read "may
 * have been sent" to a run after a dead worker, as they do between a look-up's write and its removal.
 */
const LOOKUP_CARRY_MS = 1000;
/** Write marks waiting to be removed before one removal call takes them all (they are only bookkeeping). */
const MARKS_PER_CLEANUP = 16;
/** Times the closing check repairs this execution's records before it gives up and warns. */
const FINISH_ATTEMPTS = 3;

/** Puts `keys` in `into` and takes them out of `from`: of a record and a removal of one key, the later wins. */
function moveInto(keys: Iterable<string>, into: Set<string>, from: Set<string>): void {
	for (const key of keys) {
		from.delete(key);
		into.add(key);
	}
}

/**
 * Keys to look up in one call; `takeBack` gets those that were there (or that the same call records for
 * another execution) and returns which keys to remove again: in the same locked call, or with a later one
 * when `later`.
 */
export interface CheckGroup {
	keys: string[];
	takeBack: (seen: Set<string>) => string[];
	/**
	 * What it takes back may wait for a later call nobody waits for: left a while, it only reads "in flight".
	 * Not so for an add's `rec:` the look-up takes back, which a dead worker would leave asking to check the
	 * provider although the add was never sent: it goes with this call, or with the next while another
	 * look-up waits for it (LOOKUP_CARRY_MS).
	 */
	later?: boolean;
	/**
	 * A question that depends on this one's answer, asked once `takeBack` has run: in a second write of the
	 * same call, under the same lock hold, so that it needs no lock of its own (a look-up's question for
	 * `done:` of the updates it found recorded). Its take-backs wait like `later` ones, and its own follow-up
	 * goes in one more write. When that write fails, its `takeBack` is never called and the asker asks again
	 * in a call of its own.
	 */
	followUp?: () => CheckGroup | undefined;
}

/**
 * Asked as each call goes out, once the lock is held: records an execution wants in that call (the `rec:` of
 * its next adds), given the promise the call settles. So a call that one execution needs for its next wave also
 * carries the next waves of every other execution running here, and their lanes need no call of their own for
 * a while: a resumed run's executions each asking for their own wave kept the store busy without a pause
 * (49 calls in 4.5 s, queue mode, 4,000 updates), its reads and rewrites of the whole list using the CPU the
 * requests need.
 */
export type TopUp = (settled: Promise<void>) => string[];

/** Records, removals and checks that go to the store in one call; `settled` once that call is done. */
class Batch {
	readonly records = new Set<string>();
	readonly removals = new Set<string>();
	readonly checks: CheckGroup[] = [];
	/** Someone waits for this batch (a check, an add about to be sent, an execution ending): no reason to wait for more. */
	urgent = false;
	/** A call is wanted for what the top-ups add when it goes out, even if nothing else is in it yet. */
	wanted = false;
	/** An execution ends: the call goes out even when empty, to verify the write before it. */
	closing = false;
	/** Confirmations in it that no lane waits for. */
	unawaited = 0;
	readonly since = Date.now();
	readonly settled: Promise<void>;
	resolve!: () => void;
	reject!: (error: unknown) => void;

	constructor() {
		this.settled = new Promise<void>((resolve, reject) => {
			this.resolve = resolve;
			this.reject = reject;
		});
		// A batch nobody waits for may fail; its failure is reported by `finish`.
		this.settled.catch(() => undefined);
	}

	get size(): number {
		return this.records.size + this.removals.size + this.checks.length;
	}

	/** Worth a call once due. */
	get pending(): boolean {
		return this.size > 0 || this.closing || this.wanted;
	}
}

/** One store call: what it records, asks and removes. */
interface Call {
	keys: string[];
	checks: CheckGroup[];
	removals: string[];
	/** A look-up before requests go out: what its checks take back goes with a later call. */
	lookUp: boolean;
}

/**
 * The store calls of one workflow node in this process, shared by all its executions running here (a
 * worker runs up to `--concurrency` of them): one call at a time, under the lock, carrying everything they
 * asked for until the lock was taken. Twenty executions each taking the lock for themselves queued on it:
 * a hand-over costs several database round trips, and their checks alone held up the first requests by
 * seconds (queue mode, 4,000 updates).
 *
 * A lock broken while its holder still writes (the holder died mid-call, or several processes broke the lock
 * of a dead worker at once) lets two calls overlap, and the later one writes back a list without the other's
 * records. So every call also records a fresh write mark and checks that the previous one is still there,
 * and that the removal mark its last removal took away is still gone: otherwise one of these writes was
 * undone, and everything recorded or removed is written again. An execution that ends asks for one more
 * call, which checks the last write before it.
 */
export class StoreQueue {
	private readonly members: IExecuteFunctions[] = [];
	private batch = new Batch();
	private pumping = false;
	private failure: unknown;
	/** Writes found undone in a row; a closing call after one checks the repair. */
	private undone = 0;
	/** Confirmations asked for and not yet in the store (lanes wait beyond MAX_UNRECORDED). */
	private unrecorded = 0;
	/** What was recorded and removed here: what a repair writes again. */
	private readonly held = new Set<string>();
	private readonly dropped = new Set<string>();
	private lastMark: string | undefined;
	/** Taken away by the last removal: found again, that removal was undone. */
	private removalMark: string | undefined;
	private readonly oldMarks: string[] = [];
	/** When a call last carried removals. */
	private removedAt = 0;
	private readonly topUps = new Set<TopUp>();
	/** Taken back by look-ups and carried to the next call: it removes them whether it is a look-up or not. */
	private readonly carried = new Set<string>();
	/** When the oldest key in `carried` was first carried. */
	private carriedSince: number | undefined;
	/**
	 * Another process was seen waiting since this process took the lock. Each read of the lock list is a
	 * database round trip under the lock, and on a worker still starting its executions one took 120–180 ms.
	 */
	private othersSeenWaiting = false;

	constructor(
		readonly id: string,
		private readonly onEmpty: (store: StoreQueue) => void,
	) {}

	/** The store helpers of an execution still running: every member's reach the same lists. */
	private get ctx(): IExecuteFunctions {
		return this.members[this.members.length - 1];
	}

	/** Executions of the node running here that share these calls. */
	get executions(): number {
		return this.members.length;
	}

	join(ctx: IExecuteFunctions): void {
		this.members.push(ctx);
	}

	/**
	 * Records `records` and removes `removals` in the next call, which waits up to RECORD_EVERY_MS or
	 * RECORD_BATCH of them: resolves at once unless too many are still unrecorded.
	 */
	async change(records: string[], removals: string[]): Promise<void> {
		const batch = this.batch;
		moveInto(records, batch.records, batch.removals);
		moveInto(removals, batch.removals, batch.records);
		batch.unawaited += 1;
		this.unrecorded += 1;
		void this.pump();
		if (this.unrecorded > MAX_UNRECORDED) await this.soon(batch);
	}

	/** Adds `topUp` to every call from now on; returns what stops it. */
	addTopUp(topUp: TopUp): () => void {
		this.topUps.add(topUp);
		return () => this.topUps.delete(topUp);
	}

	/** A call soon, for what the top-ups add to it; resolves once it is in the store. */
	async need(): Promise<void> {
		this.batch.wanted = true;
		await this.soon(this.batch);
	}

	/** Looks up `group.keys` (recording them) and removes what `group.takeBack` says (see CheckGroup). */
	async check(group: CheckGroup): Promise<void> {
		this.batch.checks.push(group);
		await this.soon(this.batch);
	}

	/** Someone waits for `batch`: it goes out without waiting for more; resolves once it is in the store. */
	private async soon(batch: Batch): Promise<void> {
		batch.urgent = true;
		void this.pump();
		await batch.settled;
	}

	/**
	 * An execution ends. While others of the node still run here, they carry its changes out with theirs
	 * (waiting for that call cost each execution a lock hand-over at its end). The last one to leave sends
	 * what waits, has a call after it check that nothing was undone, and removes the write marks. True when
	 * every write so far is in the store.
	 */
	async finish(ctx: IExecuteFunctions): Promise<boolean> {
		if (this.members.length > 1) {
			this.members.splice(this.members.indexOf(ctx), 1);
			return this.failure === undefined;
		}
		for (let calls = 1; ; calls++) {
			this.batch.closing = true;
			await this.soon(this.batch).catch(() => undefined);
			// A write found undone was repaired, or the closing call removed what look-ups took back: the next
			// call tells whether that held.
			const unchecked = this.undone > 0 || this.removalMark !== undefined;
			if (this.failure !== undefined || !unchecked || calls >= FINISH_ATTEMPTS) break;
		}
		const intact = this.failure === undefined && this.undone === 0;
		this.members.splice(this.members.indexOf(ctx), 1);
		if (this.members.length === 0) {
			this.onEmpty(this);
			if (intact && this.lastMark !== undefined) await this.removeMarks(ctx);
		}
		return intact;
	}

	/** Only bookkeeping: one left behind costs a record, nothing else. */
	private async removeMarks(ctx: IExecuteFunctions): Promise<void> {
		const marks = [...this.oldMarks.splice(0), this.lastMark as string];
		this.lastMark = undefined;
		await underLock(
			ctx,
			async () => await ctx.helpers.removeProcessed(marks, 'workflow', STORE_OPTIONS),
		).catch(() => undefined);
	}

	/** Whether the waiting batch is worth a store call now. */
	private due(): boolean {
		const batch = this.batch;
		return (
			batch.urgent || batch.unawaited >= RECORD_BATCH || Date.now() - batch.since >= RECORD_EVERY_MS
		);
	}

	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		let lockedAt: number | undefined;
		let ctx = this.ctx;
		try {
			while (this.batch.pending && this.members.length) {
				while (!this.due()) await sleep(FLUSH_POLL_MS);
				ctx = this.ctx;
				lockedAt ??= await this.lockOrFail(ctx);
				await this.carry(ctx, lockedAt !== undefined);
				// A call already due goes out under the same lock: each hand-over costs database round trips,
				// and a resumed run's waves of adds and look-ups queued behind them (queue mode, 2.41.1). Once
				// held LOCK_SHARE_MS, not while another process waits for it: that one goes next, and this one
				// asks again only once it took the lock (the follow-up questions of the executions a call
				// answered often arrive just after the call, and asking at once won the lock back every time).
				if (lockedAt === undefined) continue;
				const keep = this.keepsLock(lockedAt);
				if (keep && Date.now() - lockedAt < LOCK_SHARE_MS) continue;
				const others = await this.othersWaiting(ctx);
				if (keep && !others) continue;
				lockedAt = undefined;
				await this.release(ctx);
				if (others) await handOver(ctx);
			}
		} finally {
			if (lockedAt !== undefined) await this.release(ctx);
			this.pumping = false;
		}
	}

	private async lockOrFail(ctx: IExecuteFunctions): Promise<number | undefined> {
		try {
			await lock(ctx);
			this.othersSeenWaiting = false;
			return Date.now();
		} catch (error) {
			this.failure = error;
			return undefined;
		}
	}

	private async release(ctx: IExecuteFunctions): Promise<void> {
		try {
			await unlock(ctx);
		} catch (error) {
			// Left behind, the lock is broken by the next holder after LOCK_BREAK_MS.
			this.failure = error;
		}
	}

	/** Whether the next call follows under the lock held since `lockedAt`: it is due already, and the hold was short. */
	private keepsLock(lockedAt: number): boolean {
		return (
			this.failure === undefined &&
			this.members.length > 0 &&
			this.batch.pending &&
			this.due() &&
			Date.now() - lockedAt < LOCK_KEEP_MS
		);
	}

	/** Writes the next batch (`locked`: under the lock) and settles it. */
	private async carry(ctx: IExecuteFunctions, locked: boolean): Promise<void> {
		// Taken once the lock is held: whatever arrived while waiting for it rides along.
		const batch = this.batch;
		this.batch = new Batch();
		for (const topUp of this.topUps) moveInto(topUp(batch.settled), batch.records, batch.removals);
		if (!batch.size && !batch.closing) {
			// The top-ups had nothing left to add: an earlier call carried it.
			this.unrecorded -= batch.unawaited;
			batch.resolve();
			return;
		}
		const lookUp = batch.checks.length > 0 && !batch.closing;
		const carried: string[] = [];
		const pending: string[] = [];
		for (const key of batch.removals) (this.carried.has(key) ? carried : pending).push(key);
		this.carried.clear();
		const others = pending.slice(0, this.removalLimit(batch, lookUp));
		if (others.length) this.removedAt = Date.now();
		this.defer(pending.slice(others.length));
		const removals = [...carried, ...others];
		try {
			if (!locked) throw this.failure;
			const call = { keys: [...batch.records], removals, checks: batch.checks, lookUp };
			const intact = await withStoreRetries(
				async () => await this.write(ctx, call, () => batch.resolve()),
			);
			this.undone = intact ? 0 : this.undone + 1;
			// A repair is checked by the next call; after FINISH_ATTEMPTS in a row the store counts as lost.
			if (!intact && this.undone < FINISH_ATTEMPTS) this.batch.closing = true;
			batch.resolve();
		} catch (error) {
			// Lanes waiting for this batch fail their item; the others learn it from `finish`.
			this.failure = error;
			batch.reject(error);
		} finally {
			this.unrecorded -= batch.unawaited;
		}
	}

	/** Removals a call carries: all when closing, none in a look-up, else a share at most every REMOVE_EVERY_MS. */
	private removalLimit(batch: Batch, lookUp: boolean): number {
		if (batch.closing) return Infinity;
		if (lookUp || Date.now() - this.removedAt < REMOVE_EVERY_MS) return 0;
		return REMOVALS_PER_CALL;
	}

	/**
	 * Removals for the next call that is not a look-up. A removal is the costly half of a write (n8n reads and
	 * rewrites the whole list again and searches it for every key), and what a look-up's questions take back
	 * only keeps a record too many meanwhile (`ask:` beside a `done:` reads "in flight"): a look-up then
	 * answers after one rewrite of the list instead of two. A key the next call records meanwhile stays.
	 */
	private defer(keys: Iterable<string>): void {
		for (const key of keys) if (!this.batch.records.has(key)) this.batch.removals.add(key);
	}

	/**
	 * One write under the lock: records the call's keys, the checks' keys and a new write mark, then removes
	 * the call's removals and what the checks take back. Returns false when the previous mark was gone or the
	 * previous removal mark back (an overlapping call undid a write or a removal), after writing everything again.
	 */
	private async write(ctx: IExecuteFunctions, call: Call, answered: () => void): Promise<boolean> {
		const mark = token('mark:');
		const previous = this.lastMark;
		const previousRemoval = this.removalMark;
		this.removalMark = undefined;
		const removes =
			call.removals.length > 0 || call.checks.some((group) => !group.later || !call.lookUp);
		const removalMark = removes ? token('gone:') : undefined;
		const marks = [mark, previous, previousRemoval, removalMark].filter(
			(m): m is string => m !== undefined,
		);
		const { seen, asked, found } = await this.recordAndAsk(ctx, call, marks);
		const recorded = new Set(call.keys);
		// Taken back whether it was there before or not (a check may undo what an earlier one left), never
		// what this same call records for another execution.
		const takeBack = (later: boolean) => [
			...new Set(
				call.checks
					.filter((group) => (call.lookUp && group.later === true) === later)
					.flatMap((group) => group.takeBack(seen))
					.filter((key) => !recorded.has(key)),
			),
		];
		const takenBack = takeBack(false);
		const deferred = takeBack(true);
		this.defer(deferred);
		const gone = new Set([...takenBack, ...deferred]);
		const keys = [...call.keys, ...asked.filter((key) => !found.has(key) && !gone.has(key))];
		const removals = [...call.removals, ...takenBack];
		moveInto(keys, this.held, this.dropped);
		moveInto(removals, this.dropped, this.held);
		// Recorded by this call whether it was there or not: it goes with the next removal of marks.
		if (previousRemoval) this.oldMarks.push(previousRemoval);
		let intact = await this.markWritten(
			ctx,
			mark,
			previous,
			(previous === undefined || found.has(previous)) &&
				(previousRemoval === undefined || !found.has(previousRemoval)),
		);
		if (intact) intact = await this.askFollowUps(ctx, call.checks);
		// What waits for this call (a look-up's answer, a wave of adds) is in the store: the removal half,
		// which only takes away what reads "in flight" meanwhile, goes on without keeping lanes waiting.
		answered();
		if (intact && call.lookUp && removals.length && (await this.lookUpWaits(ctx))) {
			this.carryRemovals(removals);
			// Recorded by this call: it goes with the next removal of marks.
			if (removalMark) this.oldMarks.push(removalMark);
			return intact;
		}
		this.carriedSince = undefined;
		const marksDue = removals.length > 0 || this.oldMarks.length >= MARKS_PER_CLEANUP;
		await this.removeAfterWrite(ctx, intact ? removals : [...this.dropped], removalMark, marksDue);
		return intact;
	}

	/**
	 * The follow-up questions of `checks`, in one more write before the lock is let go, and theirs in one more
	 * after it: a resumed run's executions each asked their question for `done:` in a call of its own, waiting
	 * for the lock again behind the other worker's calls (0.56 s in a traced run, queue mode, 4,000 updates).
	 * False when a write found the one before it undone (an overlapping call), after writing everything again.
	 * A write that fails leaves its questions unanswered: their askers ask again in a call of their own.
	 */
	private async askFollowUps(ctx: IExecuteFunctions, checks: CheckGroup[]): Promise<boolean> {
		let groups = checks.flatMap((group) => group.followUp?.() ?? []);
		while (groups.length) {
			const intact = await this.askOnce(ctx, groups);
			if (intact !== true) return intact !== false;
			groups = groups.flatMap((group) => group.followUp?.() ?? []);
		}
		return true;
	}

	/** One write of follow-up questions: undefined when it failed, else whether the write before it held. */
	private async askOnce(
		ctx: IExecuteFunctions,
		groups: CheckGroup[],
	): Promise<boolean | undefined> {
		const mark = token('mark:');
		const previous = this.lastMark as string;
		const call = { keys: [], removals: [], checks: groups, lookUp: true };
		let answer: Awaited<ReturnType<StoreQueue['recordAndAsk']>>;
		try {
			answer = await withStoreRetries(
				async () => await this.recordAndAsk(ctx, call, [mark, previous]),
			);
		} catch {
			return undefined;
		}
		const { seen, asked, found } = answer;
		const deferred = [...new Set(groups.flatMap((group) => group.takeBack(seen)))];
		this.defer(deferred);
		const gone = new Set(deferred);
		moveInto(
			asked.filter((key) => !found.has(key) && !gone.has(key)),
			this.held,
			this.dropped,
		);
		return await this.markWritten(ctx, mark, previous, found.has(previous));
	}

	/**
	 * A write recorded `mark`, which the next one checks: `previous` goes with the next removal of marks. When
	 * the write found an earlier one undone (`intact` false), everything recorded here is written again.
	 */
	private async markWritten(
		ctx: IExecuteFunctions,
		mark: string,
		previous: string | undefined,
		intact: boolean,
	): Promise<boolean> {
		if (previous) this.oldMarks.push(previous);
		this.lastMark = mark;
		if (!intact && this.held.size)
			await ctx.helpers.checkProcessedAndRecord([...this.held], 'workflow', STORE_OPTIONS);
		return intact;
	}

	/**
	 * Whether another look-up is asked for already (once the executions this call answered asked their next
	 * question), or another process waits for the lock (most often with look-ups: its executions start at the
	 * same time), and what waits to be removed has not waited LOOKUP_CARRY_MS yet. A look-up's removal half
	 * under a loaded worker took up to 481 ms for 61 keys while the other worker's ten executions waited for
	 * the lock to ask their first question (queue mode, 4,000 updates).
	 */
	private async lookUpWaits(ctx: IExecuteFunctions): Promise<boolean> {
		await sleep(0);
		this.carriedSince ??= Date.now();
		if (Date.now() - this.carriedSince >= LOOKUP_CARRY_MS) return false;
		if (this.batch.checks.length > 0) return true;
		return await this.othersWaiting(ctx);
	}

	/** Whether another process waits for the lock this process holds; read once per hold (see othersSeenWaiting). */
	private async othersWaiting(ctx: IExecuteFunctions): Promise<boolean> {
		// A waiter seen during this hold is still waiting: only the holder lets the lock go.
		this.othersSeenWaiting ||= await othersWait(ctx);
		return this.othersSeenWaiting;
	}

	/** Removals for the next call, look-up or not (a key it records meanwhile stays). */
	private carryRemovals(keys: string[]): void {
		for (const key of keys) {
			if (this.batch.records.has(key)) continue;
			this.batch.removals.add(key);
			this.carried.add(key);
		}
	}

	/**
	 * The recording half of a write. `seen`: the checks' keys that were there, or that this same call records
	 * (another execution here recorded the same update). Each key goes in once: n8n appends a key twice when one
	 * call carries it twice, and a removal takes away one copy only.
	 */
	private async recordAndAsk(ctx: IExecuteFunctions, call: Call, marks: string[]) {
		const recorded = new Set(call.keys);
		const seen = new Set<string>();
		const asked = [
			...new Set(
				call.checks
					.flatMap((group) => group.keys)
					.filter((key) => {
						if (!recorded.has(key)) return true;
						seen.add(key);
						return false;
					}),
			),
		];
		const result = await ctx.helpers.checkProcessedAndRecord(
			[...recorded, ...asked, ...marks],
			'workflow',
			STORE_OPTIONS,
		);
		const found = new Set(result.processed.map(String));
		for (const key of asked) if (found.has(key)) seen.add(key);
		return { seen, asked, found };
	}

	/**
	 * The removal half of a write: `removals`, the old write marks when `marksDue`, and `removalMark`, which
	 * the next call checks is still gone.
	 */
	private async removeAfterWrite(
		ctx: IExecuteFunctions,
		removals: string[],
		removalMark: string | undefined,
		marksDue: boolean,
	): Promise<void> {
		const cleanup = marksDue ? this.oldMarks.splice(0) : [];
		// Removed again by a repair, like the records: an undone removal brings them back too.
		for (const m of cleanup) this.dropped.add(m);
		const toRemove = [...new Set([...removals, ...cleanup])];
		if (removalMark) {
			if (toRemove.length) {
				toRemove.push(removalMark);
				this.removalMark = removalMark;
			} else this.oldMarks.push(removalMark);
		}
		// Retried on its own: the caller's retry would record the checks again and find them there.
		if (toRemove.length)
			await withStoreRetries(
				async () => await ctx.helpers.removeProcessed(toRemove, 'workflow', STORE_OPTIONS),
			);
	}
}

/** The shared store calls of each workflow node with executions running in this process. */
const stores = new Map<string, StoreQueue>();
let oneStorePerExecution = false;

/**
 * For tests, which run every execution in one process: gives each execution store calls of its own, and no
 * memory of inputs confirmed, as executions in different worker processes have, so that they meet only at
 * the lock and in the store.
 */
export function separateStoreCallsPerExecution(separate: boolean): void {
	oneStorePerExecution = separate;
	forgetConfirmedInputs(separate);
}

const forget = (store: StoreQueue) => {
	if (stores.get(store.id) === store) stores.delete(store.id);
};

export function joinStore(ctx: IExecuteFunctions): StoreQueue {
	const workflowId = ctx.getWorkflow().id;
	const id = `${workflowId ?? ''}\n${ctx.getNode().id}`;
	// Without a workflow id, executions of different workflows would look alike: none shares.
	if (oneStorePerExecution || !workflowId) {
		const own = new StoreQueue(`${id}\n${token('execution:')}`, forget);
		own.join(ctx);
		return own;
	}
	let store = stores.get(id);
	if (!store) {
		store = new StoreQueue(id, forget);
		stores.set(id, store);
	}
	store.join(ctx);
	return store;
}
