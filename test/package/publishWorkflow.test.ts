import combined from '../../package.json';
import { readText } from '../harness/files';
import { stagedPackages } from '../harness/providerPackages';

const workflow: string = readText('.github/workflows/publish.yml');
const names: string[] = [
	combined.name,
	...stagedPackages().map((p: { manifest: { name: string } }) => p.manifest.name),
];

describe('the publish workflow', () => {
	it('publishes every package npm run pack makes, each with provenance, after the tests pass', () => {
		const matrix = /package:\n((?:\s+- .+\n)+)/.exec(workflow)?.[1] ?? '';
		const listed = [...matrix.matchAll(/- (\S+)/g)].map((m) => m[1]);
		expect(listed.sort()).toEqual([...names].sort());
		expect(workflow).toMatch(
			/npm publish "[^"]*\$\{\{ matrix\.package \}\}-\$\{GITHUB_REF_NAME\}\.tgz" --provenance --access public/,
		);
		expect(workflow).toMatch(/publish:\n\s+needs: test/);
		expect(workflow).toContain('id-token: write');
		expect(workflow).toContain('run: npm test');
	});
});
