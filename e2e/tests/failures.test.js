'use strict';
// What a user sees when a run fails in real n8n: a credential the provider refuses, an item the provider
// refuses, an item the node refuses before sending, and a provider that cannot be reached. Each asserts the
// exit status of `n8n execute`, the error text, that no secret is printed, and that nothing changed.
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');

const { prepareN8n } = require('../lib/setup');
const { sandboxCredentials } = require('../lib/credentials');
const { freePort } = require('../lib/n8n');
const { snapshot, changesSince, requestCounts } = require('../lib/state');
const { loadExamples } = require('../lib/workflows');

const examples = loadExamples();

/** A copy of a per-node example with another id and its "Customer Changes" input patched. */
function withInput(file, id, patch) {
	const workflow = JSON.parse(JSON.stringify(examples[file]));
	workflow.id = id;
	workflow.name = `${workflow.name} (${id})`;
	const set = workflow.nodes.find((n) => n.name === 'Customer Changes');
	set.parameters.jsonOutput = JSON.stringify({ ...JSON.parse(set.parameters.jsonOutput), ...patch }, null, 2);
	return workflow;
}

describe('failures as a user sees them in real n8n', () => {
	let n8n;
	let sandbox;

	before(async () => {
		({ n8n, sandbox } = await prepareN8n('failures'));
	});

	after(async () => {
		if (sandbox) await sandbox.close();
	});

	/** Runs `workflow` against freshly seeded emulators; returns the result, the changes and the requests sent. */
	async function runFailing(workflow) {
		await sandbox.reseed();
		const stateBefore = snapshot(sandbox);
		const requestsBefore = requestCounts(sandbox);
		await n8n.importWorkflow(workflow);
		const result = await n8n.execute(workflow.id);
		const sent = requestCounts(sandbox);
		const requests = Object.fromEntries(Object.entries(sent).map(([n, c]) => [n, c - requestsBefore[n]]).filter(([, c]) => c));
		const output = `${result.stdout}\n${result.stderr}`;
		const context = `exit ${result.code}\n${output.slice(-5000)}`;
		assert.equal(result.code, 1, `n8n execute must exit 1 on a failed run\n${context}`);
		assert.ok(result.run, `no run in the output\n${context}`);
		assert.equal(result.run.status, 'error', context);
		assert.match(output, /Execution was NOT successful/, context);
		return { result, output, error: result.run.data.resultData.error, changes: changesSince(stateBefore, sandbox), requests };
	}

	test('TourCMS refuses a wrong API key: the run fails with its own error, the key is not printed', async () => {
		const wrongKey = 'wrong-tourcms-key-5f1e9c';
		await n8n.importCredentials(sandboxCredentials(sandbox, { tourCmsApi: { apiKey: wrongKey } }));
		try {
			const { output, error, changes, requests } = await runFailing(examples['tourcms-update-customer.json']);
			assert.equal(error.node?.name ?? error.node, 'Update TourCMS Customer');
			assert.match(error.message, /FAIL_SIG/);
			assert.ok(output.includes(error.message), 'the error message is printed');
			assert.ok(!output.includes(wrongKey), 'the API key must not appear in the output');
			assert.deepEqual(requests, { tourcms: 1 });
			assert.deepEqual(changes, {});
		} finally {
			await n8n.importCredentials(sandboxCredentials(sandbox));
		}
	});

	test('Trackfinity refuses a wrong API key (HTTP 401): the run fails naming the credential fields', async () => {
		const wrongKey = 'ffffffffffffffffffffffffffffffff';
		await n8n.importCredentials(sandboxCredentials(sandbox, { trackfinityApi: { apiKey: wrongKey } }));
		try {
			const { output, error, changes, requests } = await runFailing(examples['trackfinity-update-customer.json']);
			assert.match(error.message, /401/);
			assert.match(`${error.message} ${error.description ?? ''}`, /Invalid api-username or api-key/);
			assert.ok(!output.includes(wrongKey), 'the API key must not appear in the output');
			assert.deepEqual(requests, { trackfinity: 1 });
			assert.deepEqual(changes, {});
		} finally {
			await n8n.importCredentials(sandboxCredentials(sandbox));
		}
	});

	test('an item the provider refuses (unknown TourCMS customer) fails the run with TourCMS\'s answer', async () => {
		const { output, error, changes, requests } = await runFailing(
			withInput('tourcms-update-customer.json', 'e2eTourCmsUnknown', { customerId: '99999' }),
		);
		assert.equal(error.message, 'TourCMS refused the update: NO MATCHING DATA');
		assert.match(output, /TourCMS refused the update: NO MATCHING DATA/);
		assert.deepEqual(requests, { tourcms: 1 });
		assert.deepEqual(changes, {});
	});

	test('an item the node refuses (country "Spain") fails before anything is sent, naming item, field and rule', async () => {
		const { output, error, changes, requests } = await runFailing(
			withInput('tourcms-update-customer.json', 'e2eTourCmsBadInput', { country: 'Spain' }),
		);
		assert.equal(
			error.message,
			'Invalid input in item 0: "Country" (country) must be a two-letter ISO 3166-1 alpha-2 country code (e.g. GB, US, AU); got "Spain"',
		);
		assert.ok(output.includes(error.message));
		assert.deepEqual(requests, {});
		assert.deepEqual(changes, {});
	});

	test('a provider that cannot be reached fails the run with a connection error', async () => {
		const closedPort = await freePort();
		await n8n.importCredentials(
			sandboxCredentials(sandbox, { intrepidApi: { baseUrl: `http://127.0.0.1:${closedPort}` } }),
		);
		try {
			const { error, changes, requests } = await runFailing(examples['intrepid-update-customer.json']);
			assert.match(`${error.message} ${error.description ?? ''}`, /ECONNREFUSED|refused the connection/i);
			assert.deepEqual(requests, {});
			assert.deepEqual(changes, {});
		} finally {
			await n8n.importCredentials(sandboxCredentials(sandbox));
		}
	});
});
