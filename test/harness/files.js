// File access for tests (TypeScript tests are linted with n8n's cloud rules, which forbid fs and __dirname).
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');

/** @param {string} relative @returns {string} */
function readText(relative) {
	return fs.readFileSync(path.join(ROOT, relative), 'utf8');
}

module.exports = { ROOT, readText };
