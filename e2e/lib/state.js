'use strict';
// What a run changed in the emulators: a snapshot of every emulator's stored state before, and the exact
// list of values that differ after, as `{ 'tourcms channels.3930.customers.12345.email': [before, after] }`.

function clone(value) {
	return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Deep copy of every running emulator's `state`. */
function snapshot(sandbox) {
	const copy = {};
	for (const [name, emulator] of Object.entries(sandbox.emulators)) copy[name] = clone(emulator.state);
	return copy;
}

function walk(before, after, prefix, out) {
	const isObject = (v) => v !== null && typeof v === 'object';
	if (isObject(before) && isObject(after)) {
		const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
		for (const key of keys) walk(before[key], after[key], prefix ? `${prefix}.${key}` : key, out);
		return;
	}
	if (JSON.stringify(before) !== JSON.stringify(after)) out[prefix] = [before, after];
}

/** Every leaf value that differs between a snapshot and the emulators now (`undefined` = absent). */
function changesSince(before, sandbox) {
	const out = {};
	const after = snapshot(sandbox);
	for (const name of Object.keys(after)) walk(before[name], after[name], name, out);
	return out;
}

/** Number of requests each emulator has received so far. */
function requestCounts(sandbox) {
	const counts = {};
	for (const [name, emulator] of Object.entries(sandbox.emulators)) counts[name] = emulator.requests.length;
	return counts;
}

/** The requests an emulator received after `counts` was taken. */
function requestsSince(counts, sandbox, name) {
	return sandbox.emulators[name].requests.slice(counts[name]);
}

module.exports = { snapshot, changesSince, requestCounts, requestsSince };
