'use strict';
// README of a provider's package, in the layout of n8n's community-node README template (Installation,
// Operations, Credentials, Compatibility, Usage, Resources, Version history), built from the provider's
// reference page so the two never disagree. npm shows the README outside the repository: links into the
// repository become absolute, links to example workflows the package holds stay relative.
const { repositoryWeb } = require('./manifest');

/** The sections of a markdown page: `{ title: body }` for every `## title`. */
function sectionsOf(text) {
	const sections = {};
	const parts = text.split(/^## (.+)$/m);
	for (let i = 1; i < parts.length; i += 2) sections[parts[i].trim()] = parts[i + 1].trim();
	return sections;
}

/** A relative link of `docs/<page>.md` as seen from the package's README. */
function linkFromDocs(target, { web, examples }) {
	if (/^[a-z]+:|^#/.test(target)) return target;
	const [file, anchor] = target.split('#');
	const example = /^\.\.\/examples\/([^/]+\.json)$/.exec(file);
	if (example && examples.includes(example[1])) return `examples/${example[1]}`;
	const parts = [];
	for (const part of `docs/${file}`.split('/')) {
		if (part === '..') parts.pop();
		else if (part !== '.') parts.push(part);
	}
	const kind = /\.(png|svg|jpe?g|gif)$/.test(file) ? 'raw' : 'blob';
	return `${web}/${kind}/main/${parts.join('/')}${anchor ? `#${anchor}` : ''}`;
}

function relink(text, context) {
	return text.replace(/\]\(([^)\s]+)\)/g, (_, target) => `](${linkFromDocs(target, context)})`);
}

/** Demotes headings by one level, so a page's `##` sections sit under the README's `##`. */
function demote(text) {
	return text.replace(/^(#{2,5}) /gm, '#$1 ');
}

/** @param {object} provider an entry of PROVIDERS @param {object} combined the combined package.json @param {string} page its reference page's text */
function readmeFor(provider, combined, page) {
	const web = repositoryWeb(combined);
	const context = { web, examples: provider.examples };
	const sections = sectionsOf(page);
	for (const title of ['Connect your account', 'Reference', 'Example']) {
		if (!sections[title]) throw new Error(`${provider.doc} has no "## ${title}" section`);
	}
	const name = provider.packageName;
	const tarball = `${name}-${combined.version}.tgz`;
	const lines = [
		`# ${name}`,
		'',
		`This is an n8n community node. It lets you update customer records in ${provider.title} from your n8n workflows:`,
		'one node, **' + provider.title + '**, with every documented field of its "update customer" call, the',
		"provider's rules checked before anything is sent, and one normalized output per input item. It also works",
		"as a tool of n8n's AI Agent.",
		'',
		'[n8n](https://n8n.io/) is a [fair-code licensed](https://docs.n8n.io/sustainable-use-license/) workflow automation platform.',
		'',
		'[Installation](#installation) · [Operations](#operations) · [Credentials](#credentials) · [Compatibility](#compatibility) ·',
		'[Usage](#usage) · [Resources](#resources) · [Version history](#version-history)',
		'',
		'## Installation',
		'',
		'Follow the [installation guide](https://docs.n8n.io/integrations/community-nodes/installation/) in the n8n',
		`community nodes documentation: in **Settings → Community Nodes → Install**, enter \`${name}\`.`,
		'',
		"Self-hosted n8n from a tarball: install it into the user folder's `nodes` directory and restart n8n:",
		'',
		'```sh',
		'mkdir -p ~/.n8n/nodes && cd ~/.n8n/nodes && [ -f package.json ] || npm init -y',
		`npm install --omit=peer --legacy-peer-deps /path/to/${tarball}`,
		'```',
		'',
		`The same node also ships in [n8n-nodes-customer-update](${web}#readme), which holds all four providers of`,
		`this repository. Workflows name the package they were built with (\`${name}.${provider.nodeName}\` here); the`,
		`credential type (\`${provider.credentialName}\`) is the same in both: [which package to install](${web}/blob/main/docs/packages.md).`,
		'',
		'## Operations',
		'',
		`**Update Customer**: ${provider.call}.`,
		'',
		'## Credentials',
		'',
		demote(relink(sections['Connect your account'], context)),
		'',
		'## Compatibility',
		'',
		`Minimum n8n version: **1.123**. Tested in real n8n 2.41.1 (Node.js 24), 2.8.4 (Node.js 20) and 1.123.81; no`,
		'runtime dependencies: everything the node uses is bundled, `n8n-workflow` comes from n8n.',
		`How it was tested: [compatibility](${web}/blob/main/docs/compatibility.md).`,
		'',
		'## Usage',
		'',
		demote(relink(sections.Reference, context)),
		'',
		'### Example',
		'',
		demote(relink(sections.Example, context)),
		'',
		`The output shape, errors, options and retries: [output](${web}/blob/main/docs/output.md).`,
		'',
		'## Resources',
		'',
		'- [n8n community nodes documentation](https://docs.n8n.io/integrations/#community-nodes)',
		...provider.resources.map((r) => `- ${provider.title}: ${r}`),
		`- [Source repository](${web})`,
		'',
		'## Version history',
		'',
		`See [CHANGELOG.md](${web}/blob/main/CHANGELOG.md); this package has the version of n8n-nodes-customer-update it was built with.`,
		'',
		'## License',
		'',
		'MIT',
		'',
	];
	return lines.join('\n');
}

module.exports = { readmeFor, sectionsOf, linkFromDocs };
