import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { type ProviderDefinition } from '../shared/engine/engine';
import { InputError, ProviderError, answerExcerpt, cutText } from '../shared/output/errors';
import { collectFields } from '../shared/input/fieldTable';
import { readUpdateFields } from '../shared/input/mapping';
import type { HttpAnswer, PreparedRequest, ProviderOutcome } from '../shared/engine/types';
import { authenticateIntrepid } from './authentication';
import { intrepidBaseUrl } from './baseUrl';
import { INTREPID_FIELDS, LOCKED_ONCE_CONFIRMED, SET_ONCE, fieldsTagged } from './fields';
import {
	NO_CONTEXT,
	OTHER_CONTEXT,
	buildBody,
	checkCombination,
	checkContext,
	checkId,
	customerPath,
	type Target,
} from './request';

export const AUTH_HINT = 'check the API Key in the Intrepid API credential';

function readTarget(ctx: IExecuteFunctions, itemIndex: number): Target {
	const choice = ctx.getNodeParameter('context', itemIndex, 'Booking') as unknown;
	const customerId = checkId(
		ctx.getNodeParameter('customerId', itemIndex, ''),
		'Customer ID',
		'id',
	);
	if (choice === NO_CONTEXT) return { context: null, contextId: null, customerId };
	const context =
		choice === OTHER_CONTEXT
			? checkContext(ctx.getNodeParameter('otherContext', itemIndex, ''), 'Other Context')
			: checkContext(choice);
	const contextId = checkId(
		ctx.getNodeParameter('contextId', itemIndex, ''),
		'Context ID',
		'contextId',
	);
	return { context, contextId, customerId };
}

interface IntrepidError {
	errorType?: string;
	errors: string[];
	correlationId?: string;
}

/** Intrepid's documented error structure `{errorType, errors[], correlationId}`, read leniently. */
export function readErrorBody(body: string): IntrepidError | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return undefined;
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
	const o = parsed as IDataObject;
	const errors = Array.isArray(o.errors)
		? o.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))
		: typeof o.message === 'string'
			? [o.message]
			: [];
	return {
		errorType: typeof o.errorType === 'string' ? o.errorType : undefined,
		errors,
		correlationId: typeof o.correlationId === 'string' ? o.correlationId : undefined,
	};
}

const SET_ONCE_WIRES = fieldsTagged(SET_ONCE).map((f) => f.wire);
const LOCKED_WIRES = fieldsTagged(LOCKED_ONCE_CONFIRMED).map((f) => f.wire);

/** Which documented rule a 403 most likely comes from, judged by what this request sent. */
export function forbiddenExplanation(
	sentFields: readonly string[],
	sentStatus: string | undefined,
): string {
	const reasons: string[] = [];
	const setOnce = sentFields.filter((w) => SET_ONCE_WIRES.includes(w));
	if (setOnce.length) {
		reasons.push(
			`${setOnce.join(', ')} cannot override an existing value (they can only be set while the record has none; send the stored value or leave them out)`,
		);
	}
	const locked = sentFields.filter((w) => LOCKED_WIRES.includes(w));
	if (locked.length) {
		reasons.push(
			`${[...new Set(locked.map((w) => w.split('.')[0]))].join(', ')} can no longer be changed once the trip is confirmed, fullyPaid or onRequest`,
		);
	}
	if (sentFields.includes('dateOfBirth')) {
		reasons.push(
			"dateOfBirth is outside the minimum or maximum age of one of the customer's trips",
		);
	}
	if (sentStatus === 'confirmed') {
		reasons.push(
			'only on-statement agents can confirm a customer without payment; others need the required payment made first',
		);
	}
	const probable = reasons.length
		? `Probably: ${reasons.join('; or ')}.`
		: 'Intrepid refuses to change a parameter that is already set on the record.';
	return `${probable} Fields sent: ${sentFields.join(', ') || '(none)'}.`;
}

function statusMeaning(statusCode: number, prepared: PreparedRequest): string {
	const where = String(prepared.context.path);
	switch (statusCode) {
		case 400:
			return 'Intrepid calls the request malformed: check the values sent against its rules.';
		case 401:
			return `Missing or invalid API key: ${AUTH_HINT}.`;
		case 403:
			return forbiddenExplanation(
				prepared.sentFields,
				prepared.context.sentStatus as string | undefined,
			);
		case 404:
			return prepared.context.intrepidContext === null
				? `Intrepid did not find ${where}: check the Customer ID.`
				: `Intrepid did not find ${where}: check the Context, Context ID and Customer ID (the customer must belong to that context).`;
		case 415:
			return 'Intrepid did not accept the content type; the request is sent as application/json.';
		case 500:
			return 'An unexpected error occurred on the Intrepid API server.';
		default:
			return `Intrepid answered HTTP ${statusCode}.`;
	}
}

/**
 * The customer a success answer's body shows, if any. A body that is not JSON, carries an error or names
 * another customer does not confirm the update.
 */
