import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** The provider answered, and the answer is a failure: carries the provider's own words. */
export class ProviderError extends Error {
	constructor(
		message: string,
		readonly details: {
			httpCode?: number;
			providerStatus?: string;
			description?: string;
			/** Structured facts for the error item (e.g. Intrepid's errorType and correlationId). */
			data?: JsonObject;
		} = {},
	) {
		super(message);
	}
}

/** No usable answer: the request may or may not have reached the provider. */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly code: string,
		/** True when the provider may have acted on the request (a timeout or reset after sending). */
		readonly ambiguous: boolean,
	) {
		super(message);
	}
}

/** Input that breaks a rule; raised before anything is sent for the item. */
export class InputError extends Error {}

/** Replaces every secret (and its URL- and form-encoded forms) in a text. */
export function redact(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (!secret || secret.length < 3) continue;
		// Form bodies spell a space "+" and escape !'()*~, so an echoed form shows neither of the other spellings.
		for (const form of new Set([secret, encodeURIComponent(secret), new URLSearchParams([['', secret]]).toString().slice(1)])) {
			out = out.split(form).join('***');
		}
	}
	return out;
}

/** Authorization header values (scheme + token) that an echoing answer may carry. */
const AUTHORIZATION_TOKEN = /\b(TourCMS|Bearer|Basic|Token)\s+[^\s"'<>&\\]+/g;

/**
 * A piece of a provider's answer that is safe to show: an answer (or a proxy's debug page) may echo the
 * request back, so authorization tokens and the item's own secret values (e.g. a new customer password,
 * also in its form- and XML-encoded spellings) are removed before the text is cut to `max` characters.
 */
export function answerExcerpt(body: string, secrets: readonly string[] = [], max = 300): string {
	const spellings = secrets.flatMap((s) => [
		s,
		new URLSearchParams([['', s]]).toString().slice(1),
		s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
	]);
	const text = redact(body, spellings).replace(AUTHORIZATION_TOKEN, '$1 ***');
	return text.length > max ? text.slice(0, max) : text;
}

/** The values of an item's secret fields, as a provider keeps them in `PreparedRequest.context.secretValues`. */
export function secretValuesOf(context: { secretValues?: unknown }): string[] {
	return Array.isArray(context.secretValues) ? context.secretValues.filter((v): v is string => typeof v === 'string') : [];
}

/** NodeApiError swaps a message that mentions ECONNRESET, ETIMEDOUT & co. for a generic sentence; ours says more. */
function withMessage(error: NodeApiError, message: string): NodeApiError {
	error.message = message;
	return error;
}

function redactJson(value: JsonObject, secrets: readonly string[]): JsonObject {
	return JSON.parse(redact(JSON.stringify(value), secrets)) as JsonObject;
}

/** Turns any failure of one item into the n8n error a user sees, with secrets removed. */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	providerName: string,
	secrets: readonly string[],
): NodeApiError | NodeOperationError {
	if (error instanceof ProviderError) {
		const { httpCode, providerStatus, description, data } = error.details;
		const body: JsonObject = {
			message: redact(error.message, secrets),
			...(providerStatus !== undefined ? { providerStatus: redact(providerStatus, secrets) } : {}),
			...(httpCode !== undefined ? { httpCode: String(httpCode) } : {}),
			...(data ? redactJson(data, secrets) : {}),
		};
		const message = redact(error.message, secrets);
		return withMessage(
			new NodeApiError(node, body, {
				message,
				description: description === undefined ? undefined : redact(description, secrets),
				httpCode: httpCode === undefined ? undefined : String(httpCode),
				itemIndex,
			}),
			message,
		);
	}
	if (error instanceof TransportError) {
		const message = redact(error.message, secrets);
		return withMessage(
			new NodeApiError(
				node,
				// Not `code`: NodeApiError would replace our message with its generic one for ECONNRESET & co.
				{ message, transportCode: error.code },
				{
					message,
					description: error.ambiguous
						? `The request may have reached ${providerName}; check the record before running this item again.`
						: undefined,
					itemIndex,
				},
			),
			message,
		);
	}
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		error.message = redact(error.message, secrets);
		if (error.description) error.description = redact(error.description, secrets);
		error.context.itemIndex = itemIndex;
		return error;
	}
	const message = redact(error instanceof Error ? error.message : String(error), secrets);
	return new NodeOperationError(node, message, { itemIndex });
}
