'use strict';
// A provider that misbehaves on purpose, in real n8n (`n8n execute`). One workflow holds, per row of faults,
// one node of each of the four providers (node Timeout 2 s, Max Retries 2, errors continue as items); each
// node's update carries its row's tag, by which the emulators pick the fault. Each row asserts the message of
// every node, the requests each emulator received for it and how long the node took; the run asserts the
// peak memory of the n8n process tree (sampled from /proc), and that no secret is in stdout, stderr or
// n8n's database afterwards. One run keeps the part short: n8n's start-up is most of an execute.
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { after, before, describe, test } = require('node:test');

const { prepareN8n } = require('../lib/setup');
const { exitStatus, n8nEnv, runFromOutput } = require('../lib/n8n');
const { processTree } = require('../lib/processes');
const { EMULATORS } = require('../../sandbox');

const TIMEOUT_MS = 2000;
const OPTIONS = { timeoutMs: TIMEOUT_MS, maxRetries: 2, concurrency: 1 };
const MAX_RSS_BYTES = 1.5 * 1024 ** 3;
const JOHN = '89898989898989';

/** The four nodes of every row's workflow; `update` tells the update request from a lookup. */
const NODES = [
	{
		emulator: 'tourcms',
		name: 'TourCMS',
		type: 'n8n-nodes-customer-update.tourCms',
		credential: 'tourCmsApi',
		parameters: (tag) => ({ operation: 'updateCustomer', customerId: '12345', updateFields: { city: tag } }),
		id: '12345',
		idempotent: true,
		errorFormat: 'xml',
		update: () => true,
	},
	{
		emulator: 'trackfinity',
		name: 'Trackfinity',
		type: 'n8n-nodes-customer-update.trackfinity',
		credential: 'trackfinityApi',
		parameters: (tag) => ({ operation: 'updateCustomer', customerId: '191', updateFields: { city: tag } }),
		id: '191',
		idempotent: true,
		errorFormat: 'text',
		update: () => true,
	},
	{
		emulator: 'intrepid',
		name: 'Intrepid',
		type: 'n8n-nodes-customer-update.intrepid',
		credential: 'intrepidApi',
		parameters: (tag, index) => ({ operation: 'updateCustomer', context: 'Booking', contextId: '5057123', customerId: '9001', updateFields: { mobilePhone: `04001112${String(index).padStart(2, '0')}` } }),
		id: '9001',
		idempotent: true,
		errorFormat: 'json',
		update: () => true,
	},
	{
		// Looked up first ("Fail Without Changing Anything"), then an edit that adds 25 points.
		emulator: 'clienttoolbox',
		name: 'Client Toolbox',
		type: 'n8n-nodes-customer-update.clientToolbox',
		credential: 'clientToolboxApi',
		parameters: (tag) => ({ operation: 'updateCustomer', matchBy: 'code', code: JOHN, ifNoMatch: 'fail', updateFields: { city: tag, auto_add: '25' } }),
		id: JOHN,
		idempotent: false,
		errorFormat: 'xml',
		update: (r) => new URLSearchParams(r.text).get('type') === 'record_customer',
	},
];

const tooLarge = (n) => `${n.name}'s answer is larger than 1024 KB (the Max Response Size option): it was not read further`;

