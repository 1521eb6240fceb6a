// File access for tests (TypeScript tests are linted with n8n's cloud rules, which forbid fs and __dirname).
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');

/** @param {string} relative @returns {string} */
function readText(relative) {
	return fs.readFileSync(path.join(ROOT, relative), 'utf8');
}

module.exports = { ROOT, readText };

/** Paths `npm pack` would publish, read from `npm pack --dry-run --json`. @returns {string[]} */
function packedFiles() {
	const { execFileSync } = require('child_process');
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	return JSON.parse(out)[0].files.map((f) => f.path).sort();
}

module.exports.packedFiles = packedFiles;

/** Whether a path exists under the repository root. @param {string} relative @returns {boolean} */
function exists(relative) {
	return fs.existsSync(path.join(ROOT, relative));
}

/** Size in bytes of a file under the repository root. @param {string} relative @returns {number} */
function sizeOf(relative) {
	return fs.statSync(path.join(ROOT, relative)).size;
}

module.exports.exists = exists;
module.exports.sizeOf = sizeOf;

/** Writes a text file under the repository root. @param {string} relative @param {string} text */
function writeText(relative, text) {
	fs.writeFileSync(path.join(ROOT, relative), text);
}

module.exports.writeText = writeText;

/** Names of the files in a folder under the repository root. @param {string} relative @returns {string[]} */
function listFiles(relative) {
	return fs.readdirSync(path.join(ROOT, relative)).sort();
}

module.exports.listFiles = listFiles;

/** A bare `npm pack` in the repository, as a user would type it. @returns {{ status: number | null, output: string }} */
function barePack() {
	const { spawnSync } = require('child_process');
	const result = spawnSync('npm', ['pack'], { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

module.exports.barePack = barePack;

/**
 * Every name a bundle reads from `n8n-workflow` at run time. esbuild binds each `require("n8n-workflow")`
 * to a variable and reads members off it; a binding used any other way (passed along, indexed) is returned
 * in `opaque`, since its member names cannot be listed.
 * @param {string} text the bundle's source @param {string} file its name in messages
 * @returns {{ names: Map<string, string[]>, opaque: string[] }}
 */
function n8nWorkflowImportsOf(text, file) {
	const names = new Map();
	const opaque = [];
	const bindings = [...text.matchAll(/\b(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:__toESM\()?require\(["']n8n-workflow["']\)/g)].map((m) => m[1]);
	const requires = (text.match(/require\(["']n8n-workflow["']\)/g) ?? []).length;
	if (requires !== bindings.length) opaque.push(`${file}: a require("n8n-workflow") not bound to a variable`);
	for (const binding of bindings) {
		const escaped = binding.replace(/\$/g, '\\$');
		for (const use of text.matchAll(new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])(\\.[A-Za-z_$][\\w$]*)?`, 'g'))) {
			if (use[1]) names.set(use[1].slice(1), [file]);
			else if (!/(?:var|let|const)\s+$/.test(text.slice(Math.max(0, use.index - 6), use.index))) {
				opaque.push(`${file}: ${binding} used without a member name`);
			}
		}
	}
	return { names, opaque };
}

/**
 * What every bundle under `dist/` reads from `n8n-workflow` at run time: each name with the files that
 * read it. @returns {{ files: number, names: Map<string, string[]>, opaque: string[] }}
 */
function n8nWorkflowImports() {
	const names = new Map();
	const opaque = [];
	let files = 0;
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.js')) {
				files += 1;
				const relative = path.relative(ROOT, full);
				const found = n8nWorkflowImportsOf(fs.readFileSync(full, 'utf8'), relative);
				for (const [name] of found.names) names.set(name, [...(names.get(name) ?? []), relative]);
				opaque.push(...found.opaque);
			}
		}
	};
	if (fs.existsSync(path.join(ROOT, 'dist'))) walk(path.join(ROOT, 'dist'));
	return { files, names, opaque };
}

module.exports.n8nWorkflowImportsOf = n8nWorkflowImportsOf;
module.exports.n8nWorkflowImports = n8nWorkflowImports;

/** Every file under a folder, as paths relative to it, sorted. @param {string} dir absolute @returns {string[]} */
function filesUnder(dir) {
	return fs
		.readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)))
		.sort();
}

/** Every file under a folder of the repository, as repository-relative paths. @param {string} relative @returns {string[]} */
function listFilesDeep(relative) {
	return filesUnder(path.join(ROOT, relative)).map((file) => path.join(relative, file));
}

module.exports.filesUnder = filesUnder;
module.exports.listFilesDeep = listFilesDeep;
