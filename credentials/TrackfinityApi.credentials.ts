import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { authenticateTrackfinity } from '../nodes/Trackfinity/authentication';
import { BASE_URL_EXPRESSION } from '../nodes/Trackfinity/baseUrl';

export class TrackfinityApi implements ICredentialType {
	name = 'trackfinityApi';

	displayName = 'Trackfinity API';

	icon: Icon = {
		light: 'file:../icons/trackfinity.svg',
		dark: 'file:../icons/trackfinity.dark.svg',
	};

	documentationUrl = 'https://docs.trackfinity.com/api/api-overview';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://track.example.com',
			description:
				'The http:// or https:// address of your own Trackfinity install, e.g. https://track.example.com. A trailing "/" or "/api" is ignored.',
		},
		{
			displayName: 'API Username',
			name: 'apiUsername',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'tf_admin',
			description:
				'The user name of a full admin account that has an API key, e.g. tf_admin. Sent as the api-username header.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				"The API key set under Affiliates Admin → Change API Key. Sent as the api-key header. The calling machine's IP must also be listed in ADMIN_API_ALLOWED_IPS (Settings → Security).",
		},
	];

	// A function, not a generic `={{$credentials.…}}` template: n8n would evaluate those two expressions
	// for every request, which in a running n8n cost more than the rest of sending it.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return authenticateTrackfinity(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/api/service/ping',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Trackfinity refused the credentials: check API Username/API Key',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"Trackfinity refused access: check API Username/API Key, and add this machine's IP to ADMIN_API_ALLOWED_IPS (Settings → Security)",
				},
			},
		],
	};
}
