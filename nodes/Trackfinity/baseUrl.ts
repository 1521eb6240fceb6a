import { InputError } from '../shared/errors';

/**
 * The install's address without a trailing `/` or `/api`, which users often type because the
 * documentation shows `https://domain/api/...`. The credential's Test request repeats these steps
 * as an expression, so both reach the same URL.
 */
export function trackfinityBaseUrl(raw: unknown): string {
	const typed = typeof raw === 'string' ? raw.trim() : '';
	const base = typed.replace(/\/+$/, '').replace(/\/api$/i, '').replace(/\/+$/, '');
	let url: URL | undefined;
	try {
		url = new URL(base);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
		throw new InputError(
			`the credential's Base URL must be the http:// or https:// address of your Trackfinity install, e.g. https://track.example.com; got "${typed}"`,
		);
	}
	if (url.search || url.hash || /[?#]/.test(base)) {
		throw new InputError(
			`the credential's Base URL must not contain "?" or "#": enter only the install's address, e.g. https://track.example.com; got "${typed}"`,
		);
	}
	return base;
}

/** The same steps as trackfinityBaseUrl, as an n8n expression over the credential. */
export const BASE_URL_EXPRESSION =
	'={{$credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/api$/i, "").replace(/\\/+$/, "")}}';
