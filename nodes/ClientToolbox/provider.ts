import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { readFields, type ProviderDefinition } from '../shared/engine/engine';
import {
	InputError,
	ProviderError,
	answerExcerpt,
	cutText,
	secretValuesOf,
} from '../shared/output/errors';
import { FieldRuleError } from '../shared/input/fieldTable';
import type { FormPairs } from '../shared/formats/form';
import { notBlank } from '../shared/input/rules';
import type { HttpAnswer, PreparedRequest, ProviderOutcome, Send } from '../shared/engine/types';
import { clientToolboxApiUrl } from './apiUrl';
import { authenticateClientToolbox } from './authentication';
import {
	ADDS_TO_BALANCE,
	CLIENT_TOOLBOX_FIELDS,
	CUSTOM_FIELD_NUMBER,
	JSONP_CALLBACK,
} from './fields';
import { formRequestParts, type BodyEncoding } from './formBody';
import { parseAnswer, type ClientToolboxAnswer } from './answer';

/** Input fields that identify the customer or the account; automatic mapping never treats them as data. */
const IDENTITY_NAMES = ['code', 'card_number', 'cardNumber', 'account_id', 'accountId'];

export type MatchBy = 'code' | 'cardNumber' | 'codeAndCardNumber';
export type IfNoMatch = 'create' | 'fail';

export const MATCH_LABELS: Record<MatchBy, string> = {
	code: 'code',
	cardNumber: 'card_number',
	codeAndCardNumber: 'code and card_number',
};

interface CustomFieldEntry {
	number?: unknown;
	value?: unknown;
}

interface FormatChoice {
	output: 'XML' | 'JSON';
	callback?: string;
	condensed: boolean;
	encoding: BodyEncoding;
}

const NOT_CHANGED = 'No edit was sent: nothing was changed in Client Toolbox.';

function identityText(raw: unknown, label: string, wire: string): string {
	if (raw === undefined || raw === null) return '';
	if (typeof raw === 'number') {
		// A 16-digit code read as a JSON number has already lost its last digits.
		if (!Number.isSafeInteger(raw)) {
			throw new FieldRuleError(
				{ label, wire },
				'be text: this number is too long to be read exactly (map it as a string, e.g. {{ String($json.code) }} from a text source)',
				String(raw),
			);
		}
		return String(raw);
	}
	if (typeof raw !== 'string')
		throw new FieldRuleError({ label, wire }, 'be text or a number, not a list or an object');
	return raw.trim();
}

