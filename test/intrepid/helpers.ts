import { defaultSeed, startIntrepidEmulator } from '../../sandbox/intrepid';
import { nodeRunner } from '../harness/runNode';

export type { OnError } from '../harness/runNode';

export type IntrepidEmulator = Awaited<ReturnType<typeof startIntrepidEmulator>>;

const [agentKey, onStatementKey] = Object.keys(defaultSeed().apiKeys);
/** A key of an agent that is not on statement: confirming needs payment. */
export const AGENT_KEY = agentKey;
/** A key of an on-statement agent: may confirm without payment. */
export const ON_STATEMENT_KEY = onStatementKey;

export const runIntrepid = nodeRunner({
	name: 'Intrepid',
	type: 'n8n-nodes-customer-update.intrepid',
	credentialType: 'intrepidApi',
	credentials: (baseUrl) => ({ baseUrl, apiKey: AGENT_KEY }),
});

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
