import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../output/errors';
import type { FieldSpec } from './fieldTable';

/** Lower-case letters and digits only: `first_name`, `firstName` and `First Name` all become `firstname`. */
export function normalizeName(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Names people and systems use for the same thing (Form Trigger labels, spreadsheet headers, CRM exports).
 * Each group is one concept; a field belongs to every group that contains one of its own names.
 */
const SYNONYM_GROUPS: readonly string[][] = [
	['firstname', 'givenname', 'forename', 'fname', 'first'],
	['lastname', 'surname', 'familyname', 'lname', 'last'],
	['middlename', 'middlenames', 'middleinitial', 'middle'],
	['email', 'emailaddress', 'mail', 'useremail'],
	['postcode', 'postalcode', 'zip', 'zipcode', 'postcodezip'],
	['phone', 'telephone', 'tel', 'phonenumber', 'telhome', 'homephone'],
	['mobile', 'mobilephone', 'cell', 'cellphone', 'telmobile', 'mobilenumber'],
	['telwork', 'workphone', 'officephone'],
	['address1', 'addressline1', 'street1', 'street', 'streetaddress'],
	['address2', 'addressline2', 'street2'],
	['city', 'town'],
	['state', 'county', 'region', 'province', 'countystate'],
	['country', 'countrycode'],
	['dob', 'dateofbirth', 'birthdate', 'birthday'],
	['username', 'customerusername', 'login'],
	['password', 'customerpassword'],
	['title', 'salutation'],
];

/**
 * Every name an input field may carry to feed `spec`. Own names (key, wire name, label) beat
 * synonyms; a nested field's last segment (`homeAddress.city` → `city`) counts only as a synonym,
 * so a top-level field of the same name keeps precedence.
 */
function namesFor(spec: FieldSpec): { own: Set<string>; all: Set<string> } {
	const own = new Set([spec.key, spec.wire, spec.label].map(normalizeName));
	const all = new Set(own);
	all.add(normalizeName(spec.wire.split('.').pop() as string));
	for (const group of SYNONYM_GROUPS) {
		if (group.some((n) => all.has(n))) for (const n of group) all.add(n);
	}
	return { own, all };
}

type NameIndex = { own: Map<string, FieldSpec[]>; all: Map<string, FieldSpec[]> };

/** Fields by each name that feeds them, built once per field table: mapping runs for every item. */
const nameIndexes = new WeakMap<readonly FieldSpec[], NameIndex>();

function nameIndexOf(fields: readonly FieldSpec[]): NameIndex {
	let index = nameIndexes.get(fields);
	if (index) return index;
	index = { own: new Map(), all: new Map() };
	for (const spec of fields) {
		const names = namesFor(spec);
		for (const pick of ['own', 'all'] as const) {
			for (const name of names[pick])
				index[pick].set(name, [...(index[pick].get(name) ?? []), spec]);
		}
	}
	nameIndexes.set(fields, index);
	return index;
}

function flatten(
	json: IDataObject,
	prefix = '',
	out: Array<[string, unknown]> = [],
): Array<[string, unknown]> {
	for (const [key, value] of Object.entries(json)) {
		const path = prefix ? `${prefix}.${key}` : key;
		if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
			flatten(value as IDataObject, path, out);
		} else {
			out.push([path, value]);
		}
	}
	return out;
}

export interface AutoMapResult {
	/** Values keyed by field key, ready for the same validation as "Update Fields". */
	updateFields: IDataObject;
	/** Input field → wire name it fed. */
	used: Record<string, string>;
	/** Input fields that fed nothing, with the reason. */
	ignored: Record<string, string>;
}

/** The fields an input name could mean: a field's own names are looked at before its synonyms. */
function matchesOf(
	index: NameIndex,
	tries: readonly string[],
): { matches: readonly FieldSpec[]; own: boolean } {
	let matches: readonly FieldSpec[] = [];
	let own = false;
	for (const pick of ['own', 'all'] as const) {
		for (const name of tries) {
			matches = index[pick].get(name) ?? [];
			if (matches.length) break;
		}
		own = pick === 'own';
		if (matches.length) break;
	}
	return { matches, own };
}

/** Why an input that names `matches` fills no field, or undefined when it fills the one it names. */
function whyNotMapped(matches: readonly FieldSpec[], value: unknown): string | undefined {
	if (matches.length === 0) return 'no field of this provider has that name';
	if (matches.length > 1)
		return `could mean ${matches.map((m) => m.wire).join(' or ')}; map it explicitly`;
	if (value === undefined || value === null || value === '' || Array.isArray(value)) {
		return Array.isArray(value) ? 'a list cannot fill a single field' : 'empty';
	}
	const spec = matches[0];
	// Sent by hand it only earns a warning; picked automatically (e.g. from a GET record) it would be noise.
	if (spec.noEffect) return `${spec.wire} has no effect on an update: ${spec.noEffect}`;
	return undefined;
}

/** The mapping being built, with which input filled each field and whether by the field's own name. */
interface Mapping {
	result: AutoMapResult;
	claimedBy: Map<string, { input: string; own: boolean }>;
}

/**
 * Fills `spec` from `input` unless another input already filled it by the field's own name; two inputs
 * with equal claims are refused rather than guessed between.
 */
function claim(
	mapping: Mapping,
	input: string,
	spec: FieldSpec,
	own: boolean,
	value: unknown,
): void {
	const { result, claimedBy } = mapping;
	const previous = claimedBy.get(spec.key);
	if (previous) {
		if (previous.own && !own) {
			result.ignored[input] = `${spec.wire} is already filled from "${previous.input}"`;
			return;
		}
		if (previous.own === own) {
			throw new InputError(
				`Input fields "${previous.input}" and "${input}" both map to ${spec.wire}; remove one or map the fields explicitly`,
			);
		}
		result.ignored[previous.input] = `${spec.wire} is filled from "${input}"`;
		delete result.used[previous.input];
	}
	claimedBy.set(spec.key, { input, own });
	result.updateFields[spec.key] = value as IDataObject[string];
	result.used[input] = spec.wire;
}

/**
 * Maps an input item's fields to a provider's field table by name. An input name that is one of a
 * field's own names wins over a synonym; a name that could mean two fields, or two inputs for one
 * field, is not guessed but reported.
 */
export function autoMapFields(
	fields: readonly FieldSpec[],
	json: IDataObject,
	skip: readonly string[] = [],
): AutoMapResult {
	const index = nameIndexOf(fields);
	const skipped = new Set(skip.map(normalizeName));
	const mapping: Mapping = {
		result: { updateFields: {}, used: {}, ignored: {} },
		claimedBy: new Map(),
	};
	const { result } = mapping;
	for (const [input, value] of flatten(json)) {
		const normalized = normalizeName(input);
		const lastSegment = normalizeName(input.split('.').pop() as string);
		if (skipped.has(normalized) || skipped.has(lastSegment)) {
			result.ignored[input] = 'used to identify the customer';
			continue;
		}
		const tries = normalized === lastSegment ? [normalized] : [normalized, lastSegment];
		const { matches, own } = matchesOf(index, tries);
		const why = whyNotMapped(matches, value);
		if (why !== undefined) result.ignored[input] = why;
		else claim(mapping, input, matches[0], own, value);
	}
	return result;
}
