'use strict';
// One package per provider (packaging/), as n8n can verify it: each tarball passes n8n's community package
// scanner, and so does each package's source folder in the committed tree (packages/<id>/); installed
// alone into a fresh user folder, n8n loads exactly its one node (with the Tool variant n8n derives from
// usableAsTool) and its one credential type, and the example workflow it ships updates the customer in the
// emulator exactly as the combined package's does. Then a per-provider package beside the combined one:
// both node types load, share one credential type, and both update the customer.
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const fs = require('fs');
const path = require('path');

const { CASES } = require('../cases');
const { sandboxCredentials } = require('../lib/credentials');
const { ROOT, ensureHost } = require('../lib/host');
const { N8nFolder } = require('../lib/n8n');
const { PACKAGE_NAME, installTarballs } = require('../lib/package');
const { loadedTypes, scanOrder } = require('../lib/packages');
const { TestSandbox } = require('../lib/sandbox');
const { analyze, analyzeSource, committedTree, unpack } = require('../lib/scanner');
const { OUTPUT_DIR, packageTarball, nodeOutputs } = require('../lib/setup');
const { snapshot, changesSince, requestCounts } = require('../lib/state');
const { sourceFolder } = require('../../packaging/manifest');
const { packProviders } = require('../../packaging/pack');
const { PROVIDERS } = require('../../packaging/providers');

const PART_DIR = path.join(OUTPUT_DIR, 'packages');
const OUR_CREDENTIALS = new Set(PROVIDERS.map((p) => p.credentialName));

/** The example each provider's package is run with: the combined package's, renamed by packaging/. */
const exampleOf = (provider) => `${provider.id}-update-customer.json`;

function context(result) {
	return `exit ${result.code ?? `by ${result.signal}`}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`;
}

/** Imports and runs `workflow`; asserts the run, outputs, requests and emulator changes `CASES[file]` expects. */
async function runsAsExpected(n8n, sandbox, workflow, file) {
	const expected = CASES[file];
	await sandbox.reseed();
	const stateBefore = snapshot(sandbox);
	const requestsBefore = requestCounts(sandbox);
	await n8n.importWorkflow(workflow);
	const result = await n8n.execute(workflow.id);
	assert.ok(result.run, `no run in the output of n8n execute:\n${context(result)}`);
	assert.equal(result.run.status, expected.status, context(result));
	assert.equal(result.code, 0, context(result));
	for (const [node, outputs] of Object.entries(expected.outputs)) {
		assert.deepEqual(nodeOutputs(result.run, node), outputs, `output of "${node}"`);
	}
	const sent = requestCounts(sandbox);
	const delta = Object.fromEntries(Object.entries(sent).map(([n, c]) => [n, c - requestsBefore[n]]));
	assert.deepEqual(delta, Object.fromEntries(Object.keys(sent).map((n) => [n, expected.requests[n] ?? 0])), 'requests each emulator received');
	assert.deepEqual(changesSince(stateBefore, sandbox), expected.changes, 'state changed in the emulators');
	return result;
}

/** A fresh user folder `test-output/e2e/packages/<name>` with `tarballs` installed and sandbox credentials of `types`. */
async function freshFolder(host, sandbox, name, tarballs, types) {
	const userFolder = path.join(PART_DIR, name);
	fs.rmSync(userFolder, { recursive: true, force: true });
	const n8n = await N8nFolder.create({ host, userFolder, link: false });
	const modules = installTarballs(userFolder, tarballs);
	await n8n.importCredentials(sandboxCredentials(sandbox).filter((c) => types.includes(c.type)));
	return { n8n, modules };
}

