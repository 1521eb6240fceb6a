import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { ProviderError } from './errors';
import type { PreparedRequest, ProviderId } from './types';

/**
 * "Skip Updates Already Applied": a bulk run that a dead worker or a crash cut short can be triggered
 * again and sends only what the provider had not confirmed. Every update leaves two records in n8n's own
 * deduplication store (scope workflow): `sent:` just before the request goes out, `done:` once the provider
 * confirmed it. An update found with `sent:` but no `done:` was in flight when the run died: it is sent again,
 * unless it adds to or may create a record, which fails asking to check the provider instead.
 */

/** Records the store keeps per workflow (it drops the oldest beyond this). */
export const RESUME_MAX_ENTRIES = 100000;
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
/** A lock one holder kept this long belongs to an execution that died (a live one holds it for one store call). */
export const LOCK_BREAK_MS = 15000;
/** How long a breaker waits after breaking a lock before it tries to take it. */
const LOCK_SETTLE_MS = 1000;
const LOCK_POLL_MIN_MS = 5;
const LOCK_POLL_MAX_MS = 60;
/** Store calls tried again after an error. */
const STORE_ATTEMPTS = 3;

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
	const contentType = Object.entries(request.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
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

type Waiter<T> = { resolve: (value: T) => void; reject: (error: unknown) => void };

/** Write marks waiting to be removed before one removal call takes them all (they are only bookkeeping). */
const MARKS_PER_CLEANUP = 16;
/** Times the closing check repairs this execution's records before it gives up and warns. */
const FINISH_ATTEMPTS = 3;

const token = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

/**
 * One node execution's calls to the deduplication store: one at a time, under the lock, and merged:
 * records and removals asked for while a call runs go out together in the next.
 *
 * A lock broken while its holder still writes (the holder died mid-call, or several executions broke the lock
 * of a dead worker at once) lets two calls overlap, and the later one writes back a list without the other's
 * records. So every call also records a fresh write mark and checks that the previous one is still there: a
 * missing mark means one of this execution's writes was undone, and everything it recorded or removed is
 * written again. The check runs once more when the execution ends (`finish`).
 */
class StoreQueue {
	private readonly toRecord = new Map<string, Array<Waiter<boolean>>>();
	private readonly toRemove = new Map<string, Array<Waiter<void>>>();
	private readonly toCheck = new Map<string, Array<Waiter<boolean>>>();
	private pumping = false;
	/** What this execution recorded and removed: what a repair writes again. */
	private readonly held = new Set<string>();
	private readonly dropped = new Set<string>();
	private lastMark: string | undefined;
	private readonly oldMarks: string[] = [];

	constructor(private readonly ctx: IExecuteFunctions) {}

	/** Records `key`; true when it was there already. */
	async record(key: string): Promise<boolean> {
		return await this.enqueue(this.toRecord, key);
	}

	/** True when `key` is there; leaves the store as it was (a record taken back in the same call under the lock). */
	async check(key: string): Promise<boolean> {
		return await this.enqueue(this.toCheck, key);
	}

	async remove(key: string): Promise<void> {
		await this.enqueue(this.toRemove, key);
	}

	/** Adds `key` to the next merged call; resolves when that call is done. */
	private async enqueue<T>(queue: Map<string, Array<Waiter<T>>>, key: string): Promise<T> {
		return await new Promise<T>((resolve, reject) => {
			queue.set(key, [...(queue.get(key) ?? []), { resolve, reject }]);
			void this.pump();
		});
	}

	/** The closing check: true when every write of this execution is in the store. */
	async finish(): Promise<boolean> {
		while (this.pumping) await sleep(LOCK_POLL_MIN_MS);
		if (this.lastMark === undefined) return true;
		for (let attempt = 0; attempt < FINISH_ATTEMPTS; attempt++) {
			const intact = await this.underLock(async () => {
				const intact = await this.write({ closing: true });
				if (intact) await this.ctx.helpers.removeProcessed([...this.oldMarks.splice(0), this.lastMark as string], 'workflow', STORE_OPTIONS);
				return intact;
			});
			if (intact) {
				this.lastMark = undefined;
				return true;
			}
		}
		return false;
	}

	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.toRecord.size || this.toRemove.size || this.toCheck.size) {
				const records = new Map(this.toRecord);
				const removals = new Map(this.toRemove);
				const checks = new Map(this.toCheck);
				this.toRecord.clear();
				this.toRemove.clear();
				this.toCheck.clear();
				try {
					const seen = new Set<string>();
					await this.underLock(async () => {
						await this.write({ keys: [...records.keys()], checks: [...checks.keys()], removals: [...removals.keys()], seen });
					});
					for (const [key, waiting] of [...records, ...checks]) for (const w of waiting) w.resolve(seen.has(key));
					for (const waiting of removals.values()) for (const w of waiting) w.resolve();
				} catch (error) {
					for (const waiting of [...records.values(), ...checks.values(), ...removals.values()]) for (const w of waiting) w.reject(error);
				}
			}
		} finally {
			this.pumping = false;
		}
	}

	/**
	 * One write under the lock: records `keys` and `checks` (`seen` gets those already there) and a new write
	 * mark, then removes `removals` and the checks that were not there. Returns false when the previous mark
	 * was gone, after writing everything again.
	 */
	private async write(call: { keys?: string[]; checks?: string[]; removals?: string[]; seen?: Set<string>; closing?: boolean }): Promise<boolean> {
		const { keys = [], checks = [], seen } = call;
		const mark = token('mark:');
		const previous = this.lastMark;
		const result = await this.ctx.helpers.checkProcessedAndRecord(
			[...keys, ...checks, mark, ...(previous ? [previous] : [])],
			'workflow',
			STORE_OPTIONS,
		);
		const found = new Set(result.processed.map(String));
		for (const key of [...keys, ...checks]) if (found.has(key)) seen?.add(key);
		const removals = [...(call.removals ?? []), ...checks.filter((key) => !found.has(key))];
		for (const key of keys) {
			this.held.add(key);
			this.dropped.delete(key);
		}
		for (const key of removals) {
			this.dropped.add(key);
			this.held.delete(key);
		}
		if (previous) this.oldMarks.push(previous);
		this.lastMark = mark;
		const intact = previous === undefined || found.has(previous);
		if (!intact) {
			if (this.held.size) await this.ctx.helpers.checkProcessedAndRecord([...this.held], 'workflow', STORE_OPTIONS);
		}
		const cleanup = !call.closing && (removals.length > 0 || this.oldMarks.length >= MARKS_PER_CLEANUP) ? this.oldMarks.splice(0) : [];
		const toRemove = [...(intact ? removals : this.dropped), ...cleanup];
		if (toRemove.length) await this.ctx.helpers.removeProcessed(toRemove, 'workflow', STORE_OPTIONS);
		return intact;
	}

	private async underLock<T>(work: () => Promise<T>): Promise<T> {
		await this.lock();
		try {
			return await withStoreRetries(work);
		} finally {
			await withStoreRetries(async () => await this.ctx.helpers.clearAllProcessedItems('node', LOCK_OPTIONS));
		}
	}

	/**
	 * Waits for the lock. Each check also leaves this execution's probe in the lock list: a probe already
	 * there means the same holder still has it (a new holder starts a fresh list), so a lock is broken only
	 * when one holder kept it LOCK_BREAK_MS, not when this execution merely lost the race that long.
	 * Every execution waiting on a dead holder breaks its lock at about the same time; the breaker waits
	 * LOCK_SETTLE_MS before trying again, so that the others' breaks land before anyone holds the lock anew.
	 */
	private async lock(): Promise<void> {
		const probe = token('probe:');
		let heldSince = Date.now();
		for (;;) {
			try {
				const result = await this.ctx.helpers.checkProcessedAndRecord([LOCK_ENTRY, probe], 'node', LOCK_OPTIONS);
				const seen = new Set(result.processed.map(String));
				if (!seen.has(LOCK_ENTRY)) return;
				if (!seen.has(probe)) heldSince = Date.now();
			} catch {
				// Another execution created the lock list between our read and our write: it holds the lock.
			}
			if (Date.now() - heldSince > LOCK_BREAK_MS) {
				await withStoreRetries(async () => await this.ctx.helpers.clearAllProcessedItems('node', LOCK_OPTIONS));
				await sleep(LOCK_SETTLE_MS * (0.5 + Math.random() / 2));
				heldSince = Date.now();
				continue;
			}
			await sleep(LOCK_POLL_MIN_MS + Math.random() * (LOCK_POLL_MAX_MS - LOCK_POLL_MIN_MS));
		}
	}
}

