import type { IDataObject } from 'n8n-workflow';

import { TransportError } from '../output/errors';
import type { HttpAnswer } from '../engine/types';

/** Answers 429 are retried up to this many times per request (unless Max Retries is 0): nothing was processed. */
export const MAX_RATE_LIMIT_RETRIES = 10;
/** A Retry-After longer than this is not waited out: the item fails and says so. */
export const MAX_RETRY_AFTER_MS = 3600_000;
export const BACKOFF_BASE_MS = 250;
export const BACKOFF_MAX_MS = 10_000;

/** One retry as it appears in an item's output. */
export interface RetryRecord extends IDataObject {
	reason: string;
	waitedMs: number;
}

/** What happened to one item's requests: shown on success and error items once a retry happened. */
export interface AttemptLog {
	attempts: number;
	retries: RetryRecord[];
	/** Why a transient failure was not retried (e.g. the request may have created a record). */
	notRetried?: string;
	/** When the first attempt started and the last one ended (ms): the window a request signature was made in. */
	sentFromMs?: number;
	sentToMs?: number;
}

/**
 * How a failed attempt may be retried:
 * - `rateLimited`: 429, the provider did not process it; wait as told and retry, whatever the call;
 * - `neverReached`: the connection was refused, the request never reached the provider;
 * - `ambiguous`: timeout, reset, 502/503/504: the provider may have acted, so only idempotent calls retry.
 */
export type FailureKind = 'rateLimited' | 'neverReached' | 'ambiguous';

export interface TransientFailure {
	kind: FailureKind;
	reason: string;
	/** What the provider asked for (Retry-After), in ms, when it said. */
	retryAfterMs?: number;
}

const TRANSIENT_STATUS = new Set([502, 503, 504]);
const NEVER_REACHED = new Set(['ECONNREFUSED', 'EAI_AGAIN']);
const AMBIGUOUS_CODES: Record<string, string> = {
	ECONNRESET: 'connection reset',
	ETIMEDOUT: 'timeout',
	ECONNABORTED: 'timeout',
	EPIPE: 'connection closed while sending',
};

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3); the date is read against the answer's Date. */
export function parseRetryAfter(
	headers: Record<string, string>,
	now = Date.now(),
): number | undefined {
	const value = headers['retry-after']?.trim();
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
	const at = Date.parse(value);
	if (Number.isNaN(at)) return undefined;
	const serverNow = headers.date ? Date.parse(headers.date) : Number.NaN;
	return Math.max(0, at - (Number.isNaN(serverNow) ? now : serverNow));
}

/** Classifies a failed attempt; undefined means the outcome is final (a success or a real refusal). */
export function transientFailureOf(
	answer: HttpAnswer | undefined,
	failure: unknown,
): TransientFailure | undefined {
	if (answer) {
		const status = answer.statusCode;
		if (status === 429) {
			return {
				kind: 'rateLimited',
				reason: 'HTTP 429',
				retryAfterMs: parseRetryAfter(answer.headers),
			};
		}
		if (TRANSIENT_STATUS.has(status)) {
			return {
				kind: 'ambiguous',
				reason: `HTTP ${status}`,
				retryAfterMs: parseRetryAfter(answer.headers),
			};
		}
		return undefined;
	}
	if (failure instanceof TransportError) {
		if (NEVER_REACHED.has(failure.code))
			return { kind: 'neverReached', reason: `connection refused (${failure.code})` };
		const what = AMBIGUOUS_CODES[failure.code];
		if (what) return { kind: 'ambiguous', reason: `${what} (${failure.code})` };
	}
	return undefined;
}

/** Exponential backoff with jitter: half fixed, half random, so lanes that failed together do not retry together. */
export function backoffMs(retryNumber: number, random: () => number = Math.random): number {
	const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (retryNumber - 1));
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * GET, HEAD and OPTIONS never change anything; anything else is idempotent unless it may create a record
 * or add to one (a counter, a balance): sent twice, either has its effect twice.
 */
export function isIdempotent(
	method: string | undefined,
	mayCreate: boolean,
	mayAdd = false,
): boolean {
	const verb = (method ?? 'GET').toUpperCase();
	return verb === 'GET' || verb === 'HEAD' || verb === 'OPTIONS' || (!mayCreate && !mayAdd);
}
