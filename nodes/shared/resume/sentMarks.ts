import type { INode } from 'n8n-workflow';

import { recordedFirst } from './recordedFirst';
import type { CheckGroup } from './storeQueue';

/** Updates per `sent:` mark. */
export const SENT_MARK_EVERY = 100;
/**
 * Marks recorded ahead of the hundred a lane is in. Every store call of the process records them (top-ups),
 * and a fresh run's calls come about every 60–250 updates of an execution (confirmations, waves of adds), so
 * lanes seldom ask for a call of their own.
 */
const MARKS_AHEAD = 3;

/**
 * The `sent:` marks of one input. The mark of a hundred (its count: `sent:<input>:200` for updates 101–200)
 * is in the store before the first of its updates goes out, so a run that a dead worker cut short leaves none
 * beyond the hundreds it reached, and a re-run sends the updates beyond the largest mark it finds without a
 * question each. A question records `ask:` and `done:`, then takes `ask:` back when the update is confirmed,
 * a removal n8n makes by searching the whole list (a killed worker's 7,500 updates never sent took most of
 * 8,305 removals and 7.7 s in a re-run of 20,000, queue mode).
 *
 * The look-up asks for a mark by recording it, the store's only way to ask, so a mark read is on the safe side:
 * there means "maybe sent" (a retried look-up finds its own, and asks about more updates). Its first write asks
 * for the marks of the first three hundreds, which the run keeps. Only when it found updates looked up before
 * (a run triggered again) does it ask for the others, in one more write before its questions, and take back
 * those it did not find; lanes record them again as they get there. A fresh run thus removes no mark: removals
 * with every store call slowed fresh runs of 20,000 updates by 10–15 %.
 *
 * Marks are read only for an input whose every run marked its hundreds: a run of an earlier version of this
 * package sent without marks, and a look-up cut short leaves the first three marks it asked for. So `marked:` is
 * asked beside `ask-marked:` in the first write, as `all:` is. A look-up that found no update looked up before
 * (a fresh run) takes `ask-marked:` back once it has all its answers, and so does one that found `marked:`
 * alone; a look-up cut short leaves both, and an input with both, or with updates looked up before and
 * neither, counts every hundred as maybe sent from then on.
 */
export class SentMarks {
	/** Hundreds before this one were found marked. */
	private marksFound = 0;
	/** What the first write found of `marked:` and `ask-marked:`. */
	private flag: 'trusted' | 'absent' | 'untrusted' = 'untrusted';
	/** An earlier look-up recorded some of this input's updates. */
	private lookedUpBefore = false;
	/** The marks beyond the first write's were asked for (or there are none). */
	private restAsked: boolean;
	/** Marks before this one are in the store or being recorded. */
	private markedUpTo = 0;
	/** The call that records each mark; resolved for those in the store already. */
	private readonly marked = new Map<number, Promise<void>>();
	/** The place after the latest update a lane took. */
	private reached = 0;

	constructor(
		private readonly digest: string,
		private readonly size: number,
	) {
		this.restAsked = this.count <= this.firstCount;
	}

	private get count(): number {
		return Math.ceil(this.size / SENT_MARK_EVERY);
	}

	/** Marks the look-up's first write asks for. */
	private get firstCount(): number {
		return Math.min(this.count, MARKS_AHEAD);
	}

	private key(mark: number): string {
		return `sent:${this.digest}:${Math.min(this.size, (mark + 1) * SENT_MARK_EVERY)}`;
	}

	private keysFrom(from: number, to: number): string[] {
		return Array.from({ length: Math.max(0, to - from) }, (_, n) => this.key(from + n));
	}

	private get flagKeys(): [string, string] {
		return [`ask-marked:${this.digest}`, `marked:${this.digest}`];
	}

	/** Hundreds before this one count as maybe sent by an earlier run. */
	private get foundUpTo(): number {
		if (this.flag === 'trusted' && this.marksFound > 0) return this.marksFound;
		return this.lookedUpBefore ? this.count : 0;
	}

	/** The marks the look-up's first write asks for. */
	firstKeys(): string[] {
		return [...this.keysFrom(0, this.firstCount), ...this.flagKeys];
	}

	/** What the first write found (asked again when its call is retried, which then finds its own keys). */
	answerFirst(seen: Set<string>): void {
		const [ask, marked] = this.flagKeys;
		if (seen.has(ask)) this.flag = 'untrusted';
		else this.flag = seen.has(marked) ? 'trusted' : 'absent';
		this.noteFound(seen, 0, this.firstCount);
	}

	/** The other marks, asked once the look-up found updates looked up before; none when asked or not read. */
	restGroup(): CheckGroup | undefined {
		if (this.restAsked || this.flag !== 'trusted') return undefined;
		return {
			keys: this.keysFrom(this.firstCount, this.count),
			later: true,
			takeBack: (seen) => {
				this.restAsked = true;
				this.noteFound(seen, this.firstCount, this.count);
				return [];
			},
		};
	}

	private noteFound(seen: Set<string>, from: number, to: number): void {
		for (let mark = from; mark < to; mark++)
			if (seen.has(this.key(mark))) this.marksFound = Math.max(this.marksFound, mark + 1);
	}

	/** The look-up found updates of this input that an earlier look-up had recorded. */
	lookedUp(): void {
		this.lookedUpBefore = true;
	}

	/** Whether no earlier run can have sent the update at `position`. */
	neverSent(position: number): boolean {
		return position >= this.foundUpTo * SENT_MARK_EVERY;
	}

	/**
	 * Once the look-up has all its answers, with the first update this run may send at `from`: returns the
	 * marks to take back (before any lane records one: their top-ups start after this).
	 */
	settle(from: number): string[] {
		const kept = Math.min(this.count, Math.floor(from / SENT_MARK_EVERY) + MARKS_AHEAD);
		// Only marks asked for are in the store.
		const inStoreUpTo = this.restAsked ? this.count : this.firstCount;
		this.markedUpTo = Math.min(inStoreUpTo, Math.max(this.foundUpTo, kept));
		const inStore = Promise.resolve();
		for (let mark = 0; mark < this.markedUpTo; mark++) this.marked.set(mark, inStore);
		const back = this.keysFrom(this.markedUpTo, inStoreUpTo);
		const fresh = this.flag === 'absent' && !this.lookedUpBefore;
		return this.flag === 'trusted' || fresh ? [...back, this.flagKeys[0]] : back;
	}

	/** Asked by every store call of the process: the marks up to MARKS_AHEAD hundreds beyond the lanes. */
	topUp(settled: Promise<void>): string[] {
		const lane = Math.floor(Math.max(0, this.reached - 1) / SENT_MARK_EVERY);
		const upTo = Math.min(this.count, lane + MARKS_AHEAD + 1);
		const keys: string[] = [];
		for (; this.markedUpTo < upTo; this.markedUpTo++) {
			this.marked.set(this.markedUpTo, settled);
			keys.push(this.key(this.markedUpTo));
		}
		return keys;
	}

	/**
	 * Before the update at `position` goes out: asks for a call (`need`) once fewer than two hundreds ahead of
	 * the lane's own are marked, and waits for it only when its own hundred is not marked yet.
	 */
	async before(position: number, need: () => Promise<void>, node: INode): Promise<void> {
		this.reached = Math.max(this.reached, position + 1);
		const mark = Math.floor(position / SENT_MARK_EVERY);
		await recordedFirst(
			{
				low: this.markedUpTo - mark <= 2 && this.markedUpTo < this.count,
				due: this.markedUpTo <= mark,
			},
			need,
			() => this.marked.get(mark),
			node,
		);
	}
}
