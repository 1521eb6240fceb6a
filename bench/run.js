#!/usr/bin/env node
'use strict';
// `npm run bench`: our nodes against n8n's HTTP Request node in a real `n8n start` server (the newest n8n,
// cached, or --n8n VERSION; sqlite, credentials stored encrypted by n8n), each workflow started by its production webhook, against
// the benchmark's own loopback provider (bench/server/provider.js). Per run: items/s, CPU ms per item of
// n8n and its task runner (/proc), peak RSS, /healthz answer times sampled every 20 ms (over the whole run,
// and over the span n8n's saved run data gives for the contender's own nodes), exactly-once at the
// provider, most requests in flight. Repetitions are interleaved (every contender once per repetition), so
// ratios are paired per repetition.
//   node bench/run.js            1,000 and 10,000 items at 0 ms, 1,000 at 50 ms; 3 repetitions (~15 min)
//   node bench/run.js --quick    1,000 items at 0 ms and 200 at 50 ms; 1 repetition (development)
//   --reps N                     repetitions
//   --items N                    only N items at 0 ms (development; with --reps; --latency-ms M for M ms)
//   --only a,b                   with --items: only these contenders (keys of bench/server/workflows.js)
//   --n8n VERSION                another n8n than the newest (installed into the cache as by the e2e tests)
const { fork, execFileSync, spawnSync } = require('child_process');
const http = require('http');
const os = require('os');
const path = require('path');

const { describeHost, ensureHost, hostNodeBin } = require('../e2e/lib/host');
const { n8nVersionFrom } = require('../e2e/lib/versions');
const { startProvider } = require('./server/provider');
const { startBenchN8n } = require('./server/n8n');
const { contenderSpan, waitPercentileWithin, worstWaitWithin } = require('./server/executions');
const { CONTENDERS, CONCURRENCY, contenderNodeNames, workflowId } = require('./server/workflows');
const { printReport } = require('./server/report');

const argv = process.argv.slice(2);
process.env.E2E_N8N_VERSION = n8nVersionFrom(argv);
const QUICK = argv.includes('--quick');
const repsAt = argv.indexOf('--reps');
const REPS = repsAt >= 0 ? Number(argv[repsAt + 1]) : QUICK ? 1 : 3;
// Enough for n8n's and the nodes' code to be optimized before the first measured run.
const WARM_UP_ITEMS = 1000;

const TRACKFINITY = ['trackfinityExpressions', 'trackfinityAutoMap', 'trackfinityHttpRequest'];
const TOURCMS = ['tourCmsExpressions', 'tourCmsAutoMap', 'tourCmsCodeHttpRequest'];
const itemsAt = argv.indexOf('--items');
const ITEMS = itemsAt >= 0 ? Number(argv[itemsAt + 1]) : undefined;
const latencyAt = argv.indexOf('--latency-ms');
const LATENCY_MS = latencyAt >= 0 ? Number(argv[latencyAt + 1]) : 0;
const onlyAt = argv.indexOf('--only');
const ONLY = onlyAt >= 0 ? argv[onlyAt + 1].split(',') : undefined;
const SCENARIOS = ITEMS
	? [{ items: ITEMS, latencyMs: LATENCY_MS, contenders: ONLY ?? [...TRACKFINITY, ...TOURCMS] }]
	: QUICK
	? [
			{ items: 1000, latencyMs: 0, contenders: [...TRACKFINITY, ...TOURCMS] },
			{ items: 200, latencyMs: 50, contenders: ['trackfinityExpressions', 'tourCmsExpressions'] },
		]
	: [
			{ items: 1000, latencyMs: 0, contenders: [...TRACKFINITY, ...TOURCMS] },
			{ items: 10000, latencyMs: 0, contenders: [...TRACKFINITY, ...TOURCMS] },
			{ items: 1000, latencyMs: 50, contenders: ['trackfinityExpressions', 'tourCmsExpressions', 'trackfinityHttpRequest'] },
		];

const log = (m) => process.stderr.write(`${m}\n`);

function post(url) {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: 'POST', headers: { 'content-length': 0 } }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', reject);
		req.setTimeout(600000, () => req.destroy(new Error(`no answer from ${url}`)));
		req.end();
	});
}

