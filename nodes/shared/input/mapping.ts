import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';

import { autoMapFields } from './autoMap';
import type { FieldSpec } from './fieldTable';

export const MAP_MANUALLY = 'defineBelow';
export const MAP_AUTOMATICALLY = 'autoMapInputData';

/** "Mapping Mode": fields one by one (with expressions), or the input item's fields by name. */
export function mappingModeProperty(displayOptions?: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Mapping Mode',
		name: 'mappingMode',
		type: 'options',
		noDataExpression: true,
		default: MAP_MANUALLY,
		options: [
			{
				name: 'Map Each Field Below',
				value: MAP_MANUALLY,
				description: 'Choose the fields to update and set each value, with expressions if needed',
			},
			{
				name: 'Map Input Fields Automatically',
				value: MAP_AUTOMATICALLY,
				description:
					'Use the input item\'s fields whose names match this provider\'s fields (e.g. first_name, firstName or "First Name" for the first name; zip or postal_code for the postcode). The output reports which input fields were used and which were ignored.',
			},
		],
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** Adds "only when mapping each field by hand" to a property's display options. */
export function whenMappingManually(displayOptions: IDisplayOptions = {}): IDisplayOptions {
	return {
		...displayOptions,
		show: { ...(displayOptions.show ?? {}), mappingMode: [MAP_MANUALLY] },
	};
}

export interface ReadUpdateFields {
	updateFields: IDataObject;
	/** Present in automatic mode: which input fields fed which wire names, and which were ignored. */
	autoMapping?: { used: Record<string, string>; ignored: Record<string, string> };
}

/**
 * This item's field values: "Update Fields" as set on the node, or the input item's own fields
 * mapped by name. `identityNames` are input fields that identify the customer and are never data.
 */
export function readUpdateFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: readonly FieldSpec[],
	identityNames: readonly string[] = [],
): ReadUpdateFields {
	const mode = ctx.getNodeParameter('mappingMode', itemIndex, MAP_MANUALLY) as string;
	if (mode !== MAP_AUTOMATICALLY) {
		return { updateFields: ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject };
	}
	const { updateFields, used, ignored } = autoMapFields(
		fields,
		ctx.getInputData()[itemIndex].json,
		identityNames,
	);
	return { updateFields, autoMapping: { used, ignored } };
}
