'use strict';
// Copies the screenshots README.md and docs/*.md show from the last browser run (test-output/screenshots/) into docs/images/.
// Usage: npm run docs:images   (runs the browser checks first)
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const FROM = path.join(ROOT, 'test-output', 'screenshots');
const TO = path.join(ROOT, 'docs', 'images');

// README links docs/images/x.png; the pages in docs/ link images/x.png.
const pages = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f))];
const text = pages.map((p) => fs.readFileSync(path.join(ROOT, p), 'utf8')).join('\n');
const wanted = [...new Set([...text.matchAll(/\((?:docs\/)?images\/([\w.-]+\.png)\)/g)].map((m) => m[1]))];
const missing = wanted.filter((f) => !fs.existsSync(path.join(FROM, f)));
if (missing.length) {
	process.stderr.write(`not in ${path.relative(ROOT, FROM)}: ${missing.join(', ')} (run npm run test:browser)\n`);
	process.exit(1);
}
fs.mkdirSync(TO, { recursive: true });
for (const f of wanted) fs.copyFileSync(path.join(FROM, f), path.join(TO, f));
for (const f of fs.readdirSync(TO)) {
	if (!wanted.includes(f)) fs.rmSync(path.join(TO, f));
}
process.stdout.write(`docs/images: ${wanted.join(', ')}\n`);
