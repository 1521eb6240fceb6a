import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { encodeMultipart, encodeUrlEncoded, type FormPairs } from '../shared/formats/form';

export type BodyEncoding = 'urlencoded' | 'multipart';

export const URLENCODED = 'application/x-www-form-urlencoded';

/** The headers and body of a form POST, encoded as chosen. */
export function formRequestParts(
	pairs: FormPairs,
	encoding: BodyEncoding,
): { body: string | Buffer; headers: Record<string, string> } {
	if (encoding === 'multipart') {
		const { body, contentType } = encodeMultipart(pairs);
		return { body, headers: { 'Content-Type': contentType } };
	}
	return {
		body: encodeUrlEncoded(pairs),
		headers: { 'Content-Type': `${URLENCODED}; charset=utf-8` },
	};
}

function headerValue(headers: IDataObject, name: string): { key?: string; value?: string } {
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() === name) return { key, value: String(headers[key] ?? '') };
	}
	return {};
}

function boundaryOf(contentType: string): string | undefined {
	const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return m ? (m[1] ?? m[2]) : undefined;
}

function pairsOfObject(body: IDataObject): FormPairs {
	const pairs: FormPairs = [];
	for (const [name, value] of Object.entries(body)) {
		if (value === undefined || value === null) continue;
		pairs.push([name, typeof value === 'string' ? value : String(value)]);
	}
	return pairs;
}

/**
 * Adds form fields to a request's body, in the body's own encoding, and returns a new request (the
 * given one is left as it was, so a retry does not carry the fields twice):
 * - a multipart Buffer gets them as parts before its closing delimiter;
 * - a URL-encoded string gets them appended;
 * - no body or a plain object (n8n's credential Test builds one) becomes a URL-encoded string.
 */
export function withFormFields(
	request: IHttpRequestOptions,
	fields: FormPairs,
): IHttpRequestOptions {
	const headers = { ...((request.headers ?? {}) as IDataObject) };
	const contentType = headerValue(headers, 'content-type');
	const body = request.body as unknown;

	if (Buffer.isBuffer(body)) {
		const boundary = boundaryOf(contentType.value ?? '');
		const closing = boundary === undefined ? -1 : body.lastIndexOf(`--${boundary}--`);
		if (
			boundary === undefined ||
			closing < 0 ||
			!/^multipart\/form-data/i.test(contentType.value ?? '')
		) {
			throw new Error(
				'the request body is a Buffer but not a multipart/form-data body with its boundary',
			);
		}
		const extra = encodeMultipart(fields, boundary);
		if (boundaryOf(extra.contentType) !== boundary) {
			throw new Error('a credential value contains the multipart boundary of this request');
		}
		return { ...request, headers, body: Buffer.concat([body.subarray(0, closing), extra.body]) };
	}

	let existing: string;
	if (typeof body === 'string') {
		existing = body;
	} else if (body === undefined || body === null) {
		existing = '';
	} else if (typeof body === 'object' && !Array.isArray(body)) {
		existing = encodeUrlEncoded(pairsOfObject(body as IDataObject));
	} else {
		throw new Error('the request body is not a form');
	}
	if (contentType.key) delete headers[contentType.key];
	headers['Content-Type'] =
		contentType.value && /urlencoded/i.test(contentType.value) ? contentType.value : URLENCODED;
	const added = encodeUrlEncoded(fields);
	return { ...request, headers, body: existing ? `${existing}&${added}` : added };
}
