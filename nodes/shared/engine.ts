import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FieldRuleError, collectFields, type CollectedFields, type FieldSpec } from './fieldTable';
import { InputError, secretValuesOf, toNodeError } from './errors';
import { readUpdateFields, type ReadUpdateFields } from './mapping';
import { readEngineOptions, type EngineOptions } from './options';
import { RequestGate, runBounded, type QuotaReading } from './pool';
import {
	MAX_RATE_LIMIT_RETRIES,
	MAX_RETRY_AFTER_MS,
	backoffMs,
	isIdempotent,
	transientFailureOf,
	type AttemptLog,
	type TransientFailure,
} from './retry';
import { toolAnswers, runsAsTool } from './toolResult';
import { sendWithCredential } from './transport';
import type {
	HttpResponse,
	NormalizedResult,
	PreparedRequest,
	ProviderId,
	ProviderOutcome,
	Send,
} from './types';

/** Everything that makes one provider different; the engine does the rest. */
export interface ProviderDefinition {
	id: ProviderId;
	/** Used in messages: "Could not get an answer from TourCMS". */
	displayName: string;
	credentialType: string;
	/** Credential properties whose values must never appear in output or errors. */
	secretCredentialKeys: readonly string[];
	/** Reads and validates one item and builds its request. Throws InputError / FieldRuleError. */
	prepare(
		ctx: IExecuteFunctions,
		itemIndex: number,
		credentials: ICredentialDataDecryptedObject,
	): PreparedRequest | Promise<PreparedRequest>;
	/** Reads the answer; throws ProviderError when it is a failure. */
	interpret(response: HttpResponse, prepared: PreparedRequest): ProviderOutcome;
	/** For calls that need more than one request per item (e.g. a read-only check first). */
	run?(prepared: PreparedRequest, send: Send): Promise<HttpResponse>;
	/**
	 * Reads the provider's remaining request budget from any answer (e.g. TourCMS x-ratelimit-remaining),
	 * so the engine spreads the last hits over the rest of the window and pauses instead of failing items.
	 */
	readQuota?(response: HttpResponse): QuotaReading | undefined;
}

/** Reads this item's "Update Fields" and "Fields to Clear" against a field table. */
export function readFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: readonly FieldSpec[],
	withClear = true,
	identityNames: readonly string[] = [],
): CollectedFields & Pick<ReadUpdateFields, 'autoMapping'> {
	const { updateFields, autoMapping } = readUpdateFields(ctx, itemIndex, fields, identityNames);
	const fieldsToClear = withClear
		? (ctx.getNodeParameter('fieldsToClear', itemIndex, []) as string[])
		: [];
	return { ...collectFields(fields, updateFields, fieldsToClear), autoMapping };
}

function inputErrorFor(ctx: IExecuteFunctions, error: unknown, itemIndex: number): unknown {
	if (error instanceof FieldRuleError || error instanceof InputError) {
		return new NodeOperationError(
			ctx.getNode(),
			`Invalid input in item ${itemIndex}: ${error.message}`,
			{
				itemIndex,
				description: 'Nothing was sent for this item.',
			},
		);
	}
	return error;
}

/** Adds the retry history to an output item, once there is one to tell. */
function withAttempts(json: IDataObject, log: AttemptLog): IDataObject {
	if (log.retries.length) {
		json.attempts = log.attempts;
		json.retries = log.retries;
	}
	if (log.notRetried) json.notRetried = log.notRetried;
	return json;
}

function attemptsSentence(log: AttemptLog): string | undefined {
	const parts: string[] = [];
	if (log.retries.length) {
		parts.push(`Tried ${log.attempts} times; retried after ${log.retries.map((r) => r.reason).join(', ')}.`);
	}
	if (log.notRetried) parts.push(`Not retried: ${log.notRetried}.`);
	return parts.length ? parts.join(' ') : undefined;
}

