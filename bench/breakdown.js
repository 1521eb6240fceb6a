'use strict';
// In-process BREAKDOWN, not the benchmark: where an item's CPU goes inside our node (n8n-core's WorkflowExecute in
// this process, n8n's request helper and credential store stubbed), next to n8n's HTTP Request node and a raw
// keep-alive loop against the loopback emulators. It cannot see n8n's credential store, webhooks or event loop:
// the figures users get come from the real n8n server benchmark, `npm run bench` (bench/run.js).
// Usage: node bench/breakdown.js [--quick] [--full]   (npm run bench:breakdown builds first)
//   --quick  1,000 items only;  --full  also 10,000 items at 50 ms with concurrency 1 (~8 minutes more).
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { MEASURED_ROUNDS, WARM_UP_ROUNDS } = require('./rounds');
const { startTourCmsEmulator, defaultSeed: tourCmsSeed } = require('../sandbox/tourcms');
const { startTrackfinityEmulator, defaultSeed: trackfinitySeed } = require('../sandbox/trackfinity');

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const FULL = args.has('--full');
const SIZES = QUICK ? [1000] : [1000, 10000];
const HOST_DIR = process.env.N8N_HOST_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-customer-update', 'n8n-2.8.4');
const HOST_READY = fs.existsSync(path.join(HOST_DIR, 'node_modules', 'n8n-nodes-base', 'dist', 'nodes', 'HttpRequest'));
const RATE_LIMIT = 20;
const RATE_ITEMS = QUICK ? 100 : 200;
const IN_PROCESS = 'our node, answers in process (no HTTP client, no network)';