function readIdentity(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { matchBy: MatchBy; code?: string; cardNumber?: string } {
	const matchBy = ctx.getNodeParameter('matchBy', itemIndex, 'code') as MatchBy;
	if (!(matchBy in MATCH_LABELS)) {
		throw new InputError(
			`"Match Customer By" must be code, cardNumber or codeAndCardNumber; got "${String(matchBy)}"`,
		);
	}
	const out: { matchBy: MatchBy; code?: string; cardNumber?: string } = { matchBy };
	if (matchBy === 'code' || matchBy === 'codeAndCardNumber') {
		const code = identityText(ctx.getNodeParameter('code', itemIndex, ''), 'Code', 'code');
		if (!code)
			throw new FieldRuleError(
				{ label: 'Code', wire: 'code' },
				'not be empty: it identifies the customer to update',
			);
		out.code = code;
	}
	if (matchBy === 'cardNumber' || matchBy === 'codeAndCardNumber') {
		const cardNumber = identityText(
			ctx.getNodeParameter('cardNumber', itemIndex, ''),
			'Card Number',
			'card_number',
		);
		if (!cardNumber) {
			throw new FieldRuleError(
				{ label: 'Card Number', wire: 'card_number' },
				matchBy === 'cardNumber'
					? 'not be empty: it identifies the customer to update'
					: 'not be empty: it is the card number to store',
			);
		}
		out.cardNumber = cardNumber;
	}
	return out;
}

function readAccount(ctx: IExecuteFunctions, itemIndex: number, fallback: unknown): string {
	const raw = ctx.getNodeParameter('accountId', itemIndex, '');
	const typed = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	const account = typed || String(fallback ?? '').trim();
	if (!notBlank.test(account)) {
		throw new FieldRuleError(
			{ label: 'Account ID', wire: 'account_id' },
			"not be empty: set it here or in the credential's Account ID",
		);
	}
	return account;
}

function readCustomFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { pairs: FormPairs; empty: string[] } {
	const collection = ctx.getNodeParameter('customFields', itemIndex, {}) as {
		field?: CustomFieldEntry[];
	};
	const pairs: FormPairs = [];
	const empty: string[] = [];
	const seen = new Set<string>();
	(collection.field ?? []).forEach((entry, n) => {
		const number = String(entry.number ?? '').trim();
		const label = { label: `Custom Field ${n + 1} Number`, wire: 'custom_field_##' };
		if (!CUSTOM_FIELD_NUMBER.test(number))
			throw new FieldRuleError(label, CUSTOM_FIELD_NUMBER.describe, number);
		const wire = `custom_field_${number}`;
		if (seen.has(wire))
			throw new FieldRuleError({ label: `Custom Field ${n + 1}`, wire }, 'appear only once');
		seen.add(wire);
		const value = entry.value;
		if (value !== undefined && value !== null && typeof value === 'object') {
			throw new FieldRuleError(
				{ label: `Custom Field ${n + 1} Value`, wire },
				'be text, not a list or an object',
			);
		}
		const text = value === undefined || value === null ? '' : String(value);
		if (text === '') empty.push(wire);
		else pairs.push([wire, text]);
	});
	return { pairs, empty };
}

function readFormat(ctx: IExecuteFunctions, itemIndex: number): FormatChoice {
	// Only these four per item: the whole collection would evaluate every option's expression for every
	// item, Run Key's too (read once per execution), which n8n 2.41 runs in its isolated sandbox.
	const option = (name: string) =>
		ctx.getNodeParameter(`options.${name}`, itemIndex, '') as unknown;
	const output = option('responseFormat') === 'json' ? 'JSON' : 'XML';
	const jsonpCallback = option('jsonpCallback');
	const callback = typeof jsonpCallback === 'string' ? jsonpCallback.trim() : '';
	const condensed = option('condensed') === true;
	const encoding: BodyEncoding =
		option('bodyEncoding') === 'multipart' ? 'multipart' : 'urlencoded';
	if (callback) {
		if (output !== 'JSON') {
			throw new FieldRuleError(
				{ label: 'JSONP Callback', wire: 'callback' },
				'be used with Response Format JSON (JSONP wraps JSON)',
			);
		}
		if (!JSONP_CALLBACK.test(callback)) {
			throw new FieldRuleError(
				{ label: 'JSONP Callback', wire: 'callback' },
				JSONP_CALLBACK.describe,
				callback,
			);
		}
	}
	if (condensed && output !== 'JSON') {
		throw new FieldRuleError(
			{ label: 'Condensed', wire: 'condensed' },
			'be used with Response Format JSON (it applies only to JSON and JSONP)',
		);
	}
	return { output, callback: callback || undefined, condensed, encoding };
}

function formatPairs(format: FormatChoice): FormPairs {
	const pairs: FormPairs = [['output', format.output]];
	if (format.callback) pairs.push(['callback', format.callback]);
	if (format.condensed) pairs.push(['condensed', 'yes']);
	return pairs;
}

function formRequest(url: string, pairs: FormPairs, encoding: BodyEncoding): IHttpRequestOptions {
	const { body, headers } = formRequestParts(pairs, encoding);
	return { method: 'POST', url, body, headers };
}

function refusal(parsed: ClientToolboxAnswer | undefined): string | undefined {
	if (parsed?.status === 'error') return parsed.error || '(no error text)';
	return undefined;
}

/**
 * The read-only check of "Fail Without Changing Anything": customer_info finds the customer the edit would
 * match (by code, else by card number) or the edit is never sent.
 */
async function checkCustomerExists(prepared: PreparedRequest, send: Send): Promise<void> {
	const lookup = prepared.context.lookup as unknown as IHttpRequestOptions;
	const answer = await send(lookup);
	const parsed = parseAnswer(answer.body);
	const by = String(prepared.context.lookupBy);
	const value = String(prepared.context.lookupValue);
	const secrets = secretValuesOf(prepared.context);
	const error = refusal(parsed);
	if (error !== undefined) {
		throw new ProviderError(
			`No customer was updated: Client Toolbox found no customer for ${by} "${value}" (${error})`,
			{
				httpCode: answer.statusCode,
				providerStatus: 'error',
				description: `If No Customer Matches is "Fail Without Changing Anything", so the customer was looked up first (customer_info) and Client Toolbox answered "${error}". ${NOT_CHANGED}`,
				data: { lookup: 'customer_info', [by]: value },
			},
		);
	}
	const code = parsed?.customer?.code;
	if (
		answer.statusCode < 200 ||
		answer.statusCode >= 300 ||
		parsed?.status !== 'success' ||
		!code
	) {
		throw new ProviderError(
			`No customer was updated: the customer lookup (customer_info) got an answer that does not show a customer (HTTP ${answer.statusCode})`,
			{
				httpCode: answer.statusCode,
				description: `${NOT_CHANGED} Answer: ${answerExcerpt(answer.body, secrets)}`,
			},
		);
	}
}

function readIfNoMatch(ctx: IExecuteFunctions, itemIndex: number): IfNoMatch {
	const ifNoMatch = ctx.getNodeParameter('ifNoMatch', itemIndex, 'fail') as IfNoMatch;
	if (ifNoMatch !== 'create' && ifNoMatch !== 'fail') {
		throw new InputError(
			`"If No Customer Matches" must be create or fail; got "${String(ifNoMatch)}"`,
		);
	}
	return ifNoMatch;
}

type Identity = ReturnType<typeof readIdentity>;
type FieldValues = ReturnType<typeof readFields>['values'];

/** What an edit sets: the Update Fields with a value, and the custom fields. */
interface EditData {
	values: FieldValues;
	emptyFields: string[];
	autoMapping: ReturnType<typeof readFields>['autoMapping'];
	custom: ReturnType<typeof readCustomFields>;
}

function readEditData(ctx: IExecuteFunctions, itemIndex: number): EditData {
	const read = readFields(ctx, itemIndex, CLIENT_TOOLBOX_FIELDS, false, IDENTITY_NAMES);
	const { emptyFields, autoMapping } = read;
	// send_no_email is "true, or don't include": switched off, it is simply not sent.
	const values = read.values.filter(
		(v) => !(v.spec.wire === 'send_no_email' && v.text === 'false'),
	);
	return { values, emptyFields, autoMapping, custom: readCustomFields(ctx, itemIndex) };
}

function dataPairsOf(data: EditData): FormPairs {
	return [...data.values.map((v): [string, string] => [v.spec.wire, v.text]), ...data.custom.pairs];
}

/** The wire names the edit sets; it must set at least one besides the customer's identity. */
function checkedSentFields(identity: Identity, data: EditData): string[] {
	const { values } = data;
	if (
		identity.cardNumber !== undefined &&
		values.some((v) => v.spec.wire === 'card_number_generate')
	) {
		throw new InputError(
			'"Generate Card Number (Digits)" (card_number_generate) cannot be sent with a Card Number: Client Toolbox offers them as alternatives. Match by Code to give the customer a generated card number.',
		);
	}
	// Matched by code, a card number is data: it replaces the customer's stored card number.
	const sentFields = [
		...(identity.matchBy === 'codeAndCardNumber' ? ['card_number'] : []),
		...dataPairsOf(data).map(([name]) => name),
	];
	if (sentFields.length === 0) {
		throw new InputError(
			"nothing to update: add at least one field in Update Fields or a Custom Field with a value (Client Toolbox needs at least one field besides the customer's code and card number)",
		);
	}
	return sentFields;
}

/** One item's edit, read and checked. */
interface Edit {
	url: string;
	accountId: string;
	identity: Identity;
	ifNoMatch: IfNoMatch;
	data: EditData;
	format: FormatChoice;
}

function editPairs(edit: Edit): FormPairs {
	const { code, cardNumber } = edit.identity;
	const identity: FormPairs = [];
	if (code !== undefined) identity.push(['code', code]);
	if (cardNumber !== undefined) identity.push(['card_number', cardNumber]);
	return [
		['type', 'record_customer'],
		['customer_action', 'edit'],
		['account_id', edit.accountId],
		...identity,
		...dataPairsOf(edit.data),
		...formatPairs(edit.format),
	];
}

/** With "Fail Without Changing Anything", the customer_info request that looks the customer up first. */
function withLookup(context: IDataObject, edit: Edit): void {
	const { code, cardNumber } = edit.identity;
	const [lookupBy, lookupValue] =
		code !== undefined ? ['code', code] : ['card_number', cardNumber as string];
	context.lookupBy = lookupBy;
	context.lookupValue = lookupValue;
	context.lookup = formRequest(
		edit.url,
		[
			['type', 'customer_info'],
			['account_id', edit.accountId],
			[lookupBy, lookupValue],
			['include_balances', 'N'],
			['hide_custom_field', 'Y'],
			['output', 'JSON'],
		],
		edit.format.encoding,
	) as unknown as IDataObject;
}

function editContext(edit: Edit): IDataObject {
	const { values, emptyFields, autoMapping, custom } = edit.data;
	const context: IDataObject = {
		accountId: edit.accountId,
		matchBy: edit.identity.matchBy,
		ifNoMatch: edit.ifNoMatch,
		ignoredEmptyFields: [...emptyFields.filter((w) => w !== 'send_no_email'), ...custom.empty],
		secretValues: values.filter((v) => v.spec.secret).map((v) => v.text),
		...(autoMapping ? { autoMapping } : {}),
	};
	// With new_code the answer names the customer by its code after the edit, which "Yes" leaves to Client Toolbox.
	if (values.some((v) => v.spec.wire === 'new_code')) context.changesCode = true;
	if (edit.ifNoMatch === 'fail') withLookup(context, edit);
	return context;
}

/** An answer being read, with what the request it answers sent. */
interface Reading {
	answer: HttpAnswer;
	parsed: ClientToolboxAnswer | undefined;
	prepared: PreparedRequest;
	secrets: string[];
	/** Added to a failure's description when the edit could have created a customer. */
	mayHaveActed: string;
}

/** Throws unless the answer is a customer result; returns the customer's status and code. */
function confirmedCustomer(reading: Reading): { customerStatus: string; code: string } {
	const { answer, parsed, prepared, secrets, mayHaveActed } = reading;
	const error = refusal(parsed);
	if (error !== undefined) {
		const several = /multiple|several|more than one/i.test(error)
			? ' Several customers have this card number: identify the customer by its code instead.'
			: '';
		throw new ProviderError(`Client Toolbox refused the update: ${error}`, {
			httpCode: answer.statusCode,
			providerStatus: 'error',
			description: `Client Toolbox answered status "error" (HTTP ${answer.statusCode}).${several}`,
			data: { accountId: String(prepared.context.accountId) },
		});
	}
	if (answer.statusCode < 200 || answer.statusCode >= 300) {
		throw new ProviderError(
			`Client Toolbox answered HTTP ${answer.statusCode} instead of a result`,
			{
				httpCode: answer.statusCode,
				description: `Answer: ${answerExcerpt(answer.body, secrets)}.${mayHaveActed}`,
			},
		);
	}
	const customerStatus = parsed?.customer?.status;
	const code = parsed?.customer?.code;
	if (
		!parsed ||
		parsed.status !== 'success' ||
		(customerStatus !== 'update' && customerStatus !== 'new') ||
		!code
	) {
		throw new ProviderError(
			'Client Toolbox answered with something other than a customer result (expected status "success" with customer status "update" or "new" and a code)',
			{
				httpCode: answer.statusCode,
				description: `Answer: ${answerExcerpt(answer.body, secrets)}.${mayHaveActed}`,
			},
		);
	}
	return { customerStatus, code };
}

/**
 * A new code for a code that was sent is a created customer (as documented); an update of another code is
 * not this customer, unless new_code asked for the code to change: then no answered code can be told apart
 * from the customer's own new one ("Yes" draws it at random).
 */
function checkSameCustomer(reading: Reading, customerStatus: string, code: string): void {
	const { answer, prepared, mayHaveActed } = reading;
	const sentCode = prepared.customerId;
	const created = customerStatus === 'new';
	if (created || prepared.context.changesCode === true || !sentCode || code === sentCode) return;
	throw new ProviderError(
		`Client Toolbox answered an update of customer ${cutText(code, 40)}, not of customer ${sentCode} that was sent`,
		{
			httpCode: answer.statusCode,
			providerStatus: customerStatus,
			description: `The answer is about another customer, so this update is not confirmed: check both customers in Client Toolbox before running this item again.${mayHaveActed}`,
			data: {
				code: sentCode,
				answeredCode: code,
				accountId: String(prepared.context.accountId),
			},
		},
	);
}

export const clientToolboxProvider: ProviderDefinition = {
	id: 'clientToolbox',
	displayName: 'Client Toolbox',
	credentialType: 'clientToolboxApi',
	secretCredentialKeys: ['apiKey', 'password'],
	preview: {
		authenticate: authenticateClientToolbox,
		requestsBefore: (prepared) =>
			prepared.context.lookup
				? [
						{
							purpose: 'customer_info: the read-only check of "Fail Without Changing Anything"',
							request: prepared.context.lookup as unknown as IHttpRequestOptions,
						},
					]
				: [],
	},

	prepare(ctx, itemIndex, credentials): PreparedRequest {
		const url = clientToolboxApiUrl(credentials.apiUrl);
		const accountId = readAccount(ctx, itemIndex, credentials.accountId);
		const identity = readIdentity(ctx, itemIndex);
		const ifNoMatch = readIfNoMatch(ctx, itemIndex);
		const data = readEditData(ctx, itemIndex);
		const format = readFormat(ctx, itemIndex);
		const sentFields = checkedSentFields(identity, data);
		const edit: Edit = { url, accountId, identity, ifNoMatch, data, format };
		const { code } = identity;
		return {
			request: formRequest(url, editPairs(edit), format.encoding),
			sentFields,
			customerId: code ?? null,
			// Without a code, or when asked to, the edit creates a customer when nothing matches: never resent blindly.
			mayCreate: code === undefined || ifNoMatch === 'create',
			mayAdd: data.values.some((v) => v.spec.tags?.includes(ADDS_TO_BALANCE)),
			context: editContext(edit),
		};
	},

	async run(prepared: PreparedRequest, send: Send): Promise<HttpAnswer> {
		if (prepared.context.lookup) {
			await checkCustomerExists(prepared, send);
		}
		return await send(prepared.request);
	},

	interpret(answer: HttpAnswer, prepared: PreparedRequest): ProviderOutcome {
		const reading: Reading = {
			answer,
			parsed: parseAnswer(answer.body),
			prepared,
			secrets: secretValuesOf(prepared.context),
			mayHaveActed: prepared.mayCreate
				? ' The customer may have been created or changed anyway: check in Client Toolbox before running this item again, as sending it again could create a second customer.'
				: '',
		};
		const { customerStatus, code } = confirmedCustomer(reading);
		checkSameCustomer(reading, customerStatus, code);
		const created = customerStatus === 'new';
		const extra: IDataObject = {
			code,
			// Only a code that was sent can be named: matched by card number alone, the old code is not known.
			...(prepared.context.changesCode === true ? { previousCode: prepared.customerId } : {}),
			created,
			accountId: String(prepared.context.accountId),
			matchedBy: MATCH_LABELS[prepared.context.matchBy as MatchBy],
			checkedFirst: prepared.context.lookup !== undefined,
			responseFormat: (reading.parsed as ClientToolboxAnswer).format,
		};
		const card = reading.parsed?.customer?.card_number;
		if (card) extra.cardNumber = card;
		return {
			status: created ? 'created' : 'updated',
			customerId: code,
			providerStatus: customerStatus,
			changedFields: prepared.sentFields,
			extra,
		};
	},
};
