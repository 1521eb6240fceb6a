import { createHmac } from 'crypto';

export interface TourCmsSigningInput {
	channelId: string | number;
	marketplaceId: string | number;
	verb: string;
	/** Unix time in seconds: the same moment as the x-tourcms-date header. */
	time: number;
	/** Endpoint path including any query string, e.g. `/c/customer/update.xml`. */
	path: string;
	apiKey: string;
}

/** PHP rawurlencode, which the official wrappers use: encodeURIComponent plus ! ' ( ) *. */
export function rawUrlEncode(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

export function stringToSign(input: Omit<TourCmsSigningInput, 'apiKey'>): string {
	// No slash between the time and the path: the path already starts with one.
	return `${input.channelId}/${input.marketplaceId}/${input.verb.toUpperCase()}/${input.time}${input.path}`;
}

/** HMAC-SHA256 over the string to sign, raw digest, Base64, then URL-encoded. */
export function tourCmsSignature(input: TourCmsSigningInput): string {
	const digest = createHmac('sha256', input.apiKey).update(stringToSign(input), 'utf8').digest('base64');
	return rawUrlEncode(digest);
}

export function tourCmsHeaders(input: TourCmsSigningInput): Record<string, string> {
	return {
		Authorization: `TourCMS ${input.channelId}:${input.marketplaceId}:${tourCmsSignature(input)}`,
		'x-tourcms-date': new Date(input.time * 1000).toUTCString(),
	};
}
