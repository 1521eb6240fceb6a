import pkg from '../../package.json';
import { TABLE_PAGES, withFieldTables } from '../harness/fieldDocs';
import { exists, listFiles, readText, sizeOf, writeText } from '../harness/files';

// `npm run docs:fields` sets UPDATE_README to write the generated field tables into the reference pages first.
// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals
if (process.env.UPDATE_README === '1') {
	for (const [name, page] of Object.entries(TABLE_PAGES))
		writeText(page, withFieldTables(readText(page), [name]));
}

const readme: string = readText('README.md');
const DOC_PAGES = listFiles('docs')
	.filter((f) => f.endsWith('.md'))
	.map((f) => `docs/${f}`);

/** The part of a page that starts at `## <title>` and ends before the next `## `. */
function section(text: string, title: string): string {
	const start = text.indexOf(`\n## ${title}\n`);
	expect(start).toBeGreaterThan(-1);
	const end = text.indexOf('\n## ', start + 4);
	return text.slice(start, end === -1 ? undefined : end);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
function anchorOf(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');
}

function anchorsOf(text: string): Set<string> {
	return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1])));
}

/** Relative links of a page, resolved against its folder: [file under the repository, anchor]. */
function relativeLinks(page: string, text: string): Array<[string, string]> {
	const folder = page.includes('/') ? page.slice(0, page.lastIndexOf('/')) : '';
	return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
		.map((m) => m[1])
		.filter((link) => !/^[a-z]+:/.test(link))
		.map((link) => {
			const [file, anchor = ''] = link.split('#');
			const parts = (folder ? `${folder}/${file}` : file).split('/');
			const resolved: string[] = [];
			for (const part of parts) {
				if (part === '..') resolved.pop();
				else if (part !== '.' && part !== '') resolved.push(part);
			}
			return [file === '' ? page : resolved.join('/'), anchor];
		});
}

const NODE_PAGES: Record<string, { page: string; image: string; example: string }> = {
	TourCms: { page: 'docs/tourcms.md', image: 'tourcms', example: 'tourcms-update-customer.json' },
	Trackfinity: {
		page: 'docs/trackfinity.md',
		image: 'trackfinity',
		example: 'trackfinity-update-customer.json',
	},
	Intrepid: {
		page: 'docs/intrepid.md',
		image: 'intrepid',
		example: 'intrepid-update-customer.json',
	},
	ClientToolbox: {
		page: 'docs/client-toolbox.md',
		image: 'client-toolbox',
		example: 'clienttoolbox-update-customer.json',
	},
};

describe('README and the reference pages in docs/', () => {
	it('show every field of every node as its field table defines it (wire name, meaning, rules, clearing)', () => {
		for (const [name, page] of Object.entries(TABLE_PAGES)) {
			const text = readText(page);
			expect(text).toBe(withFieldTables(text, [name]));
		}
		expect(readText('docs/tourcms.md')).toContain('| `perm_email` |');
		expect(readText('docs/intrepid.md')).toContain('| `passport.number` |');
	});

	it('link only files and headings that exist in the repository', () => {
		const pages = ['README.md', ...DOC_PAGES];
		const links = pages.flatMap((page) =>
			relativeLinks(page, readText(page)).map(([file, anchor]) => ({ page, file, anchor })),
		);
		expect(links.filter((l) => l.page === 'README.md').length).toBeGreaterThan(15);
		expect(links.filter((l) => !exists(l.file)).map((l) => `${l.page} → ${l.file}`)).toEqual([]);
		const broken = links
			.filter((l) => l.anchor && l.file.endsWith('.md'))
			.filter((l) => !anchorsOf(readText(l.file)).has(l.anchor))
			.map((l) => `${l.page} → ${l.file}#${l.anchor}`);
		expect(broken).toEqual([]);
	});

	it('README is short and has the community-node sections, each linking its page', () => {
		expect(readme.split('\n').length).toBeLessThanOrEqual(250);
		for (const title of [
			'Installation',
			'Operations',
			'Credentials',
			'Usage',
			'Compatibility',
			'Resources',
			'Version history',
		]) {
			section(readme, title);
		}
		const linked: Record<string, string> = {
			Performance: 'docs/performance.md',
			'Failure handling': 'docs/failures.md',
			'Queue mode and scaling': 'docs/queue-mode.md',
			'AI agents': 'docs/ai-agents.md',
			Compatibility: 'docs/compatibility.md',
		};
		for (const [title, page] of Object.entries(linked))
			expect(section(readme, title)).toContain(`](${page})`);
		// The first screen: what this is and the two commands.
		const firstScreen = readme.split('\n').slice(0, 30).join('\n');
		expect(firstScreen).toContain('npm install && npm start');
		expect(firstScreen).toContain('npm run pack');
		expect(section(readme, 'Installation')).toMatch(/npm install [^\n]*\.tgz/);
		expect(section(readme, 'Usage')).toContain('Mapping Mode');
		expect(section(readme, 'Usage')).toContain('Preview Request (Dry Run)');
	});

	it('has a reference page per node: how to connect a real account, a run screenshot, its credential dialog, an example', () => {
		const documented = pkg.n8n.nodes.map((f) => /nodes\/(\w+)\//.exec(f)?.[1]);
		expect(documented.sort()).toEqual(Object.keys(NODE_PAGES).sort());
		for (const { page, image, example } of Object.values(NODE_PAGES)) {
			const text = readText(page);
			expect(readme).toContain(`](${page})`);
			const connect = section(text, 'Connect your account');
			expect(connect).toMatch(/\| credential field \| what to enter \|/);
			expect(connect).toContain('What the Test button checks');
			expect(connect).toContain('Preview Request (Dry Run)');
			expect(connect).toMatch(/\]\(https:\/\/|\]\(http:\/\//);
			const shown = section(text, 'Example');
			expect(shown).toContain(`(images/${image}-run.png)`);
			expect(shown).toContain(`(images/${image}-credential.png)`);
			expect(shown).toContain(`(../examples/${example})`);
			// A request as sent and the output it gave.
			expect(shown).toMatch(/```http\n(POST|PATCH) /);
			expect(shown).toMatch(/```json\n\{\n {2}"provider": /);
			// A real screenshot, not an empty placeholder.
			expect(sizeOf(`docs/images/${image}-run.png`)).toBeGreaterThan(20000);
		}
	});
});
