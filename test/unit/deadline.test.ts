import { readBoundedAnswer, AnswerTooLargeError } from '../../nodes/shared/request/boundedAnswer';
import { DeadlineClock, withAbortSignal } from '../../nodes/shared/request/deadline';
import { abortListenerCount, delay, endlessStream, streamOf } from '../harness/runtime';

describe('the deadline of one request', () => {
	it('survives n8n assigning its execution cancel signal; another signal assigned is combined with it', () => {
		const clock = new AbortController();
		const cancel = new AbortController();
		const request = withAbortSignal({ url: 'http://x' }, clock.signal, cancel.signal);
		// What n8n-core's httpRequestWithAuthentication does before sending.
		(request as { abortSignal?: AbortSignal }).abortSignal = cancel.signal;
		expect(request.abortSignal).toBe(clock.signal);

		const other = new AbortController();
		(request as { abortSignal?: AbortSignal }).abortSignal = other.signal;
		const combined = request.abortSignal as AbortSignal;
		// A credential's authenticate copies the options: the copy keeps the signal.
		const copied = { ...request };
		other.abort();
		expect(combined.aborted).toBe(true);
		expect((copied.abortSignal as AbortSignal).aborted).toBe(true);
		expect(clock.signal.aborted).toBe(false);
	});

	it('fires after the Timeout and says the deadline passed', async () => {
		const clock = new DeadlineClock();
		const deadline = clock.start(50);
		await delay(20);
		expect(deadline.signal.aborted).toBe(false);
		await delay(100);
		expect(deadline.signal.aborted).toBe(true);
		expect(deadline.expired).toBe(true);
	});

	it('keeps each deadline of many: a shorter one started later fires first, a finished one never fires', async () => {
		const clock = new DeadlineClock();
		const long = clock.start(300);
		const finished = clock.start(40);
		const short = clock.start(60);
		clock.finish(finished);
		await delay(150);
		expect(short.expired).toBe(true);
		expect(finished.signal.aborted).toBe(false);
		expect(long.signal.aborted).toBe(false);
		await delay(250);
		expect(long.expired).toBe(true);
		expect(finished.signal.aborted).toBe(false);
	});

	it("aborts every request in flight when the execution is cancelled, and listens to n8n's cancel signal only while requests are in flight", () => {
		const cancel = new AbortController();
		const clock = new DeadlineClock(cancel.signal);
		const first = clock.start(60000);
		const second = clock.start(60000);
		expect(abortListenerCount(cancel.signal)).toBe(1);
		clock.finish(first);
		clock.finish(second);
		expect(abortListenerCount(cancel.signal)).toBe(0);

		const third = clock.start(60000);
		cancel.abort();
		expect(third.signal.aborted).toBe(true);
		expect(third.expired).toBe(false);
		expect(first.signal.aborted).toBe(false);
		expect(abortListenerCount(cancel.signal)).toBe(0);
		// Started after the cancel: aborted at once.
		expect(clock.start(60000).signal.aborted).toBe(true);
	});
});

describe('reading an answer', () => {
	it('stops past the limit and destroys the stream', async () => {
		const { stream, produced } = endlessStream();
		await expect(
			readBoundedAnswer(stream, 1024 * 1024, new AbortController().signal),
		).rejects.toBeInstanceOf(AnswerTooLargeError);
		expect(stream.destroyed).toBe(true);
		expect(produced()).toBeLessThan(40);
	});

	it('reads an answer under the limit whole', async () => {
		const bytes = await readBoundedAnswer(
			streamOf([Buffer.from('ab'), Buffer.from('c')]),
			3,
			new AbortController().signal,
		);
		expect(bytes.toString()).toBe('abc');
	});
});
