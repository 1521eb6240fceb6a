import { checkedBaseUrl, type BaseUrlRules } from '../shared/input/baseUrl';

const RULES: BaseUrlRules = {
	stripSuffix: /\/api$/i,
	what: 'the http:// or https:// address of your Trackfinity install',
	queryHint: ": enter only the install's address",
	example: 'https://track.example.com',
};

/**
 * The install's address without a trailing `/` or `/api`, which users often type because the
 * documentation shows `https://domain/api/...`. The credential's Test request repeats these steps
 * as an expression, so both reach the same URL.
 */
export function trackfinityBaseUrl(raw: unknown): string {
	return checkedBaseUrl(raw, RULES);
}

/** The same steps as trackfinityBaseUrl, as an n8n expression over the credential. */
export const BASE_URL_EXPRESSION =
	'={{$credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/api$/i, "").replace(/\\/+$/, "")}}';
