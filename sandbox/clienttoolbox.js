'use strict';
// Client Toolbox API emulator: one URL (`/` or `/api.php`), the call chosen by the `type` form field.
//
// Documented (seed page + api.clienttoolbox.com): POST form fields; user_id plus user_password or user_api_key;
// account_id on every customer call; record_customer/edit matching (code, else card_number, else card_number
// tried as code, else a new customer with a random unique 16-digit code); several card matches are an error;
// edit replaces the stored card number; card_number_generate=N makes a unique N-digit card; custom_date is
// YYYY-MM-DD; custom_field_## must exist in the account and match its type (text, date/time
// `YYYY.MM.DD HH:MM:SS`, list such as `Gouda,Emental,Swiss`); at least one optional field; output XML (default)
// or JSON, callback= for JSONP, condensed=yes for JSON without white space; success and error XML shapes.
// NOT documented, so assumed here: the JSON shapes (`{"status":"success","customer":{"status":"update",…}}`,
// `{"status":"error","error":"…"}`), every error text, HTTP 200 for every API answer (errors included), an
// unknown parameter or one sent twice is refused, a code that matches nobody creates a customer with a NEW
// random code, new_code=Yes draws a new random code (any other value becomes the code), customer_info matches
// card_number against card numbers only, and the account_info / customer_info answer contents.
const { startServer } = require('./lib/server');
const { escapeText } = require('./lib/xml');

const PATHS = ['/', '/api.php'];
const AUTH_FIELDS = ['user_id', 'user_password', 'user_api_key'];
const OUTPUT_FIELDS = ['output', 'callback', 'condensed'];
const REQUIRED_EDIT = ['type', 'customer_action', 'account_id'];
/** The optional fields of record_customer/edit besides custom_field_##; at least one optional field must be sent. */
const OPTIONAL_EDIT = [
	'code', 'new_code', 'card_number', 'card_number_generate', 'first_name', 'last_name', 'phone', 'email',
	'street1', 'street2', 'city', 'state', 'postal_code', 'country', 'custom_date', 'custom_field',
	'customer_username', 'customer_password', 'customer_PIN', 'send_no_email', 'auto_add',
];
/** Stored as sent; the rest of OPTIONAL_EDIT has its own handling. */
const PLAIN_FIELDS = [
	'first_name', 'last_name', 'phone', 'email', 'street1', 'street2', 'city', 'state', 'postal_code', 'country',
	'custom_date', 'custom_field', 'customer_username', 'customer_password', 'customer_PIN',
];
/** Never shown by customer_info. */
const HIDDEN_FIELDS = ['customer_password', 'customer_PIN'];
const CUSTOM_FIELD = /^custom_field_([1-9][0-9]*)$/;
const CALLBACK = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

function defaultSeed() {
	return {
		users: {
			// The user and password of the documentation's example.
			john1970: {
				password: '1959caadac9b13dcb3',
				apiKey: 'sandbox-key-1959caadac9b13dcb3',
				accounts: ['greatwidgets', 'smallgadgets'],
			},
			mary_ops: { password: 'mary-pass-8841', apiKey: 'ctb_live_mary_0c7d', accounts: ['smallgadgets'] },
		},
		accounts: {
			greatwidgets: {
				name: 'Great Widgets',
				customFields: {
					1: { name: 'Favourite Cheese', type: 'text' },
					2: { name: 'Marital Status', type: 'list', options: ['Single', 'Married', 'Divorced', 'Widowed'] },
					3: { name: 'Last Tasting', type: 'date' },
					4: { name: 'Cheeses', type: 'list', options: ['Gouda', 'Emental', 'Swiss', 'Cheddar'] },
				},
				customers: [
					{
						code: '89898989898989', card_number: '1212121212', first_name: 'John', last_name: 'Doe',
						phone: '555-555-2455', email: 'test@email.com', street1: '123 Main St.', city: 'Anytown',
						state: 'ZZ', postal_code: '55555', country: 'NZ', custom_date: '1970-07-14', balance: 0,
						customer_password: 'ilovecheese', customer_PIN: '1234', custom_fields: { 2: 'Single' },
					},
					{ code: '1000000000000002', card_number: '3434343434', first_name: 'Ann', last_name: 'Lee', balance: 10, custom_fields: {} },
					// Two customers share a card number: an edit by that card alone is an error.
					{ code: '1000000000000003', card_number: '5656565656', first_name: 'Ben', last_name: 'Twin', balance: 0, custom_fields: {} },
					{ code: '1000000000000004', card_number: '5656565656', first_name: 'Bea', last_name: 'Twin', balance: 0, custom_fields: {} },
					{ code: '7777777777', card_number: '9191919191', first_name: 'Cora', last_name: 'Reyes', balance: 0, custom_fields: {} },
					// A customer whose code looks like a card number and who has no card.
					{ code: '4444333322221111', card_number: '', first_name: 'Cody', last_name: 'Only', balance: 0, custom_fields: {} },
				],
			},
			smallgadgets: {
				name: 'Small Gadgets',
				customFields: { 1: { name: 'Gadget', type: 'text' } },
				customers: [{ code: '2000000000000001', card_number: '1212121212', first_name: 'Sam', last_name: 'Small', balance: 0, custom_fields: {} }],
			},
		},
	};
}

