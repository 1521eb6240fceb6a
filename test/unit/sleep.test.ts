import { callLater, sleepUnlessCancelled } from '../../nodes/shared/request/sleep';
import { abortListenerCount, delay } from '../harness/runtime';

describe('waiting without n8n-workflow sleepWithAbort', () => {
	it.each([
		['a short wait (request pacing)', 30],
		['a long wait (a backoff)', 1500],
	])('%s ends after its time and leaves no listener on the cancel signal', async (_what, ms) => {
		const cancel = new AbortController();
		const started = Date.now();
		await sleepUnlessCancelled(ms, cancel.signal);
		expect(Date.now() - started).toBeGreaterThanOrEqual(ms - 2);
		expect(abortListenerCount(cancel.signal)).toBe(0);
	});

	it.each([
		['a short wait', 800],
		['a long wait', 60000],
	])(
		'%s ends at once when the execution is cancelled, with the cancel reason',
		async (_what, ms) => {
			const cancel = new AbortController();
			const reason = new Error('cancelled by the user');
			const started = Date.now();
			const waiting = sleepUnlessCancelled(ms, cancel.signal);
			await delay(10);
			cancel.abort(reason);
			await expect(waiting).rejects.toBe(reason);
			expect(Date.now() - started).toBeLessThan(200);
			expect(abortListenerCount(cancel.signal)).toBe(0);
		},
	);

	it('refuses to start waiting once cancelled', async () => {
		const cancel = new AbortController();
		cancel.abort();
		await expect(sleepUnlessCancelled(10, cancel.signal)).rejects.toMatchObject({
			name: 'AbortError',
		});
	});

	it('waits without a cancel signal', async () => {
		const started = Date.now();
		await sleepUnlessCancelled(20);
		expect(Date.now() - started).toBeGreaterThanOrEqual(18);
	});

	it('callLater fires once, after its time', async () => {
		const fired: number[] = [];
		const started = Date.now();
		callLater(30, () => fired.push(Date.now() - started));
		await delay(10);
		expect(fired).toEqual([]);
		await delay(60);
		expect(fired).toHaveLength(1);
		expect(fired[0]).toBeGreaterThanOrEqual(28);
	});
});
