import type { IHttpRequestOptions } from 'n8n-workflow';

/**
 * The Timeout option bounds the whole exchange (connect, send, every byte of the answer). Axios's own
 * `timeout` only fires after that long without any byte, so an answer that trickles in never hits it;
 * an abort signal that fires at a fixed moment does.
 */
export function requestDeadline(timeoutMs: number): AbortSignal {
	return AbortSignal.timeout(timeoutMs);
}

/**
 * The request with `deadline` (and the execution's `cancel`, when given) as its abort signal. n8n's
 * httpRequestWithAuthentication overwrites `abortSignal` with the execution's cancel signal, so the property
 * is an accessor that keeps both: whatever n8n assigns is combined with the deadline instead of replacing it.
 * The two are combined once per request, and n8n assigning the same cancel signal again reuses that
 * combination: every AbortSignal.any() stays attached to the long-lived cancel signal until it is collected.
 */
export function withDeadline(request: IHttpRequestOptions, deadline: AbortSignal, cancel?: AbortSignal): IHttpRequestOptions {
	const bounded = cancel && cancel !== deadline ? AbortSignal.any([deadline, cancel]) : deadline;
	const combine = (other: unknown): AbortSignal =>
		other instanceof AbortSignal && other !== deadline && other !== cancel && other !== bounded
			? AbortSignal.any([bounded, other])
			: bounded;
	let signal = bounded;
	const out = { ...request };
	Object.defineProperty(out, 'abortSignal', {
		enumerable: true,
		configurable: true,
		get: () => signal,
		set: (value: unknown) => {
			signal = combine(value);
		},
	});
	return out;
}
