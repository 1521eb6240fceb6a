import type { IDataObject } from 'n8n-workflow';

import type { PreparedRequest } from '../engine/types';

/**
 * What an item's output says about how its request was built, each only when there is something to say:
 * Update Fields left empty, what automatic mapping used, and fields that have no effect. A real run and
 * Preview Request output the same notes.
 */
export function preparedNotes(prepared: PreparedRequest): IDataObject {
	const notes: IDataObject = {};
	const ignored = prepared.context.ignoredEmptyFields;
	if (Array.isArray(ignored) && ignored.length) notes.ignoredEmptyFields = ignored;
	if (prepared.context.autoMapping) notes.autoMapping = prepared.context.autoMapping;
	if (prepared.warnings?.length) notes.warnings = prepared.warnings;
	return notes;
}
