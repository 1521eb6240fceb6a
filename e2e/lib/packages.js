'use strict';
// Several packages in one n8n user folder, and what n8n loaded from them: the per-provider packages
// (packaging/) alone and beside the combined one.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { freePort, request, setupOwner, startN8n } = require('./n8n');

/**
 * Installs tarballs into `<userFolder>/.n8n/nodes` in one npm run (as e2e/lib/package.js installs one):
 * no registry, no scripts, n8n-workflow left to n8n. Returns the folder of `node_modules`.
 */
function installTarballs(userFolder, tarballs) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, `${JSON.stringify({ name: 'installed-nodes', private: true }, null, 2)}\n`);
	const args = ['install', '--omit=peer', '--legacy-peer-deps', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs];
	const result = spawnSync('npm', args, { cwd: nodesDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (result.status !== 0) throw new Error(`Installing ${tarballs.join(', ')} into ${nodesDir} failed:\n${result.stderr}`);
	return path.join(nodesDir, 'node_modules');
}

/**
 * Starts n8n on the user folder just long enough to read what it loaded, as the editor gets it:
 * `{ nodes, credentials }` from /types/nodes.json and /types/credentials.json. `n8n execute` never writes
 * these, so this is the one place the part starts a server; it is stopped before returning.
 */
async function loadedTypes(host, userFolder, logFile) {
	const server = await startN8n(host, userFolder, { port: await freePort(), brokerPort: await freePort(), logFile });
	try {
		const cookie = await setupOwner(server.url);
		const read = async (file) => {
			const res = await request(`${server.url}/types/${file}`, { headers: { cookie, 'accept-encoding': 'identity' } });
			if (res.status !== 200) throw new Error(`GET /types/${file}: ${res.status}`);
			return JSON.parse(res.body.toString('utf8'));
		};
		return { nodes: await read('nodes.json'), credentials: await read('credentials.json') };
	} finally {
		await server.stop();
	}
}

/**
 * The community packages of a user folder in the order n8n 2.41 loads them: its scan
 * (n8n-core scanDirectoryForPackages) globs `n8n-nodes-*` in `.n8n/nodes/node_modules`, which lists
 * directory entries in the file system's order, neither sorted nor in install order.
 */
function scanOrder(userFolder) {
	return fs.readdirSync(path.join(userFolder, '.n8n', 'nodes', 'node_modules')).filter((name) => name.startsWith('n8n-nodes-'));
}

module.exports = { installTarballs, loadedTypes, scanOrder };
