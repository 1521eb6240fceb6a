import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import { redact, secretValuesOf } from './errors';
import { preparedNotes } from './notes';
import type { PreparedRequest, ProviderId } from '../engine/types';

/** How a provider's requests are shown by Preview Request (dry run). */
export interface ProviderPreview {
	/** What the provider's credential does to every request (its `authenticate`), as a plain function. */
	authenticate(
		credentials: ICredentialDataDecryptedObject,
		request: IHttpRequestOptions,
	): IHttpRequestOptions;
	/** Requests sent before the change itself, e.g. a read-only lookup, in the order they go out. */
	requestsBefore?(
		prepared: PreparedRequest,
	): Array<{ purpose: string; request: IHttpRequestOptions }>;
	/** Facts of the authenticated request worth seeing, e.g. the string TourCMS signs. */
	describe?(
		authenticated: IHttpRequestOptions,
		prepared: PreparedRequest,
		credentials: ICredentialDataDecryptedObject,
	): IDataObject;
}

export const MASK = '***';
// A second stand-in for the secrets: whatever differs between the two authentications is made from a secret.
const OTHER_MASK = '*** ';

function withSecretsAs(
	credentials: ICredentialDataDecryptedObject,
	secretKeys: readonly string[],
	stand: string,
): ICredentialDataDecryptedObject {
	const copy = { ...credentials };
	for (const key of secretKeys) {
		if (copy[key] !== undefined && copy[key] !== '') copy[key] = stand;
	}
	return copy;
}

function authenticate(
	preview: ProviderPreview,
	credentials: ICredentialDataDecryptedObject,
	request: IHttpRequestOptions,
): IHttpRequestOptions {
	// Every call gets its own copy: an authentication may change what it is given.
	const copy: IHttpRequestOptions = {
		...request,
		headers: { ...(request.headers ?? {}) },
		...(request.qs ? { qs: { ...request.qs } } : {}),
	};
	return preview.authenticate(credentials, copy);
}

function bodyText(body: unknown): string | IDataObject | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return body as IDataObject;
}

/** The start both values share, cut back to a separator so no character of a signature shows. */
function sharedStart(a: string, b: string): string {
	let n = 0;
	while (n < a.length && n < b.length && a[n] === b[n]) n++;
	const cut = a.slice(0, n).search(/[\s:;,=]([^\s:;,=]*)$/);
	return cut < 0 ? '' : a.slice(0, cut + 1);
}

/** A header value as shown: as sent when no secret went into it, otherwise masked. */
function shownHeader(shown: unknown, other: unknown, earlier: unknown): string {
	const text = String(shown ?? '');
	// Compared with two authentications with the same stand-in, one on each side of the other, so a
	// value that follows the clock (a date header) is not taken for one made from a secret.
	if (String(other ?? '') === text || String(other ?? '') === String(earlier ?? '')) return text;
	if (text.includes(MASK)) return text;
	return `${sharedStart(text, String(other ?? ''))}${MASK}`;
}

function maskItemSecrets(text: string, secrets: readonly string[]): string {
	const spellings = secrets.flatMap((s) => [
		s,
		s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
		JSON.stringify(s).slice(1, -1),
	]);
	return redact(text, spellings);
}

function maskDeep(value: unknown, secrets: readonly string[]): unknown {
	if (typeof value === 'string') return maskItemSecrets(value, secrets);
	if (Array.isArray(value)) return value.map((v) => maskDeep(v, secrets));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, secrets)]));
	}
	return value;
}

/**
 * One request as n8n would send it, after the credential's authentication, without sending it. The
 * credential's secrets never go into it: the authentication runs with stand-ins, and a header that
 * changes with the stand-in is shown masked. The item's own secret values (a new password) are masked too.
 */
export async function previewOneRequest(
	preview: ProviderPreview,
	secretKeys: readonly string[],
	credentials: ICredentialDataDecryptedObject,
	prepared: PreparedRequest,
	request: IHttpRequestOptions,
): Promise<IDataObject> {
	const masked = withSecretsAs(credentials, secretKeys, MASK);
	const before = authenticate(preview, masked, request);
	const other = authenticate(preview, withSecretsAs(credentials, secretKeys, OTHER_MASK), request);
	const sent = authenticate(preview, masked, request);

	const headers: IDataObject = {};
	const sentHeaders = (sent.headers ?? {}) as IDataObject;
	const otherHeaders = (other.headers ?? {}) as IDataObject;
	const beforeHeaders = (before.headers ?? {}) as IDataObject;
	for (const name of Object.keys(sentHeaders)) {
		headers[name] = shownHeader(sentHeaders[name], otherHeaders[name], beforeHeaders[name]);
	}
	const itemSecrets = secretValuesOf(prepared.context);
	const result: IDataObject = {
		method: (sent.method ?? 'GET').toUpperCase(),
		url: maskItemSecrets(sent.url, itemSecrets),
		headers,
	};
	if (sent.qs && Object.keys(sent.qs).length)
		result.qs = maskDeep(sent.qs, itemSecrets) as IDataObject;
	const body = bodyText(sent.body);
	if (body !== undefined) result.body = maskDeep(body, itemSecrets) as IDataObject;
	if (preview.describe) Object.assign(result, preview.describe(sent, prepared, masked));
	return result;
}

/** What Preview Request outputs for one valid item: the normalized shape with status "preview". */
export async function previewItem(
	providerId: ProviderId,
	preview: ProviderPreview,
	secretKeys: readonly string[],
	credentials: ICredentialDataDecryptedObject,
	prepared: PreparedRequest,
): Promise<IDataObject> {
	const result: IDataObject = {
		provider: providerId,
		customerId: prepared.customerId,
		status: 'preview',
		changedFields: prepared.sentFields,
		providerStatus: 'not sent',
		...preparedNotes(prepared),
	};
	const earlier = preview.requestsBefore?.(prepared) ?? [];
	if (earlier.length) {
		result.requestsBefore = await Promise.all(
			earlier.map(async ({ purpose, request }) => ({
				purpose,
				...(await previewOneRequest(preview, secretKeys, credentials, prepared, request)),
			})),
		);
	}
	result.request = await previewOneRequest(
		preview,
		secretKeys,
		credentials,
		prepared,
		prepared.request,
	);
	return result;
}

/**
 * Preview Request (dry run): every item was read and validated exactly as for a real run; instead of
 * sending, each valid item's output is the request it would send. Items that failed keep their error.
 */
export async function previewAll(
	provider: {
		id: ProviderId;
		displayName: string;
		secretCredentialKeys: readonly string[];
		preview?: ProviderPreview;
	},
	credentials: ICredentialDataDecryptedObject,
	prepared: ReadonlyArray<PreparedRequest | undefined>,
	output: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const preview = provider.preview;
	if (!preview) throw new Error(`Preview Request is not available for ${provider.displayName}`);
	for (let i = 0; i < prepared.length; i++) {
		const item = prepared[i];
		if (!item) continue;
		output[i] = {
			json: await previewItem(
				provider.id,
				preview,
				provider.secretCredentialKeys,
				credentials,
				item,
			),
			pairedItem: { item: i },
		};
	}
	return output;
}