/** Each row: the fault, and per node the check of its output item and the number of updates it sent. */
const ROWS = [
	{
		id: 'e2eHostileTrickle',
		title: 'answers 1 byte per second, forever',
		fault: () => ({ mode: 'trickle', intervalMs: 1000 }),
		expect: (n, item) => {
			assert.equal(item.error, `Could not get an answer from ${n.name}: the request timed out after ${TIMEOUT_MS} ms (ECONNABORTED)`);
			return n.idempotent ? 3 : 1;
		},
	},
	{
		id: 'e2eHostileGzipBomb',
		title: 'gzip bomb (4 GiB inflated)',
		fault: () => ({ mode: 'gzip-bomb' }),
		expect: (n, item) => {
			assert.equal(item.error, tooLarge(n));
			return 1;
		},
	},
	{
		id: 'e2eHostileHugeError',
		title: 'its documented error form with a 200 MB error text',
		fault: (n) => ({ mode: 'huge-error', format: n.errorFormat }),
		expect: (n, item) => {
			assert.equal(item.error, tooLarge(n));
			return 1;
		},
	},
	{
		id: 'e2eHostileEcho',
		title: "an error quoting the request's headers (Authorization whole, encoded, split) and body",
		fault: (n) => ({ mode: 'echo-request', format: n.errorFormat, status: 400, body: echoFirst }),
		expect: (n, item) => {
			assert.ok(item.error, `${n.name} fails`);
			return 1;
		},
	},
	{
		id: 'e2eHostileReset',
		title: 'resets the connection after applying the update',
		fault: () => ({ mode: 'reset-after-apply' }),
		count: 1,
		expect: (n, item) => {
			if (n.idempotent) {
				// The first attempt was applied: the resent one may find nothing left to change (TourCMS says so).
				assert.ok(['updated', 'unchanged'].includes(item.status), JSON.stringify(item));
				return 2;
			}
			assert.equal(item.error, `Could not get an answer from ${n.name}: the connection was reset (ECONNRESET)`);
			return 1;
		},
	},
	{
		id: 'e2eHostileOtherCustomer',
		title: 'answers success for another customer',
		fault: () => ({ mode: 'other-customer', otherId: '424242' }),
		count: 1,
		expect: (n, item) => {
			if (n.name === 'Trackfinity') {
				// Its answer is `true`: no id to compare.
				assert.equal(item.status, 'updated');
				return 1;
			}
			assert.match(String(item.error), new RegExp(`424242.*, not (for|of) customer ${n.id} that was sent`));
			return 1;
		},
	},
	{
		id: 'e2eHostileHeaderFlood',
		title: '10,000 response headers',
		fault: () => ({ mode: 'header-flood' }),
		expect: (n, item) => {
			assert.equal(
				item.error,
				`Could not read ${n.name}'s answer: the answer's headers were larger than Node.js reads (16 KB): the answer was not read (HPE_HEADER_OVERFLOW)`,
			);
			assert.match(String(item.description), new RegExp(`The request may have reached ${n.name}`));
			return 1;
		},
	},
	{
		id: 'e2eHostileHtml500',
		title: 'an HTML 500 page that contains the text api-key',
		fault: () => ({ mode: 'html-5xx', body: '<html><body><h1>500 Internal Server Error</h1><p>upstream sent invalid header api-key</p></body></html>' }),
		expect: (n, item) => {
			assert.ok(item.error, `${n.name} fails`);
			assert.doesNotMatch(`${item.error} ${item.description ?? ''}`, /refused the credentials|refused the API key/i);
			if (n.name === 'Trackfinity') {
				assert.equal(item.error, 'Trackfinity failed with a server error (HTTP 500): 500 Internal Server Error upstream sent invalid header api-key');
			}
			// HTTP 500 is an answer, not a transient failure: not sent again.
			return 1;
		},
	},
];

/** The request's headers (Authorization whole, URL-encoded, scheme and token apart, decoded) before the body. */
function echoFirst(request) {
	const parts = [];
	const auth = String(request.headers.authorization ?? '');
	const m = /^(TourCMS \d+:\d+:)(\S+)$/.exec(auth);
	if (m) parts.push(`auth ${auth}`, `encoded ${encodeURIComponent(auth)}`, `scheme ${m[1]}`, `then ${m[2]}`, `decoded ${decodeURIComponent(m[2])}`);
	for (const name of ['x-api-key', 'api-key', 'api-username']) if (request.headers[name]) parts.push(`${name}=${request.headers[name]}`);
	parts.push(`body ${request.text}`);
	return parts.join(' ; ');
}

const WORKFLOW_ID = 'e2eHostileProvider';

/** The tag a row's updates carry (Intrepid's phone number ends with the row's index instead). */
function tagOf(row) {
	return `Hostile ${row.id}`;
}

function nodeName(row, node) {
	return `${row.id} ${node.name}`;
}

