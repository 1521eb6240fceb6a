'use strict';
// What /proc says about running processes: their parents and the CPU they used. The queue part's CPU per
// part of the cluster, the hostile part's process tree of `n8n execute` and the benchmark's monitor read it
// here. On a machine where a whole queue-mode cluster shares two cores, a run's wall time follows the CPU all
// of its processes use, and these say whose.
const { execFileSync } = require('child_process');
const fs = require('fs');

let ticksPerSecond;

function clockTicks() {
	if (ticksPerSecond === undefined) {
		try {
			ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		} catch {
			ticksPerSecond = 100;
		}
	}
	return ticksPerSecond;
}

/** The parent and CPU seconds (user + system) of process `pid`, or undefined once it is gone. */
function statOf(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name may hold spaces and parentheses: the fields follow its last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / clockTicks() };
	} catch {
		return undefined;
	}
}

/** Every process now: pid → { ppid, seconds }, or an empty map where /proc is missing. */
function processes() {
	const all = new Map();
	let entries = [];
	try {
		entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return all;
	}
	for (const entry of entries) {
		const stat = statOf(entry);
		if (stat) all.set(Number(entry), stat);
	}
	return all;
}

/** `root` and every process under it, root first. */
function processTree(root) {
	const all = processes();
	const tree = [root];
	for (let i = 0; i < tree.length; i++) for (const [pid, { ppid }] of all) if (ppid === tree[i]) tree.push(pid);
	return tree;
}

/** CPU seconds used so far by each of `pids` still running. */
function cpuSeconds(pids) {
	const out = new Map();
	for (const pid of pids) {
		const stat = statOf(pid);
		if (stat) out.set(pid, stat.seconds);
	}
	return out;
}

/** CPU seconds per group so far; `groups` maps a name to root pids (undefined ones are left out). */
function cpuSnapshot(groups) {
	const roots = new Map();
	for (const [name, pids] of Object.entries(groups)) for (const pid of [pids].flat()) if (pid) roots.set(pid, name);
	const all = processes();
	const perPid = new Map();
	for (const [pid, { seconds }] of all) {
		let at = pid;
		for (let depth = 0; at > 1 && depth < 64 && !roots.has(at); depth++) at = all.get(at)?.ppid ?? 0;
		if (roots.has(at)) perPid.set(pid, { group: roots.get(at), seconds });
	}
	return perPid;
}

/**
 * CPU seconds each group used between two snapshots, and their sum: "6.5 CPU s (workers 4.2, postgres 0.5, …)".
 * A process that ended in between is not counted.
 */
function cpuBetween(before, after) {
	const used = {};
	for (const [pid, { group, seconds }] of after) used[group] = (used[group] ?? 0) + seconds - (before.get(pid)?.seconds ?? 0);
	const total = Object.values(used).reduce((a, b) => a + b, 0);
	const parts = Object.entries(used)
		.sort((a, b) => b[1] - a[1])
		.map(([group, seconds]) => `${group} ${seconds.toFixed(1)}`);
	return { total, used, text: `${total.toFixed(1)} CPU s (${parts.join(', ')})` };
}

module.exports = { cpuBetween, cpuSeconds, cpuSnapshot, processTree };
