import { PackageDirectoryLoader } from 'n8n-core';
import type { INodeType } from 'n8n-workflow';

import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { NODE_TYPES } from '../harness/engine';
import { OPERATOR, runTourCms } from '../tourcms/helpers';
import pkg from '../../package.json';
import { ROOT, readText } from '../harness/files';

const BUILTINS = new Set(['crypto', 'url', 'util', 'buffer', 'stream', 'string_decoder', 'events']);

describe('the built package (dist/)', () => {
	let loader: PackageDirectoryLoader;

	beforeAll(async () => {
		loader = new PackageDirectoryLoader(ROOT);
		await loader.loadAll();
	});

	it('declares what n8n and its verification expect', () => {
		expect(pkg.name).toMatch(/^n8n-nodes-/);
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect((pkg as { dependencies?: object }).dependencies).toBeUndefined();
		expect(pkg.devDependencies['n8n-workflow']).toBe('2.8.0');
		expect(pkg.devDependencies['n8n-core']).toBe('2.8.1');
	});

	it('loads every listed node and credential through n8n-core PackageDirectoryLoader', () => {
		const nodeNames = Object.keys(loader.nodeTypes).sort();
		const credentialNames = Object.keys(loader.credentialTypes).sort();
		expect(nodeNames).toHaveLength(pkg.n8n.nodes.length);
		expect(credentialNames).toHaveLength(pkg.n8n.credentials.length);
		for (const name of nodeNames) {
			const { description } = loader.nodeTypes[name].type as INodeType;
			expect(description.usableAsTool).toBe(true);
			expect(description.credentials?.[0]?.name).toBeDefined();
			expect(credentialNames).toContain(description.credentials?.[0]?.name);
		}
	});

	it.each(pkg.n8n.nodes.concat(pkg.n8n.credentials))(
		'%s bundles its libraries and requires only n8n-workflow and Node built-ins',
		(file) => {
			const code = readText(file);
			const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
			const foreign = required.filter(
				(r) => r !== 'n8n-workflow' && !BUILTINS.has(r.replace(/^node:/, '')),
			);
			expect(foreign).toEqual([]);
		},
	);

	it('runs the bundled TourCMS node through the engine', async () => {
		const emulator = await startTourCmsEmulator();
		const original = NODE_TYPES['n8n-nodes-customer-update.tourCms'];
		NODE_TYPES['n8n-nodes-customer-update.tourCms'] = loader.nodeTypes.tourCms.type as INodeType;
		try {
			const result = await runTourCms(emulator, {
				customerId: '12345',
				updateFields: { city: 'Bristol' },
			});
			expect(result.outputs('TourCMS')[0][0].json).toMatchObject({
				status: 'updated',
				customerId: '12345',
			});
			expect(emulator.customer(OPERATOR.channelId, 12345).city).toBe('Bristol');
		} finally {
			NODE_TYPES['n8n-nodes-customer-update.tourCms'] = original;
			await emulator.close();
		}
	});
});