function clone(value) {
	return JSON.parse(JSON.stringify(value));
}

function randomDigits(n) {
	let s = String(1 + Math.floor(Math.random() * 9));
	while (s.length < n) s += String(Math.floor(Math.random() * 10));
	return s.slice(0, n);
}

function isRealDate(year, month, day) {
	const d = new Date(Date.UTC(year, month - 1, day));
	return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function isIsoDate(value) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	return Boolean(m) && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function isDateTime(value) {
	const m = /^(\d{4})\.(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
	return Boolean(m) && isRealDate(Number(m[1]), Number(m[2]), Number(m[3])) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60;
}

/** Checks a custom field value against its type; returns an error text or undefined. */
function customFieldError(n, def, value) {
	if (def.type === 'date' && !isDateTime(value)) {
		return `custom_field_${n} (${def.name}) expects a date / time stamp in YYYY.MM.DD HH:MM:SS format, e.g. 2012.07.28 22:59:59`;
	}
	if (def.type === 'list') {
		const bad = value.split(',').map((v) => v.trim()).find((v) => !def.options.includes(v));
		if (bad !== undefined) {
			return `custom_field_${n} (${def.name}) expects values from its list (${def.options.join(', ')}); "${bad}" is not one of them`;
		}
	}
	return undefined;
}

/** multipart/form-data fields as [name, value] pairs (values as UTF-8 text). */
function parseMultipart(body, contentType) {
	const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	if (!m) return { error: 'multipart/form-data without a boundary' };
	const delimiter = `--${m[1] ?? m[2]}`;
	const text = body.toString('latin1');
	const parts = text.split(delimiter);
	if (parts.length < 3 || !parts[parts.length - 1].startsWith('--')) return { error: 'multipart/form-data body is not complete' };
	const pairs = [];
	for (const part of parts.slice(1, -1)) {
		const end = part.indexOf('\r\n\r\n');
		if (!part.startsWith('\r\n') || end < 0 || !part.endsWith('\r\n')) return { error: 'malformed multipart/form-data part' };
		const head = part.slice(2, end);
		const name = /content-disposition:\s*form-data;[^\r\n]*?\bname="([^"]*)"/i.exec(head);
		if (!name) return { error: 'multipart/form-data part without a name' };
		const decodedName = name[1].replace(/%22/g, '"').replace(/%0D/g, '\r').replace(/%0A/g, '\n');
		pairs.push([Buffer.from(decodedName, 'latin1').toString('utf8'), Buffer.from(part.slice(end + 4, -2), 'latin1').toString('utf8')]);
	}
	return { pairs };
}

function requestPairs(req) {
	const contentType = String(req.headers['content-type'] ?? '');
	const mime = contentType.split(';')[0].trim().toLowerCase();
	const query = [...new URLSearchParams(req.url.split('?')[1] ?? '').entries()];
	if (req.body.length === 0) return { pairs: query, via: 'query' };
	if (mime === 'application/x-www-form-urlencoded') return { pairs: [...query, ...new URLSearchParams(req.text).entries()], via: 'urlencoded' };
	if (mime === 'multipart/form-data') {
		const parsed = parseMultipart(req.body, contentType);
		return parsed.error ? parsed : { pairs: [...query, ...parsed.pairs], via: 'multipart' };
	}
	return { error: `Parameters must be sent as form data (application/x-www-form-urlencoded or multipart/form-data), not ${mime || 'an untyped body'}` };
}

// --- answers -----------------------------------------------------------------------------------------

