'use strict';
// Drives a real n8n (installed by e2e/ensure-n8n.sh) from the command line: user folders, imports,
// `n8n execute`, and `n8n start` with an owner account.
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const { hostNodeBin, n8nBin } = require('./host');

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;
const ENCRYPTION_KEY = 'customer-update-e2e-encryption-key';
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Sandbox',
	lastName: 'Owner',
	password: 'Playground123',
};

/** A free loopback port (the OS picks it; closed again before n8n takes it). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Packs the package (dist/ must be built) and installs the tarball into `<userFolder>/.n8n/nodes`; returns its folder. */
function installPackedPackage(userFolder) {
	const { packPackage, installTarball } = require('./package');
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'customer-update-pack-'));
	try {
		return installTarball(userFolder, packPackage(packDir));
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
}

/** A fresh n8n user folder with the package linked (default) or installed into `.n8n/nodes`. */
function createUserFolder({ dir, link = true } = {}) {
	const userFolder = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });
	if (link) {
		const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
		fs.rmSync(target, { recursive: true, force: true });
		fs.symlinkSync(ROOT, target, 'dir');
	}
	return userFolder;
}

/** The environment every n8n process of ours runs with; each process gets its own ports. */
function n8nEnv(host, userFolder, { port, brokerPort, extra = {} } = {}) {
	const env = {
		...process.env,
		PATH: [path.join(host, 'node_modules', '.bin'), hostNodeBin(host), process.env.PATH].filter(Boolean).join(path.delimiter),
		N8N_USER_FOLDER: userFolder,
		// sqlite in a user folder of its own, or the database a test started (queue mode: Postgres).
		DB_TYPE: process.env.N8N_E2E_DB_TYPE || 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// The result JSON of `n8n execute` goes through the logger: error level or higher empties stdout.
		N8N_LOG_LEVEL: 'info',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		// n8n 2.41 announces this as the coming default; a package installed into ~/.n8n/nodes must load under it.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
		...extra,
	};
	if (port) env.N8N_PORT = String(port);
	if (brokerPort) env.N8N_RUNNERS_BROKER_PORT = String(brokerPort);
	// npm run sets these for the package; they must not leak into n8n's own module resolution.
	delete env.NODE_OPTIONS;
	return env;
}


