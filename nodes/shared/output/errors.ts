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

/** Longest provider text kept in a message or description; the rest is counted, not shown. */
export const MAX_SHOWN_CHARACTERS = 300;

/** A text cut to `max` characters, saying how long it was: "…(n characters)". */
export function cutText(text: string, max = MAX_SHOWN_CHARACTERS): string {
	return text.length > max ? `${text.slice(0, max)}…(${text.length} characters)` : text;
}

function decodedForm(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/** Replaces every secret (and its URL-encoded, form-encoded and URL-decoded forms) in a text. */
export function redact(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (!secret || secret.length < 3) continue;
		// Form bodies spell a space "+" and escape !'()*~, so an echoed form shows neither of the other spellings.
		// A secret that is itself URL-encoded (TourCMS's signature) may come back decoded.
		const forms = new Set([
			secret,
			encodeURIComponent(secret),
			new URLSearchParams([['', secret]]).toString().slice(1),
			decodedForm(secret),
		]);
		for (const form of [...forms].sort((a, b) => b.length - a.length)) {
			if (form.length >= 3) out = out.split(form).join('***');
		}
	}
	return out;
}

/** Authorization header values (scheme + token) that an echoing answer may carry, also URL-encoded. */
const AUTHORIZATION_TOKEN = /\b(TourCMS|Bearer|Basic|Token)(\s+|%20|\+)[^\s"'<>&\\]+/g;

/** Removes authorization header values by their form, whatever secret made them. */
export function withoutAuthorizationTokens(text: string): string {
	return text.replace(AUTHORIZATION_TOKEN, '$1 ***');
}

/**
 * The same, tight enough for this package's own sentences ("TourCMS refused the update"): a TourCMS
 * signature after its `channel:marketplace:` prefix, or a long token after Bearer/Basic/Token.
 */
const SIGNED_AUTHORIZATION =
	/\b(TourCMS(?:\s+|%20|\+)\d+(?::|%3A)\d+(?::|%3A))[^\s"'<>&\\]+|\b(Bearer|Basic|Token)(\s+|%20|\+)[A-Za-z0-9._~+/=%-]{16,}/gi;

function withoutSignedAuthorization(text: string): string {
	return text.replace(
		SIGNED_AUTHORIZATION,
		(_all, tourCms: string | undefined, scheme: string | undefined) =>
			tourCms ? `${tourCms}***` : `${scheme} ***`,
	);
}

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
	return cutText(withoutAuthorizationTokens(redact(body, spellings)), max);
}

/** The values of an item's secret fields, as a provider keeps them in `PreparedRequest.context.secretValues`. */
export function secretValuesOf(context: { secretValues?: unknown }): string[] {
	return Array.isArray(context.secretValues)
		? context.secretValues.filter((v): v is string => typeof v === 'string')
		: [];
}

/** NodeApiError swaps a message that mentions ECONNRESET, ETIMEDOUT & co. for a generic sentence; ours says more. */
function withMessage(error: NodeApiError, message: string): NodeApiError {
	error.message = message;
	return error;
}

/** Longest message and description a failed item carries (what n8n shows and stores). */
const MAX_MESSAGE_CHARACTERS = 600;
const MAX_DESCRIPTION_CHARACTERS = 1200;

/** A text safe to show and store: secrets and authorization values removed, cut to `max` characters. */
function safeText(text: string, secrets: readonly string[], max: number): string {
	return cutText(withoutSignedAuthorization(redact(text, secrets)), max);
}

function redactJson(value: JsonObject, secrets: readonly string[]): JsonObject {
	const clean = (v: unknown): unknown => {
		if (typeof v === 'string') return safeText(v, secrets, MAX_SHOWN_CHARACTERS);
		if (Array.isArray(v)) return v.map(clean);
		if (v && typeof v === 'object')
			return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]));
		return v;
	};
	return clean(value) as JsonObject;
}

function providerNodeError(
	node: INode,
	error: ProviderError,
	itemIndex: number,
	secrets: readonly string[],
): NodeApiError {
	const { httpCode, providerStatus, description, data } = error.details;
	const message = safeText(error.message, secrets, MAX_MESSAGE_CHARACTERS);
	const body: JsonObject = {
		message,
		...(providerStatus !== undefined
			? { providerStatus: safeText(providerStatus, secrets, MAX_SHOWN_CHARACTERS) }
			: {}),
		...(httpCode !== undefined ? { httpCode: String(httpCode) } : {}),
		...(data ? redactJson(data, secrets) : {}),
	};
	return withMessage(
		new NodeApiError(node, body, {
			message,
			description:
				description === undefined
					? undefined
					: safeText(description, secrets, MAX_DESCRIPTION_CHARACTERS),
			httpCode: httpCode === undefined ? undefined : String(httpCode),
			itemIndex,
		}),
		message,
	);
}

function transportNodeError(
	node: INode,
	error: TransportError,
	itemIndex: number,
	providerName: string,
	secrets: readonly string[],
): NodeApiError {
	const message = safeText(error.message, secrets, MAX_MESSAGE_CHARACTERS);
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

/** Turns any failure of one item into the n8n error a user sees, with secrets removed. */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	providerName: string,
	secrets: readonly string[],
): NodeApiError | NodeOperationError {
	if (error instanceof ProviderError) return providerNodeError(node, error, itemIndex, secrets);
	if (error instanceof TransportError) {
		return transportNodeError(node, error, itemIndex, providerName, secrets);
	}
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		error.message = safeText(error.message, secrets, MAX_MESSAGE_CHARACTERS);
		if (error.description)
			error.description = safeText(error.description, secrets, MAX_DESCRIPTION_CHARACTERS);
		error.context.itemIndex = itemIndex;
		return error;
	}
	const message = safeText(
		error instanceof Error ? error.message : String(error),
		secrets,
		MAX_MESSAGE_CHARACTERS,
	);
	return new NodeOperationError(node, message, { itemIndex });
}