function child(script, config) {
	return new Promise((resolve) => {
		const proc = spawn(process.execPath, ['--expose-gc', path.join(__dirname, script), JSON.stringify(config)], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		proc.stdout.on('data', (c) => (out += c));
		proc.stderr.on('data', (c) => (err += c));
		proc.on('close', () => {
			const last = out.trim().split('\n').pop();
			try {
				resolve(JSON.parse(last));
			} catch {
				resolve({ crashed: `${out}\n${err}`.trim().slice(-500) });
			}
		});
	});
}

const fmt = (n, digits = 0) => (n === undefined || Number.isNaN(n) ? '' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

async function main() {
	const tourcms = await startTourCmsEmulator();
	tourcms.setHourlyLimit(1e9);
	const trackfinity = await startTrackfinityEmulator();
	const emulators = { tourcms, trackfinity };
	for (const e of Object.values(emulators)) e.setKnobs({ recordRequests: false });
	const tSeed = tourCmsSeed();
	const fSeed = trackfinitySeed();
	const credentials = {
		tourcms: { baseUrl: tourcms.url, marketplaceId: 0, channelId: 3930, apiKey: tSeed.channels[3930].key },
		trackfinity: { baseUrl: trackfinity.url, apiUsername: fSeed.apiUsername, apiKey: fSeed.apiKey },
	};

	const rows = [];
	const measure = async (label, kind, provider, items, latencyMs, extra = {}) => {
		const emulator = emulators[provider];
		emulator.resetKnobs();
		emulator.setKnobs({ recordRequests: false, latencyMs, ...(extra.knobs ?? {}) });
		emulator.resetStats();
		if (kind === 'httpRequest' && !HOST_READY) {
			rows.push({ label, provider, kind, items, latencyMs, skipped: 'skipped: n8n host not installed (run bash e2e/ensure-n8n.sh)' });
			process.stderr.write(`  ${label} ${provider} ${items} items ${latencyMs} ms: skipped\n`);
			return undefined;
		}
		const config = {
			kind,
			provider,
			items,
			concurrency: extra.concurrency ?? 10,
			maxRps: extra.maxRps,
			answer: extra.answer,
			fixedValues: extra.fixedValues,
			url: emulator.url,
			credentials: credentials[provider],
			hostDir: HOST_DIR,
		};
		const result = await child('case.js', config);
		const { rateLimited, answered, firstAt, lastAt } = emulator.stats;
		// Requests per second as the provider saw them: from the first arrival to the last.
		const arrivalRate = lastAt > firstAt ? ((answered - 1) / (lastAt - firstAt)) * 1000 : undefined;
		const row = { label, provider, kind, items, latencyMs, ...result, rateLimited, answered, arrivalRate };
		rows.push(row);
		process.stderr.write(
			`  ${label} ${provider} ${items} items ${latencyMs} ms: ${result.crashed ? `crashed ${result.crashed}` : `${fmt(result.itemsPerSecond)} items/s, ${fmt(result.cpuUsPerItem, 1)} µs/item, ${result.failed} failed`}\n`,
		);
		return row;
	};

	process.stderr.write('Measuring (each configuration in a fresh process)...\n');
	// Our own CPU per item first: it also records each provider's genuine answer for the in-process rows.
	const micro = {};
	for (const provider of ['tourcms', 'trackfinity']) {
		const whole = await child('micro.js', { provider, credentials: credentials[provider], items: 10000 });
		const stages = whole.answer
			? await child('stages.js', { provider, credentials: credentials[provider], answer: whole.answer, items: 10000 })
			: { crashed: 'no answer captured' };
		micro[provider] = { whole, stages };
	}
	const results = {};
	for (const latencyMs of [0, 50]) {
		for (const items of SIZES) {
			const providers = latencyMs === 0 ? ['tourcms', 'trackfinity'] : ['trackfinity'];
			for (const provider of providers) {
				const slowSequential = latencyMs === 50 && items > 1000 && !FULL;
				if (!slowSequential) {
					results[`node1:${provider}:${items}:${latencyMs}`] = await measure('our node, concurrency 1', 'node', provider, items, latencyMs, { concurrency: 1 });
				}
				results[`node10:${provider}:${items}:${latencyMs}`] = await measure('our node, concurrency 10', 'node', provider, items, latencyMs, { concurrency: 10 });
				if (provider === 'trackfinity') {
					results[`http:${provider}:${items}:${latencyMs}`] = await measure('HTTP Request node (all at once)', 'httpRequest', provider, items, latencyMs);
				}
				results[`floor:${provider}:${items}:${latencyMs}`] = await measure('raw keep-alive loop, 10 lanes', 'floor', provider, items, latencyMs, { concurrency: 10 });
			}
		}
	}
	// Where the time goes: the same run without n8n's HTTP client and the network, then also without expressions.
	const big = SIZES[SIZES.length - 1];
	for (const provider of ['tourcms', 'trackfinity']) {
		const answer = micro[provider].whole.answer;
		if (!answer) continue;
		results[`inProcess:${provider}`] = await measure(IN_PROCESS, 'node', provider, big, 0, { concurrency: 10, answer });
		results[`inProcessFixed:${provider}`] = await measure(`${IN_PROCESS}, fixed values (no expressions)`, 'node', provider, big, 0, { concurrency: 10, answer, fixedValues: true });
	}
	const rateKnobs = { knobs: { rateLimitPerSecond: RATE_LIMIT } };
	const limited = await measure(`our node, Max Requests per Second ${RATE_LIMIT}`, 'node', 'trackfinity', RATE_ITEMS, 0, { concurrency: 10, maxRps: RATE_LIMIT, ...rateKnobs });
	const limited429 = await measure('our node, no own limit (429 + Retry-After only)', 'node', 'trackfinity', RATE_ITEMS, 0, { concurrency: 10, ...rateKnobs });
	await Promise.all(Object.values(emulators).map((e) => e.close()));

	// Table.
	const lines = [];
	lines.push('In-process breakdown (n8n-core in this process; no n8n server, credential store or webhooks): for the real-server figures run `npm run bench`.');
	lines.push(`Machine: ${os.cpus().length} CPUs (nproc ${execFileSync('nproc').toString().trim()}), ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
	lines.push('');
	lines.push('| contender | provider | items | latency | items/s | CPU µs/item | peak RSS MB (at start) | heap kept after GC MB | failed |');
	lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
	for (const r of rows) {
		if (r.skipped) {
			lines.push(`| ${r.label} | ${r.provider} | ${fmt(r.items)} | ${r.latencyMs} ms | ${r.skipped} | | | | |`);
		} else if (r.crashed) {
			lines.push(`| ${r.label} | ${r.provider} | ${fmt(r.items)} | ${r.latencyMs} ms | crashed: ${r.crashed.split('\n')[0]} | | | | |`);
		} else {
			const rate = r.label.includes('Second') || r.label.includes('429') ? ` (limit ${RATE_LIMIT}/s: ${fmt(r.arrivalRate, 1)} requests/s arrived, ${r.rateLimited} × 429)` : '';
			lines.push(`| ${r.label}${rate} | ${r.provider} | ${fmt(r.items)} | ${r.latencyMs} ms | ${fmt(r.itemsPerSecond, 1)} | ${fmt(r.cpuUsPerItem, 1)} | ${fmt(r.peakRssMb)} (${fmt(r.rssBaselineMb)}) | ${fmt(r.retainedMb, 1)} | ${r.failed} |`);
		}
	}
	if (!FULL) lines.push('', '50 ms latency at concurrency 1 is measured on 1,000 items only (10,000 would take ~8 minutes; use --full).');
	lines.push('');
	lines.push(`| micro-benchmark, CPU µs per item (canned answer, rounds of 10,000 items; median of ${MEASURED_ROUNDS} after ${WARM_UP_ROUNDS} warm-up rounds) | prepare (read, validate, encode) | sign | interpret (parse) | encode + sign + parse | whole execute() | first round in a fresh process: encode + sign + parse / whole execute() |`);
	lines.push('|---|---:|---:|---:|---:|---:|---:|');
	for (const [provider, { whole, stages }] of Object.entries(micro)) {
		const cell = (r, k) => (r.crashed ? `crashed: ${r.crashed.split('\n')[0]}` : fmt(r[k], 1));
		lines.push(`| ${provider} | ${cell(stages, 'prepareUs')} | ${cell(stages, 'signUs')} | ${cell(stages, 'interpretUs')} | ${cell(stages, 'totalUs')} | ${cell(whole, 'cpuUsPerItem')} | ${cell(stages, 'firstRoundTotalUs')} / ${cell(whole, 'firstRoundUs')} |`);
	}

	lines.push('');
	lines.push(`| where CPU and memory go, ${fmt(big)} items at 0 ms, concurrency 10 | CPU µs/item | of which n8n's HTTP client + network | of which n8n's expressions (2 per item) | of which the engine and this node | of which encode + sign + parse | peak RSS added MB: full run / without HTTP client / also without expressions |`);
	lines.push('|---|---:|---:|---:|---:|---:|---:|');
	for (const provider of ['tourcms', 'trackfinity']) {
		const real = results[`node10:${provider}:${big}:0`];
		const inProcess = results[`inProcess:${provider}`];
		const fixed = results[`inProcessFixed:${provider}`];
		if (![real, inProcess, fixed].every((r) => r && !r.crashed)) continue;
		const added = (r) => fmt(r.peakRssMb - r.rssBaselineMb);
		lines.push(
			`| ${provider} | ${fmt(real.cpuUsPerItem)} | ${fmt(real.cpuUsPerItem - inProcess.cpuUsPerItem)} | ${fmt(inProcess.cpuUsPerItem - fixed.cpuUsPerItem)} | ${fmt(fixed.cpuUsPerItem)} | ${fmt(micro[provider].stages.totalUs, 1)} | ${added(real)} / ${added(inProcess)} / ${added(fixed)} |`,
		);
	}

	// Targets.
	const targets = [];
	const target = (name, ok, detail) => targets.push(`${ok === undefined ? 'N/A ' : ok ? 'PASS' : 'MISS'}  ${name}: ${detail}`);
	const ips = (key) => results[key]?.itemsPerSecond;
	for (const provider of ['tourcms', 'trackfinity']) {
		const ours = ips(`node10:${provider}:${big}:0`);
		const floor = ips(`floor:${provider}:${big}:0`);
		target(`${provider}: at 0 ms our node ≥ 0.5× the floor`, ours && floor ? ours >= 0.5 * floor : undefined, `${fmt(ours)} vs ${fmt(floor)} items/s = ${fmt(ours / floor, 2)}×`);
	}
	const http = ips(`http:trackfinity:${big}:0`);
	const oursTf = ips(`node10:trackfinity:${big}:0`);
	target('trackfinity: at 0 ms our node ≥ 1.0× the HTTP Request node', http ? oursTf >= http : undefined, http ? `${fmt(oursTf)} vs ${fmt(http)} items/s = ${fmt(oursTf / http, 2)}×` : 'HTTP Request node not measured (n8n host not installed)');
	for (const [provider, { whole, stages }] of Object.entries(micro)) {
		target(
			`${provider}: encode + sign + parse ≤ 30 µs per item`,
			stages.totalUs === undefined ? undefined : stages.totalUs <= 30,
			`${fmt(stages.totalUs, 1)} µs (prepare ${fmt(stages.prepareUs, 1)} + sign ${fmt(stages.signUs, 1)} + parse ${fmt(stages.interpretUs, 1)}; the whole execute() with the engine's bookkeeping: ${fmt(whole.cpuUsPerItem, 1)} µs)`,
		);
	}
	const c1 = ips('node1:trackfinity:1000:50');
	const c10 = ips('node10:trackfinity:1000:50');
	target('at 50 ms concurrency 10 ≥ 8× concurrency 1 (1,000 items)', c1 && c10 ? c10 >= 8 * c1 : undefined, `${fmt(c10, 1)} vs ${fmt(c1, 1)} items/s = ${fmt(c10 / c1, 1)}×`);
	for (const provider of ['tourcms', 'trackfinity']) {
		const r = results[`node10:${provider}:10000:0`];
		if (!r || r.crashed) {
			target(`${provider}: 10,000 items add ≤ 50 MB peak RSS`, undefined, 'not measured (--quick)');
		} else {
			const added = r.peakRssMb - r.rssBaselineMb;
			target(`${provider}: 10,000 items add ≤ 50 MB peak RSS`, added <= 50, `peak RSS ${fmt(added, 1)} MB over the ${fmt(r.rssBaselineMb)} MB the process started with (input items included; mostly garbage of n8n's per-request HTTP client not yet collected); heap kept after a full GC: ${fmt(r.retainedMb, 1)} MB`);
		}
	}
	if (limited && !limited.crashed) {
		const achieved = limited.arrivalRate;
		target(`under a ${RATE_LIMIT}/s limit: 0 failed items, rate within 10%`, limited.failed === 0 && Math.abs(achieved - RATE_LIMIT) <= RATE_LIMIT * 0.1, `${limited.failed} failed, ${fmt(achieved, 1)} requests/s at the provider (${fmt(limited.itemsPerSecond, 1)} items/s end to end), ${limited.rateLimited} × 429`);
	}
	if (limited429 && !limited429.crashed) {
		target(`under a ${RATE_LIMIT}/s limit without Max Requests per Second: 0 failed items (429s waited out)`, limited429.failed === 0, `${limited429.failed} failed, ${fmt(limited429.itemsPerSecond, 1)} items/s, ${limited429.rateLimited} × 429 waited out`);
	}
	lines.push('', 'Targets:', ...targets.map((t) => `  ${t}`));
	process.stdout.write(`${lines.join('\n')}\n`);
	process.exit(0);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
