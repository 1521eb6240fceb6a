/**
 * Inputs whose every update this process saw confirmed: by the provider in one of its own executions, or
 * by the store's `all:` record. A re-run's batch that was applied in full, picked up again by the same
 * worker, is then skipped without a store call: in a resumed queue-mode run, such batches each asked the
 * store under the lock shared with the batches still sending (18–121 ms of a worker slot each, 4,000 updates).
 *
 * It only holds what the provider confirmed with these same values under this same Run Key, so what it skips
 * was applied. What it does not see is the store being emptied (the workflow's deduplication history
 * cleared): a batch it remembers is still skipped by this worker for CONFIRMED_INPUT_MEMORY_MS.
 */
export const CONFIRMED_INPUT_MEMORY_MS = 10 * 60 * 1000;
/** Inputs remembered at most (the oldest go first): a digest and a time each. */
const CONFIRMED_INPUTS_KEPT = 10000;

/** Workflow id and input digest → when it was seen confirmed. */
const confirmed = new Map<string, number>();
let remembering = true;

const entryOf = (workflowId: string, digest: string) => `${workflowId}\n${digest}`;

/** Notes that every update of the input `digest` of workflow `workflowId` was confirmed. */
export function rememberConfirmed(workflowId: string | undefined, digest: string): void {
	// Without a workflow id, inputs of different workflows would look alike.
	if (!remembering || !workflowId) return;
	const entry = entryOf(workflowId, digest);
	confirmed.delete(entry);
	confirmed.set(entry, Date.now());
	for (const oldest of confirmed.keys()) {
		if (confirmed.size <= CONFIRMED_INPUTS_KEPT) break;
		confirmed.delete(oldest);
	}
}

/** Whether this process saw every update of that input confirmed in the last CONFIRMED_INPUT_MEMORY_MS. */
export function seenConfirmed(workflowId: string | undefined, digest: string): boolean {
	if (!remembering || !workflowId) return false;
	const entry = entryOf(workflowId, digest);
	const at = confirmed.get(entry);
	if (at === undefined) return false;
	if (Date.now() - at < CONFIRMED_INPUT_MEMORY_MS) return true;
	confirmed.delete(entry);
	return false;
}

/**
 * For tests, which run every execution in one process: forgets what was seen, and with `off` remembers
 * nothing more, as executions in different worker processes share nothing but the store.
 */
export function forgetConfirmedInputs(off = false): void {
	confirmed.clear();
	remembering = !off;
}
