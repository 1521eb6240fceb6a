'use strict';
// Fault modes every emulator can be switched into: the next N requests get a broken answer instead of a good one.
//
// Usage: `emulator.setKnobs({ fault: { mode: 'reset-after-apply', count: 1 } })`. Optional overrides:
// `when` (a function of the recorded request), `status` (html-5xx, error-body-200), `body` (html-5xx, wrong-content-type, error-body-200; a string, or a
// function of the recorded request, e.g. to echo it back as some debug pages do), `holdMs` (timeout), `contentType`.
//
// Some faults happen BEFORE the emulator handles the request (nothing is applied), others AFTER it (the
// change is stored, only the answer is lost or broken) — the second kind is what makes a blind retry dangerous.

/** mode -> whether the emulator handles (applies) the request before the fault hits the answer. */
const FAULT_MODES = Object.freeze({
	/** No answer at all; the connection stays open until the client gives up (or `holdMs`, default 60 s). */
	timeout: false,
	/** Like timeout, but the request was applied first. */
	'timeout-after-apply': true,
	/** The connection is reset right after the request was read. */
	reset: false,
	/** The request is applied, then the connection is reset without an answer. */
	'reset-after-apply': true,
	/** A proxy's HTML error page (default 500). */
	'html-5xx': false,
	/** The request is applied; the answer's body is not well-formed (XML or JSON, as the real answer was). */
	malformed: true,
	/** A 200 HTML page (e.g. a login or maintenance page) where the API answer was expected. */
	'wrong-content-type': false,
	/** HTTP 200 whose body is an error in the answer's own format. */
	'error-body-200': false,
	/** The request is applied; the headers promise the full body (Content-Length), half is sent, then the socket closes. */
	truncated: true,
	/**
	 * A redirect (default 301, or `status`) as a server that moved answers. `location` defaults to this very
	 * emulator and path, so a client that followed it would be seen sending the request a second time.
	 */
	redirect: false,
	/**
	 * Headers at once, then the body 1 byte every `intervalMs` (default 1000), forever: only a total deadline ends
	 * it. With `inHeaders`, the bytes trickle into a header that never ends instead.
	 */
	trickle: false,
	/**
	 * `Content-Encoding: gzip` whose body inflates to `inflatedBytes` (default 4 GiB) of zeros: about 4 MB on the
	 * wire, one small gzip member repeated. Sent with backpressure until the client closes the connection.
	 */
	'gzip-bomb': false,
	/**
	 * The provider's own error form (`format` xml/json/text, or the request's) around an error text of `textBytes`
	 * (default 200 MB), streamed; `status` defaults to 400, `wrap` = [before, after] replaces the form.
	 */
	'huge-error': false,
	/**
	 * An error in the provider's own form (default HTTP 200, `status`) that quotes the request: every header
	 * whole, URL-encoded, and the Authorization scheme and its token (TourCMS: `TourCMS ch:mp:` and the
	 * signature, raw and decoded) in separate places, and the body.
	 */
	'echo-request': false,
	/** The request is applied, then the answer names another customer (`otherId`, default 999999) than the one sent. */
	'other-customer': true,
	/** The request is applied, then the answer starts with `headerCount` (default 10,000) headers: more than any client reads. */
	'header-flood': true,
});

let gzipMember;
/** One gzip member inflating to 1 MiB of zeros; members back to back are one valid gzip stream. */
function gzipMegabyte() {
	gzipMember ??= require('zlib').gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
	return gzipMember;
}

/** Writes `next()` chunks until it returns undefined or the client goes away, honouring backpressure. */
function streamOut(res, next) {
	return new Promise((resolve) => {
		let closed = false;
		res.once('close', () => {
			closed = true;
			resolve();
		});
		const pump = () => {
			while (!closed) {
				const chunk = next();
				if (chunk === undefined) {
					res.end(() => resolve());
					return;
				}
				if (!res.write(chunk)) {
					res.once('drain', pump);
					return;
				}
			}
		};
		pump();
	});
}

function errorWrap(format) {
	if (format === 'xml') return ['<?xml version="1.0" encoding="utf-8"?><response status="error"><error>', '</error></response>'];
	if (format === 'json') return ['{"status":"error","errorType":"ValidationError","errors":["', '"],"correlationId":"c-1"}'];
	return ['', ''];
}

