import { sleepWithAbort } from 'n8n-workflow';

/**
 * Waits `ms`, or rejects as n8n's `sleepWithAbort` does once `cancel` fires. n8n's helper leaves its
 * listener on the signal after the wait ends; on the execution's cancel signal, which lives as long as the
 * execution, that would keep one listener (and what it holds) per wait: every paced request at a slow
 * provider. Here n8n's helper waits on a signal of its own, and the one listener on `cancel` is removed
 * when the wait ends.
 */
export async function sleepUnlessCancelled(ms: number, cancel?: AbortSignal): Promise<void> {
	if (!cancel) return await sleepWithAbort(ms);
	const own = new AbortController();
	if (cancel.aborted) own.abort();
	const onCancel = (): void => own.abort();
	cancel.addEventListener('abort', onCancel, { once: true });
	try {
		await sleepWithAbort(ms, own.signal);
	} finally {
		cancel.removeEventListener('abort', onCancel);
	}
}
