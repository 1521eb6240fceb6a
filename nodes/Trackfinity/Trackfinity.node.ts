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
import { TRACKFINITY_FIELDS } from './fields';
import { trackfinityProvider } from './provider';

export class Trackfinity implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Trackfinity',
		name: 'trackfinity',
		icon: {
			light: 'file:../../icons/trackfinity.svg',
			dark: 'file:../../icons/trackfinity.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle:
			'={{ "Update Customer by " + ($parameter["lookupBy"] === "subscription_id" ? "Subscription ID" : "Customer ID") }}',
		description:
			'Change or remove fields (name, contact details, address, login) of one existing Trackfinity customer, found by customer ID or subscription ID; a field given an empty value stays as it is',
		defaults: { name: 'Trackfinity' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'trackfinityApi', required: true }],
		properties: [
			updateCustomerOperation(
				'Change or remove fields of an existing customer record (Set Customer Details)',
			),
			{
				displayName: 'Find Customer By',
				name: 'lookupBy',
				type: 'options',
				options: [
					{
						name: 'Customer ID',
						value: 'customer_id',
						description: 'Sent as customer_id',
					},
					{
						name: 'Subscription ID',
						value: 'subscription_id',
						description: 'Sent as subscription_id',
					},
				],
				default: 'customer_id',
				description:
					'Which identifier Trackfinity uses to find the customer to update; one of them must be given',
				displayOptions: ON_UPDATE,
			},
			{
				displayName: 'Customer ID',
				name: 'customerId',
				type: 'string',
				required: true,
				default: '',
				placeholder: '191',
				description: 'The Trackfinity customer_id of the customer to update, e.g. 191',
				displayOptions: { show: { operation: ['updateCustomer'], lookupBy: ['customer_id'] } },
			},
			{
				displayName: 'Subscription ID',
				name: 'subscriptionId',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'SUB-1001',
				description:
					'The subscription_id of a subscription of the customer to update, e.g. SUB-1001',
				displayOptions: { show: { operation: ['updateCustomer'], lookupBy: ['subscription_id'] } },
			},
			mappingModeProperty(ON_UPDATE),
			updateFieldsProperty(TRACKFINITY_FIELDS, {
				description:
					'Fields to change. Only the fields added here are sent; an empty value is not sent. A value that reads REMOVE is refused: use Fields to Remove to delete a field.',
				displayOptions: whenMappingManually(ON_UPDATE),
			}),
			fieldsToClearProperty(
				TRACKFINITY_FIELDS,
				'Fields to delete from the customer record: each is sent as the word REMOVE, which Trackfinity treats as "delete this field". The password cannot be removed. Fields not listed here and not in Update Fields stay as they are.',
				{ displayName: 'Fields to Remove', displayOptions: ON_UPDATE },
			),
			engineOptionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeUpdate(this, trackfinityProvider);
	}
}
