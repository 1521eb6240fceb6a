'use strict';
// CPU per item of each stage the provider runs, timed apart through the real modules (bundled from the
// TypeScript sources with esbuild): prepare (read parameters, validate, encode), sign (the credential's
// authenticate) and interpret (parse the answer). The engine's own bookkeeping is measured by micro.js.
const fs = require('fs');
const path = require('path');

const { signerFor } = require('./authenticate');
const { MEASURED_ROUNDS, WARM_UP_ROUNDS, medianAfterWarmUp } = require('./rounds');
const { items: makeItems } = require('./workloads');

const ROOT = path.join(__dirname, '..');

function loadSources() {
	// Inside the repository, so the bundle resolves n8n-workflow from its node_modules.
	const dir = path.join(ROOT, 'node_modules', '.cache', 'customer-update-bench');
	fs.mkdirSync(dir, { recursive: true });
	const out = path.join(dir, 'stages.js');
	require('esbuild').buildSync({
		stdin: {
			contents: [
				"export { tourCmsProvider } from './nodes/TourCms/provider';",
				"export { trackfinityProvider } from './nodes/Trackfinity/provider';",
				"export { TourCmsApi } from './credentials/TourCmsApi.credentials';",
				"export { TrackfinityApi } from './credentials/TrackfinityApi.credentials';",
			].join('\n'),
			resolveDir: ROOT,
			loader: 'ts',
		},
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		external: ['n8n-workflow'],
		outfile: out,
		logLevel: 'error',
	});
	return require(out);
}

const DEFS = {
	tourcms: {
		provider: (m) => m.tourCmsProvider,
		credential: (m) => new m.TourCmsApi(),
		parameters: (item) => ({ operation: 'updateCustomer', customerId: item.json.id, channelId: '', updateFields: { city: item.json.city } }),
	},
	trackfinity: {
		provider: (m) => m.trackfinityProvider,
		credential: (m) => new m.TrackfinityApi(),
		parameters: (item) => ({ operation: 'updateCustomer', lookupBy: 'customer_id', customerId: item.json.id, updateFields: { city: item.json.city } }),
	},
};

const cpuUs = () => {
	const u = process.cpuUsage();
	return u.user + u.system;
};

async function measure(provider, credentials, answer, count) {
	const modules = loadSources();
	const def = DEFS[provider];
	const definition = def.provider(modules);
	const credential = def.credential(modules);
	const sign = signerFor(credential, credentials);
	const run = async (items) => {
		const parameters = items.map((item) => ({ ...def.parameters(item), options: {} }));
		const ctx = {
			getInputData: () => items,
			getNodeParameter: (name, i, fallback) => parameters[i][name] ?? fallback,
			getNode: () => ({ name: 'Node', type: provider, typeVersion: 1, parameters: {} }),
		};
		// The input items and their parameters exist before a node runs: a full collection moves them out
		// of the young generation, so the rounds' collections copy only what the stages themselves keep.
		global.gc?.();
		const times = { prepare: 0, sign: 0, interpret: 0 };
		let t = cpuUs();
		const prepared = [];
		for (let i = 0; i < items.length; i++) prepared.push(await definition.prepare(ctx, i, credentials));
		times.prepare = cpuUs() - t;
		t = cpuUs();
		for (const p of prepared) await sign(p.request);
		times.sign = cpuUs() - t;
		t = cpuUs();
		let failed = 0;
		for (const p of prepared) {
			try {
				definition.interpret(answer, p);
			} catch {
				failed++;
			}
		}
		times.interpret = cpuUs() - t;
		return { times, failed };
	};
	let failed = 0;
	const { median, first } = await medianAfterWarmUp(async () => {
		const result = await run(makeItems(provider, count));
		failed += result.failed;
		const per = (us) => us / count;
		return {
			prepareUs: per(result.times.prepare),
			signUs: per(result.times.sign),
			interpretUs: per(result.times.interpret),
			totalUs: per(result.times.prepare + result.times.sign + result.times.interpret),
		};
	}, (round) => round.totalUs);
	return {
		...median,
		firstRoundTotalUs: first.totalUs,
		rounds: { warmUp: WARM_UP_ROUNDS, measured: MEASURED_ROUNDS, items: count },
		failed,
	};
}

async function main() {
	const { provider, credentials, answer, items } = JSON.parse(process.argv[2]);
	process.stdout.write(`${JSON.stringify(await measure(provider, credentials, answer, items))}\n`);
	process.exit(0);
}

main().catch((error) => {
	process.stdout.write(`${JSON.stringify({ crashed: String(error?.stack ?? error) })}\n`);
	process.exit(1);
});
