'use strict';
// n8n's community package scanner, installed once into a cache folder of its own from the committed
// e2e/scanner/package.json and lockfile: it must never become a dependency of the package (verification
// refuses `overrides`, and the scanner needs typescript 5.9 pinned over its own typescript 7, whose parser
// breaks on Node 20).
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { ROOT } = require('./host');

const SOURCE = path.join(ROOT, 'e2e', 'scanner');
const VERSION = require(path.join(SOURCE, 'package.json')).dependencies['@n8n/scan-community-package'];

function cacheDir() {
	const cache = process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-customer-update');
	return path.join(cache, `scanner-${VERSION}`);
}

/** The scanner's host folder, installed (`npm ci` from the committed lockfile) when missing or outdated. */
function ensureScanner() {
	const dir = cacheDir();
	const lock = fs.readFileSync(path.join(SOURCE, 'package-lock.json'));
	const stamp = crypto.createHash('sha256').update(lock).digest('hex');
	const stampFile = path.join(dir, '.installed-from');
	if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return dir;
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(SOURCE, file), path.join(dir, file));
	const result = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (result.status !== 0) throw new Error(`installing the scanner into ${dir} failed:\n${result.stderr}`);
	fs.writeFileSync(stampFile, stamp);
	return dir;
}

/** Unpacks a tarball into a fresh folder under `workDir`; returns the package folder. */
function unpack(tarball, workDir) {
	const dir = path.join(workDir, path.basename(tarball, '.tgz'));
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const result = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${result.stderr}`);
	return dir;
}

/** The scanner's analysis of each package folder, in one process: [{ dir, passed, message, details }]. */
function analyze(dirs) {
	const host = ensureScanner();
	const result = spawnSync(process.execPath, [path.join(SOURCE, 'analyze.mjs'), host, ...dirs], {
		cwd: host,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.status !== 0) throw new Error(`the scanner failed (${result.status}):\n${result.stderr}`);
	return result.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

module.exports = { VERSION, ensureScanner, unpack, analyze };
