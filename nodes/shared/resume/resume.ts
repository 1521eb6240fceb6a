import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ProviderError } from '../output/errors';
import type { PreparedRequest, ProviderId } from '../engine/types';
import { rememberConfirmed, seenConfirmed } from './confirmedInputs';
import { AddWave } from './addWave';
import { Checkpoints } from './checkpoints';
import { recordedFirst } from './recordedFirst';
import { SentMarks } from './sentMarks';
import { joinStore, RESUME_MAX_ENTRIES, type CheckGroup, type StoreQueue } from './storeQueue';

export { CONFIRMED_INPUT_MEMORY_MS, forgetConfirmedInputs } from './confirmedInputs';
export { LOCK_BREAK_MS } from './lock';
export { MAX_UNRECORDED, separateStoreCallsPerExecution } from './storeQueue';

/**
 * "Skip Updates Already Applied": a bulk run that a dead worker or a crash cut short can be triggered
 * again and sends only what the provider had not confirmed. The records live in n8n's own deduplication
 * store (scope workflow), per update key:
 * - `rec:` the update was looked up to be sent, or is about to be (an add);
 * - `done:` the provider confirmed it;
 * - `ask:` a look-up asked whether `done:` was there and did not find it confirmed.
 * The store can only ask "is it there?" by recording it, and a look-up of `done:` records it. So `done:` is
 * asked only of an update that has `rec:` (never on a fresh run), always together with `ask:` in one write,
 * and "confirmed" is `done:` without `ask:`. `ask:` goes only once `done:` is true: soon after the look-up
 * for an update confirmed before, in the call that records this run's confirmation otherwise. A look-up cut
 * short (a crash, an overlapping call, a retry) leaves `ask:` beside the `done:` it recorded, which reads
 * "in flight" (sent again, or for an add, refused), never "confirmed". One more record per node execution,
 * `all:`, says that every update of its input was confirmed, asked the same way beside `ask-all:`; and one per
 * hundred of its input whose every update was confirmed (`all:` with that hundred, Checkpoints). `sent:`
 * marks each hundred of the input before its first update goes out (SentMarks): beyond the largest one found,
 * an update found with `rec:` was never sent, and is sent without asking for `done:`.
 *
 * A confirmation records `done:`: a recording call reads and rewrites the list once, where a removal also
 * searches the whole list for every key (n8n 2.41.1 on PostgreSQL: removing 1,000 keys from 80,000 records
 * took 608 ms, recording 400 took 146 ms). Confirmations wait up to RECORD_EVERY_MS or RECORD_BATCH of them,
 * then go out in one store call, and no request waits for them. An update that adds or may create is
 * recorded just before it is sent, a wave of them in one store call, so that a dead worker leaves few of
 * them asking to check the provider although they were never sent.
 */

/**
 * The most items one node execution resumes. A confirmed update keeps two records (`rec:` and `done:`), and
 * an execution one per hundred confirmed in full (Checkpoints) and one per hundred sent (SentMarks). A run
 * triggered again holds three for each update it asks about (`ask:` beside them) until it takes `ask:` back, and
 * it asks about every update outside its checkpoints: all of them when every hundred of the input had an update
 * never confirmed. A run of this size then peaks at about 97,000 records, and the store, which drops its oldest
 * records beyond RESUME_MAX_ENTRIES, drops other run keys' records before any of this run's. At 40,000 it
 * dropped the first run's `rec:` of 21,214 updates, which the next run then took for new ones and sent again (an
 * add applied twice). A bigger input fails before anything is sent.
 */
export const RESUME_MAX_ITEMS = 32000;
/** Items checked in one locked call before the first request: short holds, so other executions' calls interleave. */
const CHECK_CHUNK = 1000;

export interface ResumeOptions {
	runKey: string;
}

/**
 * The option pair, from the options collection the engine reads once from the first item (its Run Key is
 * often an expression, which n8n 2.41 evaluates in an isolated sandbox); undefined when off.
 */
