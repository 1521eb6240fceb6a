'use strict';
// Several packages in one n8n user folder, and what n8n loaded from them: the per-provider packages
// (packaging/) alone and beside the combined one.
const fs = require('fs');
const path = require('path');

const { freePort, request, setupOwner, startN8n } = require('./n8n');

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

module.exports = { loadedTypes, scanOrder };
