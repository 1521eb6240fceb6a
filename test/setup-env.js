// n8n-core writes its config below N8N_USER_FOLDER and needs an encryption key; keep both out of $HOME.
const fs = require('fs');
const os = require('os');
const path = require('path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-test-'));
}
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
require('reflect-metadata');