export function resumeOptionsFrom(raw: IDataObject): ResumeOptions | undefined {
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
	/** The store call recording each add's `rec:` before it is sent, shared by its wave. */
	private readonly marked = new Map<number, Promise<void>>();
	/** Adds up to this position in `addOrder` are recorded or being recorded. */
	private markedUpTo = 0;
	/** Adds before this position in `addOrder` were taken by a lane. */
	private nextAdd = 0;
	private stopTopUp: (() => void) | undefined;
	/** Adds and creates to send, in the order the engine takes them. */
	private readonly addOrder: number[] = [];
	private readonly addPosition = new Map<number, number>();
	/** Names this input: the keys of all its updates, in order. */
	private readonly digest: string;
	/** Items whose `ask:` and `done:` the look-up left: in flight until this run's confirmation. */
	private readonly asked = new Set<number>();
	/** Items skipped or confirmed by the provider in this execution. */
	private confirmed = 0;
	/** An earlier execution of this same input had every update confirmed. */
	private wholeFound = false;
	/** Each item's place among the updates of the input (the order of `keys`). */
	private readonly position = new Map<number, number>();
	/** The hundreds of the input confirmed in full: skipped without a question each. */
	private readonly checkpoints: Checkpoints;
	/** Which hundreds of the input an earlier run may have sent, and this run's marks before it sends. */
	private readonly sent: SentMarks;
	/** Adds recorded in one store call before they go out. */
	private readonly wave: AddWave;
	private nodeCopy: INode | undefined;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly providerId: ProviderId,
		private readonly options: ResumeOptions,
		private readonly prepared: ReadonlyArray<PreparedRequest | undefined>,
		concurrency: number,
	) {
		this.wave = new AddWave(concurrency);
		// The same update twice in one input is two updates: the second occurrence gets its own key.
		const occurrences = new Map<string, number>();
		prepared.forEach((p, i) => {
			if (!p) return;
			const base = `${options.runKey}\n${providerId}\n${p.customerId ?? ''}\n${fingerprintOf(p.request)}`;
			const n = (occurrences.get(base) ?? 0) + 1;
			occurrences.set(base, n);
			this.position.set(i, this.keys.size);
			this.keys.set(i, createHash('sha256').update(`${base}\n#${n}`).digest('base64'));
		});
		this.digest = createHash('sha256')
			.update([...this.keys.values()].join('\n'))
			.digest('base64');
		this.sent = new SentMarks(this.digest, this.keys.size);
		this.checkpoints = new Checkpoints(this.digest, this.keys.size);
	}

	/** Joined on first use: a ledger never asked (no item to send) takes no part in the store calls. */
	private get queue(): StoreQueue {
		return (this.joined ??= joinStore(this.ctx));
	}

	/** The node, for errors: n8n copies it on every getNode(), ≈ 20 µs an item in a worker's busiest runs. */
	private get node(): INode {
		return (this.nodeCopy ??= this.ctx.getNode());
	}

	private runName(): string {
		return this.options.runKey ? `run "${this.options.runKey}"` : 'this workflow';
	}

	/**
	 * What earlier runs left for every item, asked once before the first request, a chunk per locked call.
	 * The look-up records `rec:`; an update found without it is fresh and sent (an add or create loses it
	 * again: it is recorded a wave at a time just before it goes out, the first wave kept by the look-up so
	 * that its lanes start without waiting for a store call). An update found with it asks for `done:`.
	 */
	private async readVerdicts(): Promise<Map<number, Verdict>> {
		const verdicts = new Map<number, Verdict>();
		const items = [...this.keys.keys()];
		if (seenConfirmed(this.ctx.getWorkflow().id, this.digest)) {
			this.wholeFound = true;
			for (const i of items) verdicts.set(i, 'skip');
			return verdicts;
		}
		// A set, not a count: a retried call asks `takeBack` again and must keep the same items.
		const firstWave = new Set<number>();
		const whole = this.wholeInput();
		for (let start = 0; start < items.length; start += CHECK_CHUNK) {
			const chunk = items.slice(start, start + CHECK_CHUNK);
			const lookUp = this.lookUp(chunk, verdicts, firstWave);
			// In the same call as the first chunk: an input confirmed in full needs nothing more.
			await Promise.all(start === 0 ? [lookUp.asked, this.queue.check(whole)] : [lookUp.asked]);
			if (this.wholeFound) {
				rememberConfirmed(this.ctx.getWorkflow().id, this.digest);
				for (const i of items) verdicts.set(i, 'skip');
				return verdicts;
			}
			// The marks beyond the first write's, when the follow-up write that asks for them did not take place.
			const marks = this.outsideCheckpoints(lookUp.earlier()).length
				? this.sent.restGroup()
				: undefined;
			if (marks) await this.queue.check(marks);
			for (const i of lookUp.earlier()) {
				if (this.inCheckpoint(i)) verdicts.set(i, 'skip');
				else if (this.neverSent(i)) verdicts.set(i, 'send');
			}
			const earlier = this.toAsk(lookUp.earlier());
			if (earlier.length && !lookUp.confirmationsAnswered())
				await this.queue.check(this.confirmations(earlier, verdicts));
		}
		for (const i of items) {
			if (verdicts.get(i) !== 'send' || !addsOrCreates(this.prepared[i] as PreparedRequest))
				continue;
			this.addPosition.set(i, this.addOrder.length);
			this.addOrder.push(i);
		}
		const marksBack = this.sent.settle(this.checkpoints.firstUncovered());
		if (marksBack.length) void this.queue.change([], marksBack).catch(() => undefined);
		// The fresh adds in input order are addOrder's start: the first wave is recorded already.
		this.markedUpTo = firstWave.size;
		for (const i of firstWave) this.marked.set(i, Promise.resolve());
		if ([...verdicts.values()].includes('send')) this.stopTopUp = this.queue.addTopUp(this.topUp);
		return verdicts;
	}

	/**
	 * Looks up `chunk`: the items found without `rec:` are sent (`firstWave` collects the adds the look-up
	 * keeps recorded); those found with it (`earlier`) are asked for `done:` in the same lock hold, unless the
	 * whole input was found confirmed in the same call. `confirmationsAnswered` is false when that second
	 * write did not take place: the caller then asks in a call of its own.
	 */
	private lookUp(chunk: number[], verdicts: Map<number, Verdict>, firstWave: Set<number>) {
		let earlier: number[] = [];
		let confirmationsAnswered = false;
		const rec = (i: number) => `rec:${this.keys.get(i)}`;
		const asked = this.queue.check({
			keys: chunk.map(rec),
			takeBack: (seen) => {
				earlier = chunk.filter((i) => seen.has(rec(i)));
				if (earlier.length) this.sent.lookedUp();
				return chunk.flatMap((i) => {
					if (seen.has(rec(i))) return [];
					verdicts.set(i, 'send');
					if (!addsOrCreates(this.prepared[i] as PreparedRequest)) return [];
					if (firstWave.has(i) || firstWave.size < this.wave.size) {
						firstWave.add(i);
						return [];
					}
					return [rec(i)];
				});
			},
			followUp: () => {
				if (!this.outsideCheckpoints(earlier).length || this.wholeFound) return undefined;
				const questions = () => {
					const toAsk = this.toAsk(earlier);
					if (!toAsk.length) return undefined;
					const group = this.confirmations(toAsk, verdicts);
					return {
						...group,
						takeBack: (seen: Set<string>) => {
							confirmationsAnswered = true;
							return group.takeBack(seen);
						},
					};
				};
				// Which hundreds were never sent decides which updates get a question: asked in a write before.
				const marks = this.sent.restGroup();
				return marks ? { ...marks, followUp: questions } : questions();
			},
		});
		return { asked, earlier: () => earlier, confirmationsAnswered: () => confirmationsAnswered };
	}

	/**
	 * Asks whether an earlier execution of this same input had every update confirmed (`all:`, recorded when
	 * it ended so): asked like `done:`, beside `ask-all:`, so that a look-up cut short cannot make it look so.
	 * A re-run's executions whose updates were all applied then skip them without a look-up per item, which
	 * would record two keys and take one back per update; on a worker that saw it confirmed, without a store
	 * call at all (confirmedInputs.ts). The same write asks for every checkpoint of the input and the first marks.
	 */
	private wholeInput(): CheckGroup {
		// `all:` first, recorded and taken back: a pair cut in two leaves the question (Checkpoints).
		const [all, ask] = [`all:${this.digest}`, `ask-all:${this.digest}`];
		return {
			keys: [all, ask, ...this.checkpoints.keys(), ...this.sent.firstKeys()],
			later: true,
			// Asked again when a call is retried, which then finds its own questions: none is trusted.
			takeBack: (seen) => {
				this.wholeFound = seen.has(all) && !seen.has(ask);
				this.sent.answerFirst(seen);
				return [...(this.wholeFound ? [ask] : [all, ask]), ...this.checkpoints.answer(seen)];
			},
		};
	}

	private inCheckpoint(i: number): boolean {
		return this.checkpoints.covers(this.position.get(i) as number);
	}

	private outsideCheckpoints(items: number[]): number[] {
		return items.filter((i) => !this.inCheckpoint(i));
	}

	/**
	 * A plain update beyond the marks found was never sent. An add or create there still gets its question: a run
	 * of a version without marks after one of this version (a downgrade, a worker not yet upgraded) sends without
	 * marking, and only `done:` then shows it. Found with `rec:` beyond the marks, an add is otherwise rare: its
	 * `rec:` is recorded two waves ahead of the lanes, the marks three hundreds ahead.
	 */
	private neverSent(i: number): boolean {
		if (addsOrCreates(this.prepared[i] as PreparedRequest)) return false;
		return this.sent.neverSent(this.position.get(i) as number);
	}

	/** The items found looked up that still need a question: not in a checkpoint, not beyond the marks found. */
	private toAsk(items: number[]): number[] {
		return items.filter((i) => !this.inCheckpoint(i) && !this.neverSent(i));
	}

	/** Notes the update of item `i` confirmed; returns the checkpoint to record once its hundred is. */
	private checkpointAfter(i: number): string[] {
		return this.checkpoints.confirm(this.position.get(i) as number);
	}

	/**
	 * Asks whether updates an earlier run looked up were confirmed: records `ask:` and `done:` in one write.
	 * Confirmed (`done:` there before, `ask:` not): `ask:` is taken back. Otherwise both stay, which reads "in
	 * flight" (a `done:` found beside an `ask:` may be what a look-up cut short left: not trusted) until this
	 * run's confirmation removes `ask:` in the call that records `done:`, one removal instead of two.
	 */
	private confirmations(items: number[], verdicts: Map<number, Verdict>): CheckGroup {
		return {
			// `done:` first: the store drops its oldest records first, and `done:` alone would read confirmed.
			keys: items.flatMap((i) => [`done:${this.keys.get(i)}`, `ask:${this.keys.get(i)}`]),
			later: true,
			takeBack: (seen) =>
				items.flatMap((i) => {
					const key = this.keys.get(i) as string;
					const confirmed = seen.has(`done:${key}`) && !seen.has(`ask:${key}`);
					const adds = addsOrCreates(this.prepared[i] as PreparedRequest);
					verdicts.set(i, confirmed ? 'skip' : adds ? 'refuse' : 'send');
					if (confirmed) this.asked.delete(i);
					else this.asked.add(i);
					return confirmed ? [`ask:${key}`] : [];
				}),
		};
	}

	/**
	 * Asked by every store call of this process while adds wait: records `rec:` of the adds up to two waves
	 * from the latest one taken, so that whichever execution's call goes out tops up every execution's adds,
	 * and each needs a call only once it took a wave. When a worker dies, fewer than two waves per execution
	 * are recorded and not yet sent: those items then ask to check the provider although nothing was sent.
	 */
	private readonly topUp = (settled: Promise<void>): string[] => [
		...this.sent.topUp(settled),
		...this.addsTopUp(settled),
	];

	private addsTopUp(settled: Promise<void>): string[] {
		// The latest add taken is at nextAdd - 1; fewer than two waves after it: up to nextAdd + 2 waves - 2.
		const upTo = Math.min(this.addOrder.length, this.nextAdd + 2 * this.wave.size - 2);
		const wave = this.addOrder.slice(this.markedUpTo, upTo);
		if (!wave.length) return [];
		this.markedUpTo = upTo;
		void settled.then(() => this.wave.recorded()).catch(() => undefined);
		for (const j of wave) this.marked.set(j, settled);
		return wave.map((j) => `rec:${this.keys.get(j)}`);
	}

	/**
	 * Before the add at `position` goes out: asks for a call once fewer than a wave are recorded from it on, and
	 * waits for it only when the add itself is not recorded yet, so lanes seldom wait for the store.
	 */
	private async markAhead(position: number): Promise<void> {
		this.nextAdd = Math.max(this.nextAdd, position + 1);
		// Also true when the add itself is not recorded yet (markedUpTo <= position < addOrder.length).
		const low =
			this.markedUpTo - position < this.wave.size && this.markedUpTo < this.addOrder.length;
		if (low) this.wave.ranLow(this.queue.executions);
		await recordedFirst(
			{ low, due: this.markedUpTo <= position },
			async () => await this.queue.need(),
			() => this.marked.get(this.addOrder[position]),
			this.node,
		);
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
			this.confirmed += 1;
			const checkpoint = this.wholeFound ? [] : this.checkpointAfter(i);
			// True once an earlier execution's confirmation is found: rides with the next call.
			if (checkpoint.length) void this.queue.change(checkpoint, []).catch(() => undefined);
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
				this.node,
				'This update may already have been applied: an earlier execution sent it and stopped before the provider confirmed it',
				{
					description: `It adds to the customer's balance or may create a customer, so sending it again could apply it twice. Check the customer in the provider; to send it anyway, run it with another Run Key or with Skip Updates Already Applied off. (${this.runName()})`,
				},
			);
		}
		const need = async () => await this.queue.need();
		await this.sent.before(this.position.get(i) as number, need, this.node);
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
		this.stopTopUp?.();
		// The provider confirmed every update in this execution (what was skipped, an earlier one confirmed).
		const whole = this.confirmed === this.keys.size && this.keys.size > 0 && !this.wholeFound;
		if (whole) rememberConfirmed(this.ctx.getWorkflow().id, this.digest);
		if (!this.joined) return true;
		if (whole) {
			// True once the provider confirmed every update, whatever the store holds: rides with the next call.
			await this.joined.change([`all:${this.digest}`], []).catch(() => undefined);
		}
		return await this.joined.finish(this.ctx);
	}

	/**
	 * After item `i` was sent: notes a confirmed update (`done:`), and forgets an update the provider refused (it answered, below HTTP 500, and applied nothing) so a later run
	 * sends it again. Resolves at once unless too many confirmations wait for the store.
	 */
	async after(i: number, error?: unknown): Promise<void> {
		if (!this.attempted.delete(i)) return;
		const key = this.keys.get(i) as string;
		if (error === undefined) {
			this.confirmed += 1;
			// The provider applied it whatever the store does: a failed write only makes `finish` warn.
			const asked = this.asked.has(i) ? [`ask:${key}`] : [];
			await this.queue
				.change([`done:${key}`, ...this.checkpointAfter(i)], asked)
				.catch(() => undefined);
			return;
		}
		const httpCode = error instanceof ProviderError ? error.details.httpCode : undefined;
		if (error instanceof ProviderError && (httpCode === undefined || httpCode < 500)) {
			const asked = this.asked.has(i) ? [`ask:${key}`, `done:${key}`] : [];
			await this.queue.change([], [`rec:${key}`, ...asked]);
		}
	}
}

/** The ledger of this node execution, or undefined when the option is off. */
export function openResumeLedger(
	ctx: IExecuteFunctions,
	providerId: ProviderId,
	prepared: ReadonlyArray<PreparedRequest | undefined>,
	options: ResumeOptions | undefined,
	concurrency = 1,
): ResumeLedger | undefined {
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
