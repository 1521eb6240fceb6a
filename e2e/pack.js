'use strict';
// `npm run pack`: the one command that makes an installable tarball (build first, then pack and check it).
const path = require('path');

const { ROOT } = require('./lib/host');
const { PACKAGE_NAME, packPackage } = require('./lib/package');

const dest = path.resolve(process.argv[2] ?? ROOT);
try {
	const tarball = packPackage(dest);
	const shown = path.relative(process.cwd(), tarball) || tarball;
	console.log(`Packed ${shown}: every node and credential of ${PACKAGE_NAME} is in it.`);
	console.log('Install it into n8n, then restart n8n (README.md, Installation, has the Docker variant):');
	console.log(`  cd ~/.n8n/nodes && npm install --omit=peer --legacy-peer-deps ${tarball}`);
} catch (error) {
	console.error(`npm run pack: ${error.message}`);
	process.exitCode = 1;
}