function echoText(request) {
	const lines = [];
	for (const [name, value] of Object.entries(request.headers)) {
		lines.push(`${name}: ${value}`, `${name} (encoded): ${encodeURIComponent(String(value))}`);
	}
	const auth = String(request.headers.authorization ?? '');
	const scheme = /^(\S+)\s+(.*)$/.exec(auth);
	if (scheme) {
		const prefix = /^(\d+:\d+:)(.*)$/.exec(scheme[2]);
		const token = prefix ? prefix[2] : scheme[2];
		let decoded = token;
		try {
			decoded = decodeURIComponent(token);
		} catch {
			// Not URL-encoded: the raw token is all there is.
		}
		lines.push(`scheme: ${scheme[1]} ${prefix ? prefix[1] : ''}`, `...`, `token: ${token}`, `token (decoded): ${decoded}`);
	}
	lines.push(`body: ${request.text}`);
	return lines.join(' | ');
}

function xmlEscape(text) {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function withOtherCustomer(text, otherId) {
	return text
		.replace(/<(customer_id|code)>[^<]*<\/\1>/g, `<$1>${otherId}</$1>`)
		.replace(/"id"\s*:\s*\d+/, `"id":${Number(otherId) || 999999}`)
		.replace(/"code"\s*:\s*"[^"]*"/g, `"code":"${otherId}"`);
}

function formatOf(request, headers = {}) {
	const answerType = String(headers['content-type'] ?? headers['Content-Type'] ?? '');
	const requestType = String(request.headers['content-type'] ?? '');
	const accept = String(request.headers.accept ?? '');
	if (/xml/i.test(answerType) || /xml/i.test(requestType) || /\.xml$/i.test(request.path)) return 'xml';
	if (/json/i.test(answerType) || /json/i.test(requestType) || /json/i.test(accept)) return 'json';
	return 'text';
}

function serialize(answer) {
	let payload = answer.body ?? '';
	const headers = { ...(answer.headers ?? {}) };
	if (typeof payload === 'object' && !Buffer.isBuffer(payload)) {
		payload = JSON.stringify(payload);
		if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
	}
	return { status: answer.status ?? 200, headers, payload: Buffer.isBuffer(payload) ? payload : Buffer.from(String(payload), 'utf8') };
}

function malformed(text, format) {
	if (format === 'xml') {
		// Drop the last closing tag and leave an unterminated one: no XML parser accepts it.
		return `${text.replace(/<\/[^>]*>\s*$/, '')}<unterminated`;
	}
	if (format === 'json') return `{"result": ${text}`;
	return `${text}\u0000<garbled`;
}

function htmlPage(status) {
	return (
		`<!DOCTYPE html><html><head><title>${status} Internal Server Error</title></head>` +
		`<body><h1>${status} Internal Server Error</h1><p>The server encountered an internal error.</p><hr><address>nginx</address></body></html>`
	);
}

function errorBody(format) {
	if (format === 'xml') {
		return '<?xml version="1.0" encoding="utf-8"?><response><status>error</status><error>Internal error: please try again later</error></response>';
	}
	if (format === 'json') return JSON.stringify({ status: 'error', error: 'Internal error: please try again later' });
	return 'Internal error: please try again later';
}

function holdUntilClosed(req, res, ms) {
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			req.socket.destroy();
			resolve();
		}, ms);
		res.once('close', () => {
			clearTimeout(timer);
			resolve();
		});
	});
}

/**
 * Answers `request` with the fault the knob asks for, when one is due. Returns true when it answered
 * (the server must then do nothing more with this request), false when no fault is due.
 * `handler` is the emulator's own handler: faults that hit after the request was applied call it first.
 */
