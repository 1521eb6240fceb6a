import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { redact, withoutAuthorizationTokens } from '../output/errors';
import { preparedNotes } from '../output/notes';
import type { AttemptLog } from '../request/retry';
import { secretsOf, type Execution } from './execution';
import type { ProviderDefinition } from './provider';
import type { HttpAnswer, NormalizedResult, PreparedRequest, ProviderOutcome } from './types';

/** Adds the retry history to an output item, once there is one to tell. */
export function withAttempts(json: IDataObject, log: AttemptLog): IDataObject {
	if (log.retries.length) {
		json.attempts = log.attempts;
		json.retries = log.retries;
	}
	if (log.notRetried) json.notRetried = log.notRetried;
	return json;
}

function outputFor(
	provider: ProviderDefinition,
	prepared: PreparedRequest,
	outcome: ProviderOutcome,
	answer: HttpAnswer,
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
			statusCode: answer.statusCode,
			headers: answer.headers,
			body: answer.body,
		};
	}
	return result;
}

/** An answer as "Include Raw Response" shows it: an echoing provider's copy of a secret removed. */
function redactedAnswer(answer: HttpAnswer, secrets: readonly string[]): HttpAnswer {
	const headers: Record<string, string> = {};
	for (const name in answer.headers)
		headers[name] = withoutAuthorizationTokens(redact(answer.headers[name], secrets));
	return { ...answer, headers, body: withoutAuthorizationTokens(redact(answer.body, secrets)) };
}

/** The output item of an item the provider answered, paired with its input item. */
export function answeredItem(
	run: Execution,
	itemIndex: number,
	outcome: ProviderOutcome,
	answer: HttpAnswer,
	log: AttemptLog,
): INodeExecutionData {
	const includeRaw = run.options.includeRawAnswer;
	const shown = includeRaw ? redactedAnswer(answer, secretsOf(run, itemIndex, log)) : answer;
	const prepared = run.prepared[itemIndex] as PreparedRequest;
	return {
		json: withAttempts(outputFor(run.provider, prepared, outcome, shown, includeRaw), log),
		pairedItem: { item: itemIndex },
	};
}
