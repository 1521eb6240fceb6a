import {
	NodeConnectionTypes,
	type ICredentialDataDecryptedObject,
	type INodeType,
} from 'n8n-workflow';

import { CREDENTIAL_TYPES, NODE_TYPES, runSingleNode } from './engine';

/** lodash-style `a.b.c` lookup, as n8n's tester uses for responseSuccessBody keys. */
function get(value: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
			value,
		);
}

export interface CredentialTestOutcome {
	status: 'OK' | 'Error';
	message: string;
	httpCode?: string;
}

/**
 * Runs a credential's `test` request the way n8n's CredentialsTester does: as the routing request of a
 * temporary declarative node (so it goes through RoutingNode and the credential's authenticate), then
 * applies the `responseCode` / `responseSuccessBody` rules.
 */
export async function testCredential(
	credentialType: string,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestOutcome> {
	const test = CREDENTIAL_TYPES[credentialType].test;
	if (!test) throw new Error(`${credentialType} has no test request`);
	const typeName = `credential-test.${credentialType}`;
	const tempNode: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'temp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Temp' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: test.request },
				},
			],
		},
	};
	NODE_TYPES[typeName] = tempNode;
	try {
		const result = await runSingleNode(
			{
				name: 'Temp-Node',
				type: typeName,
				parameters: {},
				credentials: { [credentialType]: { id: 't', name: 't' } },
			},
			{ [credentialType]: data },
		);
		if (result.error) {
			const httpCode = (result.error as { httpCode?: string }).httpCode ?? undefined;
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && String(rule.properties.value) === httpCode) {
					return { status: 'Error', message: rule.properties.message, httpCode };
				}
			}
			return { status: 'Error', message: result.error.message, httpCode };
		}
		const json = result.outputs('Temp-Node')[0]?.[0]?.json;
		for (const rule of test.rules ?? []) {
			if (
				rule.type === 'responseSuccessBody' &&
				get(json, rule.properties.key) === rule.properties.value
			) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection successful!' };
	} finally {
		delete NODE_TYPES[typeName];
	}
}