function outputFor(
	provider: ProviderDefinition,
	prepared: PreparedRequest,
	outcome: ProviderOutcome,
	response: HttpResponse,
	includeRaw: boolean,
): NormalizedResult {
	const result: NormalizedResult = {
		provider: provider.id,
		customerId: outcome.customerId,
		status: outcome.status,
		changedFields: outcome.changedFields,
		providerStatus: outcome.providerStatus,
		...(outcome.extra ?? {}),
	};
	const ignored = prepared.context.ignoredEmptyFields;
	if (Array.isArray(ignored) && ignored.length) result.ignoredEmptyFields = ignored;
	if (prepared.context.autoMapping) result.autoMapping = prepared.context.autoMapping;
	if (outcome.rateLimit) result.rateLimit = outcome.rateLimit as IDataObject;
	if (includeRaw) {
		result.raw = { statusCode: response.statusCode, headers: response.headers, body: response.body };
	}
	return result;
}

/**
 * Sends one request through the gate, retrying transient failures as the options and the call allow:
 * a 429 waits as told and always retries (nothing was processed), a refused connection retries, and a
 * timeout, reset or 502/503/504 retries only when the call cannot create a record.
 */
async function sendWithRetries(
	ctx: IExecuteFunctions,
	gate: RequestGate,
	provider: ProviderDefinition,
	options: EngineOptions,
	request: IHttpRequestOptions,
	mayCreate: boolean,
	log: AttemptLog,
): Promise<HttpResponse> {
	let transientRetries = 0;
	let rateLimitRetries = 0;
	let retryStartedAt = 0;
	let retryReason = '';
	for (;;) {
		if (!gate.tryAcquire()) await gate.acquire();
		if (retryStartedAt) log.retries.push({ reason: retryReason, waitedMs: Date.now() - retryStartedAt });
		log.attempts += 1;
		let response: HttpResponse | undefined;
		let failure: unknown;
		try {
			response = await sendWithCredential(
				ctx,
				provider.credentialType,
				request,
				provider.displayName,
				options.timeoutMs,
			);
		} catch (error) {
			failure = error;
		}
		gate.release();
		if (response && provider.readQuota) {
			const reading = provider.readQuota(response);
			if (reading) gate.observeQuota(reading);
		}
		const transient = transientFailureOf(response, failure);
		const waitMs = transient
			? retryWait(transient, options, request, mayCreate, transientRetries, rateLimitRetries, log)
			: undefined;
		if (waitMs === undefined) {
			if (response) return response;
			throw failure;
		}
		if (transient?.kind === 'rateLimited') rateLimitRetries += 1;
		else transientRetries += 1;
		retryStartedAt = Date.now();
		retryReason = (transient as TransientFailure).reason;
		// The provider's wait holds every lane; a backoff only this request.
		if (transient?.kind === 'rateLimited') gate.pauseUntil(retryStartedAt + waitMs);
		else await gate.wait(waitMs);
	}
}

/** How long to wait before retrying, or undefined when this failure is final. */
function retryWait(
	transient: TransientFailure,
	options: EngineOptions,
	request: IHttpRequestOptions,
	mayCreate: boolean,
	transientRetries: number,
	rateLimitRetries: number,
	log: AttemptLog,
): number | undefined {
	if (options.maxRetries === 0) return undefined;
	if (transient.kind === 'ambiguous' && !isIdempotent(request.method, mayCreate)) {
		log.notRetried = `after ${transient.reason} the provider may have acted on this request, and sending it again could create a second record`;
		return undefined;
	}
	const rateLimited = transient.kind === 'rateLimited';
	if (rateLimited ? rateLimitRetries >= MAX_RATE_LIMIT_RETRIES : transientRetries >= options.maxRetries) {
		return undefined;
	}
	const backoff = backoffMs((rateLimited ? rateLimitRetries : transientRetries) + 1);
	const wait = Math.max(transient.retryAfterMs ?? backoff, rateLimited ? 0 : backoff);
	if (wait > MAX_RETRY_AFTER_MS) {
		log.notRetried = `the provider asked to wait ${Math.round(wait / 1000)} s (Retry-After), longer than the ${MAX_RETRY_AFTER_MS / 1000} s this node waits`;
		return undefined;
	}
	return wait;
}

/**
 * The shared per-item loop: read → validate → encode for every item first (so a bad item stops
 * the run before anything is sent), then send with bounded concurrency through one shared gate
 * (rate limits, provider budget, retries), read each answer, and output one item per input item,
 * in input order, each paired with its input.
 */
