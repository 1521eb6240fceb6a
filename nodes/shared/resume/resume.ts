import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { ProviderError } from '../output/errors';
import type { PreparedRequest, ProviderId } from '../engine/types';

/**
 * "Skip Updates Already Applied": a bulk run that a dead worker or a crash cut short can be triggered
 * again and sends only what the provider had not confirmed. The records live in n8n's own deduplication
 * store (scope workflow), two kinds per update key:
 * - `rec:` the update was sent or is about to be;
 * - `open:` it is not confirmed yet.
 * A later run skips an update with `rec:` and no `open:`. The store can only ask "is it there?" by recording
 * it, so every way a look-up, a removal or a write can be cut short (a crash, an overlapping call, a retry)
 * leaves `open:` or both, which read as "in flight" (sent again, or for an add, refused): never as "confirmed".
 *
 * The look-up before the first request leaves a fresh plain update in flight (nothing to take back), and
 * its confirmation removes `open:`; confirmations wait up to RECORD_EVERY_MS or RECORD_BATCH of them, then
 * go out in one store call, and no request waits for them. An update that adds or may create is recorded
 * just before it is sent, a wave of them in one store call, so that a dead worker leaves few of them
 * asking to check the provider although they were never sent.
 */

/** Records the store keeps per workflow (it drops the oldest beyond this). */
export const RESUME_MAX_ENTRIES = 100000;
/**
 * The most items one node execution resumes. While a run goes, each of its unconfirmed updates has two records
 * (`rec:` and `open:`), so a run of this size peaks at 80,000 and the store, which drops its oldest records
 * beyond RESUME_MAX_ENTRIES, drops other run keys' records before any of this run's. A bigger input fails
 * before anything is sent.
 */
export const RESUME_MAX_ITEMS = 40000;
const STORE_OPTIONS = { mode: 'entries' as const, maxEntries: RESUME_MAX_ENTRIES };
/**
 * n8n keeps a workflow's records as one list that every call reads and writes back whole, without a lock,
 * so executions of one workflow running at the same time drop each other's records (in queue mode, seen
 * losing a record five times in a row). Every change therefore happens under a lock: this node's
 * node-scope list, which exists only while an execution holds it. Creating a list is the one atomic step
 * the store offers: the database refuses a second list under the same key.
 */
const LOCK_ENTRY = 'customer-update-lock';
const LOCK_OPTIONS = { mode: 'entries' as const };
/**
 * A lock one holder kept this long belongs to an execution that died: a live one holds it for LOCK_KEEP_MS
 * and one store call at most (a check of 1,000 items against a full store well under a second). Broken too
 * early, two calls overlap, which the write marks find and repair; broken late, every execution of the
 * workflow waits.
 */
export const LOCK_BREAK_MS = 5000;
/** A process keeps the lock for its next call while one is due already, up to this long after taking it. */
const LOCK_KEEP_MS = 1000;
/** While the lock is held, a waiter writes its probe this often (and only reads in between). */
const LOCK_PROBE_MS = 1000;
/** How long a breaker waits after breaking a lock before it tries to take it. */
const LOCK_SETTLE_MS = 1000;
const LOCK_POLL_MIN_MS = 5;
const LOCK_POLL_MAX_MS = 60;
/** Store calls tried again after an error. */
const STORE_ATTEMPTS = 3;
/**
 * Confirmations wait this long at most before their store call (RECORD_BATCH of them go sooner). Every 100 ms,
 * twenty executions kept the lock busy and a run with the option on reached only 0.49× the speed of the same
 * run without it (queue mode, 4,000 updates); what a dead worker loses is bounded by MAX_UNRECORDED, not by time.
 */
export const RECORD_EVERY_MS = 1000;
/**
 * This many waiting confirmations (of all executions of the node in this process) go out without waiting for
 * RECORD_EVERY_MS. A call reads and writes the whole list, so fewer, larger calls cost less.
 */
