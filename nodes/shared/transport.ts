import type { ICredentialsDecrypted, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { ProviderError, TransportError } from './errors';
import type { HttpResponse } from './types';

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
};

/** Codes after which the provider may already have acted on the request. */
const AMBIGUOUS = new Set(['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ERR_BAD_RESPONSE']);

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
	const candidates = [e?.cause?.code, e?.cause?.cause?.code, e?.code, e?.httpCode, e?.context?.data?.code];
	for (const c of candidates) {
		if (typeof c === 'string' && /^(E[A-Z]{3,}|ERR_[A-Z_]+)$/.test(c)) return c;
	}
	const text = [String((error as Error)?.message ?? ''), ...(Array.isArray(e?.messages) ? e.messages : [])].join(' ');
	const m = /\b(E[A-Z]{3,}|ERR_[A-Z_]+)\b/.exec(text);
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

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return JSON.stringify(body);
}

/**
 * Sends one request through the credential's authentication and returns status, headers and the
 * raw body text whatever the status: each provider decides what its answer means. The one exception
 * is a redirect, which no provider's call expects: it fails here for all of them.
 */
export async function sendWithCredential(
	ctx: IExecuteFunctions,
	credentialType: string,
	request: IHttpRequestOptions,
	providerName: string,
	timeoutMs: number,
	credential?: ICredentialsDecrypted,
): Promise<HttpResponse> {
	let response: { statusCode?: number; headers?: unknown; body?: unknown } | undefined;
	let failure: unknown;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
			...request,
			timeout: timeoutMs,
			returnFullResponse: true,
			// A write is never followed to another address (a 301/302 would even turn it into a GET), and
			// without following n8n's client leaves out the redirect layer it otherwise runs for every request.
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: true,
			json: false,
			encoding: 'text',
		}, credential && { credentialsDecrypted: credential })) as typeof response;
	} catch (error) {
		failure = error;
	}
	if (!response) {
		const code = errorCode(failure);
		const what = CODE_TEXT[code] ?? 'the request failed';
		const timeoutNote = code === 'ETIMEDOUT' || code === 'ECONNABORTED' ? ` after ${timeoutMs} ms` : '';
		throw new TransportError(
			`Could not get an answer from ${providerName}: ${what}${timeoutNote} (${code})`,
			code,
			AMBIGUOUS.has(code),
		);
	}
	const answer = {
		statusCode: Number(response.statusCode ?? 0),
		headers: lowerCaseHeaders(response.headers),
		body: bodyText(response.body),
	};
	if (REDIRECT_STATUSES.has(answer.statusCode) && answer.headers.location) {
		throw redirectError(providerName, answer.statusCode, answer.headers.location);
	}
	return answer;
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
	return new ProviderError(`${providerName} redirected the request (HTTP ${statusCode}) to ${shown}; it was not sent there`, {
		httpCode: statusCode,
		description: `Requests that change data are not followed to another address: the provider did not act on this one. Set the address in the credential to where the API is served${origin && origin !== 'null' ? ` (the redirect points to ${origin})` : ''}.`,
	});
}
