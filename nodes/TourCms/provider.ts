import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readFields, type ProviderDefinition } from '../shared/engine/engine';
import { InputError, ProviderError, answerExcerpt, secretValuesOf } from '../shared/output/errors';
import { FieldRuleError } from '../shared/input/fieldTable';
import { positiveInteger } from '../shared/input/rules';
import {
	buildXmlDocument,
	firstNonXmlCharacter,
	tryParseXml,
	xmlText,
	type XmlTree,
} from '../shared/formats/xml';
import type { QuotaReading } from '../shared/request/requestGate';
import type { HttpAnswer, PreparedRequest, ProviderOutcome } from '../shared/engine/types';
import { SIGN_CHANNEL_HEADER, authenticateTourCms } from './authentication';
import { CUSTOM_FIELD_TOKEN_RULE, TOURCMS_FIELDS } from './fields';
import { tourCmsSignature } from './signature';
import { signedStringOf } from './preview';

/** Input fields that identify the customer; automatic mapping never treats them as data. */
const IDENTITY_NAMES = ['customerId', 'customer_id', 'channelId', 'channel_id'];

export const UPDATE_PATH = '/c/customer/update.xml';

const HOUR_MS = 3600_000;

/** Seconds of signatures recomputed for one item at most (the longest a run of retries can wait, and some). */
const MAX_SIGNED_SECONDS = 4000;

/** Signatures of the same request within one second are the same: the seconds' signatures are kept. */
function signaturesBetween(
	prepared: PreparedRequest,
	credentials: IDataObject,
	fromSec: number,
	toSec: number,
): string[] {
	const url = new URL(String(prepared.request.url));
	const input = {
		channelId: String(prepared.context.channelId),
		marketplaceId: String(credentials.marketplaceId ?? 0),
		verb: String(prepared.request.method ?? 'POST'),
		path: `${url.pathname}${url.search}`,
		apiKey: String(credentials.apiKey ?? ''),
	};
	const out: string[] = [];
	for (let time = fromSec; time <= toSec && out.length < MAX_SIGNED_SECONDS; time++)
		out.push(tourCmsSignature({ ...input, time }));
	return out;
}

/** What each documented error string means, in words a user can act on. */
export const TOURCMS_ERRORS: Record<string, string> = {
	FAIL_SIG:
		'The signature did not match: check the API key and that the channel ID belongs to this key.',
	FAIL_TIME:
		"The request time was more than 15 minutes off TourCMS's clock: check this machine's clock.",
	FAIL_KEYNOTFOUND:
		'The API key does not give a connection for this channel/marketplace: a tour operator must sign with a real channel ID (not 0) and marketplace 0.',
	FAIL_PERM: 'This API key has no permission to update this customer.',
	FAIL_TOUROPONLY: 'This action is for tour operators only.',
	FAIL_PARTNERSONLY: 'A marketplace-agent call was made on a tour operator connection.',
	FAIL_ACTIVEPARTNERSONLY: 'The agent account is deactivated.',
	FAIL_VERB: 'The wrong HTTP method was used for this call.',
	'NO MATCHING DATA':
		'No customer with this Customer ID was found on this channel (or the account cannot see it).',
	WEBHOOK_TIMEOUT: 'An external system that TourCMS called did not answer in time.',
};

interface CustomFieldEntry {
	name?: unknown;
	value?: unknown;
}

function readChannel(ctx: IExecuteFunctions, itemIndex: number, fallback: unknown): string {
	const raw = String(ctx.getNodeParameter('channelId', itemIndex, '') ?? '').trim();
	const channel = raw === '' ? String(fallback ?? '').trim() : raw;
	if (!positiveInteger.test(channel)) {
		throw new FieldRuleError(
			{ label: 'Channel ID', wire: 'channel' },
			`${positiveInteger.describe}; leave it empty to use the credential's channel`,
			channel,
		);
	}
	return channel;
}

function readCustomFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Array<{ name: string; value: string }> {
	const collection = ctx.getNodeParameter('customFields', itemIndex, {}) as {
		field?: CustomFieldEntry[];
	};
	return (collection.field ?? []).map((entry, n) => {
		const name = String(entry.name ?? '').trim();
		const label = { label: `Custom Field ${n + 1} Token`, wire: 'custom_fields.field.name' };
		if (!CUSTOM_FIELD_TOKEN_RULE.test(name)) {
			throw new FieldRuleError(label, CUSTOM_FIELD_TOKEN_RULE.describe, name);
		}
		const value = entry.value;
		if (value !== undefined && value !== null && typeof value === 'object') {
			throw new FieldRuleError(
				{ label: `Custom Field ${n + 1} Value`, wire: `custom_fields.${name}` },
				'be text, not a list or an object',
			);
		}
		return { name, value: value === undefined || value === null ? '' : String(value) };
	});
}

