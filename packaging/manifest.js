'use strict';
// package.json of a provider's package: the combined package's identity (version, author, repository,
// license) with only that provider's node and credential, and nothing that would run or install at
// install time (no scripts, no dependencies, no overrides).
//
// It is also committed, as packages/<id>/package.json: n8n's verification scan finds a package's source in
// the commit its provenance names by that file's `name`, and lints that folder (docs/release.md). This
// module stays the one place the manifest is made; the committed copy is its output (`node
// packaging/manifest.js` rewrites them all), and `npm run pack` refuses to pack a manifest that differs from
// the committed one, so the scanned source always names what is published.
const fs = require('fs');
const path = require('path');

const { PROVIDERS, loadedFiles } = require('./providers');

const ROOT = path.resolve(__dirname, '..');

/**
 * Packages the node sources import that esbuild bundles into the node: build-time dependencies. The
 * scanner's no-restricted-imports rule accepts a bare import in a source file only when the nearest
 * package.json lists it in devDependencies, and each provider's folder lints the shared engine too.
 * npm never installs a package's devDependencies when it is installed as a dependency.
 */
const BUNDLED = ['fast-xml-parser'];

/** @param {object} provider an entry of PROVIDERS @param {object} combined the combined package.json */
function manifestFor(provider, combined) {
	const files = loadedFiles(provider);
	return {
		name: provider.packageName,
		version: combined.version,
		description: `n8n community node that updates customer records in ${provider.title}`,
		license: combined.license,
		homepage: `${repositoryWeb(combined)}/blob/main/${provider.doc}`,
		keywords: ['n8n-community-node-package', 'n8n', ...provider.keywords, 'customer'],
		author: combined.author,
		repository: combined.repository,
		files: ['dist', 'examples'],
		n8n: {
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: [files.credential],
			nodes: [files.node],
		},
		devDependencies: Object.fromEntries(BUNDLED.map((name) => [name, combined.devDependencies[name]])),
		peerDependencies: { 'n8n-workflow': '*' },
	};
}

/** `git+https://github.com/o/r.git` → `https://github.com/o/r`. */
function repositoryWeb(combined) {
	return combined.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
}

/** The committed source folder of a provider's package, relative to the repository. */
const sourceFolder = (provider) => `packages/${provider.id}`;

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/** The manifest text of a provider's package, as committed and as packed. */
function manifestText(provider, combined = readCombined()) {
	return json(manifestFor(provider, combined));
}

function readCombined() {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
}

/** Throws unless the committed packages/<id>/package.json is what manifestFor makes now. */
function checkCommittedManifest(provider, combined = readCombined()) {
	const file = path.join(ROOT, sourceFolder(provider), 'package.json');
	const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(missing)';
	if (committed !== manifestText(provider, combined)) {
		throw new Error(`${sourceFolder(provider)}/package.json is not the manifest packaging/manifest.js makes: run \`node packaging/manifest.js\` and commit it`);
	}
}

if (require.main === module) {
	for (const provider of PROVIDERS) {
		fs.writeFileSync(path.join(ROOT, sourceFolder(provider), 'package.json'), manifestText(provider));
		process.stdout.write(`wrote ${sourceFolder(provider)}/package.json\n`);
	}
}

module.exports = { BUNDLED, manifestFor, manifestText, checkCommittedManifest, repositoryWeb, sourceFolder };
