// Function sizes for tests: TypeScript tests may not read files (n8n's lint rules), so the parsing lives here.
const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const { ROOT } = require('./files');

/** @param {string} relative @returns {string[]} repository-relative paths of the .ts files below it */
function tsFilesUnder(relative) {
	return fs
		.readdirSync(path.join(ROOT, relative), { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
		.map((entry) => path.relative(ROOT, path.join(entry.parentPath ?? entry.path, entry.name)))
		.sort();
}

/** A readable name for a function node: its own name, the variable, property or method it is bound to. */
function nameOf(node, source) {
	if (node.name) return node.name.getText(source);
	const parent = node.parent;
	if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) {
		return parent.name.getText(source);
	}
	if (ts.isConstructorDeclaration(node)) return 'constructor';
	const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
	return `(anonymous at line ${line + 1})`;
}

/**
 * Every function, method, accessor and arrow in a file with its parameter count and the lines it spans,
 * from its first line to its last.
 * @param {string} relative @returns {{ file: string, name: string, parameters: number, lines: number }[]}
 */
function functionsIn(relative) {
	const text = fs.readFileSync(path.join(ROOT, relative), 'utf8');
	const source = ts.createSourceFile(relative, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const found = [];
	const visit = (node) => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
			const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			const parameters = node.parameters.filter((p) => p.name.getText(source) !== 'this').length;
			found.push({ file: relative, name: nameOf(node, source), parameters, lines: last - first + 1 });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

/** Every function under the given folders. @param {string[]} folders @returns {ReturnType<typeof functionsIn>} */
function functionsUnder(folders) {
	return folders.flatMap((folder) => tsFilesUnder(folder).flatMap(functionsIn));
}

module.exports = { functionsUnder };
