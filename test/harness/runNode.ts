import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { runSingleNode, type RunResult } from './engine';

export type OnError = 'continueRegularOutput' | 'continueErrorOutput';

export interface RunOptions {
	/** Laid over the node's own sandbox credential, so a test names only what it changes. */
	credentials?: Record<string, unknown>;
	onError?: OnError;
}

/** What differs between the package's nodes when one runs alone against its emulator. */
export interface NodeUnderTest {
	/** The node's name in the workflow, which `RunResult.outputs` takes. */
	name: string;
	type: string;
	credentialType: string;
	/** The credential that opens the emulator listening at `url`. */
	credentials(url: string): Record<string, unknown>;
}

export type NodeRun = (
	emulator: { url: string },
	parameters: Record<string, unknown>,
	input?: INodeExecutionData[],
	options?: RunOptions,
) => Promise<RunResult>;

/** Runs `node`'s Update Customer operation alone, fed `input`, against an emulator. */
export function nodeRunner(node: NodeUnderTest): NodeRun {
	return async (emulator, parameters, input = [{ json: {} }], options = {}) =>
		await runSingleNode(
			{
				name: node.name,
				type: node.type,
				parameters: { operation: 'updateCustomer', ...parameters },
				credentials: { [node.credentialType]: { id: '1', name: `${node.name} sandbox` } },
				...(options.onError ? { onError: options.onError } : {}),
			},
			{
				[node.credentialType]: {
					...node.credentials(emulator.url),
					...(options.credentials ?? {}),
				} as ICredentialDataDecryptedObject,
			},
			input,
		);
}
