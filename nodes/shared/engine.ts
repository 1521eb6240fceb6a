import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FieldRuleError, collectFields, type CollectedFields, type FieldSpec } from './fieldTable';
import { InputError, toNodeError } from './errors';
import { readEngineOptions } from './options';
import { runBounded } from './pool';
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
}

/** Reads this item's "Update Fields" and "Fields to Clear" against a field table. */
export function readFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: readonly FieldSpec[],
	withClear = true,
): CollectedFields {
	const updateFields = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const fieldsToClear = withClear
		? (ctx.getNodeParameter('fieldsToClear', itemIndex, []) as string[])
		: [];
	return collectFields(fields, updateFields, fieldsToClear);
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
	if (outcome.rateLimit) result.rateLimit = outcome.rateLimit as IDataObject;
	if (includeRaw) {
		result.raw = { statusCode: response.statusCode, headers: response.headers, body: response.body };
	}
	return result;
}

/**
 * The shared per-item loop: read → validate → encode for every item first (so a bad item stops
 * the run before anything is sent), then send with bounded concurrency, read each answer, and
 * output one item per input item, in input order, each paired with its input.
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
	const continueOnFail = ctx.continueOnFail();
	const node = ctx.getNode();
	const output: INodeExecutionData[] = new Array(items.length);

	const fail = (itemIndex: number, error: unknown): void => {
		const nodeError = toNodeError(node, error, itemIndex, provider.displayName, secrets);
		const json: IDataObject = { error: nodeError.message };
		if (nodeError.description) json.description = nodeError.description;
		output[itemIndex] = { json, error: nodeError, pairedItem: { item: itemIndex } };
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

	const send: Send = async (request) =>
		await sendWithCredential(ctx, provider.credentialType, request, provider.displayName, options.timeoutMs);

	let firstFatal: { index: number; error: unknown } | undefined;
	const ready = prepared.flatMap((p, i) => (p ? [i] : []));
	await runBounded(
		ready,
		options.concurrency,
		async (i) => {
			const request = prepared[i] as PreparedRequest;
			try {
				const response = provider.run ? await provider.run(request, send) : await send(request.request);
				const outcome = provider.interpret(response, request);
				output[i] = {
					json: outputFor(provider, request, outcome, response, options.includeRawResponse),
					pairedItem: { item: i },
				};
			} catch (error) {
				if (!continueOnFail) {
					if (!firstFatal || i < firstFatal.index) firstFatal = { index: i, error };
					return;
				}
				fail(i, error);
			}
		},
		() => firstFatal !== undefined,
	);
	if (firstFatal) {
		throw toNodeError(node, firstFatal.error, firstFatal.index, provider.displayName, secrets);
	}
	return [output];
}
