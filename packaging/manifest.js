'use strict';
// package.json of a provider's package: the combined package's identity (version, author, repository,
// license) with only that provider's node and credential, and nothing that would run or install at
// install time (no scripts, no dependencies, no overrides).
const { loadedFiles } = require('./providers');

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
		peerDependencies: { 'n8n-workflow': '*' },
	};
}

/** `git+https://github.com/o/r.git` → `https://github.com/o/r`. */
function repositoryWeb(combined) {
	return combined.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
}

module.exports = { manifestFor, repositoryWeb };
