import type { INodeExecutionData } from 'n8n-workflow';

import { defaultSeed, startIntrepidEmulator } from '../../sandbox/intrepid';
import { runSingleNode, type RunResult } from '../harness/engine';

export type IntrepidEmulator = Awaited<ReturnType<typeof startIntrepidEmulator>>;

const [agentKey, onStatementKey] = Object.keys(defaultSeed().apiKeys);
/** A key of an agent that is not on statement: confirming needs payment. */
export const AGENT_KEY = agentKey;
/** A key of an on-statement agent: may confirm without payment. */
export const ON_STATEMENT_KEY = onStatementKey;

export type OnError = 'continueRegularOutput' | 'continueErrorOutput';

export async function runIntrepid(
	emulator: IntrepidEmulator,
	parameters: Record<string, unknown>,
	input: INodeExecutionData[] = [{ json: {} }],
	options: { credentials?: Record<string, unknown>; onError?: OnError } = {},
): Promise<RunResult> {
	return await runSingleNode(
		{
			name: 'Intrepid',
			type: 'n8n-nodes-customer-update.intrepid',
			parameters: { operation: 'updateCustomer', ...parameters },
			credentials: { intrepidApi: { id: '1', name: 'Intrepid sandbox' } },
			...(options.onError ? { onError: options.onError } : {}),
		},
		{ intrepidApi: { baseUrl: emulator.url, apiKey: AGENT_KEY, ...(options.credentials ?? {}) } as never },
		input,
	);
}

/** The PATCH requests the emulator received, in arrival order. */
export function patchRequests(emulator: IntrepidEmulator) {
	return emulator.requests.filter((r) => r.method === 'PATCH');
}

/** The JSON body of the only PATCH the emulator received. */
export function onlyPatchBody(emulator: IntrepidEmulator): unknown {
	const patches = patchRequests(emulator);
	if (patches.length !== 1) throw new Error(`expected one PATCH, got ${patches.length}`);
	return JSON.parse(patches[0].text);
}
