import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

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
export const LOCK_KEEP_MS = 1000;
/** While the lock is held, a waiter writes its probe this often (and only reads in between). */
const LOCK_PROBE_MS = 1000;
/** How long a breaker waits after breaking a lock before it tries to take it. */
const LOCK_SETTLE_MS = 1000;
const LOCK_POLL_MIN_MS = 5;
const LOCK_POLL_MAX_MS = 60;
/**
 * A holder that lets a waiter have the lock waits until another process took it, up to this long, before it
 * asks for it again: a waiter looks every LOCK_POLL_MAX_MS and a read, and takes a free lock then. Asking again
 * at once, the holder won the lock back before the waiter looked, call after call: with a worker just started
 * again beside the one left, one worker's look-ups held the lock 1.2 s while the other's five batches waited
 * for their first answer (queue mode).
 */
export const LOCK_HANDOVER_MS = 300;
/**
 * While another process waits, a holder keeps the lock for its next call only this long after taking it (else
 * LOCK_KEEP_MS): long enough for a few calls in a row, which spare the database a hand-over each.
 */
export const LOCK_SHARE_MS = 250;
/** Store calls tried again after an error. */
const STORE_ATTEMPTS = 3;

export async function withStoreRetries<T>(call: () => Promise<T>): Promise<T> {
	for (let attempt = 1; attempt < STORE_ATTEMPTS; attempt++) {
		try {
			return await call();
		} catch {
			await sleep(50 * attempt);
		}
	}
	return await call();
}

export const token = (prefix: string) =>
	`${prefix}${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

/** Entries in the lock list (none: free); undefined when unreadable for now, which the next write finds out. */
async function lockEntries(ctx: IExecuteFunctions): Promise<number | undefined> {
	try {
		return await ctx.helpers.getProcessedDataCount('node', LOCK_OPTIONS);
	} catch {
		return undefined;
	}
}

async function lockLooksFree(ctx: IExecuteFunctions): Promise<boolean> {
	return (await lockEntries(ctx)) === 0;
}

/**
 * Whether another process waits for the lock this process holds: a waiter leaves its probe in the lock list
 * (the holder's list holds the lock entry and the holder's own probe).
 */
export async function othersWait(ctx: IExecuteFunctions): Promise<boolean> {
	return ((await lockEntries(ctx)) ?? 0) > 2;
}

/** After letting the lock go to a waiter: returns once another process holds it, or after LOCK_HANDOVER_MS. */
export async function handOver(ctx: IExecuteFunctions): Promise<void> {
	const until = Date.now() + LOCK_HANDOVER_MS;
	while (Date.now() < until && (await lockLooksFree(ctx))) await sleep(LOCK_POLL_MIN_MS);
}

export async function unlock(ctx: IExecuteFunctions): Promise<void> {
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
export async function lock(ctx: IExecuteFunctions): Promise<void> {
	const probe = token('probe:');
	let heldSince = Date.now();
	let probedAt = 0;
	for (;;) {
		// A look is a read; a waiter writes (tries to take the lock, leaves its probe) only when the lock
		// looks free or once every LOCK_PROBE_MS, so waiting costs the database little.
		if (Date.now() - probedAt >= LOCK_PROBE_MS || (await lockLooksFree(ctx))) {
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
				// Another process created the lock list between our read and our write: it holds the lock, and
				// this probe is not in it, so its holder would not see this process waiting. Probe again soon.
				probedAt = Date.now() - LOCK_PROBE_MS + 2 * LOCK_POLL_MAX_MS;
			}
		}
		if (Date.now() - heldSince > LOCK_BREAK_MS) {
			await unlock(ctx);
			await sleep(LOCK_SETTLE_MS * (0.5 + Math.random() / 2));
			heldSince = Date.now();
			continue;
		}
		await sleep(LOCK_POLL_MIN_MS + Math.random() * (LOCK_POLL_MAX_MS - LOCK_POLL_MIN_MS));
	}
}

export async function underLock<T>(ctx: IExecuteFunctions, work: () => Promise<T>): Promise<T> {
	await lock(ctx);
	try {
		return await withStoreRetries(work);
	} finally {
		await unlock(ctx);
	}
}
