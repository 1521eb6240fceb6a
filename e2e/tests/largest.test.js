'use strict';
// The largest run Skip Updates Already Applied covers, in real n8n with its own deduplication store: one
// execution of RESUME_MAX_ITEMS updates whose first update of each hundred gets no answer, so that no hundred is
// confirmed in full and a run triggered again asks the store about every update. n8n keeps the newest 100,000
// records of a workflow and drops older ones silently: while the re-run asks, it must not push out the first
// run's records, or the run after would take those updates for new ones and send them again (as a limit of
// 40,000 did: that third run sent 21,401 updates again, 21,001 of them applied a second time).
const assert = require('node:assert/strict');
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { after, before, describe, test } = require('node:test');

const { ROOT, ensureHost, n8nBin } = require('../lib/host');
const { createUserFolder, freePort, importItems, n8nEnv, exitStatus, runFromOutput } = require('../lib/n8n');
const { installTarball } = require('../lib/package');
const { OUTPUT_DIR, packageTarball } = require('../lib/setup');
const { sandboxCredentialRefs } = require('../lib/credentials');
const { startTrackfinityEmulator, defaultSeed, UPDATE_PATH } = require('../../sandbox/trackfinity');
const { EMULATORS } = require('../../sandbox');

const source = fs.readFileSync(path.join(ROOT, 'nodes', 'shared', 'resume', 'resume.ts'), 'utf8');
const ITEMS = Number(/export const RESUME_MAX_ITEMS = (\d+);/.exec(source)[1]);
const FIRST_ID = 100000;
const neverAnswered = (id) => (id - FIRST_ID) % 100 === 0;
const refs = sandboxCredentialRefs();

const WORKFLOW = {
	id: 'largestResumedRun1',
	name: 'Largest resumed run',
	active: false,
	settings: {},
	connections: {
		Start: { main: [[{ node: 'Customers', type: 'main', index: 0 }]] },
		Customers: { main: [[{ node: 'Trackfinity', type: 'main', index: 0 }]] },
	},
	nodes: [
		{ id: 'largest-0001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'largest-0002',
			name: 'Customers',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: { jsCode: `return Array.from({ length: ${ITEMS} }, (_, n) => ({ json: { id: String(${FIRST_ID} + n), city: 'Largest ' + n } }));` },
		},
		{
			id: 'largest-0003',
			name: 'Trackfinity',
			type: 'n8n-nodes-customer-update.trackfinity',
			typeVersion: 1,
			position: [440, 0],
			credentials: { trackfinityApi: refs.trackfinityApi },
			onError: 'continueRegularOutput',
			parameters: {
				operation: 'updateCustomer',
				customerId: '={{ $json.id }}',
				updateFields: { city: '={{ $json.city }}' },
				options: { concurrency: 10, maxRetries: 0, skipUpdatesAlreadyApplied: true, runKey: 'largest' },
			},
		},
	],
};

describe(`Skip Updates Already Applied at its largest run (${ITEMS} updates) in real n8n`, () => {
	const userFolder = path.join(OUTPUT_DIR, 'largest');
	let host;
	let emulator;
	let brokerPort;

	before(async () => {
		host = ensureHost();
		fs.rmSync(userFolder, { recursive: true, force: true });
		createUserFolder({ dir: userFolder, link: false });
		installTarball(userFolder, packageTarball());
		const seed = defaultSeed();
		for (let n = 0; n < ITEMS; n++) seed.customers[FIRST_ID + n] = { subscription_id: `SUB-${FIRST_ID + n}`, city: 'Old' };
		emulator = await startTrackfinityEmulator({ seed });
		// The connection is reset before the request is handled: nothing applied, nothing confirmed.
		emulator.setKnobs({ fault: { mode: 'reset', count: Infinity, when: (r) => neverAnswered(Number(new URLSearchParams(r.text).get('customer_id'))) } });
		brokerPort = await freePort();
		const credentials = Object.entries(EMULATORS.trackfinity.credentials(emulator.url)).map(([type, data]) => ({ ...refs[type], type, data }));
		await importItems(host, userFolder, 'credentials', credentials, { brokerPort });
		await importItems(host, userFolder, 'workflow', [WORKFLOW], { brokerPort });
	});

	after(async () => {
		if (emulator) await emulator.close();
	});

	/**
	 * `n8n execute` with its output written to a file: through a pipe, n8n exits before the last of a run of this
	 * size is read (10 of 24 MB arrived). Returns the statuses the node output and the customers sent.
	 */
	async function execute(run) {
		const outFile = path.join(userFolder, `run-${run}.out`);
		const out = fs.openSync(outFile, 'w');
		const child = spawn(n8nBin(host), ['execute', `--id=${WORKFLOW.id}`, '--rawOutput'], {
			env: n8nEnv(host, userFolder, { brokerPort }),
			stdio: ['ignore', out, out],
		});
		fs.closeSync(out);
		const timer = setTimeout(() => child.kill('SIGKILL'), 900000);
		const before = emulator.requests.length;
		const started = Date.now();
		const { code, signal } = await new Promise((resolve) => child.once('exit', (c, s) => resolve({ code: c, signal: s })));
		clearTimeout(timer);
		const stdout = fs.readFileSync(outFile, 'utf8');
		const parsed = runFromOutput(stdout);
		assert.equal(exitStatus({ code, signal }, parsed), 0, `run ${run}: n8n execute failed\n${stdout.slice(-3000)}`);
		const items = parsed.data.resultData.runData.Trackfinity[0].data.main[0];
		const statuses = {};
		for (const item of items) statuses[item.json.status ?? 'error'] = (statuses[item.json.status ?? 'error'] ?? 0) + 1;
		const sent = emulator.requests.slice(before).filter((r) => r.path === UPDATE_PATH).map((r) => Number(new URLSearchParams(r.text).get('customer_id')));
		process.stdout.write(`# run ${run}: ${((Date.now() - started) / 1000).toFixed(1)} s, ${items.length} items ${JSON.stringify(statuses)}, ${sent.length} sent\n`);
		return { items: items.length, statuses, sent };
	}

	test('the run triggered again and the one after send only the updates never confirmed', async () => {
		const unanswered = ITEMS / 100;
		const first = await execute(1);
		assert.deepEqual(first.statuses, { updated: ITEMS - unanswered, error: unanswered });
		assert.equal(first.sent.length, ITEMS);
		for (const run of [2, 3]) {
			const again = await execute(run);
			assert.equal(again.items, ITEMS);
			assert.deepEqual(again.statuses, { skipped: ITEMS - unanswered, error: unanswered }, `run ${run}`);
			assert.equal(again.sent.length, unanswered, `run ${run} sent updates the provider had confirmed`);
			assert.ok(again.sent.every(neverAnswered), `run ${run}`);
		}
		// Every confirmed update was applied once, over the three runs.
		assert.equal(emulator.updates.length, ITEMS - unanswered);
		assert.equal(new Set(emulator.updates.map((u) => u.customerId)).size, ITEMS - unanswered);
	});
});
