import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	FieldRuleError,
	collectFields,
	type CollectedFields,
	type FieldSpec,
} from '../input/fieldTable';
import {
	InputError,
	redact,
	secretValuesOf,
	toNodeError,
	withoutAuthorizationTokens,
} from '../output/errors';
import { readUpdateFields, type ReadUpdateFields } from '../input/mapping';
import { preparedNotes } from '../output/notes';
import { readEngineOptions, type EngineOptions } from './options';
import { previewAll, type ProviderPreview } from '../output/preview';
import { RequestGate, runBounded, type QuotaReading } from '../request/pool';
import { openResumeLedger } from '../resume/resume';
import {
	MAX_RATE_LIMIT_RETRIES,
	MAX_RETRY_AFTER_MS,
	backoffMs,
	isIdempotent,
	transientFailureOf,
	type AttemptLog,
	type TransientFailure,
} from '../request/retry';
import { withQuickParameterReads } from '../input/quickParameters';
import { TimeSlice } from './timeSlice';
import { toolAnswers, runsAsTool } from '../output/toolResult';
import { sendWithCredential } from '../request/transport';
import { DeadlineClock } from '../request/deadline';
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
	/**
	 * Secrets the credential derives for each request (e.g. TourCMS's signature) that an answer may echo:
	 * those of the requests sent between `window.sentFromMs` and `window.sentToMs`.
	 */
	derivedSecrets?(
		prepared: PreparedRequest,
		credentials: ICredentialDataDecryptedObject,
		window: { sentFromMs: number; sentToMs: number },
	): string[];
	/** How Preview Request (dry run) shows this provider's requests without sending them. */
	preview?: ProviderPreview;
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
		parts.push(
			`Tried ${log.attempts} times; retried after ${log.retries.map((r) => r.reason).join(', ')}.`,
		);
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
		...preparedNotes(prepared),
	};
	if (outcome.rateLimit) result.rateLimit = outcome.rateLimit as IDataObject;
	if (includeRaw) {
		result.raw = {
			statusCode: response.statusCode,
			headers: response.headers,
			body: response.body,
		};
	}
	return result;
}

/** An answer as "Include Raw Response" shows it: an echoing provider's copy of a secret removed. */
function redactedResponse(response: HttpResponse, secrets: readonly string[]): HttpResponse {
	const headers: Record<string, string> = {};
	for (const name in response.headers)
		headers[name] = withoutAuthorizationTokens(redact(response.headers[name], secrets));
	return { ...response, headers, body: withoutAuthorizationTokens(redact(response.body, secrets)) };
}

/**
 * Sends one request through the gate, retrying transient failures as the options and the call allow:
 * a 429 waits as told and always retries (nothing was processed), a refused connection retries, and a
 * timeout, reset or 502/503/504 retries only when the call cannot create a record.
 */
