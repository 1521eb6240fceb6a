import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../shared/output/errors';
import {
	FieldRuleError,
	noEffectWarning,
	noEffectWarnings,
	showValue,
	type FieldValue,
} from '../shared/input/fieldTable';
import { positiveInteger } from '../shared/input/rules';
import { INTREPID_FIELDS, PASSPORT_REQUIRED, TRIP_ONLY, WITH_CANCELLATION } from './fields';

/** The Context option meaning "no context": PATCH /Customers/{id}. No real context can look like it. */
export const NO_CONTEXT = '_none';
/** The Context option that reads the context name from "Other Context". */
export const OTHER_CONTEXT = '_other';

export const DOCUMENTED_CONTEXTS = [
	'Booking',
	'Trips',
	'Accommodation',
	'Transfer',
	'AdditionalService',
	'Sightseeing',
] as const;

const CONTEXT_PATTERN = /^[A-Za-z][A-Za-z0-9]*$/;

export interface Target {
	/** null for the context-free PATCH /Customers/{id}. */
	context: string | null;
	contextId: string | null;
	customerId: string;
}

function asText(label: string, wire: string, raw: unknown): string {
	if (raw !== null && typeof raw === 'object') {
		throw new FieldRuleError({ label, wire }, 'be text or a number, not a list or an object');
	}
	if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : '';
	return raw === undefined || raw === null ? '' : String(raw).trim();
}

function pathCharacters(value: string): string | undefined {
	if (value.includes('/')) return '"/"';
	if (value.includes('%')) return '"%"';
	if (value.includes('?')) return '"?"';
	if (value.includes('#')) return '"#"';
	if (value.includes('..')) return '".."';
	if (value.includes('\\')) return '"\\"';
	if (/\s/.test(value)) return 'a space';
	return undefined;
}

/** A context name: one path segment of letters and digits, so no input can change the path. */
export function checkContext(raw: unknown, label = 'Context'): string {
	const value = asText(label, 'context', raw);
	if (value === '') {
		throw new FieldRuleError({ label, wire: 'context' }, 'be given, e.g. Booking or Trips');
	}
	const bad = pathCharacters(value);
	if (bad || !CONTEXT_PATTERN.test(value)) {
		throw new FieldRuleError(
			{ label, wire: 'context' },
			`be one name of letters and digits starting with a letter, e.g. Trips${bad ? ` (it contains ${bad}, which would change the request path)` : ''}`,
			showValue({}, value),
		);
	}
	return value;
}

/** contextId and id: positive whole numbers; anything else could reach another path. */
export function checkId(raw: unknown, label: string, wire: string): string {
	const value = asText(label, wire, raw);
	if (value === '') throw new FieldRuleError({ label, wire }, 'be given, e.g. 5057123');
	if (!positiveInteger.test(value)) {
		const bad = pathCharacters(value);
		throw new FieldRuleError(
			{ label, wire },
			`${positiveInteger.describe}${bad ? ` (it contains ${bad}, which would change the request path)` : ''}`,
			showValue({}, value),
		);
	}
	return value;
}

/** The path of the update, every segment validated and then encoded. */
export function customerPath(target: Target): string {
	const id = encodeURIComponent(target.customerId);
	if (target.context === null) return `/Customers/${id}`;
	return `/${encodeURIComponent(target.context)}/${encodeURIComponent(target.contextId ?? '')}/Customers/${id}`;
}

export function isTripContext(context: string | null): boolean {
	return context !== null && /^trips?$/i.test(context);
}

const byWire = new Map(INTREPID_FIELDS.map((f) => [f.wire, f]));

function labelOf(wire: string): string {
	return byWire.get(wire)?.label ?? wire;
}

/** What the page says a cancellation-only field does, completing "… has no effect on this update: …". */
const CANCELLATION_ONLY: Record<string, string> = {
	cancelSingleSupplementOnly:
		"by Intrepid's documentation \"the status must be set to 'cancelled' for this property to take effect\"",
	externalReference:
		'by Intrepid\'s documentation it "is applicable only with pax cancellation" (Status "cancelled")',
};

/**
 * The rules that tie fields together or to the context: a complete passport whose expiry follows its
 * issue, and a single supplement only on a trip, which the page calls valid only there. What the page only
 * calls ineffective is sent and returned as warnings: cancellation-only fields without status cancelled,
 * and fields only GET answers use.
 */
export function checkCombination(
	values: readonly FieldValue[],
	emptyFields: readonly string[],
	context: string | null,
): string[] {
	const given = new Map(values.map((v) => [v.spec.wire, v.text]));
	const passportGiven = [...given.keys()].filter((w) => w.startsWith('passport.'));
	const passportEmpty = emptyFields.filter((w) => w.startsWith('passport.'));
	if (passportGiven.length || passportEmpty.length) {
		const missing = PASSPORT_REQUIRED.filter((w) => !given.has(w));
		if (missing.length) {
			const blank = missing.filter((w) => passportEmpty.includes(w));
			throw new InputError(
				`a passport needs Passport Number, Passport Nationality, Passport Date of Issue and Passport Date of Expiry together; missing: ${missing
					.map((w) => `"${labelOf(w)}" (${w})${blank.includes(w) ? ' is empty' : ''}`)
					.join(', ')}`,
			);
		}
		const issued = given.get('passport.dateOfIssue') as string;
		const expires = given.get('passport.dateOfExpiry') as string;
		if (expires <= issued) {
			throw new FieldRuleError(
				{ label: labelOf('passport.dateOfExpiry'), wire: 'passport.dateOfExpiry' },
				`be after the Passport Date of Issue (${issued})`,
				expires,
			);
		}
	}
	const status = given.get('status');
	const warnings = noEffectWarnings(values);
	for (const { spec } of values) {
		if (spec.tags?.includes(TRIP_ONLY) && !isTripContext(context)) {
			throw new FieldRuleError(
				spec,
				`be sent only with Context "Trips" (Intrepid accepts it only in the context of a trip); the context is ${context === null ? 'none' : `"${context}"`}`,
			);
		}
		if (spec.tags?.includes(WITH_CANCELLATION) && status !== 'cancelled') {
			const why =
				CANCELLATION_ONLY[spec.wire] ??
				'by Intrepid\'s documentation it applies only to a cancellation (Status "cancelled")';
			warnings.push(
				noEffectWarning(
					spec,
					`${why}, and Status is ${status === undefined ? 'not set' : `"${status}"`}`,
				),
			);
		}
	}
	return warnings;
}

/** The JSON body: wire names with a dot become nested objects, in table order. */
export function buildBody(values: readonly FieldValue[]): IDataObject {
	const body: IDataObject = {};
	for (const { spec, text } of values) {
		const parts = spec.wire.split('.');
		let node = body;
		for (const part of parts.slice(0, -1)) {
			node = (node[part] ??= {}) as IDataObject;
		}
		node[parts[parts.length - 1]] = text;
	}
	return body;
}
