import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { tourCmsHeaders } from './signature';

/** Header a node sets to sign for another channel than the credential's; consumed here, never sent. */
export const SIGN_CHANNEL_HEADER = 'x-n8n-tourcms-channel';

// A node signs the same URL for every item: the last path read without a query is kept.
let lastPlainPath: { url: string; baseURL: string | undefined; path: string } | undefined;

function pathWithQuery(options: IHttpRequestOptions): string {
	const qs = options.qs ?? {};
	let hasQuery = false;
	for (const key in qs) {
		if (qs[key] !== undefined && qs[key] !== null) hasQuery = true;
	}
	if (
		!hasQuery &&
		lastPlainPath?.url === options.url &&
		lastPlainPath.baseURL === options.baseURL
	) {
		return lastPlainPath.path;
	}
	const url = new URL(options.url, options.baseURL || 'http://placeholder.invalid');
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null) continue;
		url.searchParams.append(key, String(value));
	}
	const path = url.pathname + url.search;
	if (!hasQuery) lastPlainPath = { url: options.url, baseURL: options.baseURL, path };
	return path;
}

/** The request signed as the TourCMS API credential signs it: the credential's `authenticate`, and Preview Request. */
export function authenticateTourCms(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const headers: Record<string, string> = {};
	let channelId = String(credentials.channelId ?? 0);
	const given = (requestOptions.headers ?? {}) as Record<string, string>;
	for (const name in given) {
		if (name.length === SIGN_CHANNEL_HEADER.length && name.toLowerCase() === SIGN_CHANNEL_HEADER) {
			channelId = String(given[name]);
		} else {
			headers[name] = given[name];
		}
	}
	const signed = tourCmsHeaders({
		channelId,
		marketplaceId: String(credentials.marketplaceId ?? 0),
		verb: (requestOptions.method ?? 'GET').toUpperCase(),
		time: Math.floor(Date.now() / 1000),
		path: pathWithQuery(requestOptions),
		apiKey: String(credentials.apiKey ?? ''),
	});
	return { ...requestOptions, headers: Object.assign(headers, signed) };
}
