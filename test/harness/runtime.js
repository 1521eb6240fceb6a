// Node facilities for tests (TypeScript tests are linted with n8n's cloud rules, which forbid process,
// timers and Node's modules).
const { getEventListeners } = require('events');
const { Readable } = require('stream');

/** Resident memory of this process, in bytes. @returns {number} */
function rssBytes() {
	return process.memoryUsage().rss;
}

/** @param {number} ms @returns {Promise<void>} */
function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A stream of `chunks` (Buffers). @param {Buffer[]} chunks */
function streamOf(chunks) {
	return Readable.from(chunks);
}

/** A stream that never ends, 64 KB at a time; `produced()` counts the chunks read from it. */
function endlessStream() {
	let produced = 0;
	const stream = new Readable({
		read() {
			produced += 1;
			this.push(Buffer.alloc(64 * 1024));
		},
	});
	return { stream, produced: () => produced };
}

/** How many 'abort' listeners `signal` holds. @param {AbortSignal} signal @returns {number} */
function abortListenerCount(signal) {
	return getEventListeners(signal, 'abort').length;
}

module.exports = { rssBytes, delay, streamOf, endlessStream, abortListenerCount };
