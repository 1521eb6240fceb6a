import pkg from '../../package.json';
import { withFieldTables } from '../harness/fieldDocs';
import { exists, readText, sizeOf, writeText } from '../harness/files';

// `npm run docs:fields` sets UPDATE_README to write the generated field tables into README.md first.
// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals
if (process.env.UPDATE_README === '1') writeText('README.md', withFieldTables(readText('README.md')));

const readme: string = readText('README.md');

/** The README section that starts at `## <title>` and ends before the next `## `. */
function section(title: string): string {
	const start = readme.indexOf(`\n## ${title}\n`);
	expect(start).toBeGreaterThan(-1);
	const end = readme.indexOf('\n## ', start + 4);
	return readme.slice(start, end === -1 ? undefined : end);
}

const NODE_SECTIONS: Record<string, { title: string; image: string; example: string }> = {
	TourCms: { title: 'TourCMS', image: 'tourcms', example: 'tourcms-update-customer.json' },
	Trackfinity: { title: 'Trackfinity', image: 'trackfinity', example: 'trackfinity-update-customer.json' },
	Intrepid: { title: 'Intrepid', image: 'intrepid', example: 'intrepid-update-customer.json' },
	ClientToolbox: { title: 'Client Toolbox', image: 'client-toolbox', example: 'clienttoolbox-update-customer.json' },
};

describe('README', () => {
	it('shows every field of every node as its field table defines it (wire name, meaning, rules, clearing)', () => {
		expect(readme).toBe(withFieldTables(readme));
		expect(readme).toContain('| `perm_email` |');
		expect(readme).toContain('| `passport.number` |');
	});

	it('links only files that exist in the repository', () => {
		const links = [...readme.matchAll(/\]\(((?:docs|examples)\/[^)\s#]+)\)/g)].map((m) => m[1]);
		expect(links.length).toBeGreaterThan(8);
		expect(links.filter((l) => !exists(l))).toEqual([]);
	});

	it('has a section per node with a panel screenshot from a run, its credential dialog and an example', () => {
		const documented = pkg.n8n.nodes.map((f) => /nodes\/(\w+)\//.exec(f)?.[1]);
		expect(documented.sort()).toEqual(Object.keys(NODE_SECTIONS).sort());
		for (const { title, image, example } of Object.values(NODE_SECTIONS)) {
			const text = section(title);
			expect(text).toContain(`![`);
			expect(text).toContain(`(docs/images/${image}-run.png)`);
			expect(text).toContain(`(docs/images/${image}-credential.png)`);
			expect(text).toContain(`(examples/${example})`);
			// A request as sent and the output it gave.
			expect(text).toMatch(/```http\n(POST|PATCH) /);
			expect(text).toMatch(/```json\n\{\n {2}"provider": /);
			// A real screenshot, not an empty placeholder.
			expect(sizeOf(`docs/images/${image}-run.png`)).toBeGreaterThan(20000);
		}
	});
});
