import { readBoundedAnswer, AnswerTooLargeError } from '../../nodes/shared/boundedAnswer';
import { requestDeadline, withDeadline } from '../../nodes/shared/deadline';
import { delay, endlessStream, streamOf } from '../harness/runtime';

describe('the deadline of one request', () => {
	it('survives n8n assigning its execution cancel signal: either one aborts the request', () => {
		const deadline = new AbortController();
		const request = withDeadline({ url: 'http://x' }, deadline.signal);
		const cancel = new AbortController();
		// What n8n-core's httpRequestWithAuthentication does before sending.
		(request as { abortSignal?: AbortSignal }).abortSignal = cancel.signal;
		const signal = request.abortSignal as AbortSignal;
		expect(signal.aborted).toBe(false);
		cancel.abort();
		expect(signal.aborted).toBe(true);

		const second = withDeadline({ url: 'http://x' }, deadline.signal, new AbortController().signal);
		const copied = { ...second };
		deadline.abort();
		expect((copied.abortSignal as AbortSignal).aborted).toBe(true);
	});

	it('fires after the Timeout', async () => {
		const signal = requestDeadline(50);
		await delay(120);
		expect(signal.aborted).toBe(true);
	});
});

describe('reading an answer', () => {
	it('stops past the limit and destroys the stream', async () => {
		const { stream, produced } = endlessStream();
		await expect(readBoundedAnswer(stream, 1024 * 1024, new AbortController().signal)).rejects.toBeInstanceOf(AnswerTooLargeError);
		expect(stream.destroyed).toBe(true);
		expect(produced()).toBeLessThan(40);
	});

	it('reads an answer under the limit whole', async () => {
		const bytes = await readBoundedAnswer(streamOf([Buffer.from('ab'), Buffer.from('c')]), 3, new AbortController().signal);
		expect(bytes.toString()).toBe('abc');
	});
});