function startMonitor(url, pid) {
	const child = fork(path.join(__dirname, 'server', 'monitor.js'), [url, String(pid)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	let next = 0;
	const waiting = new Map();
	child.on('message', (m) => {
		waiting.get(m.id)?.(m);
		waiting.delete(m.id);
	});
	const ask = (message) =>
		new Promise((resolve) => {
			const id = ++next;
			waiting.set(id, resolve);
			child.send({ ...message, id });
		});
	return {
		ask,
		close() {
			child.send({ cmd: 'exit' });
		},
	};
}

/** Waits until n8n has finished with the execution (e.g. saving it): CPU below 10% for 300 ms. */
async function settle(monitor) {
	const deadline = Date.now() + 15000;
	while (Date.now() < deadline) {
		const { cpuMs } = await monitor.ask({ cmd: 'cpuOver', ms: 300 });
		if (cpuMs <= 30) return;
	}
}

async function runOnce(n8n, provider, monitor, key, items, latencyMs) {
	const { provider: name } = CONTENDERS[key];
	provider.reset(latencyMs);
	await settle(monitor);
	await monitor.ask({ cmd: 'start' });
	const started = performance.now();
	const answer = await post(`${n8n.url}/webhook/bench-${key}?n=${items}`);
	const ms = performance.now() - started;
	// CPU counts until n8n is quiet again: what it does after answering (saving the execution) is part of the run.
	await settle(monitor);
	const { report } = await monitor.ask({ cmd: 'stop' });
	const span = await contenderSpan(n8n.host, n8n.userFolder, workflowId(key), contenderNodeNames(key, provider.url, provider.credentials));
	const once = provider.exactlyOnce(name, items);
	const stats = provider.stats();
	return {
		ok: answer.status === 200,
		answer: answer.status === 200 ? undefined : `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`,
		ms,
		itemsPerSecond: (items / ms) * 1000,
		cpuMsPerItem: report.cpuMs / items,
		mainCpuMsPerItem: report.mainCpuMs / items,
		peakRssMb: report.peakTreeMb,
		peakMainRssMb: report.peakMainMb,
		healthWorstMs: report.healthWorstMs,
		healthP99Ms: report.healthP99Ms,
		healthSamples: report.healthSampleCount,
		// The longest n8n kept a /healthz request waiting while the contender's own nodes ran.
		healthWorstInNodeMs: span ? worstWaitWithin(report.healthSamples, span) : undefined,
		healthP95InNodeMs: span ? waitPercentileWithin(report.healthSamples, span, 0.95) : undefined,
		nodeMs: span ? span.endMs - span.startMs : undefined,
		exactlyOnce: once.ok,
		updatedOnce: once.once,
		refused: once.refused,
		requests: stats.requests,
		maxInFlight: stats.maxInFlight,
	};
}

async function main() {
	const started = Date.now();
	const provider = await startProvider();
	let n8n;
	let monitor;
	// Ctrl-C must not leave n8n running: stop what this run started, then leave.
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, async () => {
			monitor?.close();
			if (n8n) await n8n.close();
			await provider.close();
			process.exit(130);
		});
	}
	try {
		n8n = await startBenchN8n(provider, log);
		log(`n8n ${n8n.url} (pid ${n8n.child.pid}), log ${n8n.logFile}`);
		monitor = startMonitor(n8n.url, n8n.child.pid);
		log(`warm-up: every workflow once with ${WARM_UP_ITEMS} items`);
		for (const key of Object.keys(CONTENDERS)) {
			const r = await runOnce(n8n, provider, monitor, key, WARM_UP_ITEMS, 0);
			if (!r.ok || !r.exactlyOnce) throw new Error(`warm-up of ${key} failed: ${r.answer ?? `${r.updatedOnce}/${WARM_UP_ITEMS} updated once, ${r.refused} refused`}`);
		}
		const loadBefore = os.loadavg()[0];
		const results = [];
		for (const scenario of SCENARIOS) {
			for (let rep = 1; rep <= REPS; rep++) {
				// The order turns by one each repetition: a run can inherit the garbage of the run before it (n8n
				// collects it later), so no contender always follows the same one.
				const turn = (rep - 1) % scenario.contenders.length;
				for (const key of [...scenario.contenders.slice(turn), ...scenario.contenders.slice(0, turn)]) {
					const r = await runOnce(n8n, provider, monitor, key, scenario.items, scenario.latencyMs);
					results.push({ ...scenario, key, rep, ...r });
					log(
						`  ${scenario.items} items ${scenario.latencyMs} ms rep ${rep} ${key}: ${r.itemsPerSecond.toFixed(0)} items/s, ${r.cpuMsPerItem.toFixed(2)} CPU ms/item, /healthz worst ${r.healthWorstMs?.toFixed(0)} ms (${r.healthWorstInNodeMs?.toFixed(0)} ms while the contender ran, p95 ${r.healthP95InNodeMs?.toFixed(0)} ms), ${r.exactlyOnce ? 'exactly once' : `NOT exactly once (${r.updatedOnce} once, ${r.refused} refused)`}, max in flight ${r.maxInFlight}${r.ok ? '' : `, ${r.answer}`}`,
					);
				}
			}
		}
		printReport({
			results,
			scenarios: SCENARIOS,
			reps: REPS,
			quick: QUICK,
			concurrency: CONCURRENCY,
			server: describeHost(n8n.host),
			machine: {
				nproc: execFileSync('nproc').toString().trim(),
				cpu: os.cpus()[0]?.model ?? 'unknown CPU',
				node: `${process.version} (the benchmark)`,
				loadBefore,
				loadAfter: os.loadavg()[0],
				minutes: (Date.now() - started) / 60000,
			},
		});
	} finally {
		monitor?.close();
		if (n8n) await n8n.close();
		await provider.close();
	}
}

/**
 * The benchmark reads n8n's saved executions with the host's own sqlite3 binding, built for the Node.js that
 * n8n runs on (24 for the newest n8n): it runs on that Node.js too, started again under it when needed.
 */
function runOnHostNode() {
	const bin = hostNodeBin(ensureHost());
	if (!bin || path.dirname(process.execPath) === bin) return false;
	const result = spawnSync(path.join(bin, 'node'), [__filename, ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });
	process.exit(result.status ?? 1);
}

if (!runOnHostNode()) main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack}\n`);
		process.exit(1);
	},
);
