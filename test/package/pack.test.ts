import pkg from '../../package.json';
import { barePack, exists, listFiles, packedFiles } from '../harness/files';

describe('npm pack', () => {
	it('publishes only what a user needs: built nodes, credentials, icons, codex files and the docs', () => {
		const files: string[] = packedFiles();
		const expected = [
			'LICENSE.md',
			'README.md',
			'index.js',
			'package.json',
			...pkg.n8n.nodes,
			...pkg.n8n.credentials,
			...pkg.n8n.nodes.map((n) => n.replace(/\.js$/, '.json')),
		];
		for (const file of expected) expect(files).toContain(file);
		const unexpected = files.filter(
			(f) => !expected.includes(f) && !/^dist\/icons\/[a-z]+(\.dark)?\.svg$/.test(f),
		);
		expect(unexpected).toEqual([]);
		expect(files.some((f) => f.startsWith('dist/icons/'))).toBe(true);
	});

	it('has no install scripts, overrides or runtime dependencies', () => {
		const scripts = Object.keys(pkg.scripts);
		for (const forbidden of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish']) {
			expect(scripts).not.toContain(forbidden);
		}
		expect(pkg).not.toHaveProperty('overrides');
		expect(pkg).not.toHaveProperty('dependencies');
	});

	it('refuses a bare `npm pack`, which would skip the build, and names the command to use', () => {
		const tarballs = () => listFiles('.').filter((f) => f.endsWith('.tgz'));
		const before = tarballs();
		const result = barePack();
		expect(result.status).not.toBe(0);
		expect(result.output).toContain('npm-pack-skips-the-build--use-npm-run-pack');
		expect(tarballs()).toEqual(before);
		expect(exists('npm-pack-skips-the-build--use-npm-run-pack')).toBe(false);
	});
});
