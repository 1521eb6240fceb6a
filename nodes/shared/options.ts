import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export interface EngineOptions {
	includeRawResponse: boolean;
	concurrency: number;
	timeoutMs: number;
}

export const DEFAULT_CONCURRENCY = 5;
export const DEFAULT_TIMEOUT_MS = 30000;

/** Options every node of this package shares. */
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
			description: 'Whether to add the provider response (status, headers and body) to the output as "raw"',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeoutMs',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_MS,
			description: 'How long to wait for one answer before the item fails with a timeout error',
		},
	],
};

/** Node-wide options are read once, from the first item, like n8n's own batching options. */
export function readEngineOptions(ctx: IExecuteFunctions): EngineOptions {
	const raw = ctx.getNodeParameter('options', 0, {}) as Partial<EngineOptions>;
	return {
		includeRawResponse: raw.includeRawResponse === true,
		concurrency: Math.max(1, Math.floor(Number(raw.concurrency ?? DEFAULT_CONCURRENCY)) || 1),
		timeoutMs: Math.max(1, Number(raw.timeoutMs ?? DEFAULT_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS),
	};
}
