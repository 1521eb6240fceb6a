'use strict';
// The benchmark's table (min / median / max over the repetitions), the ratios paired per repetition,
// and PASS / MISS per target.
const { CONTENDERS } = require('./workflows');

const BASELINE = { trackfinity: 'trackfinityHttpRequest', tourcms: 'tourCmsCodeHttpRequest' };
const OURS = ['trackfinityExpressions', 'trackfinityAutoMap', 'tourCmsExpressions', 'tourCmsAutoMap'];

const fmt = (n, digits = 0) =>
	n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function spread(values) {
	const v = values.filter((x) => x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
	if (!v.length) return {};
	const mid = v.length >> 1;
	return { min: v[0], median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2, max: v[v.length - 1] };
}

const cell = (s, digits = 0) => (s.median === undefined ? '–' : s.min === s.max ? fmt(s.median, digits) : `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`);

function printReport({ results, scenarios, reps, quick, concurrency, machine, server }) {
	const lines = [];
	const runs = (items, latencyMs, key) => results.filter((r) => r.items === items && r.latencyMs === latencyMs && r.key === key);
	lines.push(
		`Real ${server} server (n8n start, sqlite), webhook-started workflows, loopback provider with keep-alive; ${reps} repetition(s), median (min–max).`,
		`Machine: nproc ${machine.nproc}, ${machine.cpu}, Node ${machine.node}; 1-minute load average ${fmt(machine.loadBefore, 2)} before the measured runs, ${fmt(machine.loadAfter, 2)} after; ${fmt(machine.minutes, 1)} minutes in all.`,
		'CPU = user + system time of the n8n process and its task runner (/proc), from the webhook call until n8n is idle again (execution saved); RSS = n8n + task runner.',
		"items/s = items over the webhook call's time (the targets use it); of its own nodes = items over the span n8n's run data gives for the contender's nodes.",
		"/healthz: asked every 20 ms. Whole run = the longest answer from the webhook call until n8n is idle; while the contender ran = the longest part of a wait inside the span n8n's saved run data gives for the contender's nodes (not the Code node handing over its items, saving the execution or answering the webhook).",
		`Our nodes run with Concurrency ${concurrency}. HTTP Request node: no Batching; Batching with a 0 ms interval does not limit concurrency either (every item is sent at once).`,
		'Every workflow runs once with 1,000 items first (not measured); within each repetition the contenders take turns going first (the order turns by one per repetition).',
		'',
	);
	for (const s of scenarios) {
		lines.push(`### ${fmt(s.items)} items, ${s.latencyMs} ms provider latency`, '');
		lines.push('| contender | items/s | items/s of its own nodes | CPU ms/item | peak RSS MB | /healthz worst ms, whole run | /healthz p99 ms | /healthz worst ms while the contender ran | /healthz p95 ms while the contender ran | exactly once | max in flight |');
		lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|');
		for (const key of s.contenders) {
			const r = runs(s.items, s.latencyMs, key);
			const failed = r.filter((x) => !x.ok).length;
			lines.push(
				`| ${CONTENDERS[key].label} | ${cell(spread(r.map((x) => x.itemsPerSecond)))} | ${cell(spread(r.map((x) => (x.nodeMs ? (x.items / x.nodeMs) * 1000 : undefined))))} | ${cell(spread(r.map((x) => x.cpuMsPerItem)), 2)} | ${cell(spread(r.map((x) => x.peakRssMb)))} | ${cell(spread(r.map((x) => x.healthWorstMs)))} | ${cell(spread(r.map((x) => x.healthP99Ms)))} | ${cell(spread(r.map((x) => x.healthWorstInNodeMs)))} | ${cell(spread(r.map((x) => x.healthP95InNodeMs)))} | ${r.every((x) => x.exactlyOnce) ? `yes (${r.length}/${r.length} runs)` : `NO (${r.filter((x) => x.exactlyOnce).length}/${r.length})`}${failed ? `, ${failed} run(s) failed: ${r.find((x) => !x.ok).answer}` : ''} | ${Math.max(...r.map((x) => x.maxInFlight))} |`,
			);
		}
		const ratioRows = [];
		for (const key of s.contenders.filter((k) => OURS.includes(k))) {
			const base = BASELINE[CONTENDERS[key].provider];
			if (!s.contenders.includes(base)) continue;
			const paired = (field) => {
				const ours = runs(s.items, s.latencyMs, key);
				const theirs = runs(s.items, s.latencyMs, base);
				return spread(ours.map((o) => o[field] / theirs.find((t) => t.rep === o.rep)?.[field]));
			};
			ratioRows.push(`| ${CONTENDERS[key].label} vs ${CONTENDERS[base].label} | ${cell(paired('itemsPerSecond'), 2)} | ${cell(paired('cpuMsPerItem'), 2)} |`);
		}
		if (ratioRows.length) {
			lines.push('', '| paired per repetition | throughput ratio | CPU per item ratio |', '|---|---:|---:|', ...ratioRows);
		}
		lines.push('');
	}

	const targets = [];
	const target = (name, ok, detail) => targets.push(`${ok === undefined ? 'N/A ' : ok ? 'PASS' : 'MISS'}  ${name}: ${detail}`);
	const medianOf = (items, latencyMs, key, field) => spread(runs(items, latencyMs, key).map((x) => x[field])).median;
	const pairedMedian = (items, key, base, field) => {
		const ours = runs(items, 0, key);
		const theirs = runs(items, 0, base);
		return spread(ours.map((o) => o[field] / theirs.find((t) => t.rep === o.rep)?.[field])).median;
	};
	const zeroSizes = [...new Set(scenarios.filter((s) => s.latencyMs === 0).map((s) => s.items))];
	for (const items of zeroSizes) {
		for (const provider of ['trackfinity', 'tourcms']) {
			const base = BASELINE[provider];
			// Map Input Fields Automatically has no throughput target of its own: n8n's request path bounds it.
			for (const [key, wanted] of [[provider === 'trackfinity' ? 'trackfinityExpressions' : 'tourCmsExpressions', 1.0]]) {
				const ratio = pairedMedian(items, key, base, 'itemsPerSecond');
				target(
					`${fmt(items)} items, 0 ms: ${CONTENDERS[key].label} ≥ ${fmt(wanted, 1)}× ${CONTENDERS[base].label}`,
					ratio === undefined ? undefined : ratio >= wanted,
					`${fmt(medianOf(items, 0, key, 'itemsPerSecond'))} vs ${fmt(medianOf(items, 0, base, 'itemsPerSecond'))} items/s, paired median ${fmt(ratio, 2)}×`,
				);
				const cpu = pairedMedian(items, key, base, 'cpuMsPerItem');
				target(
					`${fmt(items)} items, 0 ms: CPU per item of ${CONTENDERS[key].label} ≤ ${CONTENDERS[base].label}`,
					cpu === undefined ? undefined : cpu <= 1,
					`${fmt(medianOf(items, 0, key, 'cpuMsPerItem'), 2)} vs ${fmt(medianOf(items, 0, base, 'cpuMsPerItem'), 2)} ms, paired median ${fmt(cpu, 2)}×`,
				);
			}
		}
	}
	const biggest = Math.max(...zeroSizes);
	const oursBig = results.filter((r) => r.items === biggest && r.latencyMs === 0 && OURS.includes(r.key));
	const p95 = Math.max(...oursBig.map((r) => r.healthP95InNodeMs ?? Infinity));
	const worst = Math.max(...oursBig.map((r) => r.healthWorstInNodeMs ?? Infinity));
	const worstWhole = Math.max(...oursBig.map((r) => r.healthWorstMs ?? Infinity));
	target(
		`n8n stays responsive while our nodes process ${fmt(biggest)} items: /healthz p95 ≤ 100 ms while the node runs`,
		oursBig.length ? p95 <= 100 : undefined,
		`highest p95 ${fmt(p95)} ms over ${oursBig.length} runs (worst single wait ${fmt(worst)} ms), span from n8n's run data (whole run including n8n's own work before and after the node: worst ${fmt(worstWhole)} ms)${biggest < 10000 ? '; --quick measures 1,000 items only' : ''}`,
	);
	for (const s of scenarios.filter((x) => x.latencyMs > 0)) {
		for (const key of s.contenders.filter((k) => OURS.includes(k))) {
			const ips = medianOf(s.items, s.latencyMs, key, 'itemsPerSecond');
			const wanted = 0.9 * concurrency * (1000 / s.latencyMs);
			target(`${s.latencyMs} ms latency, Concurrency ${concurrency}: ${CONTENDERS[key].label} ≥ 0.9 × ${fmt(concurrency * (1000 / s.latencyMs))} items/s`, ips >= wanted, `${fmt(ips, 1)} items/s (median), ${fmt(ips / (concurrency * (1000 / s.latencyMs)), 2)} of what ${concurrency} lanes allow`);
		}
	}
	const all = results;
	target('every customer updated exactly once, in every run of every contender', all.every((r) => r.exactlyOnce && r.ok), `${all.filter((r) => r.exactlyOnce && r.ok).length}/${all.length} runs`);
	const ours = all.filter((r) => OURS.includes(r.key));
	const maxInFlight = Math.max(...ours.map((r) => r.maxInFlight));
	target(`our nodes never have more than Concurrency (${concurrency}) requests in flight`, maxInFlight <= concurrency, `at most ${maxInFlight} at once at the provider`);
	lines.push('Targets:', ...targets.map((t) => `  ${t}`));
	if (quick) lines.push('', '--quick: development figures (one repetition, small runs); the full run is `npm run bench`.');
	process.stdout.write(`${lines.join('\n')}\n`);
	return targets;
}

module.exports = { printReport };
