#!/usr/bin/env node
'use strict';
// `npm start`: a real n8n on http://127.0.0.1:5678 (N8N_PORT) with this package installed the way users
// install it (from the packed tarball), the sandbox emulators on 18081-18084 (SANDBOX_BASE_PORT moves them),
// sandbox credentials and the example workflows imported, and an owner account ready to log in with.
// Ctrl-C stops everything.
const fs = require('fs');
const path = require('path');

const { startSandbox, EMULATORS } = require('../sandbox');
const { ensureHost } = require('./lib/host');
const { sandboxCredentials } = require('./lib/credentials');
const { loadExamples } = require('./lib/workflows');
const { portFromEnv, portInUse } = require('./lib/ports');
const {
	OWNER,
	PACKAGE_NAME,
	createUserFolder,
	freePort,
	importItems,
	installPackedPackage,
	setupOwner,
	startN8n,
} = require('./lib/n8n');

const ROOT = path.resolve(__dirname, '..');
const PLAYGROUND = path.join(ROOT, '.n8n-playground');
const PORT = portFromEnv('N8N_PORT', 5678);
const SANDBOX_BASE_PORT = portFromEnv('SANDBOX_BASE_PORT', 18081);
const SANDBOX_PORTS = Object.values(EMULATORS).map((e) => SANDBOX_BASE_PORT + (e.port - 18081));

function log(message) {
	process.stdout.write(`${message}\n`);
}

/** Stops before installing anything when a port npm start needs is taken, saying which and how to move. */
async function checkPorts() {
	const problems = [];
	if (await portInUse(PORT)) {
		problems.push(
			`Port ${PORT} (n8n's editor) is already in use, e.g. by another n8n or an earlier npm start.`,
			`  Stop that process, or start on another port:  N8N_PORT=${PORT === 5700 ? 5701 : 5700} npm start`,
		);
	}
	const busy = [];
	for (const port of SANDBOX_PORTS) if (await portInUse(port)) busy.push(port);
	if (busy.length) {
		const base = SANDBOX_BASE_PORT + 100;
		problems.push(
			`Sandbox port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} already in use (the emulators need ${SANDBOX_PORTS[0]}-${SANDBOX_PORTS[SANDBOX_PORTS.length - 1]}), e.g. by npm run sandbox.`,
			`  Stop that process, or move the emulators:  SANDBOX_BASE_PORT=${base} npm start  (uses ${base}-${base + SANDBOX_PORTS.length - 1})`,
		);
	}
	if (problems.length) throw new Error(problems.join('\n'));
}

/** The last lines of n8n's log: the reason it stopped is there, not in the exit status. */
function logTail(file, lines = 8) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).map((l) => `  | ${l}`).join('\n');
	} catch {
		return '';
	}
}

async function main() {
	const started = Date.now();
	try {
		await checkPorts();
	} catch (error) {
		process.stderr.write(`npm start: ${error.message}\n`);
		process.exit(1);
	}
	log('Preparing n8n (installed once into a cache folder; the first time takes about 6 minutes, with Node.js 24)...');
	const host = ensureHost();
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes')))
		throw new Error('dist/ is missing: run `npm run build` first');

	// A fresh user folder each start: the owner, credentials and examples are recreated from scratch.
	fs.rmSync(PLAYGROUND, { recursive: true, force: true });
	const userFolder = createUserFolder({ dir: PLAYGROUND, link: false });
	installPackedPackage(userFolder);

	const sandbox = await startSandbox({ basePort: SANDBOX_BASE_PORT });
	let n8n;
	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		log('\nStopping n8n and the sandbox...');
		if (n8n) await n8n.stop();
		await sandbox.close();
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));

	try {
		const brokerPort = await freePort();
		await importItems(host, userFolder, 'credentials', sandboxCredentials(sandbox), { brokerPort });
		const examples = Object.values(loadExamples());
		await importItems(host, userFolder, 'workflow', examples, { brokerPort });

		log(`Starting n8n on http://127.0.0.1:${PORT} ...`);
		n8n = await startN8n(host, userFolder, {
			port: PORT,
			brokerPort: await freePort(),
			logFile: path.join(userFolder, 'n8n.log'),
		});
		await setupOwner(n8n.url, OWNER);
		n8n.child.on('exit', () => {
			if (!stopping) {
				process.stderr.write(`n8n stopped unexpectedly; see ${path.join(userFolder, 'n8n.log')}\n`);
				stop(1);
			}
		});
	} catch (error) {
		const logFile = path.join(userFolder, 'n8n.log');
		const tail = logTail(logFile);
		const busy = /EADDRINUSE/.test(tail)
			? `\nA port n8n needs is in use. Start on another port:  N8N_PORT=${PORT === 5700 ? 5701 : 5700} npm start`
			: '';
		process.stderr.write(`${error.message}${tail ? `\nLast lines of ${logFile}:\n${tail}` : ''}${busy}\n`);
		await stop(1);
		return;
	}

	const lines = [
		'',
		`n8n is running with ${PACKAGE_NAME} installed (ready in ${((Date.now() - started) / 1000).toFixed(0)} s):`,
		`  Open      http://127.0.0.1:${PORT}/`,
		`  Email     ${OWNER.email}`,
		`  Password  ${OWNER.password}`,
		'',
		'Sandbox emulators (credentials "<Provider> Sandbox" already point at them):',
		...Object.entries(sandbox.emulators).map(
			([name, e]) => `  ${EMULATORS[name].title.padEnd(15)} ${e.url}`,
		),
		'',
		'Example workflows imported (Workflows menu):',
		...Object.values(loadExamples()).map(
			(w) => `  ${w.name}  http://127.0.0.1:${PORT}/workflow/${w.id}`,
		),
		'',
		`n8n log: ${path.join(userFolder, 'n8n.log')}`,
		'Other ports: N8N_PORT=5700 SANDBOX_BASE_PORT=18181 npm start',
		'Press Ctrl-C to stop.',
	];
	log(lines.join('\n'));
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
