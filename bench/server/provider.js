'use strict';
// The benchmark's own loopback provider: Trackfinity's and TourCMS's update calls, answered after a set
// latency, checking the keys (and TourCMS's signature) and counting every update per customer and the
// most requests in flight at once, so each run can prove every customer was updated exactly once.
const crypto = require('crypto');
const http = require('http');

const TRACKFINITY = { apiUsername: 'bench_admin', apiKey: 'bench-trackfinity-key-0000000000' };
const TOURCMS = { channelId: 3930, marketplaceId: 0, apiKey: 'bench-tourcms-operator-key' };
const TRACKFINITY_PATH = '/api/customer/set_customer_details';
const TOURCMS_PATH = '/c/customer/update.xml';
const TOURCMS_OK =
	'<?xml version="1.0" encoding="utf-8" ?><response><request>POST /c/customer/update.xml</request><error>OK</error></response>';

function tourCmsSignatureOk(req) {
	const m = /^TourCMS (\d+):(\d+):(\S+)$/.exec(req.headers.authorization ?? '');
	if (!m) return false;
	const time = Math.floor(Date.parse(req.headers['x-tourcms-date'] ?? '') / 1000);
	if (!Number.isFinite(time) || Math.abs(time - Date.now() / 1000) > 300) return false;
	const expected = crypto
		.createHmac('sha256', TOURCMS.apiKey)
		.update(`${m[1]}/${m[2]}/${req.method}/${time}${req.url}`)
		.digest('base64');
	try {
		return decodeURIComponent(m[3]) === expected;
	} catch {
		return false;
	}
}

async function startProvider() {
	const state = { latencyMs: 0, inFlight: 0, maxInFlight: 0, requests: 0, refused: 0, updates: new Map() };
	const count = (id) => state.updates.set(id, (state.updates.get(id) ?? 0) + 1);
	const answer = (res, status, type, body, headers = {}) => {
		res.writeHead(status, { 'content-type': type, ...headers });
		res.end(body);
	};
	const server = http.createServer((req, res) => {
		state.inFlight += 1;
		state.requests += 1;
		if (state.inFlight > state.maxInFlight) state.maxInFlight = state.inFlight;
		res.once('close', () => (state.inFlight -= 1));
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const respond = () => {
				if (req.url === TRACKFINITY_PATH && req.method === 'PATCH') {
					if (req.headers['api-username'] !== TRACKFINITY.apiUsername || req.headers['api-key'] !== TRACKFINITY.apiKey) {
						state.refused += 1;
						return answer(res, 401, 'application/json', '{"error":"Invalid api-username or api-key"}');
					}
					const params = new URLSearchParams(text);
					const id = params.get('customer_id');
					if (!id || !params.get('city')) {
						state.refused += 1;
						return answer(res, 400, 'application/json', '{"error":"customer_id and city are required"}');
					}
					count(`trackfinity:${id}`);
					return answer(res, 200, 'application/json', 'true');
				}
				if (req.url === TOURCMS_PATH && req.method === 'POST') {
					const id = /<customer_id>(\d+)<\/customer_id>/.exec(text)?.[1];
					if (!tourCmsSignatureOk(req) || !id || !/<city>[^<]+<\/city>/.test(text)) {
						state.refused += 1;
						return answer(res, 401, 'text/xml', '<?xml version="1.0" encoding="utf-8" ?><response><error>FAIL_SIG</error></response>');
					}
					count(`tourcms:${id}`);
					return answer(res, 200, 'text/xml; charset=utf-8', TOURCMS_OK, { 'x-ratelimit-remaining': '1000000' });
				}
				state.refused += 1;
				return answer(res, 404, 'text/plain', 'not found');
			};
			if (state.latencyMs > 0) setTimeout(respond, state.latencyMs);
			else respond();
		});
	});
	server.keepAliveTimeout = 10000;
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		credentials: {
			trackfinityApi: { baseUrl: url, ...TRACKFINITY },
			tourCmsApi: { baseUrl: url, ...TOURCMS },
		},
		/** Starts a new run: counts cleared, this latency for every answer. */
		reset(latencyMs) {
			Object.assign(state, { latencyMs, inFlight: state.inFlight, maxInFlight: 0, requests: 0, refused: 0 });
			state.updates = new Map();
		},
		/** Whether customers 1..n of `provider` were each updated exactly once, and nothing else was. */
		exactlyOnce(provider, n) {
			let once = 0;
			for (let i = 1; i <= n; i++) if (state.updates.get(`${provider}:${i}`) === 1) once += 1;
			return { ok: once === n && state.updates.size === n && state.refused === 0, once, updated: state.updates.size, refused: state.refused };
		},
		stats: () => ({ requests: state.requests, maxInFlight: state.maxInFlight, refused: state.refused }),
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startProvider, TRACKFINITY_PATH, TOURCMS_PATH };
