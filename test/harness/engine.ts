import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createDeferredPromise,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IConnections,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type IRun,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TourCms } from '../../nodes/TourCms/TourCms.node';
import { TourCmsApi } from '../../credentials/TourCmsApi.credentials';
import { Trackfinity } from '../../nodes/Trackfinity/Trackfinity.node';
import { TrackfinityApi } from '../../credentials/TrackfinityApi.credentials';
import { Intrepid } from '../../nodes/Intrepid/Intrepid.node';
import { IntrepidApi } from '../../credentials/IntrepidApi.credentials';
import { ClientToolbox } from '../../nodes/ClientToolbox/ClientToolbox.node';
import { ClientToolboxApi } from '../../credentials/ClientToolboxApi.credentials';
import { deduplicationStore } from './deduplication';

export const NODE_TYPES: Record<string, INodeType> = {
	'n8n-nodes-customer-update.tourCms': new TourCms(),
	'n8n-nodes-customer-update.trackfinity': new Trackfinity(),
	'n8n-nodes-customer-update.intrepid': new Intrepid(),
	'n8n-nodes-customer-update.clientToolbox': new ClientToolbox(),
};

export const CREDENTIAL_TYPES: Record<string, ICredentialType> = {
	tourCmsApi: new TourCmsApi(),
	trackfinityApi: new TrackfinityApi(),
	intrepidApi: new IntrepidApi(),
	clientToolboxApi: new ClientToolboxApi(),
};

/** Registers another node type/credential (provider modules call this from their tests). */
export function registerTypes(
	nodes: Record<string, INodeType>,
	credentials: Record<string, ICredentialType>,
): void {
	Object.assign(NODE_TYPES, nodes);
	Object.assign(CREDENTIAL_TYPES, credentials);
}

class NodeTypes {
	getByName(type: string): INodeType {
		return NODE_TYPES[type];
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(NODE_TYPES[type], version) as INodeType;
	}

	getKnownTypes() {
		return {};
	}
}

/** Every credential type n8n asked the credential store to decrypt, in order (tests clear it). */
export const credentialReads: string[] = [];

class CredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		options: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const auth = CREDENTIAL_TYPES[typeName].authenticate;
		// Every credential of the package authenticates with a function of its own.
		if (typeof auth !== 'function') throw new Error(`${typeName} has no authenticate() function`);
		return await auth(credentials, options);
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(
		_a: unknown,
		_n: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		credentialReads.push(type);
		return this.data[type] ?? {};
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}
}

export interface RunResult {
	run: IRun;
	/** Output items per output index of the named node (0 = main, 1 = error output when enabled). */
	outputs(nodeName: string): INodeExecutionData[][];
	error: IRun['data']['resultData']['error'];
}

/** Runs a workflow through n8n-core's real WorkflowExecute, starting at the first node with `input`. */
export async function runWorkflow(
	nodes: INode[],
	connections: IConnections,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	input: INodeExecutionData[] = [{ json: {} }],
): Promise<RunResult> {
	deduplicationStore();
	const nodeTypes = new NodeTypes();
	const workflow = new Workflow({
		id: 'test',
		nodes,
		connections,
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'exec-1', {
		id: 'test',
		name: 'test',
		nodes,
		connections,
		active: false,
		settings: {},
	} as never);
	const done = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => done.resolve(run));
	const additionalData = {
		hooks,
		credentialsHelper: new CredentialsHelper(credentials),
		variables: {},
		userId: 'user',
		restApiUrl: '',
		instanceBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
		formWaitingBaseUrl: '',
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('not used by these tests');
		},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const runData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: nodes[0], data: { main: [input] }, source: null }],
		},
	};
	await new WorkflowExecute(additionalData, 'manual', runData as never).processRunExecutionData(
		workflow,
	);
	const run = await done.promise;
	return {
		run,
		error: run.data.resultData.error,
		outputs(nodeName: string) {
			const task = run.data.resultData.runData[nodeName]?.[0];
			return (task?.data?.main ?? []).map((items) => items ?? []);
		},
	};
}

/** A one-node workflow: the node under test gets `input` directly. */
export async function runSingleNode(
	node: Omit<INode, 'id' | 'position' | 'typeVersion'> & Partial<Pick<INode, 'typeVersion'>>,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	input: INodeExecutionData[] = [{ json: {} }],
): Promise<RunResult> {
	const full: INode = { id: 'node-under-test', position: [0, 0], typeVersion: 1, ...node } as INode;
	return await runWorkflow([full], {}, credentials, input);
}
