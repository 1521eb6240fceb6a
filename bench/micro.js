'use strict';
// CPU per item of our own work, in isolation: read parameters + encode (prepare), sign (the credential's
// authenticate) and parse the answer (interpret), through the built node's execute() with a canned answer.
const http = require('http');
const path = require('path');

const { authenticate } = require('./authenticate');
const { items: makeItems } = require('./workloads');

const DIST = path.join(__dirname, '..', 'dist');
const WARM_UP_ROUNDS = 3;
const MEASURED_ROUNDS = 5;
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
	const auth = typeof credential.authenticate === 'function' ? credential.authenticate.bind(credential) : credential.authenticate;
	const sign = (options) => authenticate(auth, credentials, options);
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
	// Capture a real answer first. As in stages.js, the first round is reported apart from the median
	// of the rounds after warm-up.
	await node.execute.call(context(makeItems(provider, 1)));
	const rounds = [];
	let failed = 0;
	for (let r = 0; r < WARM_UP_ROUNDS + MEASURED_ROUNDS; r++) {
		const ctx = context(makeItems(provider, count));
		// As in stages.js: the input items are already in the old generation when a node runs.
		global.gc?.();
		const cpu = process.cpuUsage();
		const [out] = await node.execute.call(ctx);
		const used = process.cpuUsage(cpu);
		failed += out.filter((i) => i.json.error !== undefined).length;
		rounds.push((used.user + used.system) / count);
	}
	const measured = rounds.slice(WARM_UP_ROUNDS).sort((a, b) => a - b);
	const answer = { statusCode: canned.statusCode, headers: canned.headers, body: canned.body };
	return { cpuUsPerItem: measured[Math.floor(measured.length / 2)], firstRoundUs: rounds[0], failed, answer };
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
