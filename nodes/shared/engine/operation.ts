import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Shows a property only for the Update Customer operation. */
export const ON_UPDATE: IDisplayOptions = { show: { operation: ['updateCustomer'] } };

/** The one operation every node of this package offers; `description` says what it does at that provider. */
export function updateCustomerOperation(description: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Update Customer',
				value: 'updateCustomer',
				action: 'Update a customer',
				description,
			},
		],
		default: 'updateCustomer',
	};
}