describe('one package per provider in real n8n', () => {
	let host;
	let sandbox;
	let packed;
	let combined;

	before(async () => {
		host = ensureHost();
		fs.mkdirSync(PART_DIR, { recursive: true });
		packed = packProviders(path.join(PART_DIR, 'tarballs'), path.join(PART_DIR, 'staging'));
		combined = packageTarball();
		sandbox = await TestSandbox.start();
	});

	after(async () => {
		if (sandbox) await sandbox.close();
	});

	test("n8n's community package scanner passes each tarball and the combined one, and fails a package with a runtime dependency", () => {
		const work = path.join(PART_DIR, 'scanned');
		const dirs = [...Object.values(packed).map((p) => unpack(p.tarball, work)), unpack(combined, work)];
		// A control the scanner must refuse, so a scanner that checks nothing cannot pass this test.
		const control = path.join(work, 'control-with-dependency');
		fs.cpSync(dirs[0], control, { recursive: true });
		const manifest = JSON.parse(fs.readFileSync(path.join(control, 'package.json'), 'utf8'));
		fs.writeFileSync(path.join(control, 'package.json'), JSON.stringify({ ...manifest, dependencies: { axios: '1.13.2' } }, null, 2));
		const results = analyze([...dirs, control]);
		const refused = results.pop();
		assert.equal(refused.passed, false, 'the scanner accepted a package with runtime dependencies');
		assert.match(refused.details, /no-runtime-dependencies/);
		for (const result of results) assert.equal(result.passed, true, `${path.basename(result.dir)}: ${result.message}\n${result.details}`);
		assert.equal(results.length, PROVIDERS.length + 1);
	});

	test("the scanner's source leg finds each package's folder in the committed tree and lints its real sources through the links", () => {
		// What the scan of a published version downloads: GitHub's tarball of the attested commit. HEAD stands
		// in for that commit, so what is not committed is not scanned.
		const source = committedTree(path.join(PART_DIR, 'source'));
		const names = [PACKAGE_NAME, ...PROVIDERS.map((p) => p.packageName)];
		const results = analyzeSource(source, names);
		assert.deepEqual(results.map((r) => [r.name, r.root]), [[PACKAGE_NAME, '.'], ...PROVIDERS.map((p) => [p.packageName, sourceFolder(p)])]);
		for (const result of results) {
			assert.equal(result.passed, true, `${result.name} (${result.root}): ${result.message}\n${result.details}`);
			process.stdout.write(`source leg: ${result.name} in ${result.root}: passed, ${result.files.length} files linted\n`);
		}
		for (const [i, provider] of PROVIDERS.entries()) {
			const { files } = results[i + 1];
			for (const file of [`nodes/${provider.nodeClass}/${provider.nodeClass}.node.ts`, `credentials/${provider.credentialClass}.credentials.ts`, 'nodes/shared/engine/engine.ts', 'package.json']) {
				assert.ok(files.includes(file), `${provider.packageName}: ${file} is not among the files linted`);
			}
			const others = PROVIDERS.filter((p) => p !== provider).map((p) => `nodes/${p.nodeClass}/`);
			assert.deepEqual(files.filter((f) => others.some((o) => f.startsWith(o))), [], `${provider.packageName} lints another provider's node`);
		}

		// A control: a rule violation in the real TourCMS node file, behind an eslint-disable comment the scanner
		// ignores, must fail the TourCMS package's scan through its link, and no other provider's.
		const broken = committedTree(path.join(PART_DIR, 'source-broken'));
		const nodeFile = path.join(broken, 'nodes', 'TourCms', 'TourCms.node.ts');
		const text = fs.readFileSync(nodeFile, 'utf8');
		fs.writeFileSync(nodeFile, text.replace(/^export class TourCms /m, '// eslint-disable-next-line no-console\nconsole.log("control");\nexport class TourCms '));
		const [tourcms, clienttoolbox] = analyzeSource(broken, ['n8n-nodes-tourcms', 'n8n-nodes-clienttoolbox']);
		assert.equal(tourcms.passed, false, 'the scanner did not lint the TourCMS node through packages/tourcms/nodes/TourCms');
		assert.match(tourcms.details, /packages\/tourcms\/nodes\/TourCms\/TourCms\.node\.ts\n\s+\d+:\d+\s+error\s+Unexpected console statement\s+no-console/);
		assert.equal(clienttoolbox.passed, true, `${clienttoolbox.message}\n${clienttoolbox.details}`);
	});

	for (const provider of PROVIDERS) {
		const name = provider.packageName;
		test(`${name} alone: n8n loads its one node (and Tool variant) and one credential type, and its example updates the customer`, async () => {
			const { n8n, modules } = await freshFolder(host, sandbox, name, [packed[name].tarball], [provider.credentialName]);
			assert.deepEqual(fs.readdirSync(modules).filter((f) => !f.startsWith('.')), [name], 'packages installed');
			const file = exampleOf(provider);
			const workflow = JSON.parse(fs.readFileSync(path.join(modules, name, 'examples', file), 'utf8'));
			const ours = workflow.nodes.filter((n) => !n.type.startsWith('n8n-nodes-base.'));
			assert.deepEqual([...new Set(ours.map((n) => n.type))], [`${name}.${provider.nodeName}`], 'node types of the shipped example');
			await runsAsExpected(n8n, sandbox, workflow, file);

			const types = await loadedTypes(host, n8n.userFolder, path.join(PART_DIR, `${name}.log`));
			const fromPackage = types.nodes.map((t) => t.name).filter((t) => t.startsWith(`${name}.`)).sort();
			assert.deepEqual(fromPackage, [`${name}.${provider.nodeName}`, `${name}.${provider.nodeName}Tool`]);
			assert.equal(types.nodes.filter((t) => !t.name.startsWith('n8n-nodes-base.') && !t.name.startsWith('@n8n/') && !t.name.startsWith(`${name}.`)).length, 0, 'node types from another package');
			const credentials = types.credentials.filter((c) => OUR_CREDENTIALS.has(c.name));
			assert.deepEqual(credentials.map((c) => c.name), [provider.credentialName]);
			assert.deepEqual(credentials[0].supportedNodes, [`${name}.${provider.nodeName}`]);
		});
	}

	test('a per-provider package beside the combined one: both node types load and share one credential type, and both update the customer', async () => {
		const provider = PROVIDERS.find((p) => p.id === 'tourcms');
		const name = provider.packageName;
		const { n8n, modules } = await freshFolder(host, sandbox, 'both-installed', [combined, packed[name].tarball], [provider.credentialName]);
		assert.deepEqual(fs.readdirSync(modules).filter((f) => !f.startsWith('.')).sort(), [PACKAGE_NAME, name].sort());
		const file = exampleOf(provider);
		const fromCombined = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
		const fromProvider = JSON.parse(fs.readFileSync(path.join(modules, name, 'examples', file), 'utf8'));
		// Both examples carry the same workflow id; imported under one id the second would replace the first.
		fromProvider.id = `${fromProvider.id.slice(0, 17)}prov`;
		await runsAsExpected(n8n, sandbox, fromCombined, file);
		await runsAsExpected(n8n, sandbox, fromProvider, file);

		const types = await loadedTypes(host, n8n.userFolder, path.join(PART_DIR, 'both-installed.log'));
		const nodeTypes = types.nodes.map((t) => t.name);
		for (const pkg of [PACKAGE_NAME, name]) assert.ok(nodeTypes.includes(`${pkg}.${provider.nodeName}`), `${pkg}.${provider.nodeName} loaded`);
		const entries = types.credentials.filter((c) => c.name === provider.credentialName);
		const order = scanOrder(n8n.userFolder);
		process.stdout.write(
			`both installed: n8n scanned ${order.join(', ')}; /types/credentials.json lists ${provider.credentialName} ${entries.length} time(s), supportedNodes ${JSON.stringify(entries.map((e) => e.supportedNodes))}\n`,
		);
		// One entry per package, in the order n8n loaded them; n8n runs the credential class of the last one for
		// both node types (known.credentials and getCredential keep the last loader's): the same source and
		// version in both packages, so the same behaviour, as both runs above show.
		assert.deepEqual(entries.map((e) => e.supportedNodes), order.map((pkg) => [`${pkg}.${provider.nodeName}`]));
	});
});