export const RECORD_BATCH = 400;
/**
 * Confirmations not yet in the store, at most, per workflow node and process: beyond this a lane waits for
 * the store before it takes its next item, so a slow or stuck store cannot widen what a dead worker's run
 * sends twice (its requests in flight and these).
 */
export const MAX_UNRECORDED = 1000;
/** Items checked in one locked call before the first request: short holds, so other executions' calls interleave. */
const CHECK_CHUNK = 1000;
const FLUSH_POLL_MS = 10;

async function withStoreRetries<T>(call: () => Promise<T>): Promise<T> {
	for (let attempt = 1; attempt < STORE_ATTEMPTS; attempt++) {
		try {
			return await call();
		} catch {
			await sleep(50 * attempt);
		}
	}
	return await call();
}

export interface ResumeOptions {
	runKey: string;
}

/** The option pair, read once from the first item like the other node-wide options; undefined when off. */
export function readResumeOptions(ctx: IExecuteFunctions): ResumeOptions | undefined {
	const raw = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	if (raw.skipUpdatesAlreadyApplied !== true) return undefined;
	return { runKey: typeof raw.runKey === 'string' ? raw.runKey.trim() : '' };
}

/** Method, address and body of a request: what was asked of the provider, without credentials or random parts. */
function fingerprintOf(request: IHttpRequestOptions): string {
	let body: string;
	if (request.body === undefined || request.body === null) body = '';
	else if (typeof request.body === 'string') body = request.body;
	else if (Buffer.isBuffer(request.body)) body = request.body.toString('utf8');
	else body = JSON.stringify(request.body);
	const contentType = Object.entries(request.headers ?? {}).find(
		([k]) => k.toLowerCase() === 'content-type',
	)?.[1];
	const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(String(contentType ?? ''));
	// A multipart body carries a random boundary: the same fields must give the same key in every run.
	if (boundary) body = body.split(boundary[1] ?? boundary[2]).join('');
	const query = request.qs ? JSON.stringify(request.qs) : '';
	return `${request.method ?? 'GET'} ${request.url}${query}\n${body}`;
}

/** A request that adds to a record (Client Toolbox auto_add) or may create one: never sent twice unseen. */
function addsOrCreates(prepared: PreparedRequest): boolean {
	return prepared.mayCreate || prepared.mayAdd === true;
}

/** Write marks waiting to be removed before one removal call takes them all (they are only bookkeeping). */
const MARKS_PER_CLEANUP = 16;
/**
 * Removal marks each recording call leaves for the confirmation calls after it. A call that only removes
 * confirmations then skips the recording half of a write, which reads and rewrites the whole list (at 80,000
 * records on PostgreSQL ≈ 130 ms of a ≈ 400 ms call); the next recording call checks that its removals held.
 */
const SPARE_REMOVAL_MARKS = 8;
/** Times the closing check repairs this execution's records before it gives up and warns. */
const FINISH_ATTEMPTS = 3;

/** Puts `keys` in `into` and takes them out of `from`: of a record and a removal of one key, the later wins. */
function moveInto(keys: Iterable<string>, into: Set<string>, from: Set<string>): void {
	for (const key of keys) {
		from.delete(key);
		into.add(key);
	}
}