export async function executeUpdate(
	ctx: IExecuteFunctions,
	provider: ProviderDefinition,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const options = readEngineOptions(ctx);
	const credentials = await ctx.getCredentials(provider.credentialType);
	const secrets = provider.secretCredentialKeys
		.map((k) => credentials[k])
		.filter((v): v is string => typeof v === 'string' && v.length > 0);
	// Run by an AI agent, every failure becomes the tool's answer to the model (see toolResult.ts).
	const asTool = runsAsTool(ctx);
	const continueOnFail = asTool || ctx.continueOnFail();
	const node = ctx.getNode();
	const output: INodeExecutionData[] = new Array(items.length);

	// n8n rebuilds the json of an item that carries an error from its message alone, so the retry
	// history travels in the error itself: its context (shown with the error) and its description.
	const nodeErrorFor = (itemIndex: number, error: unknown, log?: AttemptLog) => {
		// The item's own secret values (e.g. a new customer password) may come back in a provider's error text.
		const itemSecrets = secretValuesOf(prepared[itemIndex]?.context ?? {});
		const nodeError = toNodeError(node, error, itemIndex, provider.displayName, [...secrets, ...itemSecrets]);
		if (log) withAttempts(nodeError.context, log);
		const sentence = log && attemptsSentence(log);
		if (sentence) nodeError.description = nodeError.description ? `${nodeError.description} ${sentence}` : sentence;
		return nodeError;
	};
	const routeErrorsToErrorOutput = !asTool && node.onError === 'continueErrorOutput';
	const fail = (itemIndex: number, error: unknown, log?: AttemptLog): void => {
		const nodeError = nodeErrorFor(itemIndex, error, log);
		if (routeErrorsToErrorOutput) {
			// n8n routes items carrying `error` to the error output and keeps `{ error }` as their json;
			// the details stay on the error itself, where the editor shows them.
			output[itemIndex] = { json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } };
			return;
		}
		// Regular output: n8n would cut an item carrying `error` down to `{ error }`, so the details go in the json.
		const json: IDataObject = { error: nodeError.message, provider: provider.id, itemIndex };
		if (nodeError.description) json.description = nodeError.description;
		const httpCode = (nodeError as { httpCode?: string | null }).httpCode;
		if (httpCode) json.httpCode = httpCode;
		const providerStatus = (nodeError as { errorResponse?: IDataObject }).errorResponse?.providerStatus;
		if (typeof providerStatus === 'string') json.providerStatus = providerStatus;
		if (log) withAttempts(json, log);
		output[itemIndex] = { json, pairedItem: { item: itemIndex } };
	};

	const prepared: Array<PreparedRequest | undefined> = new Array(items.length);
	for (let i = 0; i < items.length; i++) {
		try {
			prepared[i] = await provider.prepare(ctx, i, credentials);
		} catch (error) {
			const shown = inputErrorFor(ctx, error, i);
			if (!continueOnFail) throw toNodeError(node, shown, i, provider.displayName, secrets);
			fail(i, shown);
		}
	}

	const gate = new RequestGate(options.maxRequestsPerSecond, options.concurrency, ctx.getExecutionCancelSignal?.());

	let firstFatal: { index: number; error: unknown; log: AttemptLog } | undefined;
	const ready = prepared.flatMap((p, i) => (p ? [i] : []));
	await runBounded(
		ready,
		options.concurrency,
		async (i) => {
			const request = prepared[i] as PreparedRequest;
			const log: AttemptLog = { attempts: 0, retries: [] };
			try {
				const response = provider.run
					? await provider.run(request, async (http) =>
							await sendWithRetries(ctx, gate, provider, options, http, request.mayCreate, log),
						)
					: await sendWithRetries(ctx, gate, provider, options, request.request, request.mayCreate, log);
				const outcome = provider.interpret(response, request);
				output[i] = {
					json: withAttempts(outputFor(provider, request, outcome, response, options.includeRawResponse), log),
					pairedItem: { item: i },
				};
			} catch (error) {
				if (!continueOnFail) {
					if (!firstFatal || i < firstFatal.index) firstFatal = { index: i, error, log };
					return;
				}
				fail(i, error, log);
			}
		},
		() => firstFatal !== undefined,
	);
	if (firstFatal) {
		throw nodeErrorFor(firstFatal.index, firstFatal.error, firstFatal.log);
	}
	return asTool ? toolAnswers([output]) : [output];
}
