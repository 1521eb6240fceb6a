'use strict';
// CPU per item of our own work, in isolation: read parameters + encode (prepare), sign (the credential's
// authenticate) and parse the answer (interpret), through the built node's execute() with a canned answer.
const http = require('http');
const path = require('path');

const { signerFor } = require('./authenticate');
const { medianAfterWarmUp } = require('./rounds');
const { items: makeItems } = require('./workloads');

const DIST = path.join(__dirname, '..', 'dist');
const NODES = {
	tourcms: {
		node: ['nodes/TourCms/TourCms.node.js', 'TourCms'],
		credential: ['credentials/TourCmsApi.credentials.js', 'TourCmsApi'],
		parameters: (item) => ({ operation: 'updateCustomer', customerId: item.json.id, channelId: '', updateFields: { city: item.json.city } }),
	},
	trackfinity: {
		node: ['nodes/Trackfinity/Trackfinity.node.js', 'Trackfinity'],
		credential: ['credentials/TrackfinityApi.credentials.js', 'TrackfinityApi'],
		parameters: (item) => ({ operation: 'updateCustomer', lookupBy: 'customer_id', customerId: item.json.id, updateFields: { city: item.json.city } }),
	},
};

/** Sends one signed request for real, to capture the emulator's genuine answer. */
function sendForReal(options) {
	return new Promise((resolve, reject) => {
		const url = new URL(options.url);
		const r = http.request(
			{ host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method, headers: options.headers },
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ statusCode: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
			},
		);
		r.on('error', reject);
		r.end(options.body);
	});
}

async function measure(provider, credentials, count) {
	const def = NODES[provider];
	const node = new (require(path.join(DIST, def.node[0]))[def.node[1]])();
	const credential = new (require(path.join(DIST, def.credential[0]))[def.credential[1]])();
	const sign = signerFor(credential, credentials);
	let canned;
	const context = (items) => {
		const parameters = items.map((item) => ({ ...def.parameters(item), options: { concurrency: 10 } }));
		return {
			getInputData: () => items,
			getNodeParameter: (name, i, fallback) => parameters[i][name] ?? fallback,
			getCredentials: async () => credentials,
			continueOnFail: () => false,
			getNode: () => ({ id: 'n', name: 'Node', type: `n8n-nodes-customer-update.${provider}`, typeVersion: 1, position: [0, 0], parameters: {} }),
			getExecutionCancelSignal: () => undefined,
			helpers: {
				httpRequestWithAuthentication: async (_type, options) => {
					const signed = await sign(options);
					if (!canned) canned = await sendForReal(signed);
					return canned;
				},
			},
		};
	};
	// Capture a real answer first.
	await node.execute.call(context(makeItems(provider, 1)));
	let failed = 0;
	const { median, first } = await medianAfterWarmUp(async () => {
		const ctx = context(makeItems(provider, count));
		// As in stages.js: the input items are already in the old generation when a node runs.
		global.gc?.();
		const cpu = process.cpuUsage();
		const [out] = await node.execute.call(ctx);
		const used = process.cpuUsage(cpu);
		failed += out.filter((i) => i.json.error !== undefined).length;
		return (used.user + used.system) / count;
	});
	const answer = { statusCode: canned.statusCode, headers: canned.headers, body: canned.body };
	return { cpuUsPerItem: median, firstRoundUs: first, failed, answer };
}

async function main() {
	const { provider, credentials, items } = JSON.parse(process.argv[2]);
	const result = await measure(provider, credentials, items);
	process.stdout.write(`${JSON.stringify(result)}\n`);
	process.exit(0);
}

main().catch((error) => {
	process.stdout.write(`${JSON.stringify({ crashed: String(error?.stack ?? error) })}\n`);
	process.exit(1);
});
