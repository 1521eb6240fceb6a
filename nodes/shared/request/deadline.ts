import type { IHttpRequestOptions } from 'n8n-workflow';

import { callLater } from './sleep';

/** One request's abort signal: it fires at the request's deadline or when the execution is cancelled. */
export interface RequestDeadline {
	readonly signal: AbortSignal;
	/** True once the deadline passed (as opposed to the execution being cancelled). */
	readonly expired: boolean;
}

interface Entry extends RequestDeadline {
	readonly controller: AbortController;
	readonly at: number;
	expired: boolean;
}

/**
 * The Timeout option bounds the whole exchange (connect, send, every byte of the answer). Axios's own
 * `timeout` only fires after that long without any byte, so an answer that trickles in never hits it;
 * an abort signal that fires at a fixed moment does.
 *
 * One clock per node execution keeps every request's deadline, with a single timer armed for the earliest
 * one, instead of an `AbortSignal.timeout()` and an `AbortSignal.any()` per request: each of those leaves a
 * timer, weak references and finalizers behind that n8n's garbage collector must process, thousands per run.
 */
export class DeadlineClock {
	private readonly pending = new Set<Entry>();
	/** The moment the armed timer wakes (0: none armed). */
	private armedAt = 0;

	private readonly onCancel = (): void => this.abortAll();

	constructor(private readonly cancel?: AbortSignal) {}

	/** The execution's cancel signal, which every deadline's signal follows. */
	get cancelSignal(): AbortSignal | undefined {
		return this.cancel;
	}

	/** The deadline of one request, `timeoutMs` from now. Call `finish` once its answer is read. */
	start(timeoutMs: number): RequestDeadline {
		const controller = new AbortController();
		const entry: Entry = {
			controller,
			signal: controller.signal,
			at: Date.now() + timeoutMs,
			expired: false,
		};
		if (this.cancel?.aborted) {
			controller.abort(this.cancel.reason);
			return entry;
		}
		// The cancel signal lives as long as the execution (an agent may run this node many times in one):
		// it is listened to only while requests are in flight.
		if (this.pending.size === 0) this.cancel?.addEventListener('abort', this.onCancel);
		this.pending.add(entry);
		if (this.armedAt === 0 || entry.at < this.armedAt) this.arm(entry.at);
		return entry;
	}

	finish(deadline: RequestDeadline): void {
		if (!this.pending.delete(deadline as Entry) || this.pending.size > 0) return;
		// Nothing left to watch: the cancel signal is let go. A timer cannot be stopped within n8n's lint
		// rules; the armed one stays, finds nothing due when it fires, and serves the next request meanwhile.
		this.cancel?.removeEventListener('abort', this.onCancel);
	}

	/** One timer is armed at a time: at most one per Timeout period, as deadlines come in start order. */
	private arm(at: number): void {
		this.armedAt = at;
		callLater(at - Date.now(), () => {
			// A timer superseded by an earlier deadline has nothing left to do.
			if (this.armedAt !== at) return;
			this.armedAt = 0;
			this.expireDue();
		});
	}

	private expireDue(): void {
		const now = Date.now();
		let next = 0;
		for (const entry of this.pending) {
			if (entry.at <= now) {
				this.finish(entry);
				entry.expired = true;
				entry.controller.abort(
					new DOMException('The request took longer than its Timeout', 'TimeoutError'),
				);
			} else if (next === 0 || entry.at < next) {
				next = entry.at;
			}
		}
		if (next) this.arm(next);
	}

	private abortAll(): void {
		const entries = [...this.pending];
		for (const entry of entries) this.finish(entry);
		for (const entry of entries) entry.controller.abort(this.cancel?.reason);
	}
}

/**
 * The request with `signal` as its abort signal. n8n's httpRequestWithAuthentication overwrites `abortSignal`
 * with the execution's cancel signal, so the property is an accessor: the execution's own cancel signal
 * (which `signal` already follows) is taken as it is, and any other signal is combined with `signal`
 * instead of replacing it.
 */
export function withAbortSignal(
	request: IHttpRequestOptions,
	signal: AbortSignal,
	cancel?: AbortSignal,
): IHttpRequestOptions {
	let current = signal;
	return {
		...request,
		get abortSignal(): AbortSignal {
			return current;
		},
		set abortSignal(value: AbortSignal | undefined) {
			if (
				value instanceof AbortSignal &&
				value !== signal &&
				value !== cancel &&
				value !== current
			) {
				current = AbortSignal.any([signal, value]);
			}
		},
	};
}
