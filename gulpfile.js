// Build: type-check, bundle each node and credential (runtime libraries included, n8n-workflow left to n8n), copy icons and codex files.
const { series, src, dest } = require('gulp');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = __dirname;
const dist = path.join(root, 'dist');
const pkg = require('./package.json');

function clean(done) {
	fs.rmSync(dist, { recursive: true, force: true });
	done();
}

function typecheck(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
		cwd: root,
		stdio: 'inherit',
	});
	done();
}

async function bundle() {
	const esbuild = require('esbuild');
	const entryPoints = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((out) =>
		path.join(root, out.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
	);
	await esbuild.build({
		entryPoints,
		outbase: root,
		outdir: dist,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		external: ['n8n-workflow'],
		legalComments: 'inline',
		logLevel: 'warning',
	});
}

function assets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json', 'icons/*.svg', 'credentials/**/*.svg'], {
		base: root,
		encoding: false,
	}).pipe(dest(dist));
}

exports.build = series(clean, typecheck, bundle, assets);
exports.bundle = series(clean, bundle, assets);
exports.default = exports.build;
