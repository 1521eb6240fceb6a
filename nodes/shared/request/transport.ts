import type { ICredentialsDecrypted, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import {
	AnswerAbortedError,
	AnswerReadError,
	AnswerTooLargeError,
	DEFAULT_MAX_ANSWER_BYTES,
	answerText,
	readBoundedAnswer,
} from './boundedAnswer';
import { withAbortSignal, type DeadlineClock, type RequestDeadline } from './deadline';
import { ProviderError, TransportError } from '../output/errors';
import type { HttpAnswer } from '../engine/types';

const CODE_TEXT: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ECONNABORTED: 'the request timed out',
	ETIMEDOUT: 'the request timed out',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved',
	EPIPE: 'the connection was closed while sending',
	ERR_BAD_RESPONSE: 'the response could not be read',
	ERR_CANCELED: 'the request was cancelled',
	HPE_HEADER_OVERFLOW:
		"the answer's headers were larger than Node.js reads (16 KB): the answer was not read",
	ERESPONSETOOLARGE: 'the answer was larger than the Max Response Size',
};

/** Codes after which the provider may already have acted on the request. */
const AMBIGUOUS = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ERR_BAD_RESPONSE',
	'ERESPONSETOOLARGE',
]);

/** Node's HTTP parser refused the answer (HPE_*): the request was sent, the answer was not HTTP it can read. */
function isParserError(code: string): boolean {
	return code.startsWith('HPE_');
}

/**
 * The system error code behind a failed request. n8n wraps the client error in a NodeApiError that keeps
 * the code in `httpCode` (e.g. ECONNRESET) and the client's words in `messages`.
 */
function errorCode(error: unknown): string {
	const e = error as {
		code?: unknown;
		httpCode?: unknown;
		messages?: unknown;
		cause?: { code?: unknown; cause?: { code?: unknown } };
		context?: { data?: { code?: unknown } };
	};
	const candidates = [
		e?.cause?.code,
		e?.cause?.cause?.code,
		e?.code,
		e?.httpCode,
		e?.context?.data?.code,
	];
	for (const c of candidates) {
		if (typeof c === 'string' && /^(E[A-Z]{3,}|ERR_[A-Z_]+|HPE_[A-Z_]+)$/.test(c)) return c;
	}
	const text = [
		String((error as Error)?.message ?? ''),
		...(Array.isArray(e?.messages) ? e.messages : []),
	].join(' ');
	const m = /\b(E[A-Z]{3,}|ERR_[A-Z_]+|HPE_[A-Z_]+)\b/.exec(text);
	if (m) return m[1];
	if (/timeout|timed out/i.test(text)) return 'ETIMEDOUT';
	if (/socket hang up/i.test(text)) return 'ECONNRESET';
	return 'EUNKNOWN';
}

// Runs once per answer: a plain loop, no intermediate arrays.
function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return out;
	const source = headers as Record<string, unknown>;
	for (const k in source) {
		const v = source[k];
		if (v === undefined || v === null) continue;
		out[k.toLowerCase()] = typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : String(v);
	}
	return out;
}

/** Why a request got no usable answer, as the error a user sees. */
function transportFailure(
	failure: unknown,
	providerName: string,
	timeoutMs: number,
	deadline: RequestDeadline,
): TransportError {
	if (failure instanceof AnswerTooLargeError) {
		return new TransportError(
			`${providerName}'s answer is larger than ${failure.limitBytes / 1024} KB (the Max Response Size option): it was not read further`,
			'ERESPONSETOOLARGE',
			true,
		);
	}
	// The deadline is reported as a timeout whichever layer noticed it first (axios's idle timeout or the abort).
	// Bytes that stop coming mid-answer (reset, truncated, bad compression) read as a broken answer, as in n8n's client.
	const code = deadline.expired
		? 'ECONNABORTED'
		: failure instanceof AnswerAbortedError
			? 'ERR_CANCELED'
			: failure instanceof AnswerReadError
				? 'ERR_BAD_RESPONSE'
				: errorCode(failure);
	if (isParserError(code)) {
		const what =
			CODE_TEXT[code] ??
			`the answer was not HTTP that Node.js can read (${code.slice(4).toLowerCase().replace(/_/g, ' ')})`;
		return new TransportError(
			`Could not read ${providerName}'s answer: ${what} (${code})`,
			code,
			true,
		);
	}
	const what = CODE_TEXT[code] ?? 'the request failed';
	const timeoutNote =
		code === 'ETIMEDOUT' || code === 'ECONNABORTED' ? ` after ${timeoutMs} ms` : '';
	return new TransportError(
		`Could not get an answer from ${providerName}: ${what}${timeoutNote} (${code})`,
		code,
		AMBIGUOUS.has(code),
	);
}

