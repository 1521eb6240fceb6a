import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { resumeOptionsFrom, type ResumeOptions } from '../resume/resume';

/**
 * The options as the engine uses them. The parameter names users' workflows store stay as they are
 * (includeRawResponse, maxResponseKb); inside, the provider's reply is its answer.
 */
export interface EngineOptions {
	/** Include Raw Response: the answer's status, headers and body go to the output as `raw`. */
	includeRawAnswer: boolean;
	concurrency: number;
	timeoutMs: number;
	/** Retries of one request after a transient failure; 0 turns retrying off (429 included). */
	maxRetries: number;
	/** Request starts per second across all lanes; 0 = unlimited. */
	maxRequestsPerSecond: number;
	/** The most of one answer that is read (decompressed); a larger answer fails the item. */
	maxAnswerBytes: number;
	/** Dry run: validate and output the requests instead of sending them. */
	previewRequest: boolean;
	/** Skip Updates Already Applied and its Run Key; undefined when off. */
	resume: ResumeOptions | undefined;
}

export const DEFAULT_CONCURRENCY = 5;
export const DEFAULT_TIMEOUT_MS = 30000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_MAX_ANSWER_KB = 1024;

/** Options every node of this package shares (kept sorted by display name, as n8n's lint expects). */
export const engineOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many requests this node keeps in flight at once. 1 sends strictly one after another. Output order always equals input order.',
		},
		{
			displayName: 'Include Raw Response',
			name: 'includeRawResponse',
			type: 'boolean',
			default: false,
			description:
				'Whether to add the provider response (status, headers and body) to the output as "raw"',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'maxRequestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description:
				'Upper bound on requests this node starts per second, across all concurrent requests and retries, e.g. 20. 0 means no limit.',
		},
		{
			displayName: 'Max Response Size (KB)',
			name: 'maxResponseKb',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 102400 },
			default: DEFAULT_MAX_ANSWER_KB,
			description:
				'The most of one answer that is read, after decompression. A larger answer is not read further and the item fails naming this limit.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: DEFAULT_MAX_RETRIES,
			description:
				'How often one request is retried after a transient failure (timeout, connection reset or refused, HTTP 502/503/504, HTTP 429), with exponential backoff. A request that could create a record is only retried when the provider cannot have acted on it (429, connection refused). 0 turns retrying off.',
		},
		{
			displayName: 'Preview Request (Dry Run)',
			name: 'previewRequest',
			type: 'boolean',
			default: false,
			description:
				'Whether to only check each item and output the request it would send (method, URL, headers with secrets shown as ***, body) instead of sending it. Nothing reaches the provider, so this is safe with a production credential.',
		},
		{
			displayName: 'Run Key',
			name: 'runKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $now.toISODate() }}',
			description:
				'Used with Skip Updates Already Applied: the name of one bulk run, so triggering the same run again skips what it already applied. Empty means one run per workflow. For a nightly sync use e.g. {{ $now.toISODate() }}.',
		},
		{
			displayName: 'Skip Updates Already Applied',
			name: 'skipUpdatesAlreadyApplied',
			type: 'boolean',
			default: false,
			description:
				'Whether to record each update the provider confirmed in n8n\'s deduplication store (per workflow and Run Key), so that triggering the same run again after a crash or a dead worker sends only what was not confirmed. Skipped items are output with status "skipped". An update that was in flight is sent again, unless it adds to a balance or may create a customer: then the item fails and asks to check the provider. A worker also remembers for 10 minutes the inputs it saw confirmed in full.',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeoutMs',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_MS,
			description:
				'How long one attempt may take in all (connecting, sending and receiving the whole answer) before it fails with a timeout error',
		},
	],
};

function wholeNumber(
	value: unknown,
	fallback: number,
	min: number,
	max = Number.MAX_SAFE_INTEGER,
): number {
	const n = Math.floor(Number(value ?? fallback));
	return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

/** Node-wide options are read once, from the first item, like n8n's own batching options. */
export function readEngineOptions(ctx: IExecuteFunctions): EngineOptions {
	const raw = ctx.getNodeParameter('options', 0, {}) as Partial<
		Record<keyof EngineOptions | 'includeRawResponse' | 'maxResponseKb', unknown>
	> &
		IDataObject;
	const rps = Number(raw.maxRequestsPerSecond ?? 0);
	return {
		includeRawAnswer: raw.includeRawResponse === true,
		concurrency: wholeNumber(raw.concurrency, DEFAULT_CONCURRENCY, 1),
		timeoutMs: Math.max(1, Number(raw.timeoutMs ?? DEFAULT_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS),
		maxRetries: wholeNumber(raw.maxRetries, DEFAULT_MAX_RETRIES, 0, 10),
		maxRequestsPerSecond: Number.isFinite(rps) && rps > 0 ? rps : 0,
		maxAnswerBytes: wholeNumber(raw.maxResponseKb, DEFAULT_MAX_ANSWER_KB, 1, 102400) * 1024,
		previewRequest: raw.previewRequest === true,
		resume: resumeOptionsFrom(raw),
	};
}
