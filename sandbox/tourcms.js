'use strict';
// TourCMS Marketplace API emulator: signed requests, Update Customer, rate limit status.
const crypto = require('crypto');
const { startServer } = require('./lib/server');
const { parseXmlStrict, element, textOf } = require('./lib/xml');

const CUSTOMER_FIELDS = [
	'perm_email', 'title', 'firstname', 'middlename', 'surname', 'email', 'tel_home', 'tel_work',
	'tel_mobile', 'tel_sms', 'fax', 'contact_note', 'address', 'city', 'county', 'postcode', 'country',
	'nationality', 'gender', 'dob', 'agecat', 'pass_num', 'pass_issue', 'pass_issue_date',
	'pass_expiry_date', 'wherehear', 'diet', 'medical', 'nok_name', 'nok_relationship', 'nok_tel',
	'nok_contact', 'customer_username', 'customer_password',
];
const OPERATOR_ONLY = new Set(['customer_username', 'customer_password', 'custom_fields']);
const MAX_SKEW_SECONDS = 15 * 60;

function defaultSeed() {
	return {
		hourlyLimit: 2000,
		channels: {
			3930: {
				key: 'sandbox-operator-key-3930',
				accountId: '1001',
				customFieldTokens: ['InsideLeg', 'ShoeSize'],
				customers: {
					12345: { firstname: 'Joe', surname: 'Bloggs', email: 'joe.bloggs@example.com', title: 'Mr', country: 'GB', customer_password: 'Secret123' },
					12346: { firstname: 'Ann', surname: 'Smith', email: 'ann.smith@example.com', title: 'Ms', country: 'AU' },
					12347: { firstname: 'Luis', surname: 'García', email: 'luis@example.com', country: 'ES' },
					12350: { firstname: 'Agent', surname: 'Made', email: 'agent.made@example.com', createdByMarketplace: 54321 },
				},
			},
			3931: {
				key: 'sandbox-operator-key-3931',
				accountId: '1002',
				customFieldTokens: [],
				customers: { 22001: { firstname: 'Mia', surname: 'Wong', email: 'mia@example.com' } },
			},
		},
		agents: {
			54321: { key: 'sandbox-agent-key-54321', channels: [3930, 3931], permissionLevel: 3 },
		},
	};
}

function clone(value) {
	return JSON.parse(JSON.stringify(value));
}

function xmlResponse(status, request, error, extra = '', headers = {}) {
	return {
		status,
		headers: { 'content-type': 'text/xml; charset=utf-8', ...headers },
		body: `<?xml version="1.0" encoding="utf-8" ?><response>${element('request', request)}${element('error', error)}${extra}</response>`,
	};
}

