#!/usr/bin/env node
'use strict';
// `node e2e/prefetch.js [--newest|--older]`: installs the n8n hosts the end-to-end runs use (e2e/lib/versions.js;
// the newest with Debian's chromium, redis-server and postgresql, or the older lines), without running a test.
// CI starts the newest beside `npm install` and the unit tests, and the older lines beside the newest's
// end-to-end run: from a cold cache the three hosts took 363 + 316 + 231 s one after another inside the
// end-to-end runs, a third of the whole run. Hosts on the same Node.js install one after another (they share
// its cache folder); the chains run side by side. The end-to-end runs then find them ready, wait for an
// install still under way (ensure-n8n.sh's lock), and install whatever is still missing themselves.
const { spawn } = require('child_process');

const { ensureArgs } = require('./lib/host');
const { NEWEST, VERSIONS, nodeFor } = require('./lib/versions');

/** Runs ensure-n8n.sh for `version`; resolves with its exit status (its output goes to ours, prefixed). */
function ensure(version) {
	// Debian's packages install in one chain only: apt takes one caller at a time.
	const extras = version === NEWEST;
	const args = ensureArgs({ version, withChromium: extras, withRedis: extras, withPostgres: extras });
	const started = Date.now();
	return new Promise((resolve) => {
		const child = spawn('bash', args, { stdio: ['ignore', 'pipe', 'pipe'] });
		const prefix = (stream, out) => {
			let rest = '';
			stream.on('data', (chunk) => {
				const lines = (rest + chunk).split('\n');
				rest = lines.pop();
				for (const line of lines) out.write(`[n8n ${version}] ${line}\n`);
			});
		};
		prefix(child.stdout, process.stdout);
		prefix(child.stderr, process.stderr);
		child.on('error', () => resolve(1));
		child.on('close', (code) => {
			const seconds = ((Date.now() - started) / 1000).toFixed(0);
			process.stdout.write(`[n8n ${version}] ${code === 0 ? 'ready' : `failed (${code})`} after ${seconds} s\n`);
			resolve(code ?? 1);
		});
	});
}

async function main() {
	const only = process.argv[2];
	const older = Object.keys(VERSIONS).filter((v) => v !== NEWEST);
	const versions = only === '--newest' ? [NEWEST] : only === '--older' ? older : [NEWEST, ...older];
	const chains = new Map();
	for (const version of versions) {
		const node = nodeFor(version);
		chains.set(node, [...(chains.get(node) ?? []), version]);
	}
	const statuses = await Promise.all(
		[...chains.values()].map(async (chain) => {
			const codes = [];
			for (const version of chain) codes.push(await ensure(version));
			return codes;
		}),
	);
	process.exit(statuses.flat().every((code) => code === 0) ? 0 : 1);
}

void main();
