import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/** Where a lane stands against the records that must be in the store before it sends. */
export interface RecordsAhead {
	/** Few are recorded ahead of the lane: a store call is asked for. */
	low: boolean;
	/** The lane's own record is not asked for yet: the lane waits for that call. */
	due: boolean;
}

/**
 * Before a request that must be recorded first goes out (an add's `rec:`, its hundred's `sent:` mark): asks
 * for a store call (`need`) when few records are ahead, waits for it only when the lane's own is due, then for
 * the call that records it (`recorded`), so lanes seldom wait for the store.
 */
export async function recordedFirst(
	ahead: RecordsAhead,
	need: () => Promise<void>,
	recorded: () => Promise<void> | undefined,
	node: INode,
): Promise<void> {
	if (ahead.low) {
		const call = need();
		// Ahead of need, nobody waits for it here: a failure reaches the lane whose record it was to carry.
		if (ahead.due) await call;
		else call.catch(() => undefined);
	}
	const record = recorded();
	// Never sent unrecorded: a dead worker would leave an update that a later run sends again.
	if (!record) {
		throw new NodeOperationError(
			node,
			'The store call that records this update before it is sent did not take place; it was not sent',
		);
	}
	await record;
}
