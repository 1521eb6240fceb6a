import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { authenticateTourCms } from '../nodes/TourCms/authentication';

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
		return authenticateTourCms(credentials, requestOptions);
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
