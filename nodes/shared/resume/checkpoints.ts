/** Updates per checkpoint. */
export const CHECKPOINT_EVERY = 100;

/**
 * The checkpoints of one input: a hundred of its updates, by place (`all:<input>:200-300` for updates
 * 201–300), every one of which the provider confirmed, in one execution or over several. A run triggered again
 * skips such a hundred without a question per update: each question records `ask:` and `done:` and takes
 * `ask:` back again, a removal that n8n makes by searching its whole list (with the killed worker's ten batches
 * of 1,000 asked about, 10,080 removals took 8 s of a 34 s re-run, queue mode, 20,000 updates).
 *
 * Each hundred counts on its own, so an update never confirmed (a timeout, a 5xx, with Continue On Fail) costs
 * a question for the updates of its own hundred on every later run, not for all those after it. They are asked
 * like `all:`, beside `ask-all:`, so that a look-up cut short cannot make a hundred look confirmed. An input of
 * at most a hundred updates has none (`all:` covers it), and the hundred that completes an input records none:
 * the execution records `all:` for its input as it ends.
 *
 * `all:` goes first both when a pair is recorded and when it is taken back. Take-backs may be split between
 * store calls a second apart (at most REMOVALS_PER_CALL each), and the store drops its oldest records first:
 * either way a pair cut in two then leaves its question, which reads "not confirmed", never `all:` alone.
 */
export class Checkpoints {
	/** Hundreds an earlier execution of this input had confirmed in full. */
	private readonly found = new Set<number>();
	/** Hundreds found or recorded: not recorded again. */
	private readonly recorded = new Set<number>();
	/** Places whose update was confirmed, in this execution or an earlier one: each counts once. */
	private readonly settled: boolean[] = [];
	/** Places settled per hundred. */
	private readonly confirmedIn: number[] = [];
	private confirmed = 0;

	constructor(
		private readonly digest: string,
		private readonly size: number,
	) {}

	private get count(): number {
		return this.size > CHECKPOINT_EVERY ? Math.ceil(this.size / CHECKPOINT_EVERY) : 0;
	}

	private hundredOf(position: number): number {
		return Math.floor(position / CHECKPOINT_EVERY);
	}

	private sizeOf(hundred: number): number {
		return Math.min(this.size - hundred * CHECKPOINT_EVERY, CHECKPOINT_EVERY);
	}

	/** The record of a hundred and its question, in the order they are recorded and taken back. */
	private pair(hundred: number): [string, string] {
		const from = hundred * CHECKPOINT_EVERY;
		const name = `${this.digest}:${from}-${from + this.sizeOf(hundred)}`;
		return [`all:${name}`, `ask-all:${name}`];
	}

	/** What the look-up's first write asks: every checkpoint of the input, each beside its question. */
	keys(): string[] {
		return Array.from({ length: this.count }, (_, hundred) => this.pair(hundred)).flat();
	}

	/**
	 * What that write found; returns the keys to take back. Asked again when its call is retried, which then
	 * finds its own questions: none is trusted.
	 */
	answer(seen: Set<string>): string[] {
		this.found.clear();
		this.recorded.clear();
		return Array.from({ length: this.count }, (_, hundred) => {
			const [all, ask] = this.pair(hundred);
			if (!seen.has(all) || seen.has(ask)) return [all, ask];
			this.found.add(hundred);
			this.recorded.add(hundred);
			return [ask];
		}).flat();
	}

	/** Whether the update at `position` is in a hundred an earlier execution confirmed in full. */
	covers(position: number): boolean {
		return this.found.has(this.hundredOf(position));
	}

	/** The place of the first update outside the hundreds found confirmed. */
	firstUncovered(): number {
		let hundred = 0;
		while (this.found.has(hundred)) hundred += 1;
		return Math.min(this.size, hundred * CHECKPOINT_EVERY);
	}

	/** Notes the update at `position` confirmed; returns the checkpoint to record once its hundred is. */
	confirm(position: number): string[] {
		if (this.settled[position]) return [];
		this.settled[position] = true;
		this.confirmed += 1;
		if (!this.count) return [];
		const hundred = this.hundredOf(position);
		this.confirmedIn[hundred] = (this.confirmedIn[hundred] ?? 0) + 1;
		const full = this.confirmedIn[hundred] === this.sizeOf(hundred);
		if (!full || this.recorded.has(hundred) || this.confirmed === this.size) return [];
		this.recorded.add(hundred);
		return [this.pair(hundred)[0]];
	}
}