async function applyFault(fault, request, req, res, handler) {
	if (!fault || !(fault.count > 0)) return false;
	// `when(request)`: only the requests it picks get the fault (e.g. the 2nd edit, not the lookup before it).
	if (typeof fault.when === 'function' && !fault.when(request)) return false;
	fault.count -= 1;
	if (!(fault.mode in FAULT_MODES)) {
		// A typo in a test must not pass for a fault: answer something no client mistakes for either.
		request.status = 500;
		res.writeHead(500, { 'content-type': 'text/plain' });
		res.end(`unknown fault mode "${fault.mode}"; known: ${Object.keys(FAULT_MODES).join(', ')}`);
		return true;
	}
	const mode = fault.mode;
	request.outcome = `fault:${mode}`;

	let real;
	if (FAULT_MODES[mode]) {
		let answer;
		try {
			answer = await handler(request);
		} catch (error) {
			answer = { status: 500, headers: { 'content-type': 'text/plain' }, body: `emulator error: ${error.message}` };
		}
		if (answer.destroy) {
			req.socket.destroy();
			return true;
		}
		real = serialize(answer);
		request.appliedStatus = real.status;
	}
	const format = formatOf(request, real?.headers);
	const customBody = typeof fault.body === 'function' ? fault.body(request) : fault.body;
	const send = (status, headers, payload) => {
		request.status = status;
		request.answeredAt = Date.now();
		res.writeHead(status, headers);
		res.end(payload);
	};

	switch (mode) {
		case 'timeout':
		case 'timeout-after-apply':
			await holdUntilClosed(req, res, fault.holdMs ?? 60000);
			return true;
		case 'reset':
		case 'reset-after-apply':
			req.socket.destroy();
			return true;
		case 'html-5xx': {
			const status = fault.status ?? 500;
			send(status, { 'content-type': 'text/html; charset=utf-8' }, customBody ?? htmlPage(status));
			return true;
		}
		case 'malformed':
			send(real.status, real.headers, malformed(real.payload.toString('utf8'), format));
			return true;
		case 'wrong-content-type':
			send(200, { 'content-type': fault.contentType ?? 'text/html; charset=utf-8' }, customBody ??
				'<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login"><input name="user"></form></body></html>');
			return true;
		case 'error-body-200': {
			const contentType = fault.contentType ?? (format === 'xml' ? 'text/xml; charset=utf-8' : format === 'json' ? 'application/json' : 'text/plain');
			send(fault.status ?? 200, { 'content-type': contentType }, customBody ?? errorBody(format));
			return true;
		}
		case 'truncated': {
			const half = real.payload.subarray(0, Math.max(1, Math.floor(real.payload.length / 2)));
			request.status = real.status;
			res.writeHead(real.status, { ...real.headers, 'content-length': String(real.payload.length) });
			res.write(half, () => setTimeout(() => req.socket.destroy(), 20));
			return true;
		}
		case 'redirect': {
			const location = fault.location ?? `http://${request.headers.host}${request.url}`;
			send(fault.status ?? 301, { location, 'content-type': 'text/html; charset=utf-8' }, customBody ??
				`<html><head><title>Moved</title></head><body>Moved to <a href="${location}">${location}</a></body></html>`);
			return true;
		}
		case 'trickle': {
			request.status = 200;
			// `inHeaders`: the header block itself never ends (one more byte of a header value each time).
			const write = fault.inHeaders ? (text) => res.socket.write(text) : (text) => res.write(text);
			if (fault.inHeaders) res.socket.write('HTTP/1.1 200 OK\r\nX-Slow: ');
			else res.writeHead(200, { 'content-type': 'text/plain' });
			let sent = 0;
			await new Promise((resolve) => {
				const timer = setInterval(() => {
					sent += 1;
					write('.');
				}, fault.intervalMs ?? 1000);
				res.once('close', () => {
					clearInterval(timer);
					request.trickled = sent;
					resolve();
				});
			});
			return true;
		}
		case 'gzip-bomb': {
			request.status = 200;
			res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
			let left = Math.ceil((fault.inflatedBytes ?? 4 * 1024 ** 3) / (1024 * 1024));
			await streamOut(res, () => (left-- > 0 ? gzipMegabyte() : undefined));
			return true;
		}
		case 'huge-error': {
			const [before, after] = fault.wrap ?? errorWrap(fault.format ?? format);
			const status = fault.status ?? 400;
			const contentType = fault.contentType ?? ((fault.format ?? format) === 'xml' ? 'text/xml; charset=utf-8' : (fault.format ?? format) === 'json' ? 'application/json' : 'text/plain');
			request.status = status;
			res.writeHead(status, { 'content-type': contentType });
			const piece = Buffer.alloc(64 * 1024, 'x');
			let left = Math.ceil((fault.textBytes ?? 200 * 1024 * 1024) / piece.length);
			let stage = 0;
			await streamOut(res, () => {
				if (stage === 0) {
					stage = 1;
					return before;
				}
				if (left-- > 0) return piece;
				if (stage === 1) {
					stage = 2;
					return after;
				}
				return undefined;
			});
			return true;
		}
		case 'echo-request': {
			const fmt = fault.format ?? format;
			const text = customBody ?? echoText(request);
			const [before, after] = fault.wrap ?? errorWrap(fmt);
			const contentType = fmt === 'xml' ? 'text/xml; charset=utf-8' : fmt === 'json' ? 'application/json' : 'text/plain';
			const inner = fmt === 'xml' ? xmlEscape(text) : fmt === 'json' ? JSON.stringify(text).slice(1, -1) : text;
			send(fault.status ?? 200, { 'content-type': contentType }, `${before}${inner}${after}`);
			return true;
		}
		case 'other-customer':
			send(real.status, real.headers, withOtherCustomer(real.payload.toString('utf8'), String(fault.otherId ?? '999999')));
			return true;
		case 'header-flood': {
			request.status = 200;
			const lines = ['HTTP/1.1 200 OK'];
			for (let i = 0; i < (fault.headerCount ?? 10000); i++) lines.push(`X-Flood-${i}: ${'v'.repeat(8)}`);
			lines.push('Content-Length: 0', '', '');
			res.socket.end(lines.join('\r\n'));
			return true;
		}
		default:
			return false;
	}
}

module.exports = { applyFault, FAULT_MODES };
