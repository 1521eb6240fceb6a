'use strict';
// Locates (installing once, through e2e/ensure-n8n.sh) the real n8n the playground and the end-to-end tests run.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { postgresBin } = require('./postgres');
const { NEWEST, nodeFor } = require('./versions');

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Returns the host folder holding node_modules/.bin/n8n of n8n `version` (default: E2E_N8N_VERSION, else
 * the newest); `withChromium` also installs Debian's chromium, `withRedis` Debian's redis-server,
 * `withPostgres` Debian's postgresql.
 */
function ensureHost({ version = process.env.E2E_N8N_VERSION || NEWEST, withChromium = false, withRedis = false, withPostgres = false } = {}) {
	const missing = (withRedis && !redisServerPath()) || (withPostgres && !postgresBin());
	if (process.env.N8N_E2E_HOST_DIR && !missing) return process.env.N8N_E2E_HOST_DIR;
	const args = ensureArgs({ version, withChromium, withRedis, withPostgres });
	const started = Date.now();
	const result = spawnSync('bash', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
	if (result.status !== 0) {
		throw new Error(`e2e/ensure-n8n.sh failed with exit status ${result.status}`);
	}
	const lines = result.stdout.trim().split('\n');
	const host = lines[lines.length - 1].trim();
	if (!fs.existsSync(n8nBin(host))) throw new Error(`No n8n binary in ${host}`);
	const seconds = (Date.now() - started) / 1000;
	if (seconds > 20) process.stderr.write(`n8n host ready in ${seconds.toFixed(0)} s: ${host}\n`);
	// Child processes (the test files) reuse the answer instead of asking again.
	process.env.N8N_E2E_HOST_DIR = host;
	process.env.E2E_N8N_VERSION = version;
	return host;
}

/** The arguments of `bash` that run e2e/ensure-n8n.sh for n8n `version` on its Node.js, with what else is asked. */
function ensureArgs({ version, withChromium = false, withRedis = false, withPostgres = false }) {
	const args = [path.join(ROOT, 'e2e', 'ensure-n8n.sh'), '--n8n', version, '--node', nodeFor(version)];
	if (withChromium) args.push('--with-chromium');
	if (withRedis) args.push('--with-redis');
	if (withPostgres) args.push('--with-postgres');
	return args;
}

/** What a host runs, for logs and reports: `n8n 2.41.1 on Node.js v24.22.3`. */
function describeHost(host) {
	const n8n = JSON.parse(fs.readFileSync(path.join(host, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	const bin = hostNodeBin(host);
	const node = spawnSync(bin ? path.join(bin, 'node') : 'node', ['--version'], { encoding: 'utf8' }).stdout.trim();
	return `n8n ${n8n} on Node.js ${node}`;
}

function n8nBin(host) {
	return path.join(host, 'node_modules', '.bin', 'n8n');
}

/** The bin folder of the Node.js the host's n8n runs on (`.bin/n8n` starts with `env node`), or '' for the machine's. */
function hostNodeBin(host) {
	const file = path.join(host, '.node-bin');
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
}

/** The Debian chromium binary, or undefined. */
function chromiumPath() {
	for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
		if (candidate && fs.existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** The redis-server binary, or undefined. */
function redisServerPath() {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat('/usr/bin', '/usr/sbin')) {
		const candidate = path.join(dir, 'redis-server');
		if (dir && fs.existsSync(candidate)) return candidate;
	}
	return undefined;
}

module.exports = { ROOT, ensureArgs, ensureHost, describeHost, n8nBin, hostNodeBin, chromiumPath, redisServerPath };
