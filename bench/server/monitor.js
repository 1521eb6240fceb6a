'use strict';
// Watches a running n8n from its own process (so the provider's work cannot delay it): asks /healthz
// every 20 ms whatever the previous answer is doing (noting when each went out), and reads the CPU time
// and resident memory of n8n and its child processes (the task runner) from /proc. Driven over IPC:
// `start`, then `stop` -> report.
const fs = require('fs');
const http = require('http');

const { cpuSeconds, processTree: processesUnder } = require('../../e2e/lib/processes');

const [url, pidText] = process.argv.slice(2);
const ROOT_PID = Number(pidText);
const HEALTH_EVERY_MS = 20;
const RSS_EVERY_MS = 50;
const agent = new http.Agent({ keepAlive: true });

const processTree = () => processesUnder(ROOT_PID);

/** CPU ms (user + system) per pid. */
function cpuTimes(pids) {
	return new Map([...cpuSeconds(pids)].map(([pid, seconds]) => [pid, seconds * 1000]));
}

function rssMb(pid) {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) / 1024 : 0;
	} catch {
		return 0;
	}
}

function healthCheck() {
	return new Promise((resolve) => {
		const sentAt = Date.now();
		const started = performance.now();
		const req = http.get(`${url}/healthz`, { agent }, (res) => {
			res.resume();
			res.on('end', () => resolve({ sentAt, ms: performance.now() - started, ok: res.statusCode === 200 }));
		});
		req.on('error', () => resolve({ sentAt, ms: performance.now() - started, ok: false }));
		req.setTimeout(60000, () => req.destroy());
	});
}

let session;

function start() {
	const pids = processTree();
	session = { pids, cpu: cpuTimes(pids), health: [], samples: [], pending: new Set(), peakMainMb: 0, peakTreeMb: 0, failures: 0 };
	const s = session;
	s.healthTimer = setInterval(() => {
		const p = healthCheck().then((r) => {
			s.health.push(r.ms);
			s.samples.push({ sentAt: r.sentAt, ms: r.ms });
			if (!r.ok) s.failures += 1;
			s.pending.delete(p);
		});
		s.pending.add(p);
	}, HEALTH_EVERY_MS);
	const sampleRss = () => {
		const main = rssMb(ROOT_PID);
		const tree = s.pids.reduce((sum, pid) => sum + (pid === ROOT_PID ? main : rssMb(pid)), 0);
		s.peakMainMb = Math.max(s.peakMainMb, main);
		s.peakTreeMb = Math.max(s.peakTreeMb, tree);
	};
	sampleRss();
	s.rssTimer = setInterval(sampleRss, RSS_EVERY_MS);
}

async function stop() {
	const s = session;
	clearInterval(s.healthTimer);
	clearInterval(s.rssTimer);
	await Promise.all([...s.pending]);
	// Processes started during the run (e.g. a task runner) count from zero.
	const pids = processTree();
	const after = cpuTimes([...new Set([...s.pids, ...pids])]);
	let cpuMs = 0;
	let mainCpuMs = 0;
	for (const [pid, ms] of after) {
		const used = ms - (s.cpu.get(pid) ?? 0);
		cpuMs += used;
		if (pid === ROOT_PID) mainCpuMs = used;
	}
	const sorted = [...s.health].sort((a, b) => a - b);
	const p99 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] : undefined;
	return {
		cpuMs,
		mainCpuMs,
		peakMainMb: s.peakMainMb,
		peakTreeMb: s.peakTreeMb,
		healthSampleCount: sorted.length,
		healthWorstMs: sorted[sorted.length - 1],
		healthP99Ms: p99,
		healthFailures: s.failures,
		// When each /healthz request went out (epoch ms) and how long it waited: placed against n8n's run data.
		healthSamples: s.samples,
	};
}

/** The CPU the tree uses over `ms`: tells when n8n has gone quiet after a run. */
async function cpuOver(ms) {
	const pids = processTree();
	const before = cpuTimes(pids);
	await new Promise((r) => setTimeout(r, ms));
	const after = cpuTimes(pids);
	let used = 0;
	for (const [pid, t] of after) used += t - (before.get(pid) ?? t);
	return used;
}

process.on('message', async (message) => {
	if (message.cmd === 'start') {
		start();
		process.send({ id: message.id });
	} else if (message.cmd === 'stop') {
		process.send({ id: message.id, report: await stop() });
	} else if (message.cmd === 'cpuOver') {
		process.send({ id: message.id, cpuMs: await cpuOver(message.ms) });
	} else if (message.cmd === 'exit') {
		agent.destroy();
		process.exit(0);
	}
});
process.on('disconnect', () => process.exit(0));
