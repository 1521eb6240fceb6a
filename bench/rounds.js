'use strict';
// Per-item CPU is judged on code V8 has optimised, as in a running n8n: a few warm-up rounds first,
// then the median of the measured rounds. The first round of the fresh process is reported beside it.

const WARM_UP_ROUNDS = 3;
const MEASURED_ROUNDS = 5;

/**
 * Runs `round()` for the warm-up and measured rounds; returns the measured round whose `valueOf(result)`
 * is the median (so any parts of it still add up) and the first round.
 */
async function medianAfterWarmUp(round, valueOf = (result) => result) {
	const results = [];
	for (let r = 0; r < WARM_UP_ROUNDS + MEASURED_ROUNDS; r++) results.push(await round());
	const measured = results.slice(WARM_UP_ROUNDS).sort((a, b) => valueOf(a) - valueOf(b));
	return { median: measured[Math.floor(measured.length / 2)], first: results[0] };
}

module.exports = { WARM_UP_ROUNDS, MEASURED_ROUNDS, medianAfterWarmUp };
