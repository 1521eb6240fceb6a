'use strict';
// When the contender's nodes ran, read from n8n's own record of the execution (its sqlite database, after
// n8n saved it): node start times and execution times from the run data. It tells which /healthz stalls
// happened while the contender ran, and which belong to n8n around it (the Code node handing over its items,
// saving the execution, answering the webhook), which every contender pays alike.
const path = require('path');

function openDatabase(host, userFolder) {
	const sqlite3 = require(path.join(host, 'node_modules', 'sqlite3'));
	return new sqlite3.Database(path.join(userFolder, '.n8n', 'database.sqlite'), sqlite3.OPEN_READONLY);
}

function query(db, sql, params) {
	return new Promise((resolve, reject) => db.get(sql, params, (error, row) => (error ? reject(error) : resolve(row))));
}

/**
 * The newest saved execution of `workflowId`: `{ startMs, endMs }`, the span from the first of
 * `nodeNames` starting to the last of them ending (epoch ms), or undefined when n8n has not saved it.
 */
async function contenderSpan(host, userFolder, workflowId, nodeNames) {
	const { parse } = require(path.join(host, 'node_modules', 'flatted'));
	const db = openDatabase(host, userFolder);
	try {
		const row = await query(
			db,
			'SELECT d.data AS data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id DESC LIMIT 1',
			[workflowId],
		);
		if (!row) return undefined;
		const runData = parse(row.data)?.resultData?.runData ?? {};
		let startMs = Infinity;
		let endMs = -Infinity;
		for (const name of nodeNames) {
			for (const run of runData[name] ?? []) {
				startMs = Math.min(startMs, run.startTime);
				endMs = Math.max(endMs, run.startTime + run.executionTime);
			}
		}
		return Number.isFinite(startMs) ? { startMs, endMs } : undefined;
	} finally {
		db.close();
	}
}

/**
 * The longest time one /healthz request waited inside [startMs, endMs]: each sample counts only the part of
 * its wait that fell within the span.
 */
function worstWaitWithin(samples, span) {
	return waitsWithin(samples, span).reduce((worst, ms) => Math.max(worst, ms), 0);
}

/** The part of each /healthz wait that fell inside [startMs, endMs], for the samples that overlap it. */
function waitsWithin(samples, span) {
	return samples.map((s) => Math.min(span.endMs, s.sentAt + s.ms) - Math.max(span.startMs, s.sentAt)).filter((ms) => ms > 0);
}

/** The `share` percentile (0.95: p95) of the /healthz waits inside the span. */
function waitPercentileWithin(samples, span, share) {
	const inside = waitsWithin(samples, span).sort((a, b) => a - b);
	if (!inside.length) return undefined;
	return inside[Math.min(inside.length - 1, Math.ceil(share * inside.length) - 1)];
}

module.exports = { contenderSpan, worstWaitWithin, waitPercentileWithin };
