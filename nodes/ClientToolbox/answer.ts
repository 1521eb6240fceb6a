import type { IDataObject } from 'n8n-workflow';

import { tryParseXml, xmlText } from '../shared/formats/xml';

/** A Client Toolbox answer, whichever format it came in (XML, JSON, JSONP, condensed or not). */
export interface ClientToolboxAnswer {
	format: 'xml' | 'json' | 'jsonp';
	/** `success` or `error` (the `status` attribute / key of the answer). */
	status: string;
	error?: string;
	/** The `customer` element / object, its values as text; `status` is the customer's own status. */
	customer?: Record<string, string>;
}

// `callback({...});` — the name is a JavaScript identifier path, the payload one JSON value.
const JSONP = /^\s*[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*\(([\s\S]*)\)\s*;?\s*$/;

function textValues(node: unknown): Record<string, string> | undefined {
	if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(node as IDataObject)) {
		if (value === null || value === undefined) continue;
		if (typeof value === 'object') continue;
		out[key] = String(value);
	}
	return out;
}

function fromJson(value: unknown, format: 'json' | 'jsonp'): ClientToolboxAnswer | undefined {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const doc = value as IDataObject;
	if (typeof doc.status !== 'string') return undefined;
	const error = doc.error === undefined || doc.error === null ? undefined : String(doc.error);
	return { format, status: doc.status, error, customer: textValues(doc.customer) };
}

function fromXml(body: string): ClientToolboxAnswer | undefined {
	const doc = tryParseXml(body);
	const root = doc?.response as IDataObject | undefined;
	if (!root || typeof root !== 'object') return undefined;
	const status = root['@status'];
	if (typeof status !== 'string') return undefined;
	let customer: Record<string, string> | undefined;
	const node = root.customer;
	if (node && typeof node === 'object' && !Array.isArray(node)) {
		customer = {};
		for (const [key, value] of Object.entries(node as IDataObject)) {
			const name = key.startsWith('@') ? key.slice(1) : key;
			const text = xmlText(value);
			if (text !== undefined) customer[name] = text.trim();
		}
	}
	return { format: 'xml', status, error: xmlText(root.error)?.trim(), customer };
}

/** Reads any of the documented answer formats; undefined when the body is none of them. */
export function parseAnswer(body: string): ClientToolboxAnswer | undefined {
	const trimmed = body.trim();
	if (trimmed.startsWith('<')) return fromXml(trimmed);
	if (trimmed.startsWith('{')) {
		try {
			return fromJson(JSON.parse(trimmed), 'json');
		} catch {
			return undefined;
		}
	}
	const m = JSONP.exec(trimmed);
	if (m) {
		try {
			return fromJson(JSON.parse(m[1]), 'jsonp');
		} catch {
			return undefined;
		}
	}
	return undefined;
}
