import combined from '../../package.json';
import { followImports, sourceFolders } from '../harness/sourceFolders';

interface Entry {
	path: string;
	kind: 'file' | 'link';
	target?: string;
}

interface SourceFolder {
	provider: {
		id: string;
		packageName: string;
		nodeClass: string;
		credentialClass: string;
		icon: string;
	};
	folder: string;
	manifest: string | null;
	expectedManifest: string;
	entries: Entry[];
	gitModes: Record<string, string>;
	imports: { reached: string[]; missing: string[]; bare: string[] };
}

const folders: SourceFolder[] = sourceFolders();
const each = folders.map((f) => [f.provider.packageName, f] as const);

// Bare imports the scanner's no-restricted-imports rule accepts without a devDependency: the peer
// dependency n8n provides and Node's crypto.
const PROVIDED = ['crypto', 'n8n-workflow'];

describe("each per-provider package's committed source folder (packages/<id>/)", () => {
	it.each(each)(
		'%s: its package.json is the manifest npm run pack publishes, version included',
		(_name, f) => {
			expect(f.manifest).toBe(f.expectedManifest);
			const manifest = JSON.parse(f.manifest ?? '{}');
			expect(manifest.name).toBe(f.provider.packageName);
			expect(manifest.version).toBe(combined.version);
		},
	);

	it.each(each)(
		'%s: holds its node, the shared engine, its credential and icons as links to the real sources',
		(_name, f) => {
			const { nodeClass, credentialClass, icon } = f.provider;
			const link = (path: string, target: string): Entry => ({ path, kind: 'link', target });
			expect(f.entries).toEqual([
				link(
					`credentials/${credentialClass}.credentials.ts`,
					`../../../credentials/${credentialClass}.credentials.ts`,
				),
				link(`icons/${icon}.dark.svg`, `../../../icons/${icon}.dark.svg`),
				link(`icons/${icon}.svg`, `../../../icons/${icon}.svg`),
				link(`nodes/${nodeClass}`, `../../../nodes/${nodeClass}`),
				link('nodes/shared', '../../../nodes/shared'),
				{ path: 'package.json', kind: 'file' },
			]);
			// Committed as links (mode 120000), so a clone and GitHub's source tarball hold links, not copies.
			expect(f.gitModes).toEqual(
				Object.fromEntries(f.entries.map((e) => [e.path, e.kind === 'link' ? '120000' : '100644'])),
			);
		},
	);

	it.each(each)(
		'%s: every file its node and credential import, and every icon they name, is inside the folder',
		(_name, f) => {
			expect(f.imports.missing).toEqual([]);
			expect(f.imports.reached).toContain(
				`nodes/${f.provider.nodeClass}/${f.provider.nodeClass}.node.ts`,
			);
			expect(f.imports.reached.some((r) => r.startsWith('nodes/shared/'))).toBe(true);
		},
	);

	it.each(each)(
		'%s: a package the sources import and esbuild bundles is a devDependency of the folder',
		(_name, f) => {
			const manifest = JSON.parse(f.manifest ?? '{}');
			const declared = Object.keys(manifest.devDependencies ?? {});
			expect(f.imports.bare.filter((m) => !PROVIDED.includes(m) && !declared.includes(m))).toEqual(
				[],
			);
			for (const name of declared)
				expect(manifest.devDependencies[name]).toBe(
					combined.devDependencies[name as keyof typeof combined.devDependencies],
				);
		},
	);

	it('reports an import that leaves the folder, so the check above can fail', () => {
		// packages/tourcms seen as holding only its credential: the credential imports the node's
		// authentication module, which then names nothing inside the folder.
		const { missing } = followImports('packages/tourcms/credentials', [
			'TourCmsApi.credentials.ts',
		]);
		expect(missing).toContain('TourCmsApi.credentials.ts: ../nodes/TourCms/authentication');
	});
});
