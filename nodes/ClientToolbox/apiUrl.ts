import { InputError } from '../shared/output/errors';

export const DEFAULT_API_URL = 'https://api.clienttoolbox.com';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The credential's API URL, checked: every call goes to this one URL, the main host or a control-panel
 * domain's `https://<host>/api.php`. Client Toolbox requires HTTPS; plain http is accepted only for a
 * server on this machine (a local test server), so credentials never cross a network unencrypted.
 */
export function clientToolboxApiUrl(raw: unknown): string {
	const typed = typeof raw === 'string' ? raw.trim() : '';
	const value = typed || DEFAULT_API_URL;
	let url: URL | undefined;
	try {
		url = new URL(value);
	} catch {
		url = undefined;
	}
	const example = `e.g. ${DEFAULT_API_URL} or https://your.domain.com/api.php`;
	if (!url || !url.hostname || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw new InputError(
			`the credential's API URL must be an https:// address, ${example}; got "${typed}"`,
		);
	}
	if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
		throw new InputError(
			`the credential's API URL must use https:// (Client Toolbox requires HTTPS), ${example}; got "${typed}"`,
		);
	}
	if (url.search || url.hash || /[?#]/.test(value)) {
		throw new InputError(
			`the credential's API URL must not contain "?" or "#", ${example}; got "${typed}"`,
		);
	}
	if (/\/admin\.php$/i.test(url.pathname)) {
		throw new InputError(
			`the credential's API URL points at the control panel (admin.php): use the same address with api.php instead, e.g. https://${url.host}/api.php`,
		);
	}
	return value.replace(/\/+$/, '');
}

/** The API URL as the credential Test request reaches it (the same default and trailing-slash rule). */
export const API_URL_EXPRESSION = `={{($credentials.apiUrl || "${DEFAULT_API_URL}").trim().replace(/\\/+$/, "")}}`;
