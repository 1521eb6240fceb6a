'use strict';
// A loopback HTTP server shared by the provider emulators: request log, latency, rate limit and transient faults.
const http = require('http');

const DEFAULT_KNOBS = Object.freeze({
	latencyMs: 0,
	jitterMs: 0,
	/** Requests per second before answering 429 with Retry-After; 0 = no limit. */
	rateLimitPerSecond: 0,
	/** Share (0..1) of requests answered 503 before they are handled. */
	transientFailureRate: 0,
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
		close: async () => {},
	};
	let windowStart = Date.now();
	let windowCount = 0;

	const server = http.createServer(async (req, res) => {
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
		emulator.requests.push(request);
		const k = emulator.knobs;
		const wait = k.latencyMs + (k.jitterMs ? Math.random() * k.jitterMs : 0);
		if (wait > 0) await delay(wait);

		let answer;
		if (k.rateLimitPerSecond > 0) {
			const now = Date.now();
			if (now - windowStart >= 1000) {
				windowStart = now;
				windowCount = 0;
			}
			windowCount += 1;
			if (windowCount > k.rateLimitPerSecond) {
				const retryAfter = Math.max(1, Math.ceil((1000 - (now - windowStart)) / 1000));
				answer = {
					status: 429,
					headers: { 'content-type': 'text/plain', 'retry-after': String(retryAfter) },
					body: 'Too Many Requests',
				};
				request.outcome = 'rate-limited';
			}
		}
		if (!answer && k.transientFailureRate > 0 && Math.random() < k.transientFailureRate) {
			answer = { status: 503, headers: { 'content-type': 'text/plain' }, body: 'Service Unavailable' };
			request.outcome = 'transient-failure';
		}
		if (!answer) {
			try {
				answer = await handler(request);
			} catch (error) {
				answer = { status: 500, headers: { 'content-type': 'text/plain' }, body: `emulator error: ${error.message}` };
			}
		}
		if (answer.destroy) {
			req.socket.destroy();
			return;
		}
		let payload = answer.body ?? '';
		const headers = { ...(answer.headers ?? {}) };
		if (typeof payload === 'object' && !Buffer.isBuffer(payload)) {
			payload = JSON.stringify(payload);
			headers['content-type'] ??= 'application/json';
		}
		request.status = answer.status;
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
