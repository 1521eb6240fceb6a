'use strict';
// Runs one node over a list of items through n8n-core's real WorkflowExecute, in this process.
// `requireFrom` chooses whose n8n-core / n8n-workflow run it (ours, or an installed n8n host's).
const fs = require('fs');
const os = require('os');
const path = require('path');

const { authenticate } = require('./authenticate');

process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
process.env.N8N_ENCRYPTION_KEY ??= 'bench-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

function createEngine(requireFrom = require) {
	requireFrom('reflect-metadata');
	const { ExecutionLifecycleHooks, WorkflowExecute } = requireFrom('n8n-core');
	const { ICredentialsHelper, NodeHelpers, Workflow, createDeferredPromise } = requireFrom('n8n-workflow');

	/** @param {Record<string, object>} nodeTypes @param {Record<string, object>} credentialTypes */
	function run({ node, nodeTypes, credentialTypes = {}, credentials = {}, items }) {
		const types = {
			getByName: (type) => nodeTypes[type],
			getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeTypes[type], version),
			getKnownTypes: () => ({}),
		};
		class CredentialsHelper extends ICredentialsHelper {
			getParentTypes() {
				return [];
			}
			isCredentialUsableByNode() {
				return true;
			}
			async authenticate(data, typeName, options) {
				return await authenticate(credentialTypes[typeName]?.authenticate, data, options);
			}
			async preAuthentication() {
				return undefined;
			}
			async runPreAuthentication() {
				return undefined;
			}
			async getCredentials() {
				throw new Error('not used');
			}
			async getDecrypted(_a, _n, type) {
				return credentials[type] ?? {};
			}
			async updateCredentials() {}
			async updateCredentialsOauthTokenData() {}
			getCredentialsProperties() {
				return [];
			}
		}
		const full = { id: 'bench-node', position: [0, 0], ...node };
		const workflow = new Workflow({
			id: 'bench',
			nodes: [full],
			connections: {},
			nodeTypes: types,
			active: false,
			settings: { executionOrder: 'v1' },
		});
		const hooks = new ExecutionLifecycleHooks('manual', 'bench-1', {
			id: 'bench',
			name: 'bench',
			nodes: [full],
			connections: {},
			active: false,
			settings: {},
		});
		const done = createDeferredPromise();
		hooks.addHandler('workflowExecuteAfter', (result) => done.resolve(result));
		const additionalData = new Proxy(
			{
				hooks,
				credentialsHelper: new CredentialsHelper(),
				variables: {},
				userId: 'user',
				restApiUrl: '',
				instanceBaseUrl: '',
				webhookBaseUrl: '',
				webhookWaitingBaseUrl: '',
				webhookTestBaseUrl: '',
				formWaitingBaseUrl: '',
				currentNodeParameters: undefined,
			},
			{ get: (target, prop) => (prop in target ? target[prop] : typeof prop === 'string' ? () => {} : undefined) },
		);
		const runData = {
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				waitingExecution: {},
				waitingExecutionSource: null,
				nodeExecutionStack: [{ node: full, data: { main: [items] }, source: null }],
			},
		};
		return (async () => {
			await new WorkflowExecute(additionalData, 'manual', runData).processRunExecutionData(workflow);
			const result = await done.promise;
			const task = result.data.resultData.runData[full.name]?.[0];
			return { error: result.data.resultData.error, outputs: (task?.data?.main ?? []).map((i) => i ?? []) };
		})();
	}

	return { run };
}

module.exports = { createEngine };
