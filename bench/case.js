'use strict';
// One measured configuration, in a fresh process so CPU time and peak RSS belong to it alone.
// Usage: node bench/case.js '<json config>'; prints one JSON line.
const http = require('http');
const path = require('path');
const { createRequire } = require('module');

const { createEngine } = require('./engine');
const { items: makeItems, nodeParameters, fixedNodeParameters, httpRequestParameters, rawRequest } = require('./workloads');
const { signerFor } = require('./authenticate');

const DIST = path.join(__dirname, '..', 'dist');
const NODES = {
	tourcms: { file: 'nodes/TourCms/TourCms.node.js', cls: 'TourCms', type: 'tourCms', credential: 'tourCmsApi', credFile: 'credentials/TourCmsApi.credentials.js', credCls: 'TourCmsApi' },
	trackfinity: { file: 'nodes/Trackfinity/Trackfinity.node.js', cls: 'Trackfinity', type: 'trackfinity', credential: 'trackfinityApi', credFile: 'credentials/TrackfinityApi.credentials.js', credCls: 'TrackfinityApi' },
};

/**
 * The node with n8n's request helper replaced by one that signs through the credential, as n8n would,
 * and returns the provider's recorded answer: what remains is the engine, n8n's expressions and this
 * package's own work, without n8n's HTTP client and the network.
 */
function answeredInProcess(Node, credential, credentials, answer) {
	const sign = signerFor(credential, credentials);
	return class extends Node {
		async execute() {
			const ctx = Object.create(this);
			ctx.helpers = {
				...this.helpers,
				httpRequestWithAuthentication: async (_type, options) => {
					await sign(options);
					return { statusCode: answer.statusCode, headers: { ...answer.headers }, body: answer.body };
				},
			};
			return await super.execute.call(ctx);
		}
	};
}

/** Loads everything a contender needs before the clock starts, as a running n8n would have. */
function load(config) {
	if (config.kind === 'node') {
		const def = NODES[config.provider];
		const Node = require(path.join(DIST, def.file))[def.cls];
		const Credential = require(path.join(DIST, def.credFile))[def.credCls];
		return {
			Node: config.answer ? answeredInProcess(Node, new Credential(), config.credentials, config.answer) : Node,
			Credential,
			engine: createEngine(),
		};
	}
	if (config.kind === 'httpRequest') {
		const hostRequire = createRequire(path.join(config.hostDir, 'package.json'));
		return {
			HttpRequest: hostRequire('n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js').HttpRequest,
			engine: createEngine(hostRequire),
		};
	}
	return {};
}

async function runNode(config, items, { Node, Credential, engine }) {
	const def = NODES[config.provider];
	const type = `n8n-nodes-customer-update.${def.type}`;
	const options = { concurrency: config.concurrency };
	if (config.maxRps) options.maxRequestsPerSecond = config.maxRps;
	const result = await engine.run({
		node: {
			name: 'Node',
			type,
			typeVersion: 1,
			parameters: (config.fixedValues ? fixedNodeParameters : nodeParameters)(config.provider, options),
			credentials: { [def.credential]: { id: '1', name: 'bench' } },
			onError: 'continueRegularOutput',
		},
		nodeTypes: { [type]: new Node() },
		credentialTypes: { [def.credential]: new Credential() },
		credentials: { [def.credential]: config.credentials },
		items,
	});
	return result;
}

async function runHttpRequestNode(config, items, { HttpRequest, engine }) {
	return await engine.run({
		node: {
			name: 'Node',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: httpRequestParameters(config.url, config.credentials),
			onError: 'continueRegularOutput',
		},
		nodeTypes: { 'n8n-nodes-base.httpRequest': new HttpRequest() },
		items,
	});
}

async function runFloor(config, items) {
	const url = new URL(config.url);
	const agent = new http.Agent({ keepAlive: true, maxSockets: config.concurrency });
	const outputs = new Array(items.length);
	let next = 0;
	const lane = async () => {
		while (next < items.length) {
			const i = next++;
			const req = rawRequest(config.provider, items[i], config.credentials);
			outputs[i] = await new Promise((resolve) => {
				const r = http.request(
					{ host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers, agent },
					(res) => {
						const chunks = [];
						res.on('data', (c) => chunks.push(c));
						res.on('end', () => {
							const body = Buffer.concat(chunks).toString('utf8');
							resolve(res.statusCode === 200 ? { json: { ok: true } } : { json: { error: `HTTP ${res.statusCode}: ${body.slice(0, 80)}` } });
						});
					},
				);
				r.on('error', (e) => resolve({ json: { error: e.message } }));
				r.end(req.body);
			});
		}
	};
	await Promise.all(Array.from({ length: config.concurrency }, lane));
	agent.destroy();
	return { outputs: [outputs] };
}

async function main() {
	const config = JSON.parse(process.argv[2]);
	const loaded = load(config);
	// Run with --expose-gc: the heap still in use after a full collection, before and after the run.
	global.gc?.();
	const heapBaseline = process.memoryUsage().heapUsed;
	const rssBaseline = process.memoryUsage().rss;
	const items = makeItems(config.provider, config.items);
	const runner = config.kind === 'node' ? runNode : config.kind === 'httpRequest' ? runHttpRequestNode : runFloor;
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	const result = await runner(config, items, loaded);
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const used = process.cpuUsage(cpu);
	const out = result.outputs.flat();
	const failed = out.filter((i) => i.json?.error !== undefined || i.error !== undefined);
	global.gc?.();
	// `result` (all output items and n8n's run data) is still referenced here, so it counts as retained.
	const retainedMb = (process.memoryUsage().heapUsed - heapBaseline) / 1048576;
	const line = {
		ms,
		itemsPerSecond: (config.items / ms) * 1000,
		cpuUsPerItem: (used.user + used.system) / config.items,
		rssBaselineMb: rssBaseline / 1048576,
		peakRssMb: process.resourceUsage().maxRSS / 1024,
		retainedMb: global.gc ? retainedMb : undefined,
		outputItems: out.length,
		failed: failed.length + (result.error ? 1 : 0),
		firstFailure: failed[0]?.json?.error ?? result.error?.message,
		retried: out.filter((i) => i.json?.retries).length,
	};
	process.stdout.write(`${JSON.stringify(line)}\n`);
	process.exit(0);
}

main().catch((error) => {
	process.stdout.write(`${JSON.stringify({ crashed: String(error?.stack ?? error) })}\n`);
	process.exit(1);
});
