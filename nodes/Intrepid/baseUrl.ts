import { checkedBaseUrl, type BaseUrlRules } from '../shared/input/baseUrl';

export const DEFAULT_BASE_URL = 'https://api.intrepidgroup.travel';

const RULES: BaseUrlRules = {
	fallback: DEFAULT_BASE_URL,
	what: 'an http:// or https:// address',
	example: DEFAULT_BASE_URL,
};

/** The credential's Base URL without trailing slashes; empty means Intrepid's documented host. */
export function intrepidBaseUrl(raw: unknown): string {
	return checkedBaseUrl(raw, RULES);
}

/** The same steps as intrepidBaseUrl, as an n8n expression over the credential (for the Test request). */
export const BASE_URL_EXPRESSION = `={{($credentials.baseUrl || "${DEFAULT_BASE_URL}").trim().replace(/\\/+$/, "")}}`;