function parseDate(value) {
	if (!value) return undefined;
	if (/^\d+$/.test(value.trim())) return Number(value.trim());
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

function sign(key, text) {
	return crypto.createHmac('sha256', key).update(text, 'utf8').digest('base64');
}

function safeEqual(a, b) {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && crypto.timingSafeEqual(x, y);
}

async function startTourCmsEmulator({ port = 0, seed = defaultSeed(), now = () => Date.now() } = {}) {
	const state = clone(seed);
	const usage = new Map(); // `${channel}:${verb}:${hour}` -> count

	function remainingFor(channel, verb) {
		const hour = Math.floor(now() / 3600000);
		return state.hourlyLimit - (usage.get(`${channel}:${verb}:${hour}`) ?? 0);
	}

	function countHit(channel, verb) {
		const hour = Math.floor(now() / 3600000);
		const k = `${channel}:${verb}:${hour}`;
		usage.set(k, (usage.get(k) ?? 0) + 1);
	}

	/** Verifies the signature; returns `{ channel, marketplace, agent }` or an error string. */
	function authenticate(req) {
		const auth = req.headers.authorization ?? '';
		const m = /^TourCMS (\d+):(\d+):(\S+)$/.exec(auth);
		if (!m) return { error: 'FAIL_SIG' };
		const [channel, marketplace, encoded] = [Number(m[1]), Number(m[2]), m[3]];
		const time = parseDate(req.headers['x-tourcms-date'] ?? req.headers.date);
		if (time === undefined || Math.abs(time - Math.floor(now() / 1000)) > MAX_SKEW_SECONDS) {
			return { error: 'FAIL_TIME' };
		}
		let key;
		let agent;
		if (marketplace === 0) {
			key = state.channels[channel]?.key;
		} else {
			agent = state.agents[marketplace];
			if (agent && (channel === 0 || agent.channels.includes(channel))) key = agent.key;
		}
		if (!key) return { error: 'FAIL_KEYNOTFOUND' };
		let signature;
		try {
			signature = decodeURIComponent(encoded);
		} catch {
			return { error: 'FAIL_SIG' };
		}
		const expected = sign(key, `${channel}/${marketplace}/${req.method}/${time}${req.url}`);
		if (!safeEqual(signature, expected)) return { error: 'FAIL_SIG' };
		return { channel, marketplace, agent };
	}

	function updateCustomer(req, who) {
		const parsed = parseXmlStrict(req.text.trim());
		if (parsed.error || !parsed.doc.customer || typeof parsed.doc.customer !== 'object') {
			return { status: 400, error: 'FAIL_XML' };
		}
		const posted = parsed.doc.customer;
		const id = textOf(posted.customer_id)?.trim();
		const channel = state.channels[who.channel];
		const record = id && channel ? channel.customers[id] : undefined;
		if (!record) return { status: 200, error: 'NO MATCHING DATA' };
		if (who.agent) {
			if (who.agent.permissionLevel < 3 || record.createdByMarketplace !== who.marketplace) {
				return { status: 200, error: 'FAIL_PERM' };
			}
			if (Object.keys(posted).some((k) => OPERATOR_ONLY.has(k))) return { status: 200, error: 'FAIL_PERM' };
		}
		const next = { ...record };
		for (const field of CUSTOMER_FIELDS) {
			if (!(field in posted)) continue;
			const value = textOf(posted[field]) ?? '';
			if (field === 'customer_password') {
				// As documented: empty disables the login, a badly formatted password is silently ignored.
				if (value === '') next.customer_password = '';
				else if (/^[A-Za-z0-9]{6,12}$/.test(value)) next.customer_password = value;
				continue;
			}
			if (value === '') delete next[field];
			else next[field] = value;
		}
		if (posted.custom_fields && typeof posted.custom_fields === 'object') {
			const fields = [].concat(posted.custom_fields.field ?? []);
			next.custom_fields = { ...(record.custom_fields ?? {}) };
			for (const f of fields) {
				const name = textOf(f?.name)?.trim();
				if (!name || !channel.customFieldTokens.includes(name)) continue;
				const value = textOf(f.value) ?? '';
				if (value === '') delete next.custom_fields[name];
				else next.custom_fields[name] = value;
			}
		}
		const changed = JSON.stringify(next) !== JSON.stringify(record);
		channel.customers[id] = next;
		return {
			status: 200,
			error: changed ? 'OK' : 'NO DATA CHANGED',
			extra: element('customer', { customer_id: id, channel_id: who.channel, account_id: channel.accountId }),
		};
	}

	// Answers carry TourCMS's clock in Date, so a client can tell when the hourly count starts over.
	const dated = (answer) => {
		answer.headers.date = new Date(now()).toUTCString();
		return answer;
	};
	const emulator = await startServer(
		async (req) => dated(await answer(req)),
		{ port, name: 'tourcms' },
	);

	async function answer(req) {
		const echo = `${req.method} ${req.path}`;
		const who = authenticate(req);
		if (who.error) return xmlResponse(401, echo, who.error);
		if (req.path === '/api/rate_limit_status.xml') {
			if (req.method !== 'GET') return xmlResponse(405, echo, 'FAIL_VERB');
			const ch = who.channel;
			return xmlResponse(200, echo, 'OK',
				element('remaining_hits', remainingFor(ch, 'GET')) + element('hourly_limit', state.hourlyLimit) +
				element('remaining_hits_post', remainingFor(ch, 'POST')) + element('hourly_limit_post', state.hourlyLimit));
		}
		if (req.path === '/c/customer/update.xml') {
			if (req.method !== 'POST') return xmlResponse(405, echo, 'FAIL_VERB');
			if (who.channel === 0) return xmlResponse(401, echo, 'FAIL_KEYNOTFOUND');
			if (remainingFor(who.channel, 'POST') <= 0) {
				// The real throttled answer is undocumented; this one is an assumption.
				return xmlResponse(429, echo, 'FAIL_RATELIMIT', '', { 'x-ratelimit-remaining': '0', 'retry-after': '60' });
			}
			countHit(who.channel, 'POST');
			const result = updateCustomer(req, who);
			return xmlResponse(result.status, echo, result.error, result.extra ?? '', {
				'x-ratelimit-remaining': String(remainingFor(who.channel, 'POST')),
			});
		}
		return xmlResponse(404, echo, 'FAIL_NOTFOUND');
	}
	return Object.assign(emulator, {
		state,
		customer: (channel, id) => state.channels[channel]?.customers[id],
		setHourlyLimit(limit) {
			state.hourlyLimit = limit;
		},
	});
}

module.exports = { startTourCmsEmulator, defaultSeed, CUSTOMER_FIELDS };