function readCustomerId(ctx: IExecuteFunctions, itemIndex: number): string {
	const customerId = String(ctx.getNodeParameter('customerId', itemIndex, '') ?? '').trim();
	if (!positiveInteger.test(customerId)) {
		throw new FieldRuleError(
			{ label: 'Customer ID', wire: 'customer_id' },
			positiveInteger.describe,
			customerId,
		);
	}
	return customerId;
}

/** What one item's update sets, clears and adds, as read from its parameters. */
interface Update {
	customerId: string;
	fields: ReturnType<typeof readFields>;
	disableLogin: boolean;
	customFields: ReturnType<typeof readCustomFields>;
}

/** Fields only a tour operator may change are refused to a travel agent's credential before sending. */
function checkAllowed(update: Update, credentials: IDataObject): void {
	const { fields, disableLogin, customFields } = update;
	const isAgent = Number(credentials.marketplaceId ?? 0) !== 0;
	if (isAgent) {
		const operatorOnly = [
			...fields.values.filter((v) => v.spec.tags?.includes('operatorOnly')).map((v) => v.spec.wire),
			...(disableLogin ? ['customer_password'] : []),
			...(customFields.length ? ['custom_fields'] : []),
		];
		if (operatorOnly.length) {
			throw new InputError(
				`${operatorOnly.join(', ')} can only be changed by a tour operator; this credential is a travel agent's (Marketplace ID ${credentials.marketplaceId})`,
			);
		}
	}
	if (disableLogin && fields.values.some((v) => v.spec.wire === 'customer_password')) {
		throw new InputError(
			'"Disable Customer Login" and a new "Customer Password" cannot be sent together',
		);
	}
}

function customerTree(update: Update): XmlTree {
	const { fields, disableLogin, customFields } = update;
	const tree: XmlTree = { customer_id: update.customerId };
	for (const { spec, text } of fields.values) tree[spec.wire] = text;
	for (const spec of fields.clears) tree[spec.wire] = '';
	if (disableLogin) tree.customer_password = '';
	if (customFields.length) {
		tree.custom_fields = { field: customFields.map((f) => ({ name: f.name, value: f.value })) };
	}
	return tree;
}

/** The XML document of an update that sends something and only characters XML 1.0 can carry. */
function checkedXmlBody(tree: XmlTree, sentFields: readonly string[]): string {
	if (sentFields.length === 0) {
		throw new InputError(
			'nothing to update: add at least one field, a field to clear or a custom field',
		);
	}
	const badCharacter = firstNonXmlCharacter(tree);
	if (badCharacter) {
		throw new FieldRuleError(
			{ label: badCharacter.path, wire: badCharacter.path },
			`not contain U+${badCharacter.codePoint.toString(16).toUpperCase().padStart(4, '0')}: XML 1.0 cannot carry that character`,
		);
	}
	return buildXmlDocument('customer', tree);
}

/** The document's `<response>` element with its `<error>` text, or a failure naming what is missing. */
function readRoot(
	answer: HttpAnswer,
	prepared: PreparedRequest,
): { root: IDataObject; error: string } {
	const doc = tryParseXml(answer.body);
	if (!doc) {
		throw new ProviderError(
			`TourCMS answered HTTP ${answer.statusCode} with a body that is not XML`,
			{
				httpCode: answer.statusCode,
				description: answerExcerpt(answer.body, secretValuesOf(prepared.context)),
			},
		);
	}
	const root = doc.response as IDataObject | undefined;
	const error = xmlText(root?.error)?.trim();
	if (!root || error === undefined) {
		throw new ProviderError(
			`TourCMS answered HTTP ${answer.statusCode} without a <response><error> element`,
			{
				httpCode: answer.statusCode,
				description: answerExcerpt(answer.body, secretValuesOf(prepared.context)),
			},
		);
	}
	return { root, error };
}

function checkSameCustomer(
	answer: HttpAnswer,
	prepared: PreparedRequest,
	error: string,
	customerId: string | null,
): void {
	if (
		(error === 'OK' || error === 'NO DATA CHANGED') &&
		prepared.customerId &&
		customerId !== prepared.customerId
	) {
		throw new ProviderError(
			`TourCMS answered "${error}" for customer ${customerId}, not for customer ${prepared.customerId} that was sent`,
			{
				httpCode: answer.statusCode,
				providerStatus: error,
				description:
					'The answer is about another customer, so this update is not confirmed: check both customers in TourCMS before running this item again.',
				data: {
					customerId: prepared.customerId,
					answeredCustomerId: customerId,
					channelId: String(prepared.context.channelId),
				},
			},
		);
	}
}

