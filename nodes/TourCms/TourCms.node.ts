import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { executeUpdate } from '../shared/engine/engine';
import { fieldsToClearProperty, updateFieldsProperty } from '../shared/input/fieldTable';
import { mappingModeProperty, whenMappingManually } from '../shared/input/mapping';
import { ON_UPDATE, updateCustomerOperation } from '../shared/engine/operation';
import { engineOptionsProperty } from '../shared/engine/options';
import { TOURCMS_FIELDS } from './fields';
import { tourCmsProvider } from './provider';

export class TourCms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TourCMS',
		name: 'tourCms',
		icon: { light: 'file:../../icons/tourcms.svg', dark: 'file:../../icons/tourcms.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "Update Customer" }}',
		description:
			'Change or clear fields (contact details, address, dates, preferences) of one existing TourCMS customer, found by its customer ID; a field given an empty value stays as it is',
		defaults: { name: 'TourCMS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tourCmsApi', required: true }],
		properties: [
			updateCustomerOperation('Change or clear fields of an existing customer record'),
			{
				displayName: 'Customer ID',
				name: 'customerId',
				type: 'string',
				required: true,
				default: '',
				placeholder: '12345',
				description: 'TourCMS internal ID of the customer to update (digits only), e.g. 12345',
				displayOptions: ON_UPDATE,
			},
			{
				displayName: 'Channel ID',
				name: 'channelId',
				type: 'string',
				default: '',
				placeholder: '3930',
				description:
					"The channel the customer belongs to (digits only). Leave empty to use the credential's channel; agents may sign for any of their channels.",
				displayOptions: ON_UPDATE,
			},
			mappingModeProperty(ON_UPDATE),
			updateFieldsProperty(TOURCMS_FIELDS, { displayOptions: whenMappingManually(ON_UPDATE) }),
			fieldsToClearProperty(
				TOURCMS_FIELDS,
				'Fields to erase on the customer record: each is sent as an empty element. Fields not listed here and not in Update Fields stay as they are.',
				{ displayOptions: ON_UPDATE },
			),
			{
				displayName: 'Disable Customer Login',
				name: 'disableLogin',
				type: 'boolean',
				default: false,
				description:
					"Whether to send an empty password, which disables the customer's login to booking engines (tour operators only)",
				displayOptions: ON_UPDATE,
			},
			{
				displayName: 'Custom Fields',
				name: 'customFields',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Custom Field',
				default: {},
				description:
					'Tour operators only. Custom fields configured in TourCMS, addressed by their token (no spaces). An empty value clears the field.',
				displayOptions: ON_UPDATE,
				options: [
					{
						displayName: 'Field',
						name: 'field',
						values: [
							{
								displayName: 'Token',
								name: 'name',
								type: 'string',
								default: '',
								placeholder: 'InsideLeg',
								description:
									"The field's Token from its setup in TourCMS (no spaces), e.g. InsideLeg",
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
								placeholder: '32 inches',
								description: 'New value, e.g. 32 inches; empty clears it',
							},
						],
					},
				],
			},
			engineOptionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeUpdate(this, tourCmsProvider);
	}
}
