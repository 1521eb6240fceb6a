import { InputError } from '../shared/errors';

export const DEFAULT_BASE_URL = 'https://api.intrepidgroup.travel';

/** The credential's Base URL without trailing slashes; empty means Intrepid's documented host. */
export function intrepidBaseUrl(raw: unknown): string {
	const typed = typeof raw === 'string' ? raw.trim() : '';
	const base = (typed || DEFAULT_BASE_URL).replace(/\/+$/, '');
	let url: URL | undefined;
	try {
		url = new URL(base);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
		throw new InputError(
			`the credential's Base URL must be an http:// or https:// address, e.g. ${DEFAULT_BASE_URL}; got "${typed}"`,
		);
	}
	if (url.search || url.hash || /[?#]/.test(base)) {
		throw new InputError(`the credential's Base URL must not contain "?" or "#", e.g. ${DEFAULT_BASE_URL}; got "${typed}"`);
	}
	return base;
}

/** The same steps as intrepidBaseUrl, as an n8n expression over the credential (for the Test request). */
export const BASE_URL_EXPRESSION = `={{($credentials.baseUrl || "${DEFAULT_BASE_URL}").trim().replace(/\\/+$/, "")}}`;
