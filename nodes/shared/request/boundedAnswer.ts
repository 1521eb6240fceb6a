/** The most of an answer read by default: far above any answer these calls expect (a few KB). */
export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;

/** The answer went past the limit: it was not read further and the connection was closed. */
export class AnswerTooLargeError extends Error {
	constructor(readonly limitBytes: number) {
		super(`the answer is larger than ${limitBytes} bytes`);
	}
}

/** The deadline (or the execution's cancel signal) fired while the answer was being read. */
export class AnswerAbortedError extends Error {}

/** The answer's bytes stopped coming in some other way (reset, truncated, bad compression). */
export class AnswerReadError extends Error {
	constructor(readonly cause: unknown) {
		super(`the answer could not be read: ${(cause as Error)?.message ?? String(cause)}`);
	}
}

interface ByteStream {
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	destroy(error?: Error): unknown;
}

function isStream(body: unknown): body is ByteStream {
	return (
		Boolean(body) &&
		typeof (body as ByteStream).on === 'function' &&
		typeof (body as ByteStream).destroy === 'function'
	);
}

function chunkBuffer(chunk: unknown): Buffer {
	return Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
}

/**
 * Reads an answer body of at most `limitBytes` bytes, as n8n's client hands it over with `encoding: 'stream'`
 * (already decompressed, so a gzip bomb counts at its inflated size). Past the limit, or when `signal`
 * fires, the stream is destroyed, which closes the connection: nothing more is received.
 */
export async function readBoundedAnswer(
	body: unknown,
	limitBytes: number,
	signal: AbortSignal,
): Promise<Buffer> {
	if (!isStream(body)) {
		const whole =
			body === undefined || body === null
				? Buffer.alloc(0)
				: chunkBuffer(
						typeof body === 'object' && !Buffer.isBuffer(body) ? JSON.stringify(body) : body,
					);
		if (whole.length > limitBytes) throw new AnswerTooLargeError(limitBytes);
		return whole;
	}
	const stream = body;
	return await new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		const settle = (error: Error | undefined, value?: Buffer) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			if (error) {
				stream.destroy();
				reject(error);
			} else {
				resolve(value as Buffer);
			}
		};
		const onAbort = () => settle(new AnswerAbortedError('aborted while reading the answer'));
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		stream.on('data', (chunk: unknown) => {
			if (settled) return;
			const buffer = chunkBuffer(chunk);
			size += buffer.length;
			if (size > limitBytes) return settle(new AnswerTooLargeError(limitBytes));
			chunks.push(buffer);
		});
		stream.on('end', () => settle(undefined, Buffer.concat(chunks, size)));
		stream.on('error', (error: unknown) =>
			settle(signal.aborted ? new AnswerAbortedError('aborted') : new AnswerReadError(error)),
		);
		stream.on('close', () => {
			if (!settled)
				settle(
					signal.aborted
						? new AnswerAbortedError('aborted')
						: new AnswerReadError(new Error('the connection closed before the answer ended')),
				);
		});
	});
}

/** The answer as text, read as UTF-8 the way n8n's client does for `encoding: 'text'` (BOM removed). */
export function answerText(bytes: Buffer): string {
	const text = bytes.toString('utf8');
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
