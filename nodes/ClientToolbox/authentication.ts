import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { withFormFields } from './formBody';

/** The form fields that authenticate a call: `user_id` plus either `user_api_key` or `user_password`. */
export function clientToolboxAuthFields(
	credentials: ICredentialDataDecryptedObject,
): Array<[string, string]> {
	const userId = String(credentials.userId ?? '');
	if (credentials.authentication === 'password') {
		return [
			['user_id', userId],
			['user_password', String(credentials.password ?? '')],
		];
	}
	return [
		['user_id', userId],
		['user_api_key', String(credentials.apiKey ?? '')],
	];
}

/** The request as the Client Toolbox API credential authenticates it: the credential's `authenticate`, and Preview Request. */
export function authenticateClientToolbox(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	return withFormFields(requestOptions, clientToolboxAuthFields(credentials));
}
