import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Rule } from './rules';

export type FieldKind = 'string' | 'multiline' | 'options' | 'date' | 'boolean' | 'integer';

/**
 * How a provider clears a stored value:
 * - `empty`: send the field with an empty value (TourCMS);
 * - `removeKeyword`: send the literal REMOVE (Trackfinity);
 * - `notClearable`: the provider offers no way (or forbids it).
 */
export type ClearMode = 'empty' | 'removeKeyword' | 'notClearable';

/** One documented parameter of a provider's update call: the single source for UI, validation and encoding. */
export interface FieldSpec {
	/** Parameter name inside the node. */
	key: string;
	/** Name on the wire; a dot nests JSON objects (`passport.number`). */
	wire: string;
	label: string;
	/** What the value is, its format and an example: read by people and by AI agents alike. */
	description: string;
	kind: FieldKind;
	options?: Array<{ name: string; value: string; description?: string }>;
	rules?: Rule[];
	/** Applied before the rules (e.g. country codes are upper-cased). */
	normalize?: 'upper' | 'lower' | 'trim';
	clear: ClearMode;
	/** Shown in "Fields to Clear"; says what clearing does when that is more than the obvious. */
	clearNote?: string;
	/** Wire text for a boolean's true and false. */
	booleanAs?: [string, string];
	/** The value is never echoed into errors or output. */
	secret?: boolean;
	/** Provider-specific facts (e.g. `operatorOnly`). */
	tags?: readonly string[];
	/**
	 * Why the provider's documentation says this field has no effect on an update (e.g. a field only reads
	 * return). The documentation does not say the provider refuses it, so it is sent as given, with a warning;
	 * Map Input Fields Automatically never fills it.
	 */
	noEffect?: string;
	example?: string;
}

export interface FieldValue {
	spec: FieldSpec;
	text: string;
}

/** A value the user typed or mapped that breaks a documented rule. */
export class FieldRuleError extends Error {
	constructor(
		readonly field: Pick<FieldSpec, 'label' | 'wire'>,
		readonly rule: string,
		readonly shownValue?: string,
	) {
		super(
			`"${field.label}" (${field.wire}) must ${rule}` +
				(shownValue === undefined ? '' : `; got "${shownValue}"`),
		);
	}
}

/**
 * The output's warning for a field sent although the provider's documentation says it has no effect in this
 * update; `why` completes "… has no effect on this update: …".
 */
export function noEffectWarning(field: Pick<FieldSpec, 'label' | 'wire'>, why: string): string {
	return `"${field.label}" (${field.wire}) has no effect on this update: ${why}`;
}

/** Warnings for the values of fields that never have an effect on an update (`noEffect`). */
export function noEffectWarnings(values: readonly FieldValue[]): string[] {
	return values.flatMap(({ spec }) =>
		spec.noEffect ? [noEffectWarning(spec, spec.noEffect)] : [],
	);
}