const token = (prefix: string) =>
	`${prefix}${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

/** Records, removals and checks that go to the store in one call; `settled` once that call is done. */
class Batch {
	readonly records = new Set<string>();
	readonly removals = new Set<string>();
	readonly checks: CheckGroup[] = [];
	/** After the call: the checks that were there. */
	readonly seen = new Set<string>();
	/** Someone waits for this batch (a check, an add about to be sent, an execution ending): no reason to wait for more. */
	urgent = false;
	/** An execution ends: the call goes out even when empty, to verify the write before it. */
	closing = false;
	/** Confirmations in it that no lane waits for. */
	unawaited = 0;
	since = Date.now();
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
}

/**
 * Keys to look up in one call; `takeBack` gets those that were there and returns which of the others to
 * remove again in the same locked call (the rest stay recorded).
 */
interface CheckGroup {
	keys: string[];
	takeBack: (seen: Set<string>) => string[];
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
 * records. So every call also records a fresh write mark and checks that the previous one is still there: a
 * missing mark means one of these writes was undone, and everything recorded or removed is written again.
 * An execution that ends asks for one more call, which checks the last write before it.
 */
class StoreQueue {
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
	/** Taken away by the removals since the last recording call: one found again, that removal was undone. */
	private removalMarks: string[] = [];
	/** Recorded already, each for one later call that only removes. */
	private readonly spareMarks: string[] = [];
	private readonly oldMarks: string[] = [];

	constructor(private readonly id: string) {}

	/** The store helpers of an execution still running: every member's reach the same lists. */
	private get ctx(): IExecuteFunctions {
		return this.members[this.members.length - 1];
	}

	join(ctx: IExecuteFunctions): void {
		this.members.push(ctx);
	}

	/**
	 * Records `records` and removes `removals` in the next call. `urgent`: resolves once they are in the
	 * store. Otherwise they are a confirmation: resolves at once unless too many are still unrecorded.
	 */
	async change(records: string[], removals: string[], urgent: boolean): Promise<void> {
		const batch = this.batch;
		moveInto(records, batch.records, batch.removals);
		moveInto(removals, batch.removals, batch.records);
		if (urgent) batch.urgent = true;
		else {
			batch.unawaited += 1;
			this.unrecorded += 1;
		}
		void this.pump();
		if (urgent || this.unrecorded > MAX_UNRECORDED) {
			batch.urgent = true;
			await batch.settled;
		}
	}

	/** Looks up `group.keys` (recording them) and removes, in the same locked call, what `group.takeBack` says. */
	async check(group: CheckGroup): Promise<void> {
		const batch = this.batch;
		batch.checks.push(group);
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
		do {
			const batch = this.batch;
			batch.urgent = true;
			batch.closing = true;
			void this.pump();
			await batch.settled.catch(() => undefined);
			// A write found undone was repaired; the next call tells whether the repair held.
		} while (this.failure === undefined && this.undone > 0 && this.undone < FINISH_ATTEMPTS);
		const intact = this.failure === undefined && this.undone === 0;
		this.members.splice(this.members.indexOf(ctx), 1);
		if (this.members.length === 0) {
			if (stores.get(this.id) === this) stores.delete(this.id);
			if (intact && this.lastMark !== undefined) {
				const marks = [...this.oldMarks.splice(0), ...this.spareMarks.splice(0), this.lastMark];
				this.lastMark = undefined;
				// Only bookkeeping: one left behind costs a record, nothing else.
				await this.underLock(
					ctx,
					async () => await ctx.helpers.removeProcessed(marks, 'workflow', STORE_OPTIONS),
				).catch(() => undefined);
			}
		}
		return intact;
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
			while ((this.batch.size || this.batch.closing) && this.members.length) {
				while (!this.due()) await sleep(FLUSH_POLL_MS);
				ctx = this.ctx;
				lockedAt ??= await this.lockOrFail(ctx);
				await this.carry(ctx, lockedAt !== undefined);
				// A call already due goes out under the same lock: each hand-over costs database round trips,
				// and a resumed run's waves of adds and look-ups queued behind them (queue mode, 2.41.1).
				if (lockedAt !== undefined && !this.keepsLock(lockedAt)) {
					lockedAt = undefined;
					await this.release(ctx);
				}
			}
		} finally {
			if (lockedAt !== undefined) await this.release(ctx);
			this.pumping = false;
		}
	}

	private async lockOrFail(ctx: IExecuteFunctions): Promise<number | undefined> {
		try {
			await this.lock(ctx);
			return Date.now();
		} catch (error) {
			this.failure = error;
			return undefined;
		}
	}

	private async release(ctx: IExecuteFunctions): Promise<void> {
		try {
			await this.unlock(ctx);
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
			(this.batch.size > 0 || this.batch.closing) &&
			this.due() &&
			Date.now() - lockedAt < LOCK_KEEP_MS
		);
	}

	/**
	 * The batch to write now. Confirmations that are not due yet stay for a later call: a wave of adds or a
	 * look-up needs only records, and confirmations riding along cost it a removal call, which reads, searches
	 * and writes the whole list.
	 */
	private take(): Batch {
		const batch = this.batch;
		this.batch = new Batch();
		const confirmationsDue =
			batch.closing ||
			batch.unawaited >= RECORD_BATCH ||
			Date.now() - batch.since >= RECORD_EVERY_MS ||
			this.unrecorded > MAX_UNRECORDED;
		if (confirmationsDue || batch.removals.size === 0) return batch;
		for (const key of batch.removals) this.batch.removals.add(key);
		batch.removals.clear();
		this.batch.unawaited = batch.unawaited;
		batch.unawaited = 0;
		this.batch.since = batch.since;
		return batch;
	}

	/** Writes the next batch (`locked`: under the lock) and settles it. */
	private async carry(ctx: IExecuteFunctions, locked: boolean): Promise<void> {
		// Taken once the lock is held: whatever arrived while waiting for it rides along.
		const batch = this.take();
		try {
			if (!locked) throw this.failure;
			if (this.onlyRemoves(batch)) await this.removeOnly(ctx, [...batch.removals]);
			else {
				const intact = await withStoreRetries(
					async () =>
						await this.write(ctx, {
							keys: [...batch.records],
							removals: [...batch.removals],
							checks: batch.checks,
							seen: batch.seen,
						}),
				);
				this.undone = intact ? 0 : this.undone + 1;
				// A repair is checked by the next call; after FINISH_ATTEMPTS in a row the store counts as lost.
				if (!intact && this.undone < FINISH_ATTEMPTS) this.batch.closing = true;
			}
			batch.resolve();
		} catch (error) {
			// Lanes waiting for this batch fail their item; the others learn it from `finish`.
			this.failure = error;
			batch.reject(error);
		} finally {
			this.unrecorded -= batch.unawaited;
		}
	}

	/** Confirmations alone, with a removal mark recorded for them: no need to read and rewrite the list twice. */
	private onlyRemoves(batch: Batch): boolean {
		return (
			batch.removals.size > 0 &&
			batch.records.size === 0 &&
			batch.checks.length === 0 &&
			!batch.closing &&
			this.spareMarks.length > 0
		);
	}

	/**
	 * Removes `removals` and a spare removal mark in one call. Whether an overlapping call undid it is found
	 * by the next recording call (the closing one at the latest), which then writes everything again.
	 */
	private async removeOnly(ctx: IExecuteFunctions, removals: string[]): Promise<void> {
		const mark = this.spareMarks.pop() as string;
		const toRemove = [...removals, ...this.oldMarks.splice(0), mark];
		this.removalMarks.push(mark);
		moveInto(removals, this.dropped, this.held);
		await withStoreRetries(
			async () => await ctx.helpers.removeProcessed(toRemove, 'workflow', STORE_OPTIONS),
		);
	}

	/**
	 * One write under the lock: records `keys` and the checks' keys (`seen` gets those already there) and a
	 * new write mark, then removes `removals` and what the checks take back. Returns false when the previous
	 * mark was gone or the previous removal mark back (an overlapping call undid a write or a removal), after
	 * writing everything again.
	 */
	private async write(
		ctx: IExecuteFunctions,
		call: { keys: string[]; checks: CheckGroup[]; removals: string[]; seen: Set<string> },
	): Promise<boolean> {
		const { seen } = call;
		const checks = call.checks.flatMap((group) => group.keys);
		const mark = token('mark:');
		const previous = this.lastMark;
		const previousRemovals = this.removalMarks;
		this.removalMarks = [];
		const removalMark = checks.length || call.removals.length ? token('gone:') : undefined;
		const spares = Array.from({ length: SPARE_REMOVAL_MARKS - this.spareMarks.length }, () =>
			token('gone:'),
		);
		const marks = [mark, previous, ...previousRemovals, removalMark, ...spares].filter(
			(m): m is string => m !== undefined,
		);
		// A check of a key this same call records (another execution here recorded the same update) finds it.
		const recorded = new Set(call.keys);
		const asked = checks.filter((key) => !recorded.has(key));
		for (const key of checks) if (recorded.has(key)) seen.add(key);
		const result = await ctx.helpers.checkProcessedAndRecord(
			[...call.keys, ...asked, ...marks],
			'workflow',
			STORE_OPTIONS,
		);
		const found = new Set(result.processed.map(String));
		for (const key of asked) if (found.has(key)) seen.add(key);
		const takenBack = call.checks
			.flatMap((group) => group.takeBack(seen))
			.filter((key) => !found.has(key) && !recorded.has(key));
		const gone = new Set(takenBack);
		const keys = [...call.keys, ...asked.filter((key) => !found.has(key) && !gone.has(key))];
		const removals = [...call.removals, ...takenBack];
		moveInto(keys, this.held, this.dropped);
		moveInto(removals, this.dropped, this.held);
		if (previous) this.oldMarks.push(previous);
		// Recorded by this call whether it was there or not: it goes with the next removal of marks.
		this.oldMarks.push(...previousRemovals);
		this.spareMarks.push(...spares);
		this.lastMark = mark;
		const intact =
			(previous === undefined || found.has(previous)) &&
			!previousRemovals.some((m) => found.has(m));
		if (!intact) {
			if (this.held.size)
				await ctx.helpers.checkProcessedAndRecord([...this.held], 'workflow', STORE_OPTIONS);
		}
		const marksDue = removals.length > 0 || this.oldMarks.length >= MARKS_PER_CLEANUP;
		await this.removeAfterWrite(ctx, intact ? removals : [...this.dropped], removalMark, marksDue);
		return intact;
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
		const toRemove = [...removals, ...cleanup];
		if (removalMark) {
			if (toRemove.length) {
				toRemove.push(removalMark);
				this.removalMarks.push(removalMark);
			} else this.oldMarks.push(removalMark);
		}
		// Retried on its own: the caller's retry would record the checks again and find them there.
		if (toRemove.length)
			await withStoreRetries(
				async () => await ctx.helpers.removeProcessed(toRemove, 'workflow', STORE_OPTIONS),
			);
	}

	private async underLock<T>(ctx: IExecuteFunctions, work: () => Promise<T>): Promise<T> {
		await this.lock(ctx);
		try {
			return await withStoreRetries(work);
		} finally {
			await this.unlock(ctx);
		}
	}

	private async lockLooksFree(ctx: IExecuteFunctions): Promise<boolean> {
		try {
			return (await ctx.helpers.getProcessedDataCount('node', LOCK_OPTIONS)) === 0;
		} catch {
			// Unreadable for now: the next probe write finds out.
			return false;
		}
	}

	private async unlock(ctx: IExecuteFunctions): Promise<void> {
		await withStoreRetries(
			async () => await ctx.helpers.clearAllProcessedItems('node', LOCK_OPTIONS),
		);
	}

	/**
	 * Waits for the lock. Each check also leaves this process's probe in the lock list: a probe already
	 * there means the same holder still has it (a new holder starts a fresh list), so a lock is broken only
	 * when one holder kept it LOCK_BREAK_MS, not when this process merely lost the race that long.
	 * Every process waiting on a dead holder breaks its lock at about the same time; the breaker waits
	 * LOCK_SETTLE_MS before trying again, so that the others' breaks land before anyone holds the lock anew.
	 */
	private async lock(ctx: IExecuteFunctions): Promise<void> {
		const probe = token('probe:');
		let heldSince = Date.now();
		let probedAt = 0;
		for (;;) {
			// A look is a read; a waiter writes (tries to take the lock, leaves its probe) only when the lock
			// looks free or once every LOCK_PROBE_MS, so waiting costs the database little.
			if (Date.now() - probedAt >= LOCK_PROBE_MS || (await this.lockLooksFree(ctx))) {
				probedAt = Date.now();
				try {
					const result = await ctx.helpers.checkProcessedAndRecord(
						[LOCK_ENTRY, probe],
						'node',
						LOCK_OPTIONS,
					);
					const seen = new Set(result.processed.map(String));
					if (!seen.has(LOCK_ENTRY)) return;
					if (!seen.has(probe)) heldSince = Date.now();
				} catch {
					// Another process created the lock list between our read and our write: it holds the lock.
				}
			}
			if (Date.now() - heldSince > LOCK_BREAK_MS) {
				await this.unlock(ctx);
				await sleep(LOCK_SETTLE_MS * (0.5 + Math.random() / 2));
				heldSince = Date.now();
				continue;
			}
			await sleep(LOCK_POLL_MIN_MS + Math.random() * (LOCK_POLL_MAX_MS - LOCK_POLL_MIN_MS));
		}
	}
}

/** The shared store calls of each workflow node with executions running in this process. */
const stores = new Map<string, StoreQueue>();
let oneStorePerExecution = false;

/**
 * For tests, which run every execution in one process: gives each execution store calls of its own, as
 * executions in different worker processes have, so that they meet only at the lock.
 */
export function separateStoreCallsPerExecution(separate: boolean): void {
	oneStorePerExecution = separate;
}

function joinStore(ctx: IExecuteFunctions): StoreQueue {
	const workflowId = ctx.getWorkflow().id;
	const id = `${workflowId ?? ''}\n${ctx.getNode().id}`;
	// Without a workflow id, executions of different workflows would look alike: none shares.
	if (oneStorePerExecution || !workflowId) {
		const own = new StoreQueue(`${id}\n${token('execution:')}`);
		own.join(ctx);
		return own;
	}
	let store = stores.get(id);
	if (!store) {
		store = new StoreQueue(id);
		stores.set(id, store);
	}
	store.join(ctx);
	return store;
}

export type ResumeStep = { skipped: IDataObject } | undefined;

/** What the store said about an item before the run: send it, skip it, or refuse it (an add maybe applied). */
type Verdict = 'send' | 'skip' | 'refuse';

/** The records of one node execution: which items to send, skip or refuse, and what to note afterwards. */
export class ResumeLedger {
	private joined: StoreQueue | undefined;
	private readonly keys = new Map<number, string>();
	private verdicts: Promise<Map<number, Verdict>> | undefined;
	/** Items sent in this run whose outcome is still to record. */
	private readonly attempted = new Set<number>();
	/** The store call recording each add's `rec:` and `open:` before it is sent, shared by its wave. */
	private readonly marked = new Map<number, Promise<void>>();
	/** Adds up to this position in `addOrder` are recorded or being recorded. */
	private markedUpTo = 0;
	/** Adds and creates to send, in the order the engine takes them. */
	private readonly addOrder: number[] = [];
	private readonly addPosition = new Map<number, number>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly providerId: ProviderId,
		private readonly options: ResumeOptions,
		private readonly prepared: ReadonlyArray<PreparedRequest | undefined>,
		/** Adds recorded in one store call before they go out. */
		private readonly wave: number,
	) {
		// The same update twice in one input is two updates: the second occurrence gets its own key.
		const occurrences = new Map<string, number>();
		prepared.forEach((p, i) => {
			if (!p) return;
			const base = `${options.runKey}\n${providerId}\n${p.customerId ?? ''}\n${fingerprintOf(p.request)}`;
			const n = (occurrences.get(base) ?? 0) + 1;
			occurrences.set(base, n);
			this.keys.set(i, createHash('sha256').update(`${base}\n#${n}`).digest('base64'));
		});
	}

	/** Joined on first use: a ledger never asked (no item to send) takes no part in the store calls. */
	private get queue(): StoreQueue {
		return (this.joined ??= joinStore(this.ctx));
	}

	private runName(): string {
		return this.options.runKey ? `run "${this.options.runKey}"` : 'this workflow';
	}

	/**
	 * What earlier runs left for every item, asked once before the first request, a chunk per locked call.
	 * The look-up records `rec:` and `open:`; what it found decides what it takes back in the same call:
	 * - a plain update not there keeps both: "in flight" until its confirmation removes `open:`, so a
	 *   confirmation costs one removal and the check none;
	 * - a confirmed one (`rec:` without `open:`) loses the `open:` the look-up added;
	 * - an add or create not there loses both: it is recorded a wave at a time just before it goes out;
	 *   the first wave keeps them, so that its lanes start without waiting for a store call.
	 */
	private async readVerdicts(): Promise<Map<number, Verdict>> {
		const verdicts = new Map<number, Verdict>();
		const items = [...this.keys.keys()];
		// A set, not a count: a retried call asks `takeBack` again and must keep the same items.
		const firstWave = new Set<number>();
		for (let start = 0; start < items.length; start += CHECK_CHUNK) {
			const chunk = items.slice(start, start + CHECK_CHUNK);
			await this.queue.check({
				keys: chunk.flatMap((i) => [`rec:${this.keys.get(i)}`, `open:${this.keys.get(i)}`]),
				takeBack: (seen) =>
					chunk.flatMap((i) => {
						const key = this.keys.get(i) as string;
						const recorded = seen.has(`rec:${key}`);
						const open = seen.has(`open:${key}`);
						const adds = addsOrCreates(this.prepared[i] as PreparedRequest);
						verdicts.set(i, recorded && !open ? 'skip' : open && adds ? 'refuse' : 'send');
						if (recorded && !open) return [`open:${key}`];
						if (!recorded && adds && !open && (firstWave.has(i) || firstWave.size < this.wave)) {
							firstWave.add(i);
							return [];
						}
						if (!recorded && adds) return open ? [`rec:${key}`] : [`rec:${key}`, `open:${key}`];
						return [];
					}),
			});
		}
		for (const i of items) {
			if (verdicts.get(i) !== 'send' || !addsOrCreates(this.prepared[i] as PreparedRequest))
				continue;
			this.addPosition.set(i, this.addOrder.length);
			this.addOrder.push(i);
		}
		// The fresh adds in input order are addOrder's start: the first wave is recorded already.
		this.markedUpTo = firstWave.size;
		for (const i of firstWave) this.marked.set(i, Promise.resolve());
		return verdicts;
	}

	/**
	 * Records `rec:` and `open:` for the next wave of adds (one per lane) in one store call, as soon as fewer
	 * than a wave are recorded ahead of the add at `position`, so lanes seldom wait for the store. When a
	 * worker dies, fewer than two waves are recorded and not yet sent: those items then ask to check the
	 * provider although nothing was sent.
	 */
	private async markAhead(position: number): Promise<void> {
		while (
			this.markedUpTo <= position ||
			(this.markedUpTo - position < this.wave && this.markedUpTo < this.addOrder.length)
		) {
			const wave = this.addOrder.slice(this.markedUpTo, this.markedUpTo + this.wave);
			this.markedUpTo += wave.length;
			const call = this.queue.change(
				wave.flatMap((j) => [`rec:${this.keys.get(j)}`, `open:${this.keys.get(j)}`]),
				[],
				true,
			);
			// Waited for when its items' turn comes; a run that stops first never asks.
			call.catch(() => undefined);
			for (const j of wave) this.marked.set(j, call);
		}
		await this.marked.get(this.addOrder[position]);
	}

	/**
	 * Before item `i` is sent: undefined to send it, `{ skipped }` (the output item) when an earlier run
	 * applied it; throws when an earlier run may have applied it and sending again could apply it twice.
	 */
	async before(i: number): Promise<ResumeStep> {
		this.verdicts ??= this.readVerdicts();
		const verdict = (await this.verdicts).get(i);
		const prepared = this.prepared[i] as PreparedRequest;
		if (verdict === 'skip') {
			return {
				skipped: {
					provider: this.providerId,
					customerId: prepared.customerId,
					status: 'skipped',
					changedFields: [],
					providerStatus: 'not sent',
					reason: `An earlier execution of ${this.runName()} sent these same values and the provider confirmed them (Skip Updates Already Applied)`,
				},
			};
		}
		if (verdict === 'refuse') {
			throw new NodeOperationError(
				this.ctx.getNode(),
				'This update may already have been applied: an earlier execution sent it and stopped before the provider confirmed it',
				{
					description: `It adds to the customer's balance or may create a customer, so sending it again could apply it twice. Check the customer in the provider; to send it anyway, run it with another Run Key or with Skip Updates Already Applied off. (${this.runName()})`,
				},
			);
		}
		if (addsOrCreates(prepared)) await this.markAhead(this.addPosition.get(i) as number);
		this.attempted.add(i);
		return undefined;
	}

	/**
	 * When every item is done: writes what is still waiting, and checks that no other execution's write undid
	 * this one's records (repairing them if it did); false when the store could not be brought back, so a
	 * later run may send some again.
	 */
	async finish(): Promise<boolean> {
		return this.joined ? await this.joined.finish(this.ctx) : true;
	}

	/**
	 * After item `i` was sent: notes a confirmed update (`rec:`, or for an add the end of `open:`), and
	 * forgets an add the provider refused (it answered, below HTTP 500, and applied nothing) so a later run
	 * sends it again. Resolves at once unless too many confirmations wait for the store.
	 */
	async after(i: number, error?: unknown): Promise<void> {
		if (!this.attempted.delete(i)) return;
		const key = this.keys.get(i) as string;
		if (error === undefined) {
			// The provider applied it whatever the store does: a failed write only makes `finish` warn.
			await this.queue.change([], [`open:${key}`], false).catch(() => undefined);
			return;
		}
		const httpCode = error instanceof ProviderError ? error.details.httpCode : undefined;
		if (error instanceof ProviderError && (httpCode === undefined || httpCode < 500)) {
			await this.queue.change([], [`rec:${key}`, `open:${key}`], false);
		}
	}
}

/** The ledger of this node execution, or undefined when the option is off. */
export function openResumeLedger(
	ctx: IExecuteFunctions,
	providerId: ProviderId,
	prepared: ReadonlyArray<PreparedRequest | undefined>,
	concurrency = 1,
): ResumeLedger | undefined {
	const options = readResumeOptions(ctx);
	if (!options) return undefined;
	const items = prepared.filter((p) => p !== undefined).length;
	if (items > RESUME_MAX_ITEMS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Skip Updates Already Applied covers at most ${RESUME_MAX_ITEMS.toLocaleString('en-US')} items per execution; this one has ${items.toLocaleString('en-US')}`,
			{
				description: `n8n's deduplication store keeps ${RESUME_MAX_ENTRIES.toLocaleString('en-US')} records per workflow and drops the oldest beyond that, so a bigger run could forget what it applied and send it again. Nothing was sent. Split the input into runs of at most ${RESUME_MAX_ITEMS.toLocaleString('en-US')} items, each with its own Run Key, or turn the option off.`,
			},
		);
	}
	return new ResumeLedger(ctx, providerId, options, prepared, Math.max(1, concurrency));
}
