import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { withHeaders } from '../shared/request/headers';

/** The request as the Trackfinity API credential authenticates it: the credential's `authenticate`, and Preview Request. */
export function authenticateTrackfinity(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	return withHeaders(requestOptions, {
		'api-username': String(credentials.apiUsername ?? ''),
		'api-key': String(credentials.apiKey ?? ''),
	});
}