function refusalError(answer: HttpAnswer, prepared: PreparedRequest, error: string): ProviderError {
	const meaning =
		TOURCMS_ERRORS[error] ?? (/_TIME\b/.test(error) ? TOURCMS_ERRORS.FAIL_TIME : undefined);
	return new ProviderError(`TourCMS refused the update: ${error}`, {
		httpCode: answer.statusCode,
		providerStatus: error,
		description: meaning ?? `TourCMS answered "${error}" (HTTP ${answer.statusCode}).`,
		data: {
			customerId: prepared.customerId ?? '',
			channelId: String(prepared.context.channelId),
		},
	});
}

export const tourCmsProvider: ProviderDefinition = {
	id: 'tourCms',
	displayName: 'TourCMS',
	credentialType: 'tourCmsApi',
	secretCredentialKeys: ['apiKey'],
	preview: { authenticate: authenticateTourCms, describe: signedStringOf },

	prepare(ctx, itemIndex, credentials): PreparedRequest {
		const customerId = readCustomerId(ctx, itemIndex);
		const channelId = readChannel(ctx, itemIndex, credentials.channelId);
		const update: Update = {
			customerId,
			fields: readFields(ctx, itemIndex, TOURCMS_FIELDS, true, IDENTITY_NAMES),
			disableLogin: ctx.getNodeParameter('disableLogin', itemIndex, false) === true,
			customFields: readCustomFields(ctx, itemIndex),
		};
		checkAllowed(update, credentials);
		const tree = customerTree(update);
		const sentFields = Object.keys(tree).filter((k) => k !== 'customer_id');
		const body = checkedXmlBody(tree, sentFields);
		const { values, emptyFields, autoMapping } = update.fields;
		const baseUrl = String(credentials.baseUrl || 'https://api.tourcms.com').replace(/\/+$/, '');
		return {
			request: {
				method: 'POST',
				url: `${baseUrl}${UPDATE_PATH}`,
				body,
				headers: {
					'Content-Type': 'text/xml;charset="utf-8"',
					'User-Agent': `n8n-nodes-customer-update (${credentials.marketplaceId ?? 0}_${channelId})`,
					[SIGN_CHANNEL_HEADER]: channelId,
				},
			},
			sentFields,
			customerId,
			mayCreate: false,
			context: {
				channelId,
				ignoredEmptyFields: emptyFields,
				...(autoMapping ? { autoMapping } : {}),
				secretValues: values.filter((v) => v.spec.secret).map((v) => v.text),
			},
		};
	},

	// The credential signs each request for the second it is sent in; an answer echoing the Authorization
	// header carries that signature, which stays replayable for about 15 minutes: it is redacted like the key.
	derivedSecrets(prepared, credentials, window): string[] {
		return signaturesBetween(
			prepared,
			credentials,
			Math.floor(window.sentFromMs / 1000) - 1,
			Math.floor(window.sentToMs / 1000) + 1,
		);
	},

	// TourCMS counts hits per channel and verb per hour and reports what is left in x-ratelimit-remaining;
	// the count is taken to refill at the top of the hour on TourCMS's clock (its Date header).
	readQuota(answer: HttpAnswer): QuotaReading | undefined {
		const header = answer.headers['x-ratelimit-remaining'];
		if (header === undefined) return undefined;
		const remaining = Number(header);
		if (!Number.isFinite(remaining)) return undefined;
		const serverNow = answer.headers.date ? Date.parse(answer.headers.date) : Number.NaN;
		const now = Number.isNaN(serverNow) ? Date.now() : serverNow;
		return { remaining, resetInMs: HOUR_MS - (now % HOUR_MS) };
	},

	interpret(answer: HttpAnswer, prepared: PreparedRequest): ProviderOutcome {
		const { root, error } = readRoot(answer, prepared);
		const remaining = Number(answer.headers['x-ratelimit-remaining']);
		const rateLimit =
			Number.isFinite(remaining) && answer.headers['x-ratelimit-remaining'] !== undefined
				? { remaining }
				: undefined;
		const customer = root.customer as IDataObject | undefined;
		const customerId = xmlText(customer?.customer_id)?.trim() || prepared.customerId;
		const extra: IDataObject = { channelId: Number(prepared.context.channelId) };
		const accountId = xmlText(customer?.account_id);
		if (accountId) extra.accountId = accountId;
		checkSameCustomer(answer, prepared, error, customerId);
		if (error !== 'OK' && error !== 'NO DATA CHANGED') throw refusalError(answer, prepared, error);
		const updated = error === 'OK';
		return {
			status: updated ? 'updated' : 'unchanged',
			customerId,
			providerStatus: error,
			changedFields: updated ? prepared.sentFields : [],
			extra,
			rateLimit,
		};
	},
};