function answeredCustomer(
	answer: HttpAnswer,
	prepared: PreparedRequest,
	extra: IDataObject,
): IDataObject | undefined {
	const { statusCode } = answer;
	const trimmed = answer.body.trim();
	if (trimmed === '') return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(trimmed);
	} catch {
		parsed = undefined;
	}
	const refusal =
		Boolean(parsed) &&
		typeof parsed === 'object' &&
		['error', 'errors', 'errorType'].some((k) => k in (parsed as object));
	if (parsed === undefined || refusal) {
		throw new ProviderError(
			`Intrepid answered HTTP ${statusCode} with ${refusal ? 'an error' : 'a body that is not JSON'}, so the update is not confirmed: ${answerExcerpt(trimmed)}`,
			{
				httpCode: statusCode,
				description:
					"Check the credential's Base URL points at the Intrepid API, and check the customer before sending this item again.",
				data: { ...(extra as JsonObject), sentFields: prepared.sentFields },
			},
		);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
	const answeredId = (parsed as IDataObject).id;
	if (
		answeredId !== undefined &&
		answeredId !== null &&
		prepared.customerId &&
		String(answeredId) !== prepared.customerId
	) {
		throw new ProviderError(
			`Intrepid answered HTTP ${statusCode} for customer ${cutText(String(answeredId), 40)}, not for customer ${prepared.customerId} that was sent`,
			{
				httpCode: statusCode,
				description:
					'The answer is about another customer, so this update is not confirmed: check both customers in Intrepid before running this item again.',
				data: {
					...(extra as JsonObject),
					customerId: prepared.customerId,
					answeredCustomerId: String(answeredId),
					sentFields: prepared.sentFields,
				},
			},
		);
	}
	return parsed as IDataObject;
}

/** A refusal: Intrepid's documented error structure when it sent one, else the answer's text. */
function refusalError(
	answer: HttpAnswer,
	prepared: PreparedRequest,
	extra: IDataObject,
): ProviderError {
	const { statusCode } = answer;
	const trimmed = answer.body.trim();
	const error = readErrorBody(trimmed);
	const meaning = statusMeaning(statusCode, prepared);
	const path = String(prepared.context.path);
	if (!error) {
		const shown =
			trimmed === ''
				? '(empty answer)'
				: answerExcerpt(
						trimmed
							.replace(/<[^>]*>/g, ' ')
							.replace(/\s+/g, ' ')
							.trim(),
					);
		return new ProviderError(
			`Intrepid refused the update (HTTP ${statusCode}) with an answer that is not JSON: ${shown}`,
			{
				httpCode: statusCode,
				providerStatus: `HTTP ${statusCode}`,
				description: meaning,
				data: { ...(extra as JsonObject), path, sentFields: prepared.sentFields },
			},
		);
	}
	const words = error.errors.length ? error.errors.join('; ') : '(no error text)';
	const type = error.errorType ? ` ${error.errorType}` : '';
	const support = error.correlationId
		? ` Quote correlationId ${error.correlationId} to Intrepid support if this persists.`
		: '';
	return new ProviderError(`Intrepid refused the update (HTTP ${statusCode}${type}): ${words}`, {
		httpCode: statusCode,
		providerStatus: error.errorType ?? `HTTP ${statusCode}`,
		description: `${meaning}${support}`,
		data: {
			...(extra as JsonObject),
			path,
			errorType: error.errorType ?? null,
			errors: error.errors,
			correlationId: error.correlationId ?? null,
			sentFields: prepared.sentFields,
		},
	});
}

/** Input fields that identify the customer or its context; automatic mapping never treats them as data. */
const IDENTITY_NAMES = ['id', 'customerId', 'customer_id', 'context', 'contextId', 'context_id'];

export const intrepidProvider: ProviderDefinition = {
	id: 'intrepid',
	displayName: 'Intrepid',
	credentialType: 'intrepidApi',
	secretCredentialKeys: ['apiKey'],
	preview: { authenticate: authenticateIntrepid },

	prepare(ctx, itemIndex, credentials): PreparedRequest {
		const target = readTarget(ctx, itemIndex);
		const { updateFields, autoMapping } = readUpdateFields(
			ctx,
			itemIndex,
			INTREPID_FIELDS,
			IDENTITY_NAMES,
		);
		const { values, emptyFields } = collectFields(INTREPID_FIELDS, updateFields, []);
		const warnings = checkCombination(values, emptyFields, target.context);
		if (values.length === 0) {
			const ignored = emptyFields.length
				? ` (empty values are not sent: ${emptyFields.join(', ')})`
				: '';
			throw new InputError(
				`nothing to update: add at least one field with a value to Update Fields${ignored}`,
			);
		}
		const path = customerPath(target);
		const body = buildBody(values);
		return {
			request: {
				method: 'PATCH',
				url: `${intrepidBaseUrl(credentials.baseUrl)}${path}`,
				body: JSON.stringify(body),
				headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			},
			sentFields: values.map((v) => v.spec.wire),
			customerId: target.customerId,
			mayCreate: false,
			...(warnings.length ? { warnings } : {}),
			context: {
				path,
				intrepidContext: target.context,
				contextId: target.contextId,
				sentStatus: typeof body.status === 'string' ? body.status : undefined,
				ignoredEmptyFields: emptyFields,
				...(autoMapping ? { autoMapping } : {}),
			},
		};
	},

	interpret(answer: HttpAnswer, prepared: PreparedRequest): ProviderOutcome {
		const { statusCode } = answer;
		const extra: IDataObject = {
			context: (prepared.context.intrepidContext as string | null) ?? null,
			contextId: (prepared.context.contextId as string | null) ?? null,
		};
		if (statusCode !== 200 && statusCode !== 202) throw refusalError(answer, prepared, extra);
		const customer = answeredCustomer(answer, prepared, extra);
		if (customer) extra.customer = customer;
		return {
			status: statusCode === 202 ? 'accepted' : 'updated',
			customerId: prepared.customerId,
			providerStatus: statusCode === 202 ? '202 Accepted' : '200 OK',
			changedFields: prepared.sentFields,
			extra,
		};
	},
};
