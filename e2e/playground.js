#!/usr/bin/env node
'use strict';
// `npm start`: a real n8n on http://127.0.0.1:5678 with this package installed the way users install it
// (from the packed tarball), the sandbox emulators on their default ports, sandbox credentials and the
// example workflows imported, and an owner account ready to log in with. Ctrl-C stops everything.
const fs = require('fs');
const path = require('path');

const { startSandbox, EMULATORS } = require('../sandbox');
const { ensureHost } = require('./lib/host');
const { sandboxCredentials } = require('./lib/credentials');
const { loadExamples } = require('./lib/workflows');
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
const PORT = Number(process.env.N8N_PORT || 5678);

function log(message) {
	process.stdout.write(`${message}\n`);
}

async function main() {
	const started = Date.now();
	log('Preparing n8n (installed once into a cache folder; the first time takes a few minutes)...');
	const host = ensureHost();
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes')))
		throw new Error('dist/ is missing: run `npm run build` first');

	// A fresh user folder each start: the owner, credentials and examples are recreated from scratch.
	fs.rmSync(PLAYGROUND, { recursive: true, force: true });
	const userFolder = createUserFolder({ dir: PLAYGROUND, link: false });
	installPackedPackage(userFolder);

	const sandbox = await startSandbox();
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
		process.stderr.write(`${error.stack}\n`);
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
		'Press Ctrl-C to stop.',
	];
	log(lines.join('\n'));
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
