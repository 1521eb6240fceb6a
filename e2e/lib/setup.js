'use strict';
// Shared setup of the end-to-end test files: the n8n host, the packed package, a fresh user folder with the
// package installed from the tarball, the emulators, and the sandbox credentials imported.
const fs = require('fs');
const path = require('path');

const { ROOT, ensureHost } = require('./host');
const { N8nFolder } = require('./n8n');
const { packPackage, installTarball } = require('./package');
const { TestSandbox } = require('./sandbox');
const { sandboxCredentials } = require('./credentials');

const OUTPUT_DIR = path.join(ROOT, 'test-output', 'e2e');

/** The tarball e2e/run.js packed (E2E_TARBALL), or a fresh `npm pack` when a test file runs alone. */
function packageTarball() {
	if (process.env.E2E_TARBALL && fs.existsSync(process.env.E2E_TARBALL)) return process.env.E2E_TARBALL;
	const tarball = packPackage(path.join(OUTPUT_DIR, 'package'));
	process.env.E2E_TARBALL = tarball;
	return tarball;
}

/** A fresh user folder `test-output/e2e/<name>` with the package installed and sandbox credentials imported. */
async function prepareN8n(name) {
	const host = ensureHost();
	const userFolder = path.join(OUTPUT_DIR, name);
	fs.rmSync(userFolder, { recursive: true, force: true });
	const n8n = await N8nFolder.create({ host, userFolder, link: false });
	installTarball(n8n.userFolder, packageTarball());
	const sandbox = await TestSandbox.start();
	try {
		await n8n.importCredentials(sandboxCredentials(sandbox));
	} catch (error) {
		// The caller never gets the sandbox to close, and its open servers would keep the test process alive.
		await sandbox.close();
		throw error;
	}
	return { host, n8n, sandbox };
}

/** The json of every item a node output on each of its outputs in its first run: `[main, error]`. */
function nodeOutputs(run, nodeName) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs) return undefined;
	return (runs[0].data?.main ?? []).map((items) => (items ?? []).map((i) => i.json));
}

module.exports = { OUTPUT_DIR, packageTarball, prepareN8n, nodeOutputs };
