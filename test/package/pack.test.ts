import { spawnSync } from 'child_process';
import { existsSync, readdirSync } from 'fs';
import path from 'path';

import pkg from '../../package.json';
import { packedFiles } from '../harness/files';

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
		const root = path.resolve(__dirname, '../..');
		const tarballsBefore = readdirSync(root).filter((f) => f.endsWith('.tgz'));
		const result = spawnSync('npm', ['pack'], { cwd: root, encoding: 'utf8', timeout: 120000 });
		expect(result.status).not.toBe(0);
		expect(`${result.stdout}${result.stderr}`).toContain('npm-pack-skips-the-build--use-npm-run-pack');
		expect(readdirSync(root).filter((f) => f.endsWith('.tgz'))).toEqual(tarballsBefore);
		expect(existsSync(path.join(root, 'npm-pack-skips-the-build--use-npm-run-pack'))).toBe(false);
	});
});
