import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { executeUpdate } from '../shared/engine/engine';
import { updateFieldsProperty } from '../shared/input/fieldTable';
import { mappingModeProperty, whenMappingManually } from '../shared/input/mapping';
import { ON_UPDATE, updateCustomerOperation } from '../shared/engine/operation';
import { engineOptionsProperty } from '../shared/engine/options';
import { CLIENT_TOOLBOX_FIELDS } from './fields';
import { clientToolboxProvider } from './provider';

/** Options of this node: the shared ones plus how Client Toolbox answers and how the form is encoded. */
const clientToolboxOptions: INodeProperties[] = [
	{
		displayName: 'Body Encoding',
		name: 'bodyEncoding',
		type: 'options',
		options: [
			{
				name: 'Form URL-Encoded',
				value: 'urlencoded',
				description: 'Application/x-www-form-urlencoded, as the documentation asks',
			},
			{
				name: 'Multipart Form Data',
				value: 'multipart',
				description: 'Multipart/form-data, as a browser form upload sends it',
			},
		],
		default: 'urlencoded',
		description: 'How the POST form is encoded; both carry the same fields',
	},
	{
		displayName: 'Condensed',
		name: 'condensed',
		type: 'boolean',
		default: false,
		description:
			'Whether to ask for JSON without white space (condensed=yes); only with Response Format JSON',
	},
	{
		displayName: 'JSONP Callback',
		name: 'jsonpCallback',
		type: 'string',
		default: '',
		placeholder: 'handleCustomer',
		description:
			'With Response Format JSON: the function name Client Toolbox wraps the JSON in (callback), e.g. handleCustomer. The node reads the wrapped answer all the same.',
	},
	{
		displayName: 'Response Format',
		name: 'responseFormat',
		type: 'options',
		options: [
			{ name: 'XML (API Default)', value: 'xml', description: 'Sent as output=XML' },
			{ name: 'JSON', value: 'json', description: 'Sent as output=JSON' },
		],
		default: 'xml',
		description:
			'The format Client Toolbox answers in (output); the node output is the same either way',
	},
];

const optionsProperty: INodeProperties = {
	...engineOptionsProperty,
	options: [...(engineOptionsProperty.options as INodeProperties[]), ...clientToolboxOptions].sort(
		(a, b) => a.displayName.localeCompare(b.displayName),
	),
};

export class ClientToolbox implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Client Toolbox',
		name: 'clientToolbox',
		icon: {
			light: 'file:../../icons/clienttoolbox.svg',
			dark: 'file:../../icons/clienttoolbox.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle:
			'={{ "Update Customer by " + ({ code: "Code", cardNumber: "Card Number", codeAndCardNumber: "Code" }[$parameter["matchBy"]] || "Code") + ($parameter["ifNoMatch"] === "create" ? " (May Create)" : "") }}',
		description:
			'Change fields (contact details, address, birthday, loyalty card) of one Client Toolbox customer, found by code or card number, where a field given an empty value stays as it is (Client Toolbox is also sold as Sticky Street / Loyalty Gator)',
		defaults: { name: 'Client Toolbox' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'clientToolboxApi', required: true }],
		properties: [
			updateCustomerOperation(
				'Change fields of a customer found by code or card number (record_customer, customer_action=edit)',
			),
			{
				displayName: 'Match Customer By',
				name: 'matchBy',
				type: 'options',
				options: [
					{
						name: 'Card Number',
						value: 'cardNumber',
						description:
							'Find the customer by card number; if no card matches, Client Toolbox tries the value as a code. Several customers with this card number is an error.',
					},
					{
						name: 'Code',
						value: 'code',
						description: "The customer's code: Client Toolbox's internal ID of the customer",
					},
					{
						name: 'Code and Card Number',
						value: 'codeAndCardNumber',
						description: 'Find the customer by code and store Card Number as its new card number',
					},
				],
				default: 'code',
				description: 'How Client Toolbox finds the customer to update',
				displayOptions: ON_UPDATE,
			},
			{
				displayName: 'Code',
				name: 'code',
				type: 'string',
				required: true,
				default: '',
				placeholder: '89898989898989',
				description:
					"The customer's code, Client Toolbox's internal customer ID (often 16 random digits), e.g. 89898989898989. Map it as text: long numbers lose digits as JSON numbers.",
				displayOptions: { show: { ...ON_UPDATE.show, matchBy: ['code', 'codeAndCardNumber'] } },
			},
			{
				displayName: 'Card Number',
				name: 'cardNumber',
				type: 'string',
				required: true,
				default: '',
				placeholder: '1212121212',
				description:
					"The customer's card number, e.g. 1212121212. With Code and Card Number it replaces the stored card number.",
				displayOptions: {
					show: { ...ON_UPDATE.show, matchBy: ['cardNumber', 'codeAndCardNumber'] },
				},
			},
			{
				displayName: 'If No Customer Matches',
				name: 'ifNoMatch',
				type: 'options',
				options: [
					{
						name: 'Create One (API Behaviour)',
						value: 'create',
						description:
							'Send the edit directly. When nothing matches, Client Toolbox creates a new customer with a random 16-digit code; the output says created: true.',
					},
					{
						name: 'Fail Without Changing Anything',
						value: 'fail',
						description:
							'Look the customer up first (customer_info, read-only) and send the edit only when it exists; otherwise the item fails and nothing is changed',
					},
				],
				default: 'fail',
				description:
					"Client Toolbox's edit silently creates a customer when the code or card number matches nobody. Choose whether that may happen.",
				displayOptions: ON_UPDATE,
			},
			{
				displayName: 'Account ID',
				name: 'accountId',
				type: 'string',
				default: '',
				placeholder: 'greatwidgets',
				description:
					"The business account of the customer, e.g. greatwidgets. Leave empty to use the credential's Account ID.",
				displayOptions: ON_UPDATE,
			},
			mappingModeProperty(ON_UPDATE),
			updateFieldsProperty(CLIENT_TOOLBOX_FIELDS, {
				description:
					'Fields to change. Only the fields added here are sent; an empty value is not sent. At least one field (or a custom field) is needed.',
				displayOptions: whenMappingManually(ON_UPDATE),
			}),
			{
				displayName: 'Custom Fields',
				name: 'customFields',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Custom Field',
				default: {},
				description:
					"Custom fields defined in the account (Custom Fields - Create / List), sent as custom_field_## (## = the field's number). The value must fit the field's type: text, a date/time as YYYY.MM.DD HH:MM:SS, or allowed values separated by commas.",
				displayOptions: ON_UPDATE,
				options: [
					{
						displayName: 'Field',
						name: 'field',
						values: [
							{
								displayName: 'Number',
								name: 'number',
								type: 'string',
								default: '',
								placeholder: '2',
								description: "The custom field's number, e.g. 2 to send custom_field_2",
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
								placeholder: '2012.07.28 22:59:59',
								description:
									"The value, matching the field's type, e.g. 1kg Emental Cheese (text), 2012.07.28 22:59:59 (date/time) or Gouda,Emental,Swiss (list)",
							},
						],
					},
				],
			},
			optionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeUpdate(this, clientToolboxProvider);
	}
}
