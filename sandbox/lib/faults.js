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
});

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
		default:
			return false;
	}
}

module.exports = { applyFault, FAULT_MODES };
