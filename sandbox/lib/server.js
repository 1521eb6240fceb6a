'use strict';
// A loopback HTTP server shared by the provider emulators: request log, latency, rate limit and transient faults.
const http = require('http');

const DEFAULT_KNOBS = Object.freeze({
	/** Added before every answer (429s and transient failures included). */
	latencyMs: 0,
	/** Up to this many extra milliseconds, random per request, so answers can overtake each other. */
	jitterMs: 0,
	/**
	 * Sustained requests per second (a token bucket holding one second's worth); beyond it the answer
	 * is 429 with Retry-After, before the request reaches the emulator. 0 = no limit.
	 */
	rateLimitPerSecond: 0,
	/** How Retry-After is written: 'seconds' (e.g. `1`) or 'http-date' (e.g. `Wed, 21 Oct 2026 07:28:00 GMT`). */
	retryAfterFormat: 'seconds',
	/** Share (0..1) of requests answered `transientStatus` before they are handled. */
	transientFailureRate: 0,
	/** The status of a transient failure: 502, 503 or 504. */
	transientStatus: 503,
	/** The next N requests are answered `transientStatus` (deterministic, for tests); counts down. */
	failNext: 0,
	/** Share (0..1) of requests whose connection is reset after the request was read, without an answer. */
	dropConnectionRate: 0,
	/** The next N requests have their connection reset (deterministic, for tests); counts down. */
	dropNext: 0,
	/** Whether to keep every request in `emulator.requests` (the benchmark turns this off). */
	recordRequests: true,
});

function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} url path with query string, as received
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {Record<string, string>} headers lower-case names
 * @property {Buffer} body
 * @property {string} text the body as UTF-8
 * @property {string} remoteAddress
 * @property {number} at
 * @property {number} [status] the status answered
 * @property {number} [answeredAt] when the answer was written
 * @property {string} [outcome] set when a knob answered instead of the emulator
 */

/**
 * Starts `handler` on 127.0.0.1. The handler gets a plain request
 * `{ method, url, path, query, headers, body, text, remoteAddress }` and returns
 * `{ status, headers, body }` (body: string, Buffer or object for JSON).
 */
async function startServer(handler, { port = 0, name = 'emulator', knobs = {} } = {}) {
	const emulator = {
		name,
		/** @type {RecordedRequest[]} */
		requests: [],
		knobs: { ...DEFAULT_KNOBS, ...knobs },
		url: '',
		port: 0,
		setKnobs(next) {
			Object.assign(emulator.knobs, next);
		},
		resetKnobs() {
			emulator.knobs = { ...DEFAULT_KNOBS };
		},
		clearRequests() {
			emulator.requests.length = 0;
		},
		/** Requests being answered right now, the most seen at once, and how many were answered. */
		/** Also when the first and the last request arrived (ms), to measure an achieved request rate. */
		stats: { inFlight: 0, maxInFlight: 0, answered: 0, rateLimited: 0, transientFailures: 0, dropped: 0, firstAt: 0, lastAt: 0 },
		resetStats() {
			Object.assign(emulator.stats, { inFlight: 0, maxInFlight: 0, answered: 0, rateLimited: 0, transientFailures: 0, dropped: 0, firstAt: 0, lastAt: 0 });
		},
		close: async () => {},
	};
	// Token bucket: holds up to one second's worth of requests and refills continuously.
	let tokens = 0;
	let tokensAt = 0;
	let tokensRate = 0;
	const stats = emulator.stats;

	const server = http.createServer(async (req, res) => {
		stats.inFlight += 1;
		if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
		stats.lastAt = Date.now();
		if (!stats.firstAt) stats.firstAt = stats.lastAt;
		let finished = false;
		const finish = () => {
			if (finished) return;
			finished = true;
			stats.inFlight -= 1;
		};
		res.once('close', finish);
		const body = await readBody(req);
		const url = new URL(req.url, 'http://127.0.0.1');
		const request = {
			method: req.method,
			url: req.url,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams.entries()),
			headers: { ...req.headers },
			body,
			text: body.toString('utf8'),
			remoteAddress: req.socket.remoteAddress,
			at: Date.now(),
		};
		const k = emulator.knobs;
		if (k.recordRequests !== false) emulator.requests.push(request);

		let answer;
		if (k.rateLimitPerSecond > 0) {
			const now = Date.now();
			if (tokensRate !== k.rateLimitPerSecond) {
				tokensRate = k.rateLimitPerSecond;
				tokens = tokensRate;
				tokensAt = now;
			}
			tokens = Math.min(tokensRate, tokens + ((now - tokensAt) / 1000) * tokensRate);
			tokensAt = now;
			if (tokens >= 1) {
				tokens -= 1;
			} else {
				const waitSeconds = Math.max(1, Math.ceil((1 - tokens) / tokensRate));
				const retryAfter =
					k.retryAfterFormat === 'http-date'
						? new Date(now + waitSeconds * 1000 + 999).toUTCString()
						: String(waitSeconds);
				answer = {
					status: 429,
					headers: { 'content-type': 'text/plain', 'retry-after': retryAfter },
					body: 'Too Many Requests',
				};
				request.outcome = 'rate-limited';
				stats.rateLimited += 1;
			}
		} else {
			tokensRate = 0;
		}
		const wait = k.latencyMs + (k.jitterMs ? Math.random() * k.jitterMs : 0);
		if (wait > 0) await delay(wait);

		if (!answer && (k.dropNext > 0 || (k.dropConnectionRate > 0 && Math.random() < k.dropConnectionRate))) {
			if (k.dropNext > 0) k.dropNext -= 1;
			request.outcome = 'connection-dropped';
			stats.dropped += 1;
			req.socket.destroy();
			finish();
			return;
		}
		if (!answer && (k.failNext > 0 || (k.transientFailureRate > 0 && Math.random() < k.transientFailureRate))) {
			if (k.failNext > 0) k.failNext -= 1;
			const status = [502, 503, 504].includes(Number(k.transientStatus)) ? Number(k.transientStatus) : 503;
			answer = { status, headers: { 'content-type': 'text/plain' }, body: http.STATUS_CODES[status] };
			request.outcome = 'transient-failure';
			stats.transientFailures += 1;
		}
		// `fault: { mode, count }` (see ./faults.js) answers the next `count` requests with a broken answer.
		if (!answer && (await require('./faults').applyFault(k.fault, request, req, res, handler))) return finish();
		if (!answer) {
			try {
				answer = await handler(request);
			} catch (error) {
				answer = { status: 500, headers: { 'content-type': 'text/plain' }, body: `emulator error: ${error.message}` };
			}
		}
		if (answer.destroy) {
			req.socket.destroy();
			finish();
			return;
		}
		let payload = answer.body ?? '';
		const headers = { ...(answer.headers ?? {}) };
		if (typeof payload === 'object' && !Buffer.isBuffer(payload)) {
			payload = JSON.stringify(payload);
			headers['content-type'] ??= 'application/json';
		}
		request.status = answer.status;
		request.answeredAt = Date.now();
		stats.answered += 1;
		res.writeHead(answer.status, headers);
		res.end(payload);
	});
	server.keepAliveTimeout = 5000;
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	emulator.port = server.address().port;
	emulator.url = `http://127.0.0.1:${emulator.port}`;
	emulator.close = () =>
		new Promise((resolve) => {
			server.closeAllConnections?.();
			server.close(() => resolve());
		});
	return emulator;
}

module.exports = { startServer, DEFAULT_KNOBS, readBody };
