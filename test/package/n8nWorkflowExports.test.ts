import * as workflow1x from 'n8n-workflow-1x';
import * as workflowNewest from 'n8n-workflow-newest';
import * as workflow28 from 'n8n-workflow';

import { NEWEST, VERSIONS } from '../../e2e/lib/versions';
import { n8nWorkflowImports, n8nWorkflowImportsOf, readText } from '../harness/files';

/**
 * A community package runs on the `n8n-workflow` of the n8n that loads it. An export that a newer (or
 * older) n8n lacks fails every item at run time there, while every test run against our own copy passes:
 * so each name the built bundles read from `n8n-workflow` must exist in every line we support.
 */
const SUPPORTED: Array<{
	n8n: string;
	module: string;
	version: string;
	exports: Record<string, unknown>;
}> = [
	{ n8n: '1.123.81', module: 'n8n-workflow-1x', version: '1.120.31', exports: workflow1x },
	{ n8n: '2.8.4', module: 'n8n-workflow', version: '2.8.0', exports: workflow28 },
	{ n8n: '2.41.1', module: 'n8n-workflow-newest', version: '2.41.0', exports: workflowNewest },
];

/** The version of `name` that a committed lockfile installs at the top level. */
function lockedVersion(lockfile: string, name: string): string | undefined {
	const lock = JSON.parse(readText(lockfile)) as { packages: Record<string, { version?: string }> };
	return lock.packages[`node_modules/${name}`]?.version;
}

function missingIn(exportsOf: Record<string, unknown>, names: Map<string, string[]>): string[] {
	return [...names]
		.filter(([name]) => exportsOf[name] === undefined)
		.map(([name, files]) => `${name} (${files.join(', ')})`);
}

describe('what the built package takes from n8n-workflow at run time', () => {
	const found = n8nWorkflowImports();

	it('is read from every bundle, each use by name', () => {
		expect(found.files).toBeGreaterThanOrEqual(8);
		// The nodes' error classes and connection types are used by every node: a scan that misses them is broken.
		expect([...found.names.keys()]).toEqual(
			expect.arrayContaining(['NodeApiError', 'NodeOperationError', 'NodeConnectionTypes']),
		);
		expect(found.opaque).toEqual([]);
	});

	it('checks against the n8n-workflow each n8n of the end-to-end tests ships', () => {
		expect(SUPPORTED.map((s) => s.n8n).sort()).toEqual(Object.keys(VERSIONS).sort());
		expect(SUPPORTED.map((s) => s.n8n)).toContain(NEWEST);
		for (const { n8n, module, version } of SUPPORTED) {
			expect(lockedVersion(`e2e/hosts/${n8n}/package-lock.json`, 'n8n-workflow')).toBe(version);
			expect(lockedVersion('package-lock.json', module)).toBe(version);
		}
	});

	it.each(SUPPORTED)('exists in the n8n-workflow of n8n $n8n ($version)', ({ exports }) => {
		expect(missingIn(exports, found.names)).toEqual([]);
	});

	it('flags a name that an n8n dropped: sleepWithAbort, gone from n8n-workflow 2.34 on', () => {
		const bundle =
			'var import_n8n_workflow = require("n8n-workflow");\n(0, import_n8n_workflow.sleepWithAbort)(5, signal);\n';
		const { names, opaque } = n8nWorkflowImportsOf(bundle, 'dist/example.js');
		expect(opaque).toEqual([]);
		expect(missingIn(workflowNewest, names)).toEqual(['sleepWithAbort (dist/example.js)']);
		expect(missingIn(workflow28, names)).toEqual([]);
	});

	it('refuses to vouch for a binding it cannot read member names from', () => {
		const passedAlong =
			'var import_n8n_workflow = require("n8n-workflow");\nuse(import_n8n_workflow);\n';
		expect(n8nWorkflowImportsOf(passedAlong, 'dist/a.js').opaque).toEqual([
			'dist/a.js: import_n8n_workflow used without a member name',
		]);
		const unbound = 'module.exports = require("n8n-workflow").sleep;\n';
		expect(n8nWorkflowImportsOf(unbound, 'dist/b.js').opaque).toEqual([
			'dist/b.js: a require("n8n-workflow") not bound to a variable',
		]);
	});
});
