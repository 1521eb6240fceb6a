import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { executeUpdate } from '../shared/engine/engine';
import { updateFieldsProperty } from '../shared/input/fieldTable';
import { mappingModeProperty, whenMappingManually } from '../shared/input/mapping';
import { ON_UPDATE, updateCustomerOperation } from '../shared/engine/operation';
import { engineOptionsProperty } from '../shared/engine/options';
import { INTREPID_FIELDS } from './fields';
import { intrepidProvider } from './provider';
import { NO_CONTEXT, OTHER_CONTEXT } from './request';

export class Intrepid implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Intrepid',
		name: 'intrepid',
		icon: { light: 'file:../../icons/intrepid.svg', dark: 'file:../../icons/intrepid.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ "Update Customer" + ($parameter["context"] === "_none" ? "" : " in " + ($parameter["context"] === "_other" ? $parameter["otherContext"] : $parameter["context"])) }}',
		description:
			'Change fields (contact details, address, passport, insurance, status) of one Intrepid Group customer on a booking, trip or other component, found by its customer ID; a field given an empty value stays as it is',
		defaults: { name: 'Intrepid' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'intrepidApi', required: true }],
		properties: [
			updateCustomerOperation(
				'Change fields of a customer (PATCH Customers by ID, with or without a context)',
			),
			{
				displayName: 'Context',
				name: 'context',
				type: 'options',
				options: [
					{
						name: 'Accommodation',
						value: 'Accommodation',
						description: 'PATCH /Accommodation/{contextId}/Customers/{ID}',
					},
					{
						name: 'Additional Service',
						value: 'AdditionalService',
						description: 'PATCH /AdditionalService/{contextId}/Customers/{ID}',
					},
					{
						name: 'Booking',
						value: 'Booking',
						description: 'PATCH /Booking/{contextId}/Customers/{ID}',
					},
					{
						name: 'None (Customer Only)',
						value: NO_CONTEXT,
						description: 'PATCH /Customers/{ID}: the customer record itself, without a context',
					},
					{
						name: 'Other Context',
						value: OTHER_CONTEXT,
						description: 'Another context Intrepid supports, typed in Other Context',
					},
					{
						name: 'Sightseeing',
						value: 'Sightseeing',
						description: 'PATCH /Sightseeing/{contextId}/Customers/{ID}',
					},
					{
						name: 'Transfer',
						value: 'Transfer',
						description: 'PATCH /Transfer/{contextId}/Customers/{ID}',
					},
					{ name: 'Trips', value: 'Trips', description: 'PATCH /Trips/{contextId}/Customers/{ID}' },
				],
				default: 'Booking',
				description:
					'What the customer is updated on: a booking or one of its components. Status applies to a component; Single Supplement only to Trips.',
				displayOptions: ON_UPDATE,
			},
			{
				displayName: 'Other Context',
				name: 'otherContext',
				type: 'string',
				default: '',
				placeholder: 'Flights',
				description:
					'Name of the context as it appears in the path (required with Other Context): letters and digits only, e.g. Flights',
				displayOptions: { show: { operation: ['updateCustomer'], context: [OTHER_CONTEXT] } },
			},
			{
				displayName: 'Context ID',
				name: 'contextId',
				type: 'string',
				default: '',
				placeholder: '5057123',
				description:
					'Intrepid ID of the booking or component (a positive whole number), e.g. 5057123 for a booking. Required unless Context is None (Customer Only).',
				displayOptions: {
					show: { operation: ['updateCustomer'] },
					hide: { context: [NO_CONTEXT] },
				},
			},
			{
				displayName: 'Customer ID',
				name: 'customerId',
				type: 'string',
				required: true,
				default: '',
				placeholder: '9001',
				description: 'Intrepid ID of the customer to update (a positive whole number), e.g. 9001',
				displayOptions: ON_UPDATE,
			},
			mappingModeProperty(ON_UPDATE),
			updateFieldsProperty(INTREPID_FIELDS, {
				description:
					'Fields to change. Only the fields added here are sent; an empty value is not sent. Intrepid documents no way to clear a field.',
				displayOptions: whenMappingManually(ON_UPDATE),
			}),
			engineOptionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeUpdate(this, intrepidProvider);
	}
}
