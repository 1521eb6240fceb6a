'use strict';
// Every example workflow, run by real n8n (`n8n execute`) with the package installed from its tarball,
// against the sandbox emulators: run status, node outputs, requests sent, and the exact state change.
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const path = require('path');

const { CASES } = require('../cases');
const { prepareN8n, nodeOutputs } = require('../lib/setup');
const { ROOT } = require('../lib/host');
const { PACKAGE_NAME } = require('../lib/package');
const { snapshot, changesSince, requestCounts } = require('../lib/state');
const { loadExamples, testVariant, packageNodeTypes } = require('../lib/workflows');

const examples = loadExamples();

describe('example workflows in real n8n', () => {
	let n8n;
	let sandbox;

	before(async () => {
		({ n8n, sandbox } = await prepareN8n('workflows'));
	});

	after(async () => {
		if (sandbox) await sandbox.close();
	});

	test('every node of the package has an example, and every example has expectations', () => {
		const pkg = require(path.join(ROOT, 'package.json'));
		const nodeNames = pkg.n8n.nodes.map((file) => {
			const NodeClass = Object.values(require(path.join(ROOT, file))).find((v) => typeof v === 'function');
			return `${PACKAGE_NAME}.${new NodeClass().description.name}`;
		});
		const covered = new Set(Object.values(examples).flatMap((w) => packageNodeTypes(w, PACKAGE_NAME)));
		assert.deepEqual(nodeNames.filter((n) => !covered.has(n)), [], 'nodes without an example workflow');
		assert.deepEqual(Object.keys(examples).filter((f) => !CASES[f]), [], 'examples without expectations in e2e/cases.js');
		for (const [file, workflow] of Object.entries(examples)) {
			assert.ok(workflow.id.length <= 21, `${file}: workflow id longer than 21 characters`);
		}
	});

	for (const [file, workflow] of Object.entries(examples)) {
		const expected = CASES[file];
		test(`${file} (${workflow.name})`, async () => {
			assert.ok(expected, `${file} has no expectations in e2e/cases.js`);
			await sandbox.reseed();
			const stateBefore = snapshot(sandbox);
			const requestsBefore = requestCounts(sandbox);
			const variant = testVariant(workflow);
			await n8n.importWorkflow(variant);
			const result = await n8n.execute(variant.id);
			const context = `exit ${result.code ?? `by ${result.signal}`}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-2000)}`;
			assert.ok(result.run, `no run in the output of n8n execute:\n${context}`);
			assert.equal(result.run.status, expected.status, context);
			assert.equal(result.code, expected.status === 'success' ? 0 : 1, context);
			for (const [node, outputs] of Object.entries(expected.outputs)) {
				assert.deepEqual(nodeOutputs(result.run, node), outputs, `output of "${node}"`);
			}
			for (const [node, paired] of Object.entries(expected.pairedItems ?? {})) {
				const main = result.run.data.resultData.runData[node][0].data.main;
				assert.deepEqual(
					main.map((items) => (items ?? []).map((i) => i.pairedItem?.item)),
					paired,
					`input item each output item of "${node}" is paired with`,
				);
			}
			const sent = requestCounts(sandbox);
			const expectedRequests = Object.fromEntries(Object.keys(sent).map((n) => [n, expected.requests[n] ?? 0]));
			assert.deepEqual(
				Object.fromEntries(Object.entries(sent).map(([n, c]) => [n, c - requestsBefore[n]])),
				expectedRequests,
				'requests each emulator received',
			);
			assert.deepEqual(changesSince(stateBefore, sandbox), expected.changes, 'state changed in the emulators');
		});
	}
});
