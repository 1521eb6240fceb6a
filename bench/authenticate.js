'use strict';
// A credential's authentication as n8n applies it: its own authenticate() function, or a generic
// `={{$credentials.x}}` template placed into the request.

function resolveGeneric(auth, credentials, options) {
	const resolve = (v) =>
		typeof v === 'string' && v.startsWith('=')
			? v.slice(1).replace(/\{\{\s*\$credentials\??\.(\w+)\s*\}\}/g, (_, k) => String(credentials[k] ?? ''))
			: v;
	const out = { ...options };
	for (const [outer, kv] of Object.entries(auth.properties)) {
		out[outer] = { ...(out[outer] ?? {}) };
		for (const [k, v] of Object.entries(kv)) out[outer][resolve(k)] = resolve(v);
	}
	return out;
}

async function authenticate(auth, credentials, options) {
	if (typeof auth === 'function') return await auth(credentials, options);
	if (auth && auth.type === 'generic') return resolveGeneric(auth, credentials, options);
	return options;
}

/** Signs request options with a credential type instance, as n8n does before sending. */
function signerFor(credential, credentials) {
	const auth = typeof credential.authenticate === 'function' ? credential.authenticate.bind(credential) : credential.authenticate;
	return (options) => authenticate(auth, credentials, options);
}

module.exports = { authenticate, signerFor };
