'use strict';
// The n8n credentials that reach the sandbox emulators. The example workflows reference them by these ids
// and names, so the playground and the end-to-end tests import exactly these.
const { EMULATORS } = require('../../sandbox');

/** `tourCmsApi` -> `sbxTourCmsApi` (n8n ids are at most 21 characters here). */
function credentialId(type) {
	return `sbx${type[0].toUpperCase()}${type.slice(1)}`.slice(0, 21);
}

/** Id and name of the sandbox credential of each credential type, e.g. `{ tourCmsApi: { id, name } }`. */
function sandboxCredentialRefs() {
	const refs = {};
	for (const def of Object.values(EMULATORS)) {
		for (const type of Object.keys(def.credentials('http://127.0.0.1:1'))) {
			refs[type] = { id: credentialId(type), name: `${def.title} Sandbox` };
		}
	}
	return refs;
}

/** n8n `import:credentials` fixtures for a running sandbox (`startSandbox()`), or for `overrides` per type. */
function sandboxCredentials(sandbox, overrides = {}) {
	const refs = sandboxCredentialRefs();
	return Object.entries(sandbox.credentials()).map(([type, data]) => ({
		...refs[type],
		type,
		data: { ...data, ...(overrides[type] ?? {}) },
	}));
}

module.exports = { credentialId, sandboxCredentialRefs, sandboxCredentials };
