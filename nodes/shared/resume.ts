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
/** Rounds of writing a record and reading it back before the store counts as unreliable. */
const CONFIRM_ROUNDS = 5;
const STORE_OPTIONS = { mode: 'entries' as const, maxEntries: RESUME_MAX_ENTRIES };
/** Store calls tried again after an error: two executions writing a workflow's first record collide. */
const STORE_ATTEMPTS = 3;
/** The pause between the checks of the final pass, well beyond one store call of another execution. */
export const SETTLE_MS = 300;
/** Final-pass rounds at most; it ends earlier once two checks in a row find every record. */
const SETTLE_ROUNDS = 10;

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
	return prepared.mayCreate || prepared.sentFields.includes('auto_add');
}

/**
 * One node execution's calls to the deduplication store, one at a time (each call reads and rewrites the
 * workflow's whole record list) and merged: records asked for while a call runs go out together in the next.
 */
class StoreQueue {
	private readonly toRecord = new Map<string, Array<{ resolve: (seen: boolean) => void; reject: (e: unknown) => void }>>();
	private readonly toRemove = new Map<string, Array<{ resolve: () => void; reject: (e: unknown) => void }>>();
	private pumping = false;

	constructor(private readonly ctx: IExecuteFunctions) {}

	/** Records `key`; true when it was there already. */
	async record(key: string): Promise<boolean> {
		return await new Promise<boolean>((resolve, reject) => {
			const waiting = this.toRecord.get(key) ?? [];
			waiting.push({ resolve, reject });
			this.toRecord.set(key, waiting);
			void this.pump();
		});
	}

	async remove(key: string): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			const waiting = this.toRemove.get(key) ?? [];
			waiting.push({ resolve, reject });
			this.toRemove.set(key, waiting);
			void this.pump();
		});
	}

	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.toRecord.size || this.toRemove.size) {
				if (this.toRecord.size) {
					const batch = new Map(this.toRecord);
					this.toRecord.clear();
					try {
						const result = await withStoreRetries(
							async () => await this.ctx.helpers.checkProcessedAndRecord([...batch.keys()], 'workflow', STORE_OPTIONS),
						);
						const seen = new Set(result.processed.map(String));
						for (const [key, waiting] of batch) for (const w of waiting) w.resolve(seen.has(key));
					} catch (error) {
						for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
					}
				}
				if (this.toRemove.size) {
					const batch = new Map(this.toRemove);
					this.toRemove.clear();
					try {
						await withStoreRetries(
							async () => await this.ctx.helpers.removeProcessed([...batch.keys()], 'workflow', STORE_OPTIONS),
						);
						for (const waiting of batch.values()) for (const w of waiting) w.resolve();
					} catch (error) {
						for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
					}
				}
			}
		} finally {
			this.pumping = false;
		}
	}

	/**
	 * Records `key` and reads it back until the store shows it: executions running at the same time rewrite
	 * the same list, and one that read it before this write can put it back without the new record.
	 * True when the key was there before this call.
	 */
	async recordKept(key: string): Promise<boolean> {
		if (await this.record(key)) return true;
		for (let round = 1; round < CONFIRM_ROUNDS; round++) {
			if (await this.record(key)) return false;
		}
		throw new Error(
			`n8n's deduplication store lost the record of this update ${CONFIRM_ROUNDS} times in a row (other executions of this workflow rewrite the same list)`,
		);
	}
}

export type ResumeStep = { skipped: IDataObject } | undefined;

/** The records of one node execution: which items to send, skip or refuse, and what to note afterwards. */
export class ResumeLedger {
	private readonly queue: StoreQueue;
	private readonly keys = new Map<number, string>();
	private readonly attempted = new Set<number>();
	/** Records this execution wrote or found, which the final pass checks again. */
	private readonly kept = new Set<string>();

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
		const sentBefore = await this.queue.recordKept(`sent:${key}`);
		this.kept.add(`sent:${key}`);
		if (!sentBefore) {
			this.attempted.add(i);
			return undefined;
		}
		if (await this.queue.record(`done:${key}`)) {
			this.kept.add(`done:${key}`);
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
		// Only a check: the provider never confirmed this update, so it must not count as done.
		await this.queue.remove(`done:${key}`);
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
	 * After item `i` was sent: notes a confirmed update as done, and forgets an update the provider refused
	 * (it answered, below HTTP 500, and applied nothing) so a later run sends it again.
	 */
	async after(i: number, error?: unknown): Promise<void> {
		if (!this.attempted.delete(i)) return;
		const key = this.keys.get(i) as string;
		if (error === undefined) {
			await this.queue.recordKept(`done:${key}`);
			this.kept.add(`done:${key}`);
			return;
		}
		const httpCode = error instanceof ProviderError ? error.details.httpCode : undefined;
		if (error instanceof ProviderError && (httpCode === undefined || httpCode < 500)) {
			this.kept.delete(`sent:${key}`);
			await this.queue.remove(`sent:${key}`);
		}
	}

	/**
	 * The final pass: another execution of this workflow that read the list before one of our writes and
	 * wrote it back after can have dropped our records, so they are written again, after a pause, until two
	 * checks in a row find them all.
	 */
	async finish(): Promise<void> {
		const keys = [...this.kept];
		if (!keys.length) return;
		let clean = 0;
		for (let round = 0; round < SETTLE_ROUNDS && clean < 2; round++) {
			await sleep(SETTLE_MS);
			const result = await withStoreRetries(
				async () => await this.ctx.helpers.checkProcessedAndRecord(keys, 'workflow', STORE_OPTIONS),
			);
			clean = result.new.length === 0 ? clean + 1 : 0;
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