function xmlNode(name, value, attrs, depth, pretty) {
	const pad = pretty ? '  '.repeat(depth) : '';
	const nl = pretty ? '\n' : '';
	const attrText = Object.entries(attrs ?? {}).map(([k, v]) => ` ${k}="${escapeText(v).replace(/"/g, '&quot;')}"`).join('');
	if (value !== null && typeof value === 'object') {
		const children = Object.entries(value)
			.filter(([k]) => k !== '@')
			.flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))
			.map(([k, v]) => xmlNode(k, v, v && typeof v === 'object' ? v['@'] : undefined, depth + 1, pretty))
			.join('');
		return `${pad}<${name}${attrText}>${nl}${children}${pad}</${name}>${nl}`;
	}
	return `${pad}<${name}${attrText}>${escapeText(value ?? '')}</${name}>${nl}`;
}

/** Strips the XML-only `@` attribute holders, keeping attributes as plain keys (customer.status). */
function toJson(value) {
	if (Array.isArray(value)) return value.map(toJson);
	if (value === null || typeof value !== 'object') return value;
	const out = { ...(value['@'] ?? {}) };
	for (const [k, v] of Object.entries(value)) if (k !== '@') out[k] = toJson(v);
	return out;
}

/** One answer in the format the request asked for. `doc` is `{ status, ...children }`. */
function answer(format, doc) {
	const { status, ...children } = doc;
	if (format.output === 'JSON') {
		const json = JSON.stringify({ status, ...toJson(children) }, null, format.condensed ? undefined : 2);
		if (format.callback) return { status: 200, headers: { 'content-type': 'application/javascript; charset=utf-8' }, body: `${format.callback}(${json});` };
		return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: json };
	}
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xmlNode('response', children, { status }, 0, true)}`;
	return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body };
}

function failure(format, message) {
	return answer(format, { status: 'error', error: message });
}

function readFormat(params) {
	const output = String(params.get('output') ?? 'XML').toUpperCase();
	const callback = params.get('callback');
	return {
		output: output === 'JSON' ? 'JSON' : 'XML',
		badOutput: params.has('output') && output !== 'JSON' && output !== 'XML',
		callback: callback || undefined,
		condensed: String(params.get('condensed') ?? '').toLowerCase() === 'yes',
	};
}

// --- the emulator ------------------------------------------------------------------------------------

async function startClientToolboxEmulator({ port = 0, seed = defaultSeed() } = {}) {
	const state = clone(seed);
	/** Every applied record_customer call, in order: `{ accountId, code, action: 'update'|'new', fields }`. */
	const edits = [];
	/** Emails to the account owner about new customers (suppressed by send_no_email). */
	const ownerEmails = [];
	/** Set by failNextEditAfterApply: how the next applied record_customer call is answered instead. */
	let failNextEdit;

	function customers(accountId) {
		return state.accounts[accountId].customers;
	}

	function newCode(accountId) {
		let code;
		do code = randomDigits(16);
		while (customers(accountId).some((c) => c.code === code));
		return code;
	}

	function newCardNumber(accountId, digits) {
		for (let i = 0; i < 1000; i++) {
			const card = randomDigits(digits);
			if (!customers(accountId).some((c) => c.card_number === card)) return card;
		}
		return undefined;
	}

	function authenticate(params) {
		const userId = params.get('user_id');
		if (!userId) return 'Authentication failed: user_id is required';
		const user = state.users[userId];
		if (params.has('user_api_key')) {
			if (!user || user.apiKey !== params.get('user_api_key')) return 'Authentication failed: invalid user_id or user_api_key';
			return { userId, user };
		}
		if (params.has('user_password')) {
			if (!user || user.password !== params.get('user_password')) return 'Authentication failed: invalid user_id or user_password';
			return { userId, user };
		}
		return 'Authentication failed: user_password or user_api_key is required';
	}

	function account(params, auth) {
		const accountId = params.get('account_id');
		if (!accountId) return { error: 'account_id is required' };
		if (!state.accounts[accountId] || !auth.user.accounts.includes(accountId)) {
			return { error: `Account "${accountId}" was not found or is not accessible to user ${auth.userId}` };
		}
		return { accountId };
	}

	function accountInfo(params, auth, format) {
		const found = account(params, auth);
		if (found.error) return failure(format, found.error);
		const a = state.accounts[found.accountId];
		return answer(format, {
			status: 'success',
			account: { account_id: found.accountId, name: a.name, customers: String(a.customers.length) },
		});
	}

	function customerInfo(params, auth, format) {
		const found = account(params, auth);
		if (found.error) return failure(format, found.error);
		const code = params.get('code');
		const card = params.get('card_number');
		if (!code && !card) return failure(format, 'code or card_number is required');
		const list = customers(found.accountId);
		const matches = code ? list.filter((c) => c.code === code) : list.filter((c) => c.card_number === card);
		if (matches.length > 1) return failure(format, `Multiple customers match card_number ${card}`);
		if (matches.length === 0) return failure(format, code ? `No customer found with code ${code}` : `No customer found with card_number ${card}`);
		const c = matches[0];
		const customer = { code: c.code, card_number: c.card_number ?? '' };
		for (const f of PLAIN_FIELDS) if (!HIDDEN_FIELDS.includes(f) && c[f] !== undefined) customer[f] = c[f];
		customer.registered = 'Y';
		if (params.get('hide_custom_field') !== 'Y') {
			for (const [n, v] of Object.entries(c.custom_fields ?? {})) customer[`custom_field_${n}`] = v;
		}
		if (params.get('include_balances') !== 'N') customer.balance = String(c.balance ?? 0);
		return answer(format, { status: 'success', customer });
	}

	/** The customer an edit applies to, `{ customer }` for none (create), or `{ error }`. */
	function matchForEdit(accountId, params) {
		const list = customers(accountId);
		const code = params.get('code');
		if (code) return { customer: list.find((c) => c.code === code) };
		const card = params.get('card_number');
		if (card) {
			const byCard = list.filter((c) => c.card_number === card);
			if (byCard.length > 1) return { error: `Multiple customers match card_number ${card}: include the customer's code` };
			if (byCard.length === 1) return { customer: byCard[0] };
			return { customer: list.find((c) => c.code === card) };
		}
		return { customer: undefined };
	}

	function recordCustomer(params, auth, format) {
		for (const name of REQUIRED_EDIT) if (!params.get(name)) return failure(format, `${name} is required`);
		const action = params.get('customer_action');
		if (!['edit', 'new', 'register'].includes(action)) return failure(format, `Unknown customer_action: ${action}`);
		const found = account(params, auth);
		if (found.error) return failure(format, found.error);
		const accountId = found.accountId;
		const definitions = state.accounts[accountId].customFields;

		const names = [...params.keys()];
		const optional = names.filter((n) => OPTIONAL_EDIT.includes(n) || CUSTOM_FIELD.test(n));
		if (optional.length === 0) return failure(format, 'At least one optional field must be passed along');

		// Every check happens before anything is stored: a refused call changes nothing.
		const customValues = {};
		for (const name of names.filter((n) => CUSTOM_FIELD.test(n))) {
			const n = CUSTOM_FIELD.exec(name)[1];
			const def = definitions[n];
			if (!def) return failure(format, `${name} is not defined for account ${accountId}: create it with Custom Fields - Create first`);
			const value = params.get(name);
			const problem = customFieldError(n, def, value);
			if (problem) return failure(format, problem);
			customValues[n] = value;
		}
		const customDate = params.get('custom_date');
		if (params.has('custom_date') && !isIsoDate(customDate)) {
			return failure(format, `custom_date must be in YYYY-MM-DD format; got "${customDate}"`);
		}
		if (params.has('send_no_email') && params.get('send_no_email') !== 'true') {
			return failure(format, 'send_no_email must be true, or not included');
		}
		let digits;
		if (params.has('card_number_generate')) {
			digits = Number(params.get('card_number_generate'));
			if (!/^\d+$/.test(params.get('card_number_generate')) || digits < 1 || digits > 32) {
				return failure(format, 'card_number_generate must be the number of digits, from 1 to 32');
			}
		}

		const match = action === 'edit' ? matchForEdit(accountId, params) : { customer: undefined };
		if (match.error) return failure(format, match.error);
		let target = match.customer;
		const created = !target;

		let code = target ? target.code : newCode(accountId);
		const requestedCode = params.get('new_code');
		if (params.has('new_code')) {
			if (!requestedCode) return failure(format, 'new_code must not be empty');
			const wanted = requestedCode.toLowerCase() === 'yes' ? newCode(accountId) : requestedCode;
			if (wanted !== code && customers(accountId).some((c) => c.code === wanted)) {
				return failure(format, `new_code ${wanted} is already used by another customer`);
			}
			code = wanted;
		}
		let generated;
		if (digits !== undefined) {
			generated = newCardNumber(accountId, digits);
			if (!generated) return failure(format, `No unused ${digits}-digit card number is left`);
		}

		if (!target) {
			target = { code, card_number: '', balance: 0, custom_fields: {}, created_by: auth.userId };
			customers(accountId).push(target);
		}
		target.code = code;
		const fields = {};
		for (const name of PLAIN_FIELDS) {
			if (params.has(name)) {
				target[name] = params.get(name);
				fields[name] = params.get(name);
			}
		}
		if (params.has('card_number')) target.card_number = params.get('card_number');
		if (generated) target.card_number = generated;
		Object.assign(target.custom_fields, customValues);
		for (const [n, v] of Object.entries(customValues)) fields[`custom_field_${n}`] = v;
		if (params.has('auto_add')) {
			const amount = Number(params.get('auto_add'));
			if (Number.isFinite(amount)) target.balance = (target.balance ?? 0) + amount;
			else (target.products ??= []).push(params.get('auto_add'));
		}
		if (created && !params.has('send_no_email')) ownerEmails.push({ accountId, code });
		edits.push({ accountId, code, action: created ? 'new' : 'update', fields });

		const customer = { '@': { status: created ? 'new' : 'update' }, code };
		if (generated) customer.card_number = generated;
		return answer(format, { status: 'success', customer });
	}

	const emulator = await startServer(
		async (req) => {
			const path = req.path.replace(/\/+$/, '') || '/';
			if (!PATHS.includes(path)) {
				return { status: 404, headers: { 'content-type': 'text/html' }, body: `<html><body><h1>404 Not Found</h1><p>${escapeText(req.path)}</p></body></html>` };
			}
			if (req.method !== 'POST' && req.method !== 'GET') {
				return { status: 405, headers: { 'content-type': 'text/plain', allow: 'POST, GET' }, body: 'Method Not Allowed' };
			}
			const read = requestPairs(req);
			const format0 = { output: 'XML' };
			if (read.error) return failure(format0, read.error);
			const params = new URLSearchParams(read.pairs);
			const format = readFormat(params);
			if (format.badOutput) return failure(format0, `output must be JSON or XML; got "${params.get('output')}"`);
			if (format.callback && !CALLBACK.test(format.callback)) {
				return failure({ output: 'JSON' }, 'callback must be a JavaScript function name');
			}
			const names = [...params.keys()];
			const repeated = names.find((n, i) => names.indexOf(n) !== i);
			if (repeated) return failure(format, `${repeated} was sent more than once`);
			const auth = authenticate(params);
			if (typeof auth === 'string') return failure(format, auth);
			const type = params.get('type');
			const known = new Set([...AUTH_FIELDS, ...OUTPUT_FIELDS, 'type', 'API']);
			if (type === 'account_info') return accountInfo(params, auth, format);
			if (type === 'customer_info') {
				['account_id', 'code', 'card_number', 'include_balances', 'campaign_id', 'hide_custom_field', 'show_only_belong_to'].forEach((n) => known.add(n));
				const unknown = names.find((n) => !known.has(n));
				if (unknown) return failure(format, `Unknown field for customer_info: ${unknown}`);
				return customerInfo(params, auth, format);
			}
			if (type === 'record_customer') {
				[...REQUIRED_EDIT, ...OPTIONAL_EDIT].forEach((n) => known.add(n));
				const unknown = names.find((n) => !known.has(n) && !CUSTOM_FIELD.test(n));
				if (unknown) return failure(format, `Unknown field for record_customer: ${unknown}`);
				const applied = edits.length;
				const result = recordCustomer(params, auth, format);
				if (failNextEdit !== undefined && edits.length > applied) {
					// The edit is stored; only the answer is lost or replaced by a gateway error.
					const mode = failNextEdit;
					failNextEdit = undefined;
					if (mode === 'reset') return { destroy: true };
					return { status: mode, headers: { 'content-type': 'text/html' }, body: `<html><body><h1>${mode} Bad Gateway</h1></body></html>` };
				}
				return result;
			}
			return failure(format, type ? `Unknown type: ${type}` : 'type is required');
		},
		{ port, name: 'clienttoolbox' },
	);
	return Object.assign(emulator, {
		state,
		edits,
		ownerEmails,
		/** All customers of an account. */
		customers,
		/** One customer by code. */
		customer: (accountId, code) => customers(accountId).find((c) => c.code === code),
		/** Customers with this card number. */
		customersWithCard: (accountId, card) => customers(accountId).filter((c) => c.card_number === card),
		/**
		 * The next record_customer call that is applied gets no answer ('reset': the connection is dropped)
		 * or an HTTP error page with this status (e.g. 502): the ambiguous failures after which a client
		 * must not resend a call that may have created a customer.
		 * @param {'reset' | number} [mode]
		 */
		failNextEditAfterApply(mode = 'reset') {
			failNextEdit = mode;
		},
	});
}

module.exports = { startClientToolboxEmulator, defaultSeed, PATHS, OPTIONAL_EDIT };
