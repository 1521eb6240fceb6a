import combined from '../../package.json';
import { existsInPackage, stagedPackages } from '../harness/providerPackages';

interface Staged {
	provider: {
		packageName: string;
		nodeName: string;
		credentialName: string;
		title: string;
		examples: string[];
	};
	loaded: { node: string; codex: string; credential: string; icons: string[] };
	expectedFiles: string[];
	manifest: Record<string, unknown> & {
		name: string;
		n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
		keywords: string[];
	};
	files: string[];
	readme: string;
	codex: { node: string };
	examples: Array<{ nodes: Array<{ type: string; credentials?: Record<string, unknown> }> }>;
	nodeName: string;
	credentialName: string;
	nodeIcon: { light: string; dark: string };
}

const packages: Staged[] = stagedPackages();

describe('one package per provider (packaging/)', () => {
	it('makes four packages, one per node of the combined package, each named after its provider', () => {
		expect(packages.map((p) => p.manifest.name).sort()).toEqual([
			'n8n-nodes-clienttoolbox',
			'n8n-nodes-intrepid',
			'n8n-nodes-tourcms',
			'n8n-nodes-trackfinity',
		]);
		expect(packages.map((p) => p.loaded.node).sort()).toEqual([...combined.n8n.nodes].sort());
		expect(packages.map((p) => p.loaded.credential).sort()).toEqual(
			[...combined.n8n.credentials].sort(),
		);
	});

	it.each(packages.map((p) => [p.manifest.name, p]))(
		'%s: a manifest n8n verification accepts',
		(_name, p) => {
			const m = p.manifest;
			expect(m.version).toBe(combined.version);
			expect(m.license).toBe('MIT');
			expect(m.author).toEqual(combined.author);
			expect(m.repository).toEqual(combined.repository);
			expect(m.keywords).toContain('n8n-community-node-package');
			expect(m.n8n).toEqual({
				n8nNodesApiVersion: 1,
				strict: true,
				nodes: [p.loaded.node],
				credentials: [p.loaded.credential],
			});
			expect(m.peerDependencies).toEqual({ 'n8n-workflow': '*' });
			for (const absent of ['dependencies', 'scripts', 'overrides', 'bundleDependencies']) {
				expect(m).not.toHaveProperty(absent);
			}
			// Build-time only (npm never installs a dependency's devDependencies): what the sources import and
			// esbuild bundles, at the combined package's versions, for the scanner's source leg.
			expect(m.devDependencies).toEqual({
				'fast-xml-parser': combined.devDependencies['fast-xml-parser'],
			});
			for (const file of [...m.n8n.nodes, ...m.n8n.credentials])
				expect(existsInPackage(m.name, file)).toBe(true);
		},
	);

	it.each(packages.map((p) => [p.manifest.name, p]))(
		'%s: holds its node, codex, credential, icons and examples, nothing else',
		(_name, p) => {
			expect(p.files).toEqual(p.expectedFiles);
			expect(p.files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'))).toEqual(
				[p.loaded.credential, p.loaded.node].sort(),
			);
			// The icon paths the node declares resolve to files the package holds.
			for (const icon of [p.nodeIcon.light, p.nodeIcon.dark]) {
				const resolved = icon.replace(/^file:\.\.\/\.\.\//, 'dist/');
				expect(p.files).toContain(resolved);
			}
		},
	);

	it.each(packages.map((p) => [p.manifest.name, p]))(
		'%s: the node and credential it loads are its provider’s',
		(_name, p) => {
			expect(p.nodeName).toBe(p.provider.nodeName);
			expect(p.credentialName).toBe(p.provider.credentialName);
			expect(p.codex.node).toBe(`${p.manifest.name}.${p.nodeName}`);
		},
	);

	it.each(packages.map((p) => [p.manifest.name, p]))(
		'%s: its example workflows name this package’s node and the unchanged credential type',
		(_name, p) => {
			expect(p.examples.length).toBe(p.provider.examples.length);
			for (const workflow of p.examples) {
				const types = [
					...new Set(
						workflow.nodes.map((n) => n.type).filter((t) => !t.startsWith('n8n-nodes-base.')),
					),
				];
				expect(types).toEqual([`${p.manifest.name}.${p.nodeName}`]);
				const credentials = workflow.nodes.flatMap((n) => Object.keys(n.credentials ?? {}));
				expect([...new Set(credentials)]).toEqual([p.credentialName]);
			}
		},
	);

	it.each(packages.map((p) => [p.manifest.name, p]))(
		'%s: a README in the community-node layout, with the package name to install',
		(_name, p) => {
			const headings = [...p.readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
			for (const title of [
				'Installation',
				'Operations',
				'Credentials',
				'Compatibility',
				'Usage',
				'Resources',
				'Version history',
			]) {
				expect(headings).toContain(title);
			}
			expect(p.readme.startsWith(`# ${p.manifest.name}\n`)).toBe(true);
			expect(p.readme).toContain(`enter \`${p.manifest.name}\``);
			expect(p.readme).toContain(`${p.manifest.name}-${combined.version}.tgz`);
			// npm shows the README outside the repository: every link is absolute or to a file the package holds.
			const relative = [...p.readme.matchAll(/\]\(([^)\s]+)\)/g)]
				.map((m) => m[1])
				.filter((l) => !/^(https?:|#)/.test(l));
			expect(relative.filter((l) => !p.files.includes(l))).toEqual([]);
		},
	);
});
