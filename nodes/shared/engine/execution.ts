import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { secretValuesOf } from '../output/errors';
import { runsAsTool } from '../output/toolResult';
import type { AttemptLog } from '../request/retry';
import { withQuickParameterReads } from '../input/quickParameters';
import { readEngineOptions, type EngineOptions } from './options';
import type { ProviderDefinition } from './provider';
import type { PreparedRequest } from './types';

/** What one node execution reads once and all its items share. */
export interface Execution {
	ctx: IExecuteFunctions;
	/** `ctx` with n8n's parameter reads made quick where they can be (quickParameters.ts), for every item. */
	reader: IExecuteFunctions;
	provider: ProviderDefinition;
	node: INode;
	options: EngineOptions;
	credentials: ICredentialDataDecryptedObject;
	/** Handed to n8n's request helper with every request, so it does not read and decrypt it again each time. */
	credential: ICredentialsDecrypted;
	/** The credential's secret values, which no output or error may show. */
	secrets: string[];
	/** Run by an AI agent, every failure becomes the tool's answer to the model (see toolResult.ts). */
	asTool: boolean;
	continueOnFail: boolean;
	/** Each input item's request; empty where the item failed validation. */
	prepared: Array<PreparedRequest | undefined>;
	/** One output item per input item, in input order. */
	output: INodeExecutionData[];
}

/** Reads the parameters, options and credential every item of this execution uses. */
export async function readExecution(
	ctx: IExecuteFunctions,
	provider: ProviderDefinition,
): Promise<Execution> {
	const items = ctx.getInputData();
	// The Run Key is often a reference to the trigger's item, read then without n8n's expression sandbox.
	const reader = withQuickParameterReads(ctx);
	const options = readEngineOptions(reader);
	const credentials = await ctx.getCredentials(provider.credentialType);
	const node = ctx.getNode();
	const credentialRef = node.credentials?.[provider.credentialType];
	const asTool = runsAsTool(ctx);
	return {
		ctx,
		reader,
		provider,
		node,
		options,
		credentials,
		credential: {
			id: credentialRef?.id ?? '',
			name: credentialRef?.name ?? '',
			type: provider.credentialType,
			data: credentials,
		},
		secrets: provider.secretCredentialKeys
			.map((k) => credentials[k])
			.filter((v): v is string => typeof v === 'string' && v.length > 0),
		asTool,
		continueOnFail: asTool || ctx.continueOnFail(),
		prepared: new Array(items.length),
		output: new Array(items.length),
	};
}

/**
 * The values no output of this item may show: the credential's, the item's own (e.g. a new customer
 * password) and what the credential derived for its requests (a signature), since a provider's answer
 * may echo any of them.
 */
export function secretsOf(run: Execution, itemIndex: number, log?: AttemptLog): string[] {
	const { provider } = run;
	const item = run.prepared[itemIndex];
	const itemSecrets = secretValuesOf(item?.context ?? {});
	const derived =
		item && log?.sentFromMs !== undefined && provider.derivedSecrets
			? provider.derivedSecrets(item, run.credentials, {
					sentFromMs: log.sentFromMs,
					sentToMs: log.sentToMs ?? Date.now(),
				})
			: [];
	return [...run.secrets, ...itemSecrets, ...derived];
}
