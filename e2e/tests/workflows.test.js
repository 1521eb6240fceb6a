'use strict';
// Every example workflow, run by real n8n (`n8n execute`) with the package installed from its tarball,
// against the sandbox emulators: run status, node outputs, requests sent, and the exact state change. Then
// each provider's own page example (test/seeds/seedExamples.js), sent as the page gives it: it succeeds and
// the emulator receives what the page shows.
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const path = require('path');

const { CASES } = require('../cases');
const { SEED_EXAMPLES } = require('../../test/seeds/seedExamples');
const { sandboxCredentialRefs } = require('../lib/credentials');
const { prepareN8n, nodeOutputs } = require('../lib/setup');
const { ROOT } = require('../lib/host');
const { PACKAGE_NAME } = require('../lib/package');
const { snapshot, changesSince, requestCounts } = require('../lib/state');
const { loadExamples, testVariant, packageNodeTypes } = require('../lib/workflows');

const examples = loadExamples();

/** The credential a page example runs with: the sandbox's, or its own when it overrides a value. */
function seedCredentialRef(example) {
	const type = example.credential.type;
	if (!example.credential.overrides) return sandboxCredentialRefs()[type];
	return { id: `seed${type[0].toUpperCase()}${type.slice(1)}`.slice(0, 21), name: `${example.name} Page Example` };
}

/** Manual Trigger → the provider's node with the page example's values typed in, nothing mapped. */
function seedWorkflow(example) {
	const id = `seed${example.emulator}`;
	const node = `${example.name} Page Example`;
	return {
		id,
		name: `${example.name}: the documentation's own example`,
		active: false,
		nodes: [
			{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: `${id}-node`,
				name: node,
				type: example.nodeType,
				typeVersion: 1,
				position: [220, 0],
				parameters: example.parameters,
				credentials: { [example.credential.type]: seedCredentialRef(example) },
			},
		],
		connections: { Start: { main: [[{ node, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
		tags: [],
	};
}

describe('example workflows in real n8n', () => {
	let n8n;
	let sandbox;

	before(async () => {
		({ n8n, sandbox } = await prepareN8n('workflows'));
		// The page examples that need other credentials than the sandbox's (a password, an on-statement key).
		const sandboxData = sandbox.credentials();
		await n8n.importCredentials(
			SEED_EXAMPLES.filter((e) => e.credential.overrides).map((e) => ({
				...seedCredentialRef(e),
				type: e.credential.type,
				data: { ...sandboxData[e.credential.type], ...e.credential.overrides },
			})),
		);
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

	for (const example of SEED_EXAMPLES) {
		test(`the ${example.name} page's own example (${example.page}) is sent as the page gives it and succeeds`, async () => {
			await sandbox.reseed();
			const emulator = sandbox.emulators[example.emulator];
			example.before(emulator);
			const workflow = seedWorkflow(example);
			await n8n.importWorkflow(workflow);
			const result = await n8n.execute(workflow.id);
			const context = `exit ${result.code}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-2000)}`;
			assert.ok(result.run, `no run in the output of n8n execute:\n${context}`);
			assert.equal(result.run.status, 'success', context);
			assert.equal(result.code, 0, context);
			const outputs = nodeOutputs(result.run, workflow.nodes[1].name);
			assert.equal(outputs?.[0]?.length, 1, `one output item:\n${JSON.stringify(outputs)}`);
			for (const [what, actual, expected] of example.expectations(emulator, outputs[0][0])) {
				assert.deepEqual(actual, expected, what);
			}
			const others = Object.entries(sandbox.emulators).filter(([name, e]) => name !== example.emulator && e.requests.length);
			assert.deepEqual(others.map(([name]) => name), [], 'no other emulator was called');
		});
	}
});
