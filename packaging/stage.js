'use strict';
// Writes each provider's package into a staging folder (git-ignored, rebuilt every time) from the combined
// build: its bundled node, codex file, credential and icons from dist/, its package.json (the one
// committed in packages/<id>/, checked against packaging/manifest.js), a generated README, the LICENSE,
// and its example workflows naming the package.
const fs = require('fs');
const path = require('path');

const { retargetCodex, retargetWorkflow } = require('./examples');
const { checkCommittedManifest, manifestText } = require('./manifest');
const { PROVIDERS, loadedFiles } = require('./providers');
const { readmeFor } = require('./readme');

const ROOT = path.resolve(__dirname, '..');
const STAGING = path.join(ROOT, 'test-output', 'packages');

function readJson(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function writeFile(dir, relative, text) {
	fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
	fs.writeFileSync(path.join(dir, relative), text);
}

function copyFile(dir, relative) {
	const from = path.join(ROOT, relative);
	if (!fs.existsSync(from)) throw new Error(`${relative} is missing: build first (\`npm run pack\` does)`);
	fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
	fs.copyFileSync(from, path.join(dir, relative));
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/** Stages one provider's package into `<root>/<package name>/`; returns that folder. */
function stageProvider(provider, root = STAGING) {
	const combined = readJson(path.join(ROOT, 'package.json'));
	checkCommittedManifest(provider, combined);
	const dir = path.join(root, provider.packageName);
	fs.rmSync(dir, { recursive: true, force: true });
	const files = loadedFiles(provider);
	for (const file of [files.node, files.credential, ...files.icons]) copyFile(dir, file);
	writeFile(dir, files.codex, json(retargetCodex(readJson(path.join(ROOT, files.codex)), provider.packageName)));
	for (const example of provider.examples) {
		const workflow = readJson(path.join(ROOT, 'examples', example));
		writeFile(dir, `examples/${example}`, json(retargetWorkflow(workflow, provider.packageName)));
	}
	writeFile(dir, 'package.json', manifestText(provider, combined));
	writeFile(dir, 'README.md', readmeFor(provider, combined, fs.readFileSync(path.join(ROOT, provider.doc), 'utf8')));
	copyFile(dir, 'LICENSE.md');
	return dir;
}

/** Stages every provider's package; returns `{ packageName: folder }`. */
function stageAll(root = STAGING) {
	return Object.fromEntries(PROVIDERS.map((p) => [p.packageName, stageProvider(p, root)]));
}

module.exports = { ROOT, STAGING, stageProvider, stageAll };
