'use strict';
// A real `n8n start` for the benchmark: the cached n8n (the newest unless --n8n), a fresh user folder with the packed package
// installed as users install it, the benchmark provider's credentials (stored encrypted by n8n) and the
// contender workflows imported and published, so their production webhooks are live.
const fs = require('fs');
const os = require('os');
const path = require('path');

const { ensureHost } = require('../../e2e/lib/host');
const { createUserFolder, freePort, importItems, installPackedPackage, runN8n, startN8n } = require('../../e2e/lib/n8n');
const { CONTENDERS, benchCredentials, contenderWorkflow } = require('./workflows');

async function startBenchN8n(provider, log) {
	const host = ensureHost();
	const userFolder = createUserFolder({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-')), link: false });
	installPackedPackage(userFolder);
	// The Code node that signs TourCMS requests, as a user would write it, needs Node's crypto module.
	process.env.NODE_FUNCTION_ALLOW_BUILTIN = 'crypto';
	const brokerPort = await freePort();
	log('importing credentials and workflows...');
	await importItems(host, userFolder, 'credentials', benchCredentials(provider.credentials), { brokerPort });
	const keys = Object.keys(CONTENDERS);
	const workflows = keys.map((k) => contenderWorkflow(k, provider.url, provider.credentials));
	await importItems(host, userFolder, 'workflow', workflows, { brokerPort });
	for (const w of workflows) {
		const result = await runN8n(host, userFolder, ['publish:workflow', `--id=${w.id}`], { brokerPort });
		if (result.code !== 0) throw new Error(`publish:workflow ${w.id} failed:\n${result.stdout}\n${result.stderr}`);
	}
	log('starting n8n...');
	const logFile = path.join(userFolder, 'n8n.log');
	const n8n = await startN8n(host, userFolder, { port: await freePort(), brokerPort: await freePort(), logFile });
	return {
		...n8n,
		host,
		userFolder,
		logFile,
		async close() {
			await n8n.stop();
			fs.rmSync(userFolder, { recursive: true, force: true });
		},
	};
}

module.exports = { startBenchN8n };
