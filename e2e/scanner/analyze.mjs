// Runs n8n's community package scanner (@n8n/scan-community-package, scanner/scanner.mjs) without the
// registry. Two legs, as `npx @n8n/scan-community-package <name>@<version>` runs them on a published version:
//
//   node analyze.mjs <scanner host folder> <package folder>...
//     the tarball leg: `analyzePackage` on unpacked package folders, with the patterns the scanner applies to
//     a downloaded tarball, and with its default (every .js, .ts and .json).
//   node analyze.mjs <scanner host folder> --source <source tree> <package name>...
//     the source leg: in a source tree as GitHub's codeload tarball of the attested commit gives it, the
//     scanner's own `findPackageRoot` finds the folder whose package.json has the package's name, and
//     `analyzePackage(root, SOURCE_FILE_PATTERNS)` lints it (inline eslint-disable comments ignored).
//
// Prints one JSON line per folder or name: { dir | name, root, files, passed, message, details }. Only the
// provenance check itself, and the download of the attested commit, need the published version.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [host, ...rest] = process.argv.slice(2);
const scanner = pathToFileURL(path.join(host, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs'));
const { analyzePackage, findPackageRoot, SOURCE_FILE_PATTERNS } = await import(scanner.href);

// The files `analyzePackage` hands to ESLint, found by the same call it makes (fast-glob from the scanner's
// own dependencies, same patterns and ignores), so a caller can tell a lint of real sources from one that
// found nothing but package.json.
const glob = createRequire(scanner).resolve('fast-glob');
const filesToLint = async (dir, patterns) =>
	(await import(pathToFileURL(glob).href)).default
		.sync(patterns, { cwd: dir, ignore: ['node_modules/**', '**/package-lock.json'] })
		.sort();

const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

if (rest[0] === '--source') {
	const [, sourceDir, ...names] = rest;
	for (const name of names) {
		const root = findPackageRoot(sourceDir, name);
		if (!root) {
			// The scanner's own words for this case (analyzePackageByName), so a failure reads as it would there.
			print({ name, root, passed: false, message: 'Could not fetch the source repository recorded in the package\'s npm provenance (unsupported or unlocatable source repository).' });
			continue;
		}
		const result = await analyzePackage(root, SOURCE_FILE_PATTERNS);
		const files = await filesToLint(root, SOURCE_FILE_PATTERNS);
		print({ name, root: path.relative(sourceDir, root) || '.', files, passed: result.passed, message: result.message, details: result.details });
	}
} else {
	for (const dir of rest) {
		const tarballLeg = await analyzePackage(dir, ['**/*.js', 'package.json']);
		const everything = await analyzePackage(dir);
		const failed = [tarballLeg, everything].find((r) => !r.passed);
		print({ dir, passed: !failed, message: failed?.message, details: failed?.details });
	}
}
