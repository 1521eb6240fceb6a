'use strict';
// The package as users get it: `npm pack`, then installed into an n8n user folder's `.n8n/nodes`, which is
// what Settings -> Community Nodes -> Install (or `npm install` in ~/.n8n/nodes) does.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { ROOT } = require('./host');

const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;

const MANIFEST = require(path.join(ROOT, 'package.json'));
/** Files n8n loads from the package: a tarball without any of them installs but shows no node. */
const LOADED_FILES = [...MANIFEST.n8n.nodes, ...MANIFEST.n8n.credentials];

/**
 * `npm pack` of the built package into `destDir`; returns the tarball's path. A bare `npm pack` cannot
 * build first (the repository's ignore-scripts=true skips prepack), so this refuses an unbuilt tree and
 * checks the tarball holds every node and credential n8n is told to load.
 */
function packPackage(destDir) {
	const missing = LOADED_FILES.filter((file) => !fs.existsSync(path.join(ROOT, file)));
	if (missing.length) throw new Error(`dist/ is incomplete (${missing[0]} is missing): run \`npm run pack\`, which builds first`);
	fs.mkdirSync(destDir, { recursive: true });
	const result = spawnSync('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (result.status !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
	const [{ filename, files }] = JSON.parse(result.stdout);
	const tarball = path.join(destDir, path.basename(filename));
	const packed = new Set(files.map((f) => f.path));
	const absent = LOADED_FILES.filter((file) => !packed.has(file));
	if (absent.length) {
		fs.rmSync(tarball, { force: true });
		throw new Error(`npm pack left out ${absent.join(', ')}: the tarball was removed`);
	}
	return tarball;
}

/**
 * Installs packed tarballs into `<userFolder>/.n8n/nodes` in one npm run; returns that folder's
 * `node_modules`. `--omit=peer --legacy-peer-deps` leave n8n-workflow to n8n and keep npm from even looking
 * it up, so no registry (and no internet) is needed.
 */
function installTarballs(userFolder, tarballs) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	// Without its own package.json npm would walk up and install into an enclosing project instead.
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(manifest, `${JSON.stringify({ name: 'installed-nodes', private: true }, null, 2)}\n`);
	}
	const args = ['install', '--omit=peer', '--legacy-peer-deps', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs];
	const result = spawnSync('npm', args, { cwd: nodesDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (result.status !== 0) throw new Error(`Installing ${tarballs.join(', ')} into ${nodesDir} failed:\n${result.stderr}`);
	return path.join(nodesDir, 'node_modules');
}

/** Installs the combined package's tarball afresh (an earlier install of it removed first); returns its folder. */
function installTarball(userFolder, tarball) {
	fs.rmSync(path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME), { recursive: true, force: true });
	return path.join(installTarballs(userFolder, [tarball]), PACKAGE_NAME);
}

module.exports = { PACKAGE_NAME, packPackage, installTarball, installTarballs };
