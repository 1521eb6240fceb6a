import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FieldRuleError } from '../input/fieldTable';
import { InputError, toNodeError } from '../output/errors';
import type { AttemptLog } from '../request/retry';
import { secretsOf, type Execution } from './execution';
import { withAttempts } from './normalize';

/** A validation failure as the item's error: nothing was sent for it. */
export function inputErrorFor(ctx: IExecuteFunctions, error: unknown, itemIndex: number): unknown {
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

type NodeError = ReturnType<typeof toNodeError>;

/**
 * The error an item shows, secrets removed. n8n rebuilds the json of an item that carries an error from
 * its message alone, so the retry history travels in the error itself: its context (shown with the
 * error) and its description.
 */
export function nodeErrorFor(
	run: Execution,
	itemIndex: number,
	error: unknown,
	log?: AttemptLog,
): NodeError {
	const { node, provider } = run;
	const secrets = secretsOf(run, itemIndex, log);
	const nodeError = toNodeError(node, error, itemIndex, provider.displayName, secrets);
	if (log) withAttempts(nodeError.context, log);
	const sentence = log && attemptsSentence(log);
	if (sentence)
		nodeError.description = nodeError.description
			? `${nodeError.description} ${sentence}`
			: sentence;
	return nodeError;
}

/**
 * n8n routes items carrying `error` to the error output and keeps `{ error }` as their json; the details
 * stay on the error itself, where the editor shows them.
 */
function errorOutputItem(nodeError: NodeError, itemIndex: number): INodeExecutionData {
	return {
		json: { error: nodeError.message },
		error: nodeError,
		pairedItem: { item: itemIndex },
	};
}

/** On the regular output n8n would cut an item carrying `error` down to `{ error }`, so the details go in the json. */
function failedItem(
	run: Execution,
	nodeError: NodeError,
	itemIndex: number,
	log?: AttemptLog,
): INodeExecutionData {
	const json: IDataObject = { error: nodeError.message, provider: run.provider.id, itemIndex };
	if (nodeError.description) json.description = nodeError.description;
	const httpCode = (nodeError as { httpCode?: string | null }).httpCode;
	if (httpCode) json.httpCode = httpCode;
	const providerStatus = (nodeError as { errorResponse?: IDataObject }).errorResponse
		?.providerStatus;
	if (typeof providerStatus === 'string') json.providerStatus = providerStatus;
	if (log) withAttempts(json, log);
	return { json, pairedItem: { item: itemIndex } };
}

/** Outputs a failed item where it belongs when the run goes on after failures. */
export function failItem(
	run: Execution,
	itemIndex: number,
	error: unknown,
	log?: AttemptLog,
): void {
	const nodeError = nodeErrorFor(run, itemIndex, error, log);
	const toErrorOutput = !run.asTool && run.node.onError === 'continueErrorOutput';
	run.output[itemIndex] = toErrorOutput
		? errorOutputItem(nodeError, itemIndex)
		: failedItem(run, nodeError, itemIndex, log);
}
