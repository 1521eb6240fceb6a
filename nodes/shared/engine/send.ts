import type { IHttpRequestOptions } from 'n8n-workflow';

import type { DeadlineClock } from '../request/deadline';
import type { RequestGate } from '../request/requestGate';
import {
	MAX_RATE_LIMIT_RETRIES,
	MAX_RETRY_AFTER_MS,
	backoffMs,
	isIdempotent,
	transientFailureOf,
	type AttemptLog,
	type TransientFailure,
} from '../request/retry';
import { sendWithCredential } from '../request/transport';
import type { Execution } from './execution';
import type { HttpAnswer } from './types';

/** One request of one item, the gate and clock it goes through, and what a retry of it could do. */
export interface OutgoingRequest {
	run: Execution;
	gate: RequestGate;
	clock: DeadlineClock;
	request: IHttpRequestOptions;
	/** Sending it twice could create a second record. */
	mayCreate: boolean;
	/** Sending it twice adds twice (e.g. points to a balance). */
	mayAdd: boolean;
	log: AttemptLog;
}

/** Retries so far of one request: a 429 counts against its own limit. */
interface RetryCount {
	transient: number;
	rateLimited: number;
}

/** How long to wait before retrying, or undefined when this failure is final. */
function retryWait(
	outgoing: OutgoingRequest,
	transient: TransientFailure,
	count: RetryCount,
): number | undefined {
	const { options } = outgoing.run;
	const { log, mayCreate, mayAdd } = outgoing;
	if (options.maxRetries === 0) return undefined;
	if (transient.kind === 'ambiguous' && !isIdempotent(outgoing.request.method, mayCreate, mayAdd)) {
		const effect = mayCreate ? 'create a second record' : 'add the same amounts a second time';
		log.notRetried = `after ${transient.reason} the provider may have acted on this request, and sending it again could ${effect}`;
		return undefined;
	}
	const rateLimited = transient.kind === 'rateLimited';
	if (
		rateLimited
			? count.rateLimited >= MAX_RATE_LIMIT_RETRIES
			: count.transient >= options.maxRetries
	) {
		return undefined;
	}
	const backoff = backoffMs((rateLimited ? count.rateLimited : count.transient) + 1);
	const wait = Math.max(transient.retryAfterMs ?? backoff, rateLimited ? 0 : backoff);
	if (wait > MAX_RETRY_AFTER_MS) {
		log.notRetried = `the provider asked to wait ${Math.round(wait / 1000)} s (Retry-After), longer than the ${MAX_RETRY_AFTER_MS / 1000} s this node waits`;
		return undefined;
	}
	return wait;
}

/** A retry under way: why, and since when (its wait ends when the gate lets the request start). */
interface PendingRetry {
	reason: string;
	startedAt: number;
}

/** One attempt through the gate: the answer, or why there is none. */
async function attempt(
	outgoing: OutgoingRequest,
	retry?: PendingRetry,
): Promise<{ answer?: HttpAnswer; failure?: unknown }> {
	const { run, gate, log } = outgoing;
	const { provider, options } = run;
	if (!gate.tryAcquire()) await gate.acquire();
	if (retry) log.retries.push({ reason: retry.reason, waitedMs: Date.now() - retry.startedAt });
	log.attempts += 1;
	let answer: HttpAnswer | undefined;
	let failure: unknown;
	log.sentFromMs ??= Date.now();
	const startedAt = Date.now();
	try {
		answer = await sendWithCredential({
			ctx: run.ctx,
			clock: outgoing.clock,
			credentialType: provider.credentialType,
			credential: run.credential,
			request: outgoing.request,
			providerName: provider.displayName,
			timeoutMs: options.timeoutMs,
			maxAnswerBytes: options.maxAnswerBytes,
		});
	} catch (error) {
		failure = error;
	}
	log.sentToMs = Date.now();
	gate.release(answer ? log.sentToMs - startedAt : undefined);
	const reading = answer && provider.readQuota?.(answer);
	if (reading) gate.observeQuota(reading);
	return { answer, failure };
}

/**
 * Sends one request through the gate, retrying transient failures as the options and the call allow:
 * a 429 waits as told and always retries (nothing was processed), a refused connection retries, and a
 * timeout, reset or 502/503/504 retries only when the call cannot create a record.
 */
export async function sendWithRetries(outgoing: OutgoingRequest): Promise<HttpAnswer> {
	const { gate } = outgoing;
	const count: RetryCount = { transient: 0, rateLimited: 0 };
	let retry: PendingRetry | undefined;
	for (;;) {
		const { answer, failure } = await attempt(outgoing, retry);
		const transient = transientFailureOf(answer, failure);
		const waitMs = transient ? retryWait(outgoing, transient, count) : undefined;
		if (!transient || waitMs === undefined) {
			if (answer) return answer;
			throw failure;
		}
		if (transient.kind === 'rateLimited') count.rateLimited += 1;
		else count.transient += 1;
		retry = { reason: transient.reason, startedAt: Date.now() };
		// The provider's wait holds every lane; a backoff only this request.
		if (transient.kind === 'rateLimited') gate.pauseUntil(retry.startedAt + waitMs);
		else await gate.wait(waitMs);
	}
}
