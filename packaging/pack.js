'use strict';
// `npm pack` of each staged provider package, checked like the combined one: a tarball that lacks a file
// n8n loads, or holds one its node does not need, is removed and the pack fails.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { PROVIDERS, loadedFiles } = require('./providers');
const { ROOT, STAGING, stageProvider } = require('./stage');

/** Every file a provider's tarball holds, sorted: what the node needs, and nothing else. */
function expectedFiles(provider) {
	const files = loadedFiles(provider);
	return [
		'LICENSE.md',
		'README.md',
		files.credential,
		...files.icons,
		files.node,
		files.codex,
		...provider.examples.map((e) => `examples/${e}`),
		'package.json',
	].sort();
}

/** Stages and packs one provider's package into `destDir`; returns `{ tarball, files, size }`. */
function packProvider(provider, destDir, stagingRoot = STAGING) {
	const dir = stageProvider(provider, stagingRoot);
	fs.mkdirSync(destDir, { recursive: true });
	// Run from the repository so its .npmrc (ignore-scripts) applies; the staged package has no scripts anyway.
	const result = spawnSync('npm', ['pack', dir, '--json', '--pack-destination', destDir], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (result.status !== 0) throw new Error(`npm pack ${dir} failed:\n${result.stderr}`);
	const [{ filename, files, size }] = JSON.parse(result.stdout);
	const tarball = path.join(destDir, path.basename(filename));
	const packed = files.map((f) => f.path).sort();
	const expected = expectedFiles(provider);
	if (JSON.stringify(packed) !== JSON.stringify(expected)) {
		fs.rmSync(tarball, { force: true });
		throw new Error(`${provider.packageName}: the tarball holds ${packed.join(', ')}; expected ${expected.join(', ')}`);
	}
	return { tarball, files: packed, size };
}

/** Packs every provider's package into `destDir`; returns `{ packageName: { tarball, files, size } }`. */
function packProviders(destDir, stagingRoot = STAGING) {
	return Object.fromEntries(PROVIDERS.map((p) => [p.packageName, packProvider(p, destDir, stagingRoot)]));
}

module.exports = { expectedFiles, packProvider, packProviders };