/** One request to send through a credential, and what bounds it. */
export interface CredentialRequest {
	ctx: IExecuteFunctions;
	/** Keeps `timeoutMs` for the whole exchange. */
	clock: DeadlineClock;
	credentialType: string;
	/** The credential decrypted once for the execution, so n8n does not read and decrypt it for each request. */
	credential?: ICredentialsDecrypted;
	request: IHttpRequestOptions;
	providerName: string;
	timeoutMs: number;
	/** No more than this much of the (decompressed) answer is read. */
	maxAnswerBytes?: number;
}

/** n8n's request helper asked for the whole answer as a stream, never following a redirect. */
function streamedRequestOptions(send: CredentialRequest, signal: AbortSignal): IHttpRequestOptions {
	return withAbortSignal(
		{
			...send.request,
			timeout: send.timeoutMs,
			returnFullResponse: true,
			// A write is never followed to another address (a 301/302 would even turn it into a GET), and
			// without following n8n's client leaves out the redirect layer it otherwise runs for every request.
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: true,
			json: false,
			// A stream, so the answer is read here with a size limit instead of whole into memory.
			encoding: 'stream',
		},
		signal,
		send.clock.cancelSignal,
	);
}

/**
 * Sends one request through the credential's authentication and returns status, headers and the
 * raw body text whatever the status: each provider decides what its answer means. The one exception
 * is a redirect, which no provider's call expects: it fails here for all of them.
 */
export async function sendWithCredential(send: CredentialRequest): Promise<HttpAnswer> {
	const { ctx, clock, providerName, timeoutMs } = send;
	const deadline = clock.start(timeoutMs);
	const signal = deadline.signal;
	let received: { statusCode?: number; headers?: unknown; body?: unknown } | undefined;
	let body = '';
	let failure: unknown;
	try {
		received = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			send.credentialType,
			streamedRequestOptions(send, signal),
			send.credential && { credentialsDecrypted: send.credential },
		)) as typeof received;
		const maxAnswerBytes = send.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
		body = answerText(await readBoundedAnswer(received?.body, maxAnswerBytes, signal));
	} catch (error) {
		failure = error;
	} finally {
		clock.finish(deadline);
	}
	if (failure !== undefined || !received) {
		destroyBody(received?.body);
		throw transportFailure(failure, providerName, timeoutMs, deadline);
	}
	const answer = {
		statusCode: Number(received.statusCode ?? 0),
		headers: lowerCaseHeaders(received.headers),
		body,
	};
	if (REDIRECT_STATUSES.has(answer.statusCode) && answer.headers.location) {
		throw redirectError(providerName, answer.statusCode, answer.headers.location);
	}
	return answer;
}

function destroyBody(body: unknown): void {
	const stream = body as { destroy?: () => void } | undefined;
	if (stream && typeof stream.destroy === 'function') stream.destroy();
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function redirectError(providerName: string, statusCode: number, location: string): ProviderError {
	const shown = location.length > 200 ? `${location.slice(0, 197)}...` : location;
	let origin = '';
	try {
		origin = new URL(location).origin;
	} catch {
		// A relative Location: the same host, another path.
	}
	return new ProviderError(
		`${providerName} redirected the request (HTTP ${statusCode}) to ${shown}; it was not sent there`,
		{
			httpCode: statusCode,
			description: `Requests that change data are not followed to another address: the provider did not act on this one. Set the address in the credential to where the API is served${origin && origin !== 'null' ? ` (the redirect points to ${origin})` : ''}.`,
		},
	);
}
