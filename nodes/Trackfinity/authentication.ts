import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/** The request as the Trackfinity API credential authenticates it: the credential's `authenticate`, and Preview Request. */
export function authenticateTrackfinity(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	return {
		...requestOptions,
		headers: {
			...(requestOptions.headers ?? {}),
			'api-username': String(credentials.apiUsername ?? ''),
			'api-key': String(credentials.apiKey ?? ''),
		},
	};
}