export type ResumeStep = { skipped: IDataObject } | undefined;

/** The records of one node execution: which items to send, skip or refuse, and what to note afterwards. */
export class ResumeLedger {
	private readonly queue: StoreQueue;
	private readonly keys = new Map<number, string>();
	private readonly attempted = new Set<number>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly providerId: ProviderId,
		private readonly options: ResumeOptions,
		private readonly prepared: ReadonlyArray<PreparedRequest | undefined>,
	) {
		this.queue = new StoreQueue(ctx);
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

	private runName(): string {
		return this.options.runKey ? `run "${this.options.runKey}"` : 'this workflow';
	}

	/**
	 * Before item `i` is sent: undefined to send it, `{ skipped }` (the output item) when an earlier run
	 * applied it; throws when an earlier run may have applied it and sending again could apply it twice.
	 */
	async before(i: number): Promise<ResumeStep> {
		const key = this.keys.get(i) as string;
		const prepared = this.prepared[i] as PreparedRequest;
		const sentBefore = await this.queue.record(`sent:${key}`);
		if (!sentBefore) {
			this.attempted.add(i);
			return undefined;
		}
		if (await this.queue.check(`done:${key}`)) {
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
		if (addsOrCreates(prepared)) {
			throw new NodeOperationError(
				this.ctx.getNode(),
				'This update may already have been applied: an earlier execution sent it and stopped before the provider confirmed it',
				{
					description: `It adds to the customer's balance or may create a customer, so sending it again could apply it twice. Check the customer in the provider; to send it anyway, run it with another Run Key or with Skip Updates Already Applied off. (${this.runName()})`,
				},
			);
		}
		this.attempted.add(i);
		return undefined;
	}

	/**
	 * When every item is done: checks that no other execution's write undid this one's records (repairing
	 * them if it did); false when the store could not be brought back, so a later run may send some again.
	 */
	async finish(): Promise<boolean> {
		return await this.queue.finish();
	}

	/**
	 * After item `i` was sent: notes a confirmed update as done, and forgets an update the provider refused
	 * (it answered, below HTTP 500, and applied nothing) so a later run sends it again.
	 */
	async after(i: number, error?: unknown): Promise<void> {
		if (!this.attempted.delete(i)) return;
		const key = this.keys.get(i) as string;
		if (error === undefined) {
			await this.queue.record(`done:${key}`);
			return;
		}
		const httpCode = error instanceof ProviderError ? error.details.httpCode : undefined;
		if (error instanceof ProviderError && (httpCode === undefined || httpCode < 500)) {
			await this.queue.remove(`sent:${key}`);
		}
	}
}

/** The ledger of this node execution, or undefined when the option is off. */
export function openResumeLedger(
	ctx: IExecuteFunctions,
	providerId: ProviderId,
	prepared: ReadonlyArray<PreparedRequest | undefined>,
): ResumeLedger | undefined {
	const options = readResumeOptions(ctx);
	return options ? new ResumeLedger(ctx, providerId, options, prepared) : undefined;
}
