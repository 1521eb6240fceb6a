'use strict';
// `npm run pack`: the one command that makes the installable tarballs (build first, then pack and check):
// the combined package with every provider, and one package per provider (packaging/), which n8n can verify.
const path = require('path');

const { ROOT } = require('./lib/host');
const { PACKAGE_NAME, packPackage } = require('./lib/package');
const { packProviders } = require('../packaging/pack');

const dest = path.resolve(process.argv[2] ?? ROOT);
try {
	const tarball = packPackage(dest);
	const shown = (file) => path.relative(process.cwd(), file) || file;
	console.log(`Packed ${shown(tarball)}: every node and credential of ${PACKAGE_NAME} is in it.`);
	for (const [name, packed] of Object.entries(packProviders(dest))) {
		console.log(`Packed ${shown(packed.tarball)}: ${name}, its node and credential only (${packed.files.length} files).`);
	}
	console.log('Install one into n8n, then restart n8n (README.md, Installation, has the Docker variant):');
	console.log(`  cd ~/.n8n/nodes && npm install --omit=peer --legacy-peer-deps ${tarball}`);
} catch (error) {
	console.error(`npm run pack: ${error.message}`);
	process.exitCode = 1;
}