export function showValue(spec: Pick<FieldSpec, 'secret'>, text: string): string | undefined {
	if (spec.secret) return undefined;
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function sortedByLabel<T extends { displayName: string }>(options: T[]): T[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

function propertyFor(spec: FieldSpec): INodeProperties {
	const base = {
		displayName: spec.label,
		name: spec.key,
		description: spec.description,
	};
	switch (spec.kind) {
		case 'boolean':
			return { ...base, type: 'boolean', default: false };
		case 'options':
			return {
				...base,
				type: 'options',
				default: spec.options?.[0]?.value ?? '',
				options: (spec.options ?? []).map(
					(o): INodePropertyOptions => ({
						name: o.name,
						value: o.value,
						description: o.description,
					}),
				),
			};
		case 'integer':
			return { ...base, type: 'string', default: '', placeholder: spec.example ?? '' };
		case 'multiline':
			return {
				...base,
				type: 'string',
				default: '',
				typeOptions: { rows: 3 },
				placeholder: spec.example ?? '',
			};
		case 'date':
			return { ...base, type: 'string', default: '', placeholder: spec.example ?? 'YYYY-MM-DD' };
		default:
			return {
				...base,
				type: 'string',
				default: '',
				placeholder: spec.example ?? '',
				...(spec.secret ? { typeOptions: { password: true } } : {}),
			};
	}
}

/** The "Update Fields" collection, one entry per field of the table, sorted by label. */
export function updateFieldsProperty(
	fields: readonly FieldSpec[],
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'Fields to change. Only the fields added here are sent; an empty value is not sent (use Fields to Clear to erase a value).',
		options: sortedByLabel(fields.map(propertyFor)),
		...extra,
	} as INodeProperties;
}

/** "Fields to Clear": only the fields the provider can clear. */
export function fieldsToClearProperty(
	fields: readonly FieldSpec[],
	description: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	const clearable = fields.filter((f) => f.clear !== 'notClearable');
	return {
		displayName: 'Fields to Clear',
		name: 'fieldsToClear',
		type: 'multiOptions',
		default: [],
		description,
		options: clearable
			.map((f) => ({
				name: f.label,
				value: f.key,
				description: f.clearNote,
			}))
			.sort((a, b) => a.name.localeCompare(b.name)),
		...extra,
	} as INodeProperties;
}

function toText(spec: FieldSpec, raw: unknown): string | undefined {
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw === 'boolean') {
		const [t, f] = spec.booleanAs ?? ['true', 'false'];
		return raw ? t : f;
	}
	if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : undefined;
	if (typeof raw === 'string') return raw;
	if (raw instanceof Date) return raw.toISOString();
	// Objects arrive from expressions such as {{ $json.address }}: sending "[object Object]" would be silent corruption.
	throw new FieldRuleError(spec, 'be text, a number or true/false, not a list or an object');
}

function normalize(spec: FieldSpec, text: string): string {
	switch (spec.normalize) {
		case 'upper':
			return text.trim().toUpperCase();
		case 'lower':
			return text.trim().toLowerCase();
		case 'trim':
			return text.trim();
		default:
			return text;
	}
}

export interface CollectedFields {
	values: FieldValue[];
	clears: FieldSpec[];
	/** Fields present in Update Fields but empty: not sent, reported in the output. */
	emptyFields: string[];
}

// Field tables are module constants: index each once, not once per item.
const indexes = new WeakMap<readonly FieldSpec[], Map<string, FieldSpec>>();

function indexOf(fields: readonly FieldSpec[]): Map<string, FieldSpec> {
	let byKey = indexes.get(fields);
	if (!byKey) {
		byKey = new Map(fields.map((f) => [f.key, f]));
		indexes.set(fields, byKey);
	}
	return byKey;
}

/**
 * Reads "Update Fields" and "Fields to Clear" for one item, applies the table's rules and
 * returns the values in table order. Throws FieldRuleError on the first broken rule.
 */
export function collectFields(
	fields: readonly FieldSpec[],
	updateFields: IDataObject,
	fieldsToClear: string[],
): CollectedFields {
	const byKey = indexOf(fields);
	const clearKeys = new Set(fieldsToClear);
	for (const key of clearKeys) {
		const spec = byKey.get(key);
		if (!spec || spec.clear === 'notClearable') {
			throw new FieldRuleError(
				{ label: spec?.label ?? key, wire: spec?.wire ?? key },
				'not be cleared: the provider offers no way to clear it',
			);
		}
	}
	for (const key of Object.keys(updateFields)) {
		if (!byKey.has(key)) {
			throw new FieldRuleError({ label: key, wire: key }, 'be a documented field of this call');
		}
	}
	const values: FieldValue[] = [];
	const emptyFields: string[] = [];
	for (const spec of fields) {
		if (!(spec.key in updateFields)) continue;
		const raw = toText(spec, updateFields[spec.key]);
		if (raw === undefined || raw === '') {
			emptyFields.push(spec.wire);
			continue;
		}
		const text = normalize(spec, raw);
		if (clearKeys.has(spec.key)) {
			throw new FieldRuleError(spec, 'not be set and cleared at the same time');
		}
		for (const rule of spec.rules ?? []) {
			// The rule judges the value as it would be sent; the message quotes it as the user gave it ("Spain", not "SPAIN").
			if (!rule.test(text)) throw new FieldRuleError(spec, rule.describe, showValue(spec, raw));
		}
		values.push({ spec, text });
	}
	const clears = clearKeys.size ? fields.filter((f) => clearKeys.has(f.key)) : [];
	return { values, clears, emptyFields };
}
