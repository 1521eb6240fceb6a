import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

import type { PreparedRequest } from '../shared/engine/types';
import { stringToSign } from './signature';

/**
 * The string the Authorization header signs, rebuilt from the request as signed (its x-tourcms-date),
 * so a FAIL_SIG can be compared against TourCMS's documentation without the key.
 */
export function signedStringOf(
	signed: IHttpRequestOptions,
	prepared: PreparedRequest,
	credentials: ICredentialDataDecryptedObject,
): IDataObject {
	const headers = (signed.headers ?? {}) as IDataObject;
	const time = Math.floor(Date.parse(String(headers['x-tourcms-date'])) / 1000);
	const url = new URL(signed.url);
	return {
		stringToSign: stringToSign({
			channelId: String(prepared.context.channelId),
			marketplaceId: String(credentials.marketplaceId ?? 0),
			verb: signed.method ?? 'GET',
			time,
			path: url.pathname + url.search,
		}),
	};
}
