import { createHmac, createSecretKey, type KeyObject } from 'crypto';

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

// A run signs every item with the same key: its key object is made once.
let lastKey: { apiKey: string; key: KeyObject } | undefined;

function keyFor(apiKey: string): KeyObject {
	if (lastKey?.apiKey !== apiKey)
		lastKey = { apiKey, key: createSecretKey(Buffer.from(apiKey, 'utf8')) };
	return lastKey.key;
}

/** HMAC-SHA256 over the string to sign, raw digest, Base64, then URL-encoded. */
export function tourCmsSignature(input: TourCmsSigningInput): string {
	const digest = createHmac('sha256', keyFor(input.apiKey))
		.update(stringToSign(input), 'utf8')
		.digest('base64');
	return rawUrlEncode(digest);
}

// Requests signed within the same second share their date header.
let lastDate = { time: Number.NaN, text: '' };

function httpDate(time: number): string {
	if (lastDate.time !== time) lastDate = { time, text: new Date(time * 1000).toUTCString() };
	return lastDate.text;
}

export function tourCmsHeaders(input: TourCmsSigningInput): Record<string, string> {
	return {
		Authorization: `TourCMS ${input.channelId}:${input.marketplaceId}:${tourCmsSignature(input)}`,
		'x-tourcms-date': httpDate(input.time),
	};
}
