#!/usr/bin/env node
'use strict';
// `npm run test:e2e`: installs what is missing (the newest n8n and Node.js 24 into a cache folder, Debian's
// chromium and redis-server), packs the built package once, then runs the end-to-end test files one after
// another with node's test runner:
//   e2e/tests/workflows.test.js  every example workflow through `n8n execute`
//   e2e/tests/failures.test.js   refused credentials, refused and invalid items, an unreachable provider
//   e2e/tests/agent.test.js      each node as a tool of n8n's AI Agent, driven by a scripted chat model
//   e2e/tests/browser.test.js    the editor in Chromium: icons, panels, credential tests, screenshots
//   e2e/tests/hostile.test.js    a misbehaving provider: deadlines, answer limits, redaction, nothing sent twice
//   e2e/tests/largest.test.js    Skip Updates Already Applied at its largest run: n8n's own store keeps every record
//   e2e/tests/queue.test.js      queue mode: Redis, a main and two workers, a worker killed and the run resumed
//   e2e/tests/packages.test.js   one package per provider: the scanner, each alone in a fresh n8n, beside the combined one
// `node e2e/run.js workflows failures` runs only those files; E2E_SKIP_BROWSER=1 leaves the browser out.
// `node e2e/run.js --n8n 2.8.4 workflows failures` runs them against another n8n (any version on the
// registry; versions listed in e2e/lib/versions.js install from a committed lockfile); `--older` runs the
// parts listed there against each older line (`npm run test:e2e:older`).
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { ROOT, describeHost, ensureHost } = require('./lib/host');
const { packPackage } = require('./lib/package');
const { NEWEST, VERSIONS, n8nVersionFrom } = require('./lib/versions');

const ALL = ['workflows', 'failures', 'agent', 'browser', 'hostile', 'largest', 'queue', 'packages'];

function seconds(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * `--older`: each older n8n line listed in e2e/lib/versions.js, with its parts, one after another (each
 * in a run of its own, as `--n8n <version> <parts>`).
 */
function runOlder() {
	let failed = false;
	for (const [version, { parts }] of Object.entries(VERSIONS)) {
		if (version === NEWEST) continue;
		process.stdout.write(`\n== n8n ${version}: ${parts.join(', ')} ==\n`);
		const result = spawnSync(process.execPath, [__filename, '--n8n', version, ...parts], { cwd: ROOT, stdio: 'inherit', env: process.env });
		if (result.status !== 0) failed = true;
	}
	process.exit(failed ? 1 : 0);
}

function main() {
	const started = Date.now();
	const args = process.argv.slice(2);
	if (args.includes('--older')) return runOlder();
	const version = n8nVersionFrom(args);
	let suites = args;
	if (suites.length === 0) suites = ALL.filter((s) => !(s === 'browser' && process.env.E2E_SKIP_BROWSER === '1'));
	const unknown = suites.filter((s) => !ALL.includes(s));
	if (unknown.length) throw new Error(`unknown suite(s) ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);

	const host = ensureHost({ version, withChromium: suites.includes('browser'), withRedis: suites.includes('queue'), withPostgres: suites.includes('queue') });
	const runs = describeHost(host);
	process.stdout.write(`n8n host: ${runs}, ${host} (ready after ${seconds(started)})\n`);

	const packStarted = Date.now();
	const tarball = packPackage(path.join(ROOT, 'test-output', 'e2e', 'package'));
	process.stdout.write(`packed ${path.relative(ROOT, tarball)} in ${seconds(packStarted)}\n`);

	const timings = [];
	let failed = false;
	for (const suite of suites) {
		const suiteStarted = Date.now();
		const file = path.join('e2e', 'tests', `${suite}.test.js`);
		if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing`);
		// --test-force-exit: a server a failed hook left open must not keep the run (and CI) waiting.
		const result = spawnSync(process.execPath, ['--test', '--test-force-exit', '--test-reporter=spec', file], {
			cwd: ROOT,
			stdio: 'inherit',
			env: { ...process.env, N8N_E2E_HOST_DIR: host, E2E_N8N_VERSION: version, E2E_TARBALL: tarball },
		});
		timings.push(`${suite} ${seconds(suiteStarted)}${result.status === 0 ? '' : ' (FAILED)'}`);
		if (result.status !== 0) failed = true;
	}
	process.stdout.write(`\nend-to-end on ${runs}: ${timings.join(', ')}; total ${seconds(started)}\n`);
	if (fs.existsSync(path.join(ROOT, 'test-output', 'screenshots'))) {
		process.stdout.write('screenshots: test-output/screenshots/\n');
	}
	process.exit(failed ? 1 : 0);
}

try {
	main();
} catch (error) {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
}
