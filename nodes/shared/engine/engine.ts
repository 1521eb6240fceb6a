import type { IExecuteFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { collectFields, type CollectedFields, type FieldSpec } from '../input/fieldTable';
import { readUpdateFields, type ReadUpdateFields } from '../input/mapping';
import { toNodeError } from '../output/errors';
import { previewAll } from '../output/preview';
import { toolAnswers } from '../output/toolResult';
import { DeadlineClock } from '../request/deadline';
import { runBounded } from '../request/lanes';
import { RequestGate } from '../request/requestGate';
import type { AttemptLog } from '../request/retry';
import { openResumeLedger, type ResumeLedger } from '../resume/resume';
import { readExecution, type Execution } from './execution';
import { failItem, inputErrorFor, nodeErrorFor } from './failures';
import { answeredItem } from './normalize';
import type { ProviderDefinition } from './provider';
import { sendWithRetries, type OutgoingRequest } from './send';
import { TimeSlice } from './timeSlice';
import type { HttpAnswer, PreparedRequest } from './types';

export type { ProviderDefinition } from './provider';

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

/**
 * Validates and encodes every item before anything is sent, so a bad item stops the run first; with
 * Continue On Fail it becomes that item's output instead.
 */
async function prepareAll(run: Execution): Promise<void> {
	const { provider } = run;
	const slice = new TimeSlice();
	for (let i = 0; i < run.prepared.length; i++) {
		if (slice.due()) await slice.yield();
		try {
			run.prepared[i] = await provider.prepare(run.reader, i, run.credentials);
		} catch (error) {
			const shown = inputErrorFor(run.ctx, error, i);
			if (!run.continueOnFail)
				throw toNodeError(run.node, shown, i, provider.displayName, run.secrets);
			failItem(run, i, shown);
		}
	}
}

/** What the items being sent share: one gate and clock for all lanes, the ledger, the first failure. */
interface Sending {
	gate: RequestGate;
	clock: DeadlineClock;
	resume: ResumeLedger | undefined;
	/** Without Continue On Fail, the failure of the lowest item stops the run. */
	firstFatal?: { index: number; error: unknown; log: AttemptLog };
}

/** Sends an item's request, or the several a provider's call needs, each with its own retries. */
async function sendPrepared(
	run: Execution,
	sending: Sending,
	prepared: PreparedRequest,
	log: AttemptLog,
): Promise<HttpAnswer> {
	const outgoing = (request: IHttpRequestOptions, mayAdd: boolean): OutgoingRequest => ({
		run,
		gate: sending.gate,
		clock: sending.clock,
		request,
		mayCreate: prepared.mayCreate,
		mayAdd,
		log,
	});
	if (!run.provider.run) {
		return await sendWithRetries(outgoing(prepared.request, prepared.mayAdd === true));
	}
	return await run.provider.run(
		prepared,
		async (http) =>
			await sendWithRetries(outgoing(http, http === prepared.request && prepared.mayAdd === true)),
	);
}

/** Sends one item (unless the ledger shows it applied), reads the answer and outputs it. */
async function sendItem(run: Execution, sending: Sending, i: number): Promise<void> {
	const prepared = run.prepared[i] as PreparedRequest;
	const log: AttemptLog = { attempts: 0, retries: [] };
	const { resume } = sending;
	try {
		const skipped = resume && (await resume.before(i))?.skipped;
		if (skipped) {
			run.output[i] = { json: skipped, pairedItem: { item: i } };
			return;
		}
		const answer = await sendPrepared(run, sending, prepared, log);
		const outcome = run.provider.interpret(answer, prepared);
		await resume?.after(i);
		run.output[i] = answeredItem(run, i, outcome, answer, log);
	} catch (error) {
		// A refusal the store failed to forget only makes a later run ask to check the provider.
		await resume?.after(i, error).catch(() => undefined);
		if (run.continueOnFail) {
			failItem(run, i, error, log);
			return;
		}
		const first = sending.firstFatal;
		if (!first || i < first.index) sending.firstFatal = { index: i, error, log };
	}
}

/** Closes the ledger; a ledger it could not confirm is worth a warning, not a failed run. */
async function finishLedger(run: Execution, resume: ResumeLedger): Promise<void> {
	const intact = await resume.finish().catch(() => false);
	if (!intact) {
		run.ctx.logger?.warn(
			`${run.provider.displayName}: Skip Updates Already Applied could not confirm its records in n8n's deduplication store; a later run may send some of these updates again`,
		);
	}
}

/**
 * Sends the valid items with bounded concurrency through one shared gate (rate limits, provider
 * budget, retries) and outputs each in its input item's place.
 */
async function sendAll(run: Execution): Promise<void> {
	const { ctx, options, provider } = run;
	const cancel = ctx.getExecutionCancelSignal?.();
	const sending: Sending = {
		gate: new RequestGate(options.maxRequestsPerSecond, options.concurrency, cancel),
		clock: new DeadlineClock(cancel),
		resume: openResumeLedger(ctx, provider.id, run.prepared, options.resume, options.concurrency),
	};
	const ready = run.prepared.flatMap((p, i) => (p ? [i] : []));
	await runBounded(
		ready,
		options.concurrency,
		async (i) => await sendItem(run, sending, i),
		() => sending.firstFatal !== undefined,
	);
	if (sending.resume) await finishLedger(run, sending.resume);
	const fatal = sending.firstFatal;
	if (fatal) throw nodeErrorFor(run, fatal.index, fatal.error, fatal.log);
}

/**
 * The shared per-item run: read the parameters → validate → encode every item → send → normalize each
 * answer into one output item per input item, in input order, each paired with its input.
 */
export async function executeUpdate(
	ctx: IExecuteFunctions,
	provider: ProviderDefinition,
): Promise<INodeExecutionData[][]> {
	const run = await readExecution(ctx, provider);
	await prepareAll(run);
	if (run.options.previewRequest) {
		return [await previewAll(provider, run.credentials, run.prepared, run.output)];
	}
	await sendAll(run);
	return run.asTool ? toolAnswers([run.output]) : [run.output];
}
