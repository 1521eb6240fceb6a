import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { withHeaders } from '../shared/request/headers';

/** The request as the Intrepid API credential authenticates it: the credential's `authenticate`, and Preview Request. */
export function authenticateIntrepid(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	return withHeaders(requestOptions, {
		'X-Api-Key': String(credentials.apiKey ?? ''),
		Accept: 'application/json',
		'Content-Type': 'application/json',
	});
}
