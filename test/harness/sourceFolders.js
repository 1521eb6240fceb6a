// The committed source folder of each per-provider package (packages/<id>/), read back for TypeScript tests
// (n8n's cloud lint rules forbid fs and child_process there): what n8n's verification scan finds by the
// package name in the attested commit and lints (docs/release.md).
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { manifestText, sourceFolder } = require('../../packaging/manifest');
const { PROVIDERS } = require('../../packaging/providers');
const { ROOT } = require('./files');

/** Every entry under `dir` without following links: `{ path, kind: 'file' | 'link', target? }`, sorted. */
function entriesUnder(dir, base = dir) {
	const entries = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		const relative = path.relative(base, full);
		if (entry.isSymbolicLink()) entries.push({ path: relative, kind: 'link', target: fs.readlinkSync(full) });
		else if (entry.isDirectory()) entries.push(...entriesUnder(full, base));
		else entries.push({ path: relative, kind: 'file' });
	}
	return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `{ path: mode }` of the files git tracks under `dir` (120000: a symbolic link). */
function gitModes(dir) {
	const result = spawnSync('git', ['ls-files', '-s', '--', dir], { cwd: ROOT, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`git ls-files failed: ${result.stderr}`);
	return Object.fromEntries(
		result.stdout
			.trim()
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const [meta, file] = line.split('\t');
				return [path.relative(dir, file), meta.split(' ')[0]];
			}),
	);
}

const RELATIVE_IMPORT = /(?:from|import)\s+'(\.{1,2}\/[^']+)'/g;
const BARE_IMPORT = /(?:from|import)\s+'([^.'][^']*)'/g;
const ICON = /'file:([^']+)'/g;

/**
 * Follows the relative imports of `files` inside `folder` (relative to the repository) by their paths there (through its links, never their
 * targets), as a reader of that folder alone sees them. Returns the files reached, the imports and icon
 * paths that name nothing inside it, and the bare module names imported.
 */
function followImports(folder, files) {
	const dir = path.resolve(ROOT, folder);
	const reached = new Set();
	const missing = [];
	const bare = new Set();
	const queue = files.map((f) => path.join(dir, f));
	while (queue.length) {
		const file = queue.shift();
		if (reached.has(file)) continue;
		reached.add(file);
		const text = fs.readFileSync(file, 'utf8');
		for (const [, name] of text.matchAll(BARE_IMPORT)) bare.add(name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]);
		for (const [, target] of text.matchAll(RELATIVE_IMPORT)) {
			const base = path.resolve(path.dirname(file), target);
			const found = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => f.startsWith(dir + path.sep) && fs.existsSync(f));
			if (found) queue.push(found);
			else missing.push(`${path.relative(dir, file)}: ${target}`);
		}
		for (const [, icon] of text.matchAll(ICON)) {
			const resolved = path.resolve(path.dirname(file), icon);
			if (!resolved.startsWith(dir + path.sep) || !fs.existsSync(resolved)) missing.push(`${path.relative(dir, file)}: file:${icon}`);
		}
	}
	return { reached: [...reached].map((f) => path.relative(dir, f)).sort(), missing, bare: [...bare].sort() };
}

/** Each provider's committed source folder, read back. */
function sourceFolders() {
	return PROVIDERS.map((provider) => {
		const relative = sourceFolder(provider);
		const dir = path.join(ROOT, relative);
		const manifestFile = path.join(dir, 'package.json');
		const manifest = fs.existsSync(manifestFile) ? fs.readFileSync(manifestFile, 'utf8') : null;
		return {
			provider,
			folder: relative,
			manifest,
			expectedManifest: manifestText(provider),
			entries: fs.existsSync(dir) ? entriesUnder(dir) : [],
			gitModes: gitModes(relative),
			imports: followImports(relative, [
				`nodes/${provider.nodeClass}/${provider.nodeClass}.node.ts`,
				`credentials/${provider.credentialClass}.credentials.ts`,
			]),
		};
	});
}

module.exports = { sourceFolders, followImports };