async function sendWithRetries(
	ctx: IExecuteFunctions,
	gate: RequestGate,
	clock: DeadlineClock,
	provider: ProviderDefinition,
	options: EngineOptions,
	request: IHttpRequestOptions,
	mayCreate: boolean,
	log: AttemptLog,
	credential: ICredentialsDecrypted,
	mayAdd = false,
): Promise<HttpResponse> {
	let transientRetries = 0;
	let rateLimitRetries = 0;
	let retryStartedAt = 0;
	let retryReason = '';
	for (;;) {
		if (!gate.tryAcquire()) await gate.acquire();
		if (retryStartedAt)
			log.retries.push({ reason: retryReason, waitedMs: Date.now() - retryStartedAt });
		log.attempts += 1;
		let response: HttpResponse | undefined;
		let failure: unknown;
		log.sentFromMs ??= Date.now();
		const startedAt = Date.now();
		try {
			response = await sendWithCredential(
				ctx,
				clock,
				provider.credentialType,
				request,
				provider.displayName,
				options.timeoutMs,
				options.maxAnswerBytes,
				credential,
			);
		} catch (error) {
			failure = error;
		}
		log.sentToMs = Date.now();
		gate.release(response ? log.sentToMs - startedAt : undefined);
		if (response && provider.readQuota) {
			const reading = provider.readQuota(response);
			if (reading) gate.observeQuota(reading);
		}
		const transient = transientFailureOf(response, failure);
		const waitMs = transient
			? retryWait(
					transient,
					options,
					request,
					mayCreate,
					transientRetries,
					rateLimitRetries,
					log,
					mayAdd,
				)
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
	mayAdd = false,
): number | undefined {
	if (options.maxRetries === 0) return undefined;
	if (transient.kind === 'ambiguous' && !isIdempotent(request.method, mayCreate, mayAdd)) {
		const effect = mayCreate ? 'create a second record' : 'add the same amounts a second time';
		log.notRetried = `after ${transient.reason} the provider may have acted on this request, and sending it again could ${effect}`;
		return undefined;
	}
	const rateLimited = transient.kind === 'rateLimited';
	if (
		rateLimited
			? rateLimitRetries >= MAX_RATE_LIMIT_RETRIES
			: transientRetries >= options.maxRetries
	) {
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
	// Handed to n8n's request helper with every request, so it does not read and decrypt it again each time.
	const credentialRef = ctx.getNode().credentials?.[provider.credentialType];
	const credential: ICredentialsDecrypted = {
		id: credentialRef?.id ?? '',
		name: credentialRef?.name ?? '',
		type: provider.credentialType,
		data: credentials,
	};
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
	// The item's own secret values (e.g. a new customer password) and what the credential derived for its
	// requests (a signature) may come back in a provider's answer.
	const secretsOf = (itemIndex: number, log?: AttemptLog): string[] => {
		const item = prepared[itemIndex];
		const itemSecrets = secretValuesOf(item?.context ?? {});
		const derived =
			item && log?.sentFromMs !== undefined && provider.derivedSecrets
				? provider.derivedSecrets(item, credentials, {
						sentFromMs: log.sentFromMs,
						sentToMs: log.sentToMs ?? Date.now(),
					})
				: [];
		return [...secrets, ...itemSecrets, ...derived];
	};
	const nodeErrorFor = (itemIndex: number, error: unknown, log?: AttemptLog) => {
		const nodeError = toNodeError(
			node,
			error,
			itemIndex,
			provider.displayName,
			secretsOf(itemIndex, log),
		);
		if (log) withAttempts(nodeError.context, log);
		const sentence = log && attemptsSentence(log);
		if (sentence)
			nodeError.description = nodeError.description
				? `${nodeError.description} ${sentence}`
				: sentence;
		return nodeError;
	};
	const routeErrorsToErrorOutput = !asTool && node.onError === 'continueErrorOutput';
	const fail = (itemIndex: number, error: unknown, log?: AttemptLog): void => {
		const nodeError = nodeErrorFor(itemIndex, error, log);
		if (routeErrorsToErrorOutput) {
			// n8n routes items carrying `error` to the error output and keeps `{ error }` as their json;
			// the details stay on the error itself, where the editor shows them.
			output[itemIndex] = {
				json: { error: nodeError.message },
				error: nodeError,
				pairedItem: { item: itemIndex },
			};
			return;
		}
		// Regular output: n8n would cut an item carrying `error` down to `{ error }`, so the details go in the json.
		const json: IDataObject = { error: nodeError.message, provider: provider.id, itemIndex };
		if (nodeError.description) json.description = nodeError.description;
		const httpCode = (nodeError as { httpCode?: string | null }).httpCode;
		if (httpCode) json.httpCode = httpCode;
		const providerStatus = (nodeError as { errorResponse?: IDataObject }).errorResponse
			?.providerStatus;
		if (typeof providerStatus === 'string') json.providerStatus = providerStatus;
		if (log) withAttempts(json, log);
		output[itemIndex] = { json, pairedItem: { item: itemIndex } };
	};

	const prepared: Array<PreparedRequest | undefined> = new Array(items.length);
	const slice = new TimeSlice();
	const reader = withQuickParameterReads(ctx);
	for (let i = 0; i < items.length; i++) {
		if (slice.due()) await slice.yield();
		try {
			prepared[i] = await provider.prepare(reader, i, credentials);
		} catch (error) {
			const shown = inputErrorFor(ctx, error, i);
			if (!continueOnFail) throw toNodeError(node, shown, i, provider.displayName, secrets);
			fail(i, shown);
		}
	}

	if (options.previewRequest) return [await previewAll(provider, credentials, prepared, output)];

	const cancel = ctx.getExecutionCancelSignal?.();
	const gate = new RequestGate(options.maxRequestsPerSecond, options.concurrency, cancel);
	const clock = new DeadlineClock(cancel);

	let firstFatal: { index: number; error: unknown; log: AttemptLog } | undefined;
	const ready = prepared.flatMap((p, i) => (p ? [i] : []));
	const resume = openResumeLedger(ctx, provider.id, prepared, options.concurrency);
	await runBounded(
		ready,
		options.concurrency,
		async (i) => {
			const request = prepared[i] as PreparedRequest;
			const log: AttemptLog = { attempts: 0, retries: [] };
			try {
				const skipped = resume && (await resume.before(i))?.skipped;
				if (skipped) {
					output[i] = { json: skipped, pairedItem: { item: i } };
					return;
				}
				const response = provider.run
					? await provider.run(
							request,
							async (http) =>
								await sendWithRetries(
									ctx,
									gate,
									clock,
									provider,
									options,
									http,
									request.mayCreate,
									log,
									credential,
									http === request.request && request.mayAdd === true,
								),
						)
					: await sendWithRetries(
							ctx,
							gate,
							clock,
							provider,
							options,
							request.request,
							request.mayCreate,
							log,
							credential,
							request.mayAdd === true,
						);
				const outcome = provider.interpret(response, request);
				await resume?.after(i);
				const shown = options.includeRawResponse
					? redactedResponse(response, secretsOf(i, log))
					: response;
				output[i] = {
					json: withAttempts(
						outputFor(provider, request, outcome, shown, options.includeRawResponse),
						log,
					),
					pairedItem: { item: i },
				};
			} catch (error) {
				// A refusal the store failed to forget only makes a later run ask to check the provider.
				await resume?.after(i, error).catch(() => undefined);
				if (!continueOnFail) {
					if (!firstFatal || i < firstFatal.index) firstFatal = { index: i, error, log };
					return;
				}
				fail(i, error, log);
			}
		},
		() => firstFatal !== undefined,
	);
	if (resume) {
		const intact = await resume.finish().catch(() => false);
		if (!intact) {
			ctx.logger?.warn(
				`${provider.displayName}: Skip Updates Already Applied could not confirm its records in n8n's deduplication store; a later run may send some of these updates again`,
			);
		}
	}
	if (firstFatal) {
		throw nodeErrorFor(firstFatal.index, firstFatal.error, firstFatal.log);
	}
	return asTool ? toolAnswers([output]) : [output];
}
