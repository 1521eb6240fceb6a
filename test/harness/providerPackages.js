// The per-provider packages as packaging/ stages them, for TypeScript tests (n8n's cloud lint rules forbid
// fs and require there). Staging copies files and writes JSON: no npm, so it takes well under a second.
const fs = require('fs');
const path = require('path');

const { PROVIDERS, loadedFiles } = require('../../packaging/providers');
const { ROOT, filesUnder } = require('./files');
const { expectedFiles } = require('../../packaging/pack');
const { stageProvider } = require('../../packaging/stage');

// One folder per jest worker: test files that stage at the same time must not remove each other's.
const STAGING = path.join(ROOT, 'test-output', 'packages-unit', String(process.pid));

/**
 * Stages each provider's package and reads it back: manifest, files, README, example workflows, and the
 * `description.name` of the node class and `name` of the credential class its files export.
 */
function stagedPackages() {
	fs.rmSync(STAGING, { recursive: true, force: true });
	return PROVIDERS.map((provider) => {
		const dir = stageProvider(provider, STAGING);
		const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
		const classOf = (file) => Object.values(require(path.join(dir, file))).find((v) => typeof v === 'function');
		const NodeClass = classOf(manifest.n8n.nodes[0]);
		const CredentialClass = classOf(manifest.n8n.credentials[0]);
		return {
			provider,
			loaded: loadedFiles(provider),
			expectedFiles: expectedFiles(provider),
			manifest,
			files: filesUnder(dir),
			readme: fs.readFileSync(path.join(dir, 'README.md'), 'utf8'),
			codex: JSON.parse(fs.readFileSync(path.join(dir, loadedFiles(provider).codex), 'utf8')),
			examples: provider.examples.map((e) => JSON.parse(fs.readFileSync(path.join(dir, 'examples', e), 'utf8'))),
			nodeName: new NodeClass().description.name,
			credentialName: new CredentialClass().name,
			nodeIcon: new NodeClass().description.icon,
		};
	});
}

/** Whether a path exists inside a staged package. @param {string} packageName @param {string} relative */
function existsInPackage(packageName, relative) {
	return fs.existsSync(path.join(STAGING, packageName, relative));
}

module.exports = { stagedPackages, existsInPackage };
