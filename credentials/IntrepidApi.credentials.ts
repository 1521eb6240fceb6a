import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { authenticateIntrepid } from '../nodes/Intrepid/authentication';
import { BASE_URL_EXPRESSION, DEFAULT_BASE_URL } from '../nodes/Intrepid/baseUrl';

export class IntrepidApi implements ICredentialType {
	name = 'intrepidApi';

	displayName = 'Intrepid API';

	icon: Icon = { light: 'file:../icons/intrepid.svg', dark: 'file:../icons/intrepid.dark.svg' };

	documentationUrl = 'https://developers.intrepidgroup.travel/ApiDocumentation';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The API key Intrepid issued to your agency. Sent as the X-Api-Key header on every request.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			placeholder: DEFAULT_BASE_URL,
			description: 'Change only to point at a test server',
		},
	];

	// A function, not a generic `={{$credentials.…}}` template, which n8n would evaluate for every request.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return authenticateIntrepid(credentials, requestOptions);
	}

	// GET /Bookings without an ID lists up to 100 upcoming bookings: a documented read that answers 200 to
	// any valid key, even one with no bookings (n8n fails a Test on every non-2xx answer, so a 404 for a
	// made-up ID could not count as success).
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/Bookings',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Intrepid refused the API key (missing or invalid): check the API Key',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'Intrepid refused access for this API key: ask Intrepid which calls it may make',
				},
			},
		],
	};
}