function rowOf(request, node) {
	if (!node.update(request)) return undefined;
	if (node.emulator === 'intrepid') {
		const phone = /"mobilePhone"\s*:\s*"04001112(\d\d)"/.exec(request.text)?.[1];
		return phone === undefined ? undefined : ROWS[Number(phone)];
	}
	const text = request.text.includes('%') || request.text.includes('+') ? new URLSearchParams(request.text).toString() + request.text : request.text;
	return ROWS.find((r) => text.includes(tagOf(r)) || text.includes(encodeURIComponent(tagOf(r))) || text.includes(tagOf(r).replace(/ /g, '+')));
}

function workflow() {
	const trigger = { id: 'hostile-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const nodes = ROWS.flatMap((row, r) =>
		NODES.map((n, i) => ({
			id: `hostile-${r}-${i}`,
			name: nodeName(row, n),
			type: n.type,
			typeVersion: 1,
			position: [300 + i * 250, r * 200],
			onError: 'continueRegularOutput',
			parameters: { ...n.parameters(tagOf(row), r), options: OPTIONS },
			credentials: { [n.credential]: { id: `sbx${n.credential[0].toUpperCase()}${n.credential.slice(1)}`.slice(0, 21), name: `${EMULATORS[n.emulator].title} Sandbox` } },
		})),
	);
	return {
		id: WORKFLOW_ID,
		name: 'Hostile provider: every row for every node',
		active: false,
		nodes: [trigger, ...nodes],
		connections: { Start: { main: [nodes.map((n) => ({ node: n.name, type: 'main', index: 0 }))] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * Each emulator answers an update with the fault of the row it is tagged with (at most the row's count of
 * times); anything else (Client Toolbox's lookup) normally. The fault is read after the request is logged.
 */
function routeFaults(emulator, node) {
	const left = new Map(ROWS.map((r) => [r.id, r.count ?? 10]));
	const current = () => {
		const last = emulator.requests[emulator.requests.length - 1];
		return last ? rowOf(last, node) : undefined;
	};
	emulator.setKnobs({
		fault: new Proxy(
			{},
			{
				get(_target, key) {
					const row = current();
					if (key === 'count') return row ? left.get(row.id) : 0;
					return row ? row.fault(node)[key] : undefined;
				},
				set(_target, key, value) {
					const row = current();
					if (key === 'count' && row) left.set(row.id, value);
					return true;
				},
			},
		),
	});
}

function rssBytes(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
		return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
	} catch {
		return { rss: 0, hwm: 0 };
	}
}

/** `n8n execute --id --rawOutput` with the peak RSS of its process tree sampled every 100 ms. */
function executeSampled(n8n, id) {
	return new Promise((resolve, reject) => {
		const child = spawn(path.join(n8n.host, 'node_modules', '.bin', 'n8n'), ['execute', `--id=${id}`, '--rawOutput'], {
			env: n8nEnv(n8n.host, n8n.userFolder, { brokerPort: n8n.brokerPort }),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		let peak = 0;
		const started = Date.now();
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const sampler = setInterval(() => {
			let sum = 0;
			for (const pid of processTree(child.pid)) {
				const { rss, hwm } = rssBytes(pid);
				sum += rss;
				if (pid === child.pid) peak = Math.max(peak, hwm);
			}
			peak = Math.max(peak, sum);
		}, 100);
		const killer = setTimeout(() => child.kill('SIGKILL'), 180000);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearInterval(sampler);
			clearTimeout(killer);
			const run = runFromOutput(stdout);
			resolve({ code: exitStatus({ code, signal }, run), signal, stdout, stderr, run, peak, ms: Date.now() - started });
		});
	});
}

/** Every spelling of a secret a leak could take. */
function spellings(secret) {
	const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams([['', secret]]).toString().slice(1)]);
	try {
		forms.add(decodeURIComponent(secret));
	} catch {
		// not URL-encoded
	}
	return [...forms].filter((f) => f.length >= 8);
}

describe('a misbehaving provider in real n8n: nothing hangs, exhausts memory or leaks', () => {
	let n8n;
	let sandbox;
	let result;
	let context = '';
	const secrets = new Set();

	before(async () => {
		({ n8n, sandbox } = await prepareN8n('hostile'));
		for (const data of Object.values(sandbox.credentials())) for (const key of ['apiKey', 'password']) if (data[key]) secrets.add(String(data[key]));
		await n8n.importWorkflow(workflow());
		await sandbox.reseed();
		for (const node of NODES) routeFaults(sandbox.emulators[node.emulator], node);
		result = await executeSampled(n8n, WORKFLOW_ID);
		context = `exit ${result.code} after ${result.ms} ms\n${`${result.stdout}\n${result.stderr}`.slice(-4000)}`;
		process.stdout.write(`# n8n execute of ${ROWS.length * NODES.length} nodes: ${result.ms} ms, peak RSS ${Math.round(result.peak / 1024 ** 2)} MB\n`);
		for (const emulator of Object.values(sandbox.emulators)) {
			for (const r of emulator.requests) {
				const sig = /^TourCMS \d+:\d+:(\S+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
				if (sig) secrets.add(sig);
			}
		}
	});

	after(async () => {
		if (sandbox) await sandbox.close();
	});

	test('the run completes, and the n8n process tree stays under 1.5 GB', () => {
		assert.ok(result.run, `no run in the output\n${context}`);
		assert.equal(result.code, 0, context);
		assert.ok(result.peak > 0 && result.peak < MAX_RSS_BYTES, `peak RSS ${Math.round(result.peak / 1024 ** 2)} MB`);
	});

	for (const row of ROWS) {
		test(`${row.title}: every node fails (or succeeds) truthfully within 3 × Timeout, nothing that adds is sent twice`, () => {
			assert.ok(result.run, `no run in the output\n${context}`);
			for (const node of NODES) {
				const task = result.run.data.resultData.runData[nodeName(row, node)]?.[0];
				assert.ok(task, `${nodeName(row, node)} ran\n${context}`);
				const item = task.data.main[0][0].json;
				const updates = row.expect(node, item);
				const received = sandbox.emulators[node.emulator].requests.filter((r) => rowOf(r, node) === row).length;
				assert.equal(received, updates, `${node.name}: updates received\n${JSON.stringify(item)}`);
				// Three attempts of at most Timeout each, and two backoffs (at most 0.5 s and 1 s).
				assert.ok(task.executionTime < 3 * TIMEOUT_MS + 2500, `${node.name} took ${task.executionTime} ms`);
			}
		});
	}

	test('Client Toolbox added the 25 points once per row whose edit was applied (reset, other customer, header flood)', () => {
		const applied = ROWS.filter((r) => ['reset-after-apply', 'other-customer', 'header-flood'].includes(r.fault(NODES[3]).mode)).length;
		assert.equal(Number(sandbox.emulators.clienttoolbox.customer('greatwidgets', JOHN).balance), 25 * applied);
	});

	test('no secret (API keys, password, TourCMS signatures in any spelling) in stdout, stderr or the database', () => {
		const folder = path.join(n8n.userFolder, '.n8n');
		const files = fs.readdirSync(folder).filter((f) => f.startsWith('database.sqlite'));
		assert.ok(files.includes('database.sqlite'), `database.sqlite in ${folder}`);
		const stored = files.map((f) => fs.readFileSync(path.join(folder, f)).toString('latin1'));
		assert.ok(stored.some((s) => s.includes('HPE_HEADER_OVERFLOW')), 'the execution (its errors) is stored in the database');
		assert.ok(secrets.size >= 6, `secrets collected: ${secrets.size}`);
		const outputs = [result.stdout, result.stderr];
		for (const secret of secrets) {
			for (const form of spellings(secret)) {
				assert.ok(!outputs.some((o) => o.includes(form)), `a secret (${form.slice(0, 4)}…) is in n8n's output`);
				assert.ok(!stored.some((s) => s.includes(form)), `a secret (${form.slice(0, 4)}…) is in n8n's database`);
			}
		}
	});
});
