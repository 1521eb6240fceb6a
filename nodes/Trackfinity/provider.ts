import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { type ProviderDefinition } from '../shared/engine/engine';
import { readUpdateFields } from '../shared/input/mapping';
import {
	InputError,
	ProviderError,
	answerExcerpt,
	cutText,
	secretValuesOf,
} from '../shared/output/errors';
import { collectFields, FieldRuleError } from '../shared/input/fieldTable';
import { encodeUrlEncoded, type FormPairs } from '../shared/formats/form';
import type { HttpAnswer, PreparedRequest, ProviderOutcome } from '../shared/engine/types';
import { authenticateTrackfinity } from './authentication';
import { trackfinityBaseUrl } from './baseUrl';
import { REMOVE_KEYWORD, TRACKFINITY_FIELDS } from './fields';

export const UPDATE_PATH = '/api/customer/set_customer_details';

export type LookupBy = 'customer_id' | 'subscription_id';

const LOOKUP: Record<LookupBy, { parameter: string; label: string }> = {
	customer_id: { parameter: 'customerId', label: 'Customer ID' },
	subscription_id: { parameter: 'subscriptionId', label: 'Subscription ID' },
};

export const AUTH_HINT = 'check API Username/API Key in the Trackfinity API credential';
export const IP_HINT =
	"add this machine's IP to ADMIN_API_ALLOWED_IPS (Trackfinity Settings → Security)";

function readLookup(ctx: IExecuteFunctions, itemIndex: number): { by: LookupBy; value: string } {
	const by = ctx.getNodeParameter('lookupBy', itemIndex, 'customer_id') as string;
	if (by !== 'customer_id' && by !== 'subscription_id') {
		throw new FieldRuleError(
			{ label: 'Find Customer By', wire: 'lookupBy' },
			'be "customer_id" or "subscription_id"',
			String(by),
		);
	}
	const { parameter, label } = LOOKUP[by];
	const raw = ctx.getNodeParameter(parameter, itemIndex, '') as unknown;
	if (raw !== null && typeof raw === 'object') {
		throw new FieldRuleError({ label, wire: by }, 'be text or a number, not a list or an object');
	}
	const value = raw === undefined || raw === null ? '' : String(raw).trim();
	if (value === '') {
		throw new FieldRuleError(
			{ label, wire: by },
			'be given: Trackfinity needs either customer_id or subscription_id to find the customer',
		);
	}
	return { by, value };
}

/** Accepts the list the UI produces, and also a comma-separated text or a single name from an expression. */
function readFieldsToRemove(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const raw = ctx.getNodeParameter('fieldsToClear', itemIndex, []) as unknown;
	const list = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : [raw];
	const keys = list
		.filter((k) => k !== undefined && k !== null && k !== '')
		.map((k) => (typeof k === 'string' ? k.trim() : k));
	for (const key of keys) {
		if (typeof key !== 'string') {
			throw new FieldRuleError(
				{ label: 'Fields to Remove', wire: 'fieldsToClear' },
				'list field names, e.g. city, zip',
			);
		}
	}
	if (keys.includes('password')) {
		throw new InputError(
			'"Password" (password) cannot be in "Fields to Remove": Trackfinity does not allow removing a password, only setting a new one in Update Fields',
		);
	}
	return keys as string[];
}

/** The provider's own words, cut to a few hundred characters. */
function providerText(body: string): string {
	return cutText(providerWords(body));
}

