// Runs n8n's community package scanner (`analyzePackage`, the analysis `npx @n8n/scan-community-package`
// applies to a published tarball) on unpacked package folders:
//   node analyze.mjs <scanner host folder> <package folder>...
// Prints one JSON line per folder: { dir, passed, message, details }. The provenance and source legs of
// the scanner need a published version, so they run at verification time (docs/release.md), not here.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [host, ...dirs] = process.argv.slice(2);
const scanner = pathToFileURL(path.join(host, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs'));
const { analyzePackage } = await import(scanner.href);
for (const dir of dirs) {
	// The patterns the scanner applies to a downloaded tarball, and its default (every .js, .ts and .json).
	const tarballLeg = await analyzePackage(dir, ['**/*.js', 'package.json']);
	const everything = await analyzePackage(dir);
	const failed = [tarballLeg, everything].find((r) => !r.passed);
	process.stdout.write(`${JSON.stringify({ dir, passed: !failed, message: failed?.message, details: failed?.details })}\n`);
}
