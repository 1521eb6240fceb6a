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

/** Runs e2e/scanner/analyze.mjs with the scanner's host folder; returns its JSON lines. */
function runAnalysis(args) {
	const host = ensureScanner();
	const result = spawnSync(process.execPath, [path.join(SOURCE, 'analyze.mjs'), host, ...args], {
		cwd: host,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.status !== 0) throw new Error(`the scanner failed (${result.status}):\n${result.stderr}`);
	return result.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

/** The scanner's tarball analysis of each package folder, in one process: [{ dir, passed, message, details }]. */
function analyze(dirs) {
	return runAnalysis(dirs);
}

/**
 * The scanner's source leg on `sourceDir` for each package name, in one process:
 * [{ name, root, files, passed, message, details }], `root` relative to `sourceDir` (null: not found).
 */
function analyzeSource(sourceDir, names) {
	return runAnalysis(['--source', sourceDir, ...names]);
}

/**
 * The committed tree at `rev` extracted into a fresh `dir`, as GitHub's codeload tarball of that commit
 * holds it (`git archive`: symbolic links stay links, uncommitted changes are not there): what the
 * scanner's source leg downloads for the commit a provenance attestation names.
 */
function committedTree(dir, rev = 'HEAD') {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const archive = spawnSync('git', ['archive', '--format=tar', rev], { cwd: ROOT, maxBuffer: 512 * 1024 * 1024 });
	if (archive.status !== 0) throw new Error(`git archive ${rev} failed: ${archive.stderr}`);
	const tar = spawnSync('tar', ['-xf', '-', '-C', dir], { input: archive.stdout, encoding: 'utf8' });
	if (tar.status !== 0) throw new Error(`extracting git archive ${rev} failed: ${tar.stderr}`);
	return dir;
}

module.exports = { VERSION, ensureScanner, unpack, analyze, analyzeSource, committedTree };