function providerWords(body: string): string {
	const trimmed = body.trim();
	if (trimmed === '') return '(empty answer)';
	try {
		const parsed = JSON.parse(trimmed) as unknown;
		if (typeof parsed === 'string') return parsed;
		if (parsed && typeof parsed === 'object') {
			const o = parsed as IDataObject;
			for (const key of ['error', 'message', 'msg', 'detail']) {
				const v = o[key];
				if (typeof v === 'string' && v.trim()) return v.trim();
				if (v && typeof v === 'object' && typeof (v as IDataObject).message === 'string') {
					return String((v as IDataObject).message);
				}
			}
		}
	} catch {
		// Not JSON (an HTML error page, a proxy's text): show the text itself.
	}
	return trimmed
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

const IP_WORDS = /ADMIN_API_ALLOWED_IPS|\bIP\b|ip address|not whitelisted|allow[- ]?list/i;
const AUTH_WORDS =
	/api[-_ ]?key|api[-_ ]?username|unauthori[sz]ed|authenticat|credential|not an admin/i;

/** Input fields that identify the customer; automatic mapping never treats them as data. */
const IDENTITY_NAMES = ['customer_id', 'customerId', 'subscription_id', 'subscriptionId'];

/** An answer other than `true`: its status, its text as shown, and what identified the customer. */
interface Failure {
	statusCode: number;
	text: string;
	data: { lookupBy: string; lookupValue: string };
}

/** A failure on Trackfinity's side, or a refusal of the credentials or of this machine's address. */
function accessFailure({ statusCode, text, data }: Failure): ProviderError | undefined {
	// A server error page may contain any words (a proxy's page quoting "api-key"): it is never read as a refusal.
	if (statusCode >= 500) {
		return new ProviderError(
			`Trackfinity failed with a server error (HTTP ${statusCode}): ${text}`,
			{
				httpCode: statusCode,
				providerStatus: text,
				description: `Trackfinity (or a proxy in front of it) answered HTTP ${statusCode}: a failure on its side, not a refusal of the credentials. The update may or may not have been applied: check the customer before sending this item again.`,
				data,
			},
		);
	}
	if (IP_WORDS.test(text)) {
		return new ProviderError(
			`Trackfinity refused this machine's IP address (HTTP ${statusCode}: ${text}): ${IP_HINT}`,
			{
				httpCode: statusCode,
				providerStatus: text,
				description: `Only IP addresses listed in ADMIN_API_ALLOWED_IPS may call the Trackfinity API: ${IP_HINT}.`,
				data,
			},
		);
	}
	if (statusCode === 401 || AUTH_WORDS.test(text)) {
		return new ProviderError(
			`Trackfinity refused the credentials (HTTP ${statusCode}: ${text}): ${AUTH_HINT}`,
			{
				httpCode: statusCode,
				providerStatus: text,
				description: `Only full admin accounts with an API key may use the API: ${AUTH_HINT}.`,
				data,
			},
		);
	}
	if (statusCode === 403) {
		return new ProviderError(
			`Trackfinity refused access (HTTP 403: ${text}): ${AUTH_HINT}, and ${IP_HINT}`,
			{ httpCode: statusCode, providerStatus: text, data },
		);
	}
	return undefined;
}

/** A refusal of the update itself, or an answer that does not confirm it. */
function refusal({ statusCode, text, data }: Failure): ProviderError {
	const { lookupBy, lookupValue } = data;
	const meaning: Record<number, string> = {
		200: `Trackfinity answered "${text}" instead of true, so the update is not confirmed: check the customer record before sending this item again.`,
		400: 'Trackfinity calls this an invalid or unsupported request: check the values sent.',
		404: `Trackfinity answers 404 for an unknown customer, an invalid parameter or a wrong endpoint: check the ${lookupBy} "${lookupValue}" and the credential's Base URL.`,
		405: "Trackfinity did not accept PATCH on this endpoint: check the credential's Base URL points at a Trackfinity install.",
	};
	return new ProviderError(
		statusCode === 200
			? `Trackfinity did not update the customer: it answered ${text}`
			: `Trackfinity refused the update (HTTP ${statusCode}): ${text}`,
		{
			httpCode: statusCode,
			providerStatus: text,
			description: meaning[statusCode] ?? `Trackfinity answered HTTP ${statusCode}.`,
			data,
		},
	);
}

export const trackfinityProvider: ProviderDefinition = {
	id: 'trackfinity',
	displayName: 'Trackfinity',
	credentialType: 'trackfinityApi',
	secretCredentialKeys: ['apiKey'],
	preview: { authenticate: authenticateTrackfinity },

	prepare(ctx, itemIndex, credentials): PreparedRequest {
		const lookup = readLookup(ctx, itemIndex);
		const fieldsToRemove = readFieldsToRemove(ctx, itemIndex);
		const { updateFields, autoMapping } = readUpdateFields(
			ctx,
			itemIndex,
			TRACKFINITY_FIELDS,
			IDENTITY_NAMES,
		);
		const { values, clears, emptyFields } = collectFields(
			TRACKFINITY_FIELDS,
			updateFields,
			fieldsToRemove,
		);

		const sent = new Map<string, string>();
		for (const { spec, text } of values) sent.set(spec.key, text);
		for (const spec of clears) sent.set(spec.key, REMOVE_KEYWORD);
		const pairs: FormPairs = [[lookup.by, lookup.value]];
		for (const spec of TRACKFINITY_FIELDS) {
			const text = sent.get(spec.key);
			if (text !== undefined) pairs.push([spec.wire, text]);
		}
		const sentFields = pairs.slice(1).map(([name]) => name);
		if (sentFields.length === 0) {
			const ignored = emptyFields.length
				? ` (empty values are not sent: ${emptyFields.join(', ')})`
				: '';
			throw new InputError(
				`nothing to update: Trackfinity needs at least one field in Update Fields or Fields to Remove${ignored}`,
			);
		}
		const baseUrl = trackfinityBaseUrl(credentials.baseUrl);
		return {
			request: {
				method: 'PATCH',
				url: `${baseUrl}${UPDATE_PATH}`,
				body: encodeUrlEncoded(pairs),
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					Accept: 'application/json',
				},
			},
			sentFields,
			customerId: lookup.by === 'customer_id' ? lookup.value : null,
			mayCreate: false,
			context: {
				lookupBy: lookup.by,
				lookupValue: lookup.value,
				removedFields: clears.map((s) => s.wire),
				ignoredEmptyFields: emptyFields,
				...(autoMapping ? { autoMapping } : {}),
				secretValues: values.filter((v) => v.spec.secret).map((v) => v.text),
			},
		};
	},

	interpret(answer: HttpAnswer, prepared: PreparedRequest): ProviderOutcome {
		const { statusCode, body } = answer;
		const lookupBy = String(prepared.context.lookupBy);
		const lookupValue = String(prepared.context.lookupValue);
		if (statusCode === 200 && body.trim() === 'true') {
			const extra: IDataObject = { removedFields: prepared.context.removedFields as string[] };
			if (lookupBy === 'subscription_id') extra.subscriptionId = lookupValue;
			return {
				status: 'updated',
				customerId: prepared.customerId,
				providerStatus: 'true',
				changedFields: prepared.sentFields,
				extra,
			};
		}
		const text = providerText(answerExcerpt(body, secretValuesOf(prepared.context), body.length));
		const failure: Failure = { statusCode, text, data: { lookupBy, lookupValue } };
		throw accessFailure(failure) ?? refusal(failure);
	},
};
