import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { tourCmsHeaders } from '../nodes/TourCms/signature';

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
	if (!hasQuery && lastPlainPath?.url === options.url && lastPlainPath.baseURL === options.baseURL) {
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

export class TourCmsApi implements ICredentialType {
	name = 'tourCmsApi';

	displayName = 'TourCMS API';

	icon: Icon = { light: 'file:../icons/tourcms.svg', dark: 'file:../icons/tourcms.dark.svg' };

	documentationUrl = 'https://www.tourcms.com/support/api/mp/connection.php';

	properties: INodeProperties[] = [
		{
			displayName: 'Marketplace ID',
			name: 'marketplaceId',
			type: 'number',
			default: 0,
			description:
				'0 for a tour operator. A travel agent enters the Marketplace account ID from the welcome email or the Agent Portal API settings.',
		},
		{
			displayName: 'Channel ID',
			name: 'channelId',
			type: 'number',
			default: 0,
			description:
				'The channel to sign for by default. Tour operators have one API key per channel; nodes can override the channel per item.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The private API key; it signs every request and is never sent itself',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.tourcms.com',
			description: 'Change only to point at a test server',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
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

	// A failed signature, key or clock answers with a FAIL_* error; n8n shows the HTTP status text.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/rate_limit_status.xml',
			method: 'GET',
		},
	};
}
