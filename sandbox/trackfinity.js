'use strict';
// Trackfinity API emulator: header authentication, IP allow-list, PATCH /api/customer/set_customer_details, GET /api/service/ping.
//
// Documented (docs.trackfinity.com): api-key / api-username headers (names not case-sensitive), callers' IPs
// must be in ADMIN_API_ALLOWED_IPS, form-urlencoded body, customer_id or subscription_id lookup, REMOVE
// deletes a field except password, at least one optional parameter, success = 200 `true`, and the status
// codes 200/400/404/405. NOT documented, so assumed here: every error body is `{"error":"…"}`; a bad key or
// username answers 401 and a refused IP 403; a missing lookup, a missing field and a forbidden removal
// answer 400; an unknown customer or parameter 404; the ping answers `true`.
const { startServer } = require('./lib/server');

const UPDATE_PATH = '/api/customer/set_customer_details';
const PING_PATH = '/api/service/ping';
const LOOKUP_FIELDS = ['customer_id', 'subscription_id'];
const DATA_FIELDS = [
	'firstname', 'lastname', 'email', 'username', 'password', 'address1', 'address2', 'city', 'state',
	'country', 'zip', 'custom1', 'custom2', 'custom3', 'custom4', 'custom5',
];
const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

function defaultSeed() {
	return {
		// The credentials of the documentation's examples.
		apiUsername: 'tf_admin',
		apiKey: '44b5498dbcb481a0d00b404c0169af62',
		/** ADMIN_API_ALLOWED_IPS; loopback is allowed unless refuseLoopback is set. */
		allowedIps: [...LOOPBACK],
		refuseLoopback: false,
		customers: {
			191: {
				subscription_id: 'SUB-191',
				firstname: 'Jane', lastname: 'Doe', email: 'jane.doe@example.com', username: 'janedoe',
				password: 'initial-pass-191', address1: '1 Main Street', address2: 'Suite 5', city: 'Springfield',
				state: 'IL', country: 'CA', zip: '62701', custom1: 'GOLD', custom2: 'newsletter',
			},
			192: {
				subscription_id: 'SUB-192',
				firstname: 'Omar', lastname: 'Haddad', email: 'omar@example.com', username: 'omarh',
				password: 'initial-pass-192', city: 'Leeds', country: 'GB',
			},
			193: { subscription_id: 'SUB-193', firstname: 'Li', lastname: 'Wei', email: 'li.wei@example.com' },
		},
	};
}

function clone(value) {
	return JSON.parse(JSON.stringify(value));
}

function json(status, body) {
	return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function error(status, message) {
	return json(status, { error: message });
}

function lastHeader(value) {
	return Array.isArray(value) ? value[value.length - 1] : value;
}

async function startTrackfinityEmulator({ port = 0, seed = defaultSeed() } = {}) {
	const state = clone(seed);
	/** Every successful update, in order: `{ customerId, set, removed }`. */
	const updates = [];

	function ipAllowed(address) {
		const isLoopback = LOOPBACK.includes(address);
		if (isLoopback && state.refuseLoopback) return false;
		return state.allowedIps.includes(address);
	}

	function findCustomer(params) {
		// With both given, customer_id decides (assumption: the documentation does not say).
		if (params.has('customer_id')) {
			const id = params.get('customer_id').trim();
			return state.customers[id] ? { id, record: state.customers[id] } : undefined;
		}
		const sub = params.get('subscription_id').trim();
		const id = Object.keys(state.customers).find((k) => state.customers[k].subscription_id === sub);
		return id ? { id, record: state.customers[id] } : undefined;
	}

	function setCustomerDetails(req) {
		if (req.method !== 'PATCH') return error(405, `Method ${req.method} not allowed: use PATCH`);
		const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		if (type !== 'application/x-www-form-urlencoded') {
			return error(400, 'Parameters must be sent as application/x-www-form-urlencoded');
		}
		const params = new URLSearchParams(req.text);
		const names = [...params.keys()];
		const unknown = names.find((n) => !LOOKUP_FIELDS.includes(n) && !DATA_FIELDS.includes(n));
		if (unknown) return error(404, `Invalid parameter: ${unknown}`);
		const repeated = names.find((n, i) => names.indexOf(n) !== i);
		if (repeated) return error(400, `Parameter sent more than once: ${repeated}`);
		if (!LOOKUP_FIELDS.some((n) => params.has(n) && params.get(n).trim() !== '')) {
			return error(400, 'customer_id or subscription_id is required');
		}
		const data = DATA_FIELDS.filter((n) => params.has(n));
		if (data.length === 0) return error(400, 'At least one optional parameter must be passed in');
		if (params.get('password') === 'REMOVE') return error(400, 'password cannot be removed');
		const found = findCustomer(params);
		if (!found) return error(404, 'Customer not found');
		const set = {};
		const removed = [];
		for (const name of data) {
			const value = params.get(name);
			if (value === 'REMOVE') {
				delete found.record[name];
				removed.push(name);
			} else {
				found.record[name] = value;
				set[name] = value;
			}
		}
		updates.push({ customerId: found.id, set, removed });
		return json(200, true);
	}

	const emulator = await startServer(
		async (req) => {
			if (!ipAllowed(req.remoteAddress)) {
				return error(403, `IP address ${req.remoteAddress} is not allowed: add it to ADMIN_API_ALLOWED_IPS`);
			}
			// Node lower-cases incoming header names, so any spelling of api-key / api-username arrives here.
			const key = lastHeader(req.headers['api-key']);
			const username = lastHeader(req.headers['api-username']);
			if (!key || !username) return error(401, 'Missing api-key or api-username header');
			if (username !== state.apiUsername || key !== state.apiKey) {
				return error(401, 'Invalid api-username or api-key');
			}
			if (req.path === PING_PATH) {
				if (req.method !== 'GET') return error(405, `Method ${req.method} not allowed: use GET`);
				return json(200, true);
			}
			if (req.path === UPDATE_PATH) return setCustomerDetails(req);
			return error(404, `Invalid endpoint: ${req.path}`);
		},
		{ port, name: 'trackfinity' },
	);
	return Object.assign(emulator, {
		state,
		updates,
		customer: (id) => state.customers[id],
		/** Switches the loopback address out of (false) or back into (true) ADMIN_API_ALLOWED_IPS. */
		setLoopbackAllowed(allowed) {
			state.refuseLoopback = !allowed;
		},
	});
}

module.exports = { startTrackfinityEmulator, defaultSeed, DATA_FIELDS, UPDATE_PATH, PING_PATH };