/** Runs one n8n CLI command to completion: { code, stdout, stderr }. */
function runN8n(host, userFolder, args, { brokerPort, timeoutMs = 120000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(n8nBin(host), args, {
			env: n8nEnv(host, userFolder, { brokerPort }),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

async function importFile(host, userFolder, kind, file, opts) {
	const result = await runN8n(host, userFolder, [`import:${kind}`, `--input=${file}`], opts);
	// The crash at exit that exitStatus describes, after n8n said the import was done.
	if (result.signal === 'SIGSEGV' && /^Successfully imported \d+/m.test(result.stdout)) return { ...result, code: 0 };
	if (result.code !== 0) {
		throw new Error(
			`n8n import:${kind} ${file} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
		);
	}
	return result;
}

/** Writes `items` to a temp JSON file and imports them (`kind`: credentials or workflow). */
async function importItems(host, userFolder, kind, items, opts) {
	const file = path.join(
		userFolder,
		`import-${kind}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`,
	);
	fs.writeFileSync(file, JSON.stringify(items, null, 2));
	try {
		return await importFile(host, userFolder, kind, file, opts);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/**
 * `n8n execute --id --rawOutput`: the exit code, the IRun parsed from the first line that is exactly `{`,
 * and the whole output for error-text checks.
 */
async function executeWorkflow(host, userFolder, id, opts) {
	const result = await runN8n(host, userFolder, ['execute', `--id=${id}`, '--rawOutput'], opts);
	const run = runFromOutput(result.stdout);
	return { ...result, code: exitStatus(result, run), run, output: `${result.stdout}\n${result.stderr}` };
}

/** The IRun `n8n execute --rawOutput` printed: from the first line that is exactly `{` to the next `}`. */
function runFromOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start < 0) return undefined;
	// A failed run prints an error summary after the JSON: parse up to the matching closing line.
	return JSON.parse(lines.slice(start, lines.indexOf('}', start) + 1).join('\n'));
}

/**
 * The exit status of `n8n execute`. n8n 2.41 on Node 24 sometimes dies by SIGSEGV while exiting, after it
 * printed and saved the whole run: seen in 3 of 28 runs of a two-node workflow in a user folder with no
 * community package, and in none of 16 with N8N_EXPRESSION_ENGINE=legacy (the isolated-vm expression
 * engine's teardown). The run that was printed is then what the exit status says; any other death stays
 * a death (`null`).
 */
function exitStatus(result, run) {
	if (result.code !== null || result.signal !== 'SIGSEGV' || !run?.status || run.finished === undefined) return result.code;
	process.stderr.write(`note: n8n exited by SIGSEGV after printing a complete run (status ${run.status}); its exit status is taken from the run\n`);
	return run.status === 'success' ? 0 : 1;
}

/** The items a node emitted on each output of its first run: [main, error?]. */
function nodeOutputs(run, nodeName) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs) return undefined;
	return (runs[0].data?.main ?? []).map((items) => (items ?? []).map((i) => i.json));
}

function request(url, { method = 'GET', body, headers = {} } = {}) {
	return new Promise((resolve, reject) => {
		const data =
			body === undefined
				? undefined
				: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
		const req = http.request(
			url,
			{
				method,
				headers: {
					...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
					...headers,
				},
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
				);
			},
		);
		req.on('error', reject);
		req.setTimeout(30000, () => req.destroy(new Error(`timeout: ${method} ${url}`)));
		req.end(data);
	});
}

/**
 * `n8n start` in the background. Resolves once n8n's REST API answers. Until its database migrations are
 * done, n8n answers every route but /healthz with 200 and the text "n8n is starting up. Please wait" (a
 * POST /rest/owner/setup then creates no owner), and after them /rest/* is 404 until the controllers are
 * mounted: only a JSON answer from /rest/settings means ready.
 */
async function startN8n(host, userFolder, { port, brokerPort, logFile, timeoutMs = 120000 }) {
	const env = n8nEnv(host, userFolder, { port, brokerPort });
	const log = logFile ? fs.openSync(logFile, 'w') : 'ignore';
	const child = spawn(n8nBin(host), ['start'], {
		env,
		stdio: ['ignore', log, log],
		detached: false,
	});
	const url = `http://127.0.0.1:${port}`;
	let exited = null;
	child.on('exit', (code, signal) => (exited = { code, signal }));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited)
			throw new Error(`n8n start exited early (${JSON.stringify(exited)}); see ${logFile}`);
		if (Date.now() > deadline) {
			child.kill('SIGTERM');
			throw new Error(`n8n did not become ready within ${timeoutMs} ms; see ${logFile}`);
		}
		try {
			const rest = await request(`${url}/rest/settings`);
			if (rest.status === 200 && /^application\/json/.test(rest.headers['content-type'] ?? ''))
				break;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	return {
		url,
		child,
		async stop() {
			if (exited) return;
			const done = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
			await done;
			clearTimeout(timer);
		},
	};
}

function authCookieOf(res) {
	const cookie = [].concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('n8n-auth='));
	return res.status === 200 && cookie ? cookie.split(';')[0] : undefined;
}

/** Creates the instance owner (n8n started by `startN8n`); returns the `n8n-auth` cookie header value. */
async function setupOwner(url, owner = OWNER) {
	const setup = await request(`${url}/rest/owner/setup`, { method: 'POST', body: owner });
	const cookie = authCookieOf(setup);
	if (cookie) return cookie;
	const type = setup.headers['content-type'] ?? 'no content type';
	throw new Error(
		`owner setup failed: ${setup.status} (${type}) ${String(setup.body).slice(0, 500)}`,
	);
}

/**
 * One n8n user folder (package linked in) with its own task-broker port: import fixtures, execute workflows.
 */
class N8nFolder {
	static async create({ host, userFolder, link = true } = {}) {
		const folder = createUserFolder({ dir: userFolder, link });
		return new N8nFolder(host, folder, await freePort());
	}

	constructor(host, userFolder, brokerPort) {
		this.host = host;
		this.userFolder = userFolder;
		this.brokerPort = brokerPort;
	}

	async importCredentials(credentials) {
		return await importItems(this.host, this.userFolder, 'credentials', credentials, {
			brokerPort: this.brokerPort,
		});
	}

	async importWorkflow(workflow) {
		return await importItems(this.host, this.userFolder, 'workflow', [].concat(workflow), {
			brokerPort: this.brokerPort,
		});
	}

	/** `n8n execute --id`: { code, run, stdout, stderr, output, ms }. */
	async execute(id) {
		const started = Date.now();
		const result = await executeWorkflow(this.host, this.userFolder, id, {
			brokerPort: this.brokerPort,
		});
		return { ...result, ms: Date.now() - started };
	}
}

module.exports = {
	N8nFolder,
	ROOT,
	PACKAGE_NAME,
	OWNER,
	freePort,
	createUserFolder,
	installPackedPackage,
	n8nEnv,
	runN8n,
	importFile,
	importItems,
	executeWorkflow,
	exitStatus,
	runFromOutput,
	nodeOutputs,
	request,
	startN8n,
	setupOwner,
};
