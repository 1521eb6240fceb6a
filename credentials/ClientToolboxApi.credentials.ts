import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { API_URL_EXPRESSION, DEFAULT_API_URL } from '../nodes/ClientToolbox/apiUrl';
import { authenticateClientToolbox } from '../nodes/ClientToolbox/authentication';
import { URLENCODED } from '../nodes/ClientToolbox/formBody';

export class ClientToolboxApi implements ICredentialType {
	name = 'clientToolboxApi';

	displayName = 'Client Toolbox API';

	icon: Icon = {
		light: 'file:../icons/clienttoolbox.svg',
		dark: 'file:../icons/clienttoolbox.dark.svg',
	};

	documentationUrl = 'http://api.clienttoolbox.com/';

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: DEFAULT_API_URL,
			placeholder: DEFAULT_API_URL,
			description:
				'Where every call is posted: https://api.clienttoolbox.com (recommended), or your own control-panel domain with admin.php replaced by api.php, e.g. https://rewards.example.com/api.php',
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'john1970',
			description:
				'The Client Toolbox user that makes the calls, e.g. john1970. Sent as the user_id form field.',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'API Key',
					value: 'apiKey',
					description: "The user's API key, sent as the user_api_key form field",
				},
				{
					name: 'Password',
					value: 'password',
					description: "The user's password, sent as the user_password form field",
				},
			],
			default: 'apiKey',
			description:
				'How the user proves who it is; either is sent as a POST form field, never in the URL',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			displayOptions: { show: { authentication: ['apiKey'] } },
			description: "The user's API key (user_api_key)",
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			displayOptions: { show: { authentication: ['password'] } },
			description: "The user's password (user_password), e.g. 1959caadac9b13dcb3",
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'greatwidgets',
			description:
				'The business account customers belong to, e.g. greatwidgets (account_id). Nodes can use another account per item.',
		},
	];

	// Client Toolbox reads credentials only from the form, so they are added to the body the node built,
	// in that body's own encoding; the request options the node keeps never hold them.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return authenticateClientToolbox(credentials, requestOptions);
	}

	// account_info is a read that needs user, key or password and account to be right; Client Toolbox
	// reports a refusal in the body (status "error"), not in the HTTP status.
	test: ICredentialTestRequest = {
		request: {
			url: API_URL_EXPRESSION,
			method: 'POST',
			headers: { 'Content-Type': URLENCODED },
			body: {
				type: 'account_info',
				account_id: '={{$credentials.accountId}}',
				output: 'JSON',
			},
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 'error',
					message:
						'Client Toolbox refused the credentials: check User ID, API Key or Password, and Account ID',
				},
			},
		],
	};
}
