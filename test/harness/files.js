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
