/**
 * A wave grows when the adds a call recorded ran low within this long of the call: sooner than the store
 * would be called for confirmations alone.
 */
export const WAVE_GROW_WITHIN_MS = 1000;

/**
 * The executions of a node in one process share this many times Concurrency as their waves, at most: a wave
 * never shrinks below Concurrency.
 */
const WAVE_MAX_FACTOR = 8;

/**
 * How many adds one store call records before they go out. It starts at Concurrency, and doubles each time
 * the adds a call recorded ran low within WAVE_GROW_WITHIN_MS of the call, up to WAVE_MAX_FACTOR × Concurrency
 * shared among the executions of the node in the process. A lone execution of 10,000 updates, half of them
 * adds, otherwise asked for a call every 15 adds: 747 calls in 100 s, each reading and rewriting a list of
 * 40,000 records (queue mode, 2.41.1). Ten executions on a worker share every call (each call tops up every
 * execution's adds), and growing their waves too left four times as many adds asking to check the provider
 * after a dead worker (400 of 4,000) for no gain in speed. A dead worker leaves fewer than two waves per
 * execution recorded and not sent.
 */
export class AddWave {
	size: number;
	private readonly first: number;
	private recordedAt = 0;
	private mayGrow = false;

	constructor(concurrency: number) {
		this.size = concurrency;
		this.first = concurrency;
	}

	/** A store call that recorded adds ahead is done. */
	recorded(): void {
		this.recordedAt = Date.now();
		this.mayGrow = true;
	}

	/**
	 * The lanes ran low on recorded adds and ask for a call, with `sharing` executions of the node in this
	 * process: once per call recorded, the wave may grow.
	 */
	ranLow(sharing: number): void {
		const max = Math.max(
			this.first,
			Math.floor((this.first * WAVE_MAX_FACTOR) / Math.max(1, sharing)),
		);
		const grows = this.mayGrow && Date.now() - this.recordedAt < WAVE_GROW_WITHIN_MS;
		this.size = Math.min(max, grows ? this.size * 2 : this.size);
		this.mayGrow = false;
	}
}
