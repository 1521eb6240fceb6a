'use strict';
// An agent workflow as a user builds it in the editor: Manual Trigger -> AI Agent, with n8n's OpenAI Chat
// Model (its credential pointing at the scripted model) and one of this package's nodes as the agent's tool.
const path = require('path');

const { PACKAGE_NAME, ROOT } = require('./n8n');
const { sandboxCredentialRefs } = require('./credentials');
const { MODEL_ID } = require('./scriptedModel');

const OPENAI_CREDENTIAL = { id: 'sbxScriptedModel', name: 'Scripted Model' };

/** The `openAiApi` credential that sends n8n's OpenAI Chat Model to the scripted model. */
function scriptedModelCredential(model) {
	return {
		...OPENAI_CREDENTIAL,
		type: 'openAiApi',
		data: { apiKey: 'sk-scripted-model-key', organizationId: '', url: model.url, header: false },
	};
}

/**
 * `tool`: `{ name, type ('tourCms'), credentialType, parameters }`; the node runs as `<type>Tool`.
 * `prompt`: what the user asks the agent.
 */
function agentWorkflow({ id, name, prompt, tool }) {
	const refs = sandboxCredentialRefs();
	const node = (suffix, extra) => ({ id: `b19${id.slice(0, 5)}-0000-4000-8000-00000000000${suffix}`, ...extra });
	return {
		id,
		name,
		active: false,
		nodes: [
			node(1, {
				name: 'When Clicking Execute Workflow',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			}),
			node(2, {
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [240, 0],
				parameters: { promptType: 'define', text: prompt, options: {} },
			}),
			node(3, {
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [160, 220],
				// No retries: a model call the script did not expect must fail the run, not be sent again.
				parameters: { model: { __rl: true, mode: 'id', value: MODEL_ID }, options: { maxRetries: 0 } },
				credentials: { openAiApi: OPENAI_CREDENTIAL },
			}),
			node(4, {
				name: tool.name,
				type: `${PACKAGE_NAME}.${tool.type}Tool`,
				typeVersion: 1,
				position: [400, 220],
				parameters: tool.parameters,
				credentials: { [tool.credentialType]: refs[tool.credentialType] },
			}),
		],
		connections: {
			'When Clicking Execute Workflow': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			[tool.name]: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		tags: [],
	};
}

/** A property of a built node, by name, or inside a collection as `updateFields.tel_mobile`. */
function nodeProperty(nodeClass, propertyPath) {
	const file = path.join(ROOT, 'dist', 'nodes', nodeClass, `${nodeClass}.node.js`);
	const description = new (require(file)[nodeClass])().description;
	let property;
	let properties = description.properties;
	for (const name of propertyPath.split('.')) {
		property = properties.find((p) => p.name === name);
		if (!property) throw new Error(`${nodeClass} has no property ${propertyPath}`);
		properties = property.options ?? [];
	}
	return property;
}

/**
 * What the editor writes for a parameter set to "Let the model define this", with the field's own
 * description (as shown under it in the node panel) pasted into the override's Description box.
 */
function letModelDefine(nodeClass, propertyPath) {
	const property = nodeProperty(nodeClass, propertyPath);
	const key = property.displayName.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 63);
	const type = property.type === 'boolean' ? 'boolean' : 'string';
	return `={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${key}', \`${property.description}\`, '${type}') }}`;
}

/** The tool node of each provider, as a user sets it up for an agent. */
const AGENT_TOOLS = {
	tourcms: {
		name: 'Update TourCMS Customer',
		type: 'tourCms',
		nodeClass: 'TourCms',
		credentialType: 'tourCmsApi',
		parameters: {
			operation: 'updateCustomer',
			customerId: letModelDefine('TourCms', 'customerId'),
			updateFields: {
				tel_mobile: letModelDefine('TourCms', 'updateFields.tel_mobile'),
				dob: letModelDefine('TourCms', 'updateFields.dob'),
				country: letModelDefine('TourCms', 'updateFields.country'),
			},
		},
	},
	clienttoolbox: {
		name: 'Update Client Toolbox Customer',
		type: 'clientToolbox',
		nodeClass: 'ClientToolbox',
		credentialType: 'clientToolboxApi',
		parameters: {
			operation: 'updateCustomer',
			matchBy: 'code',
			code: letModelDefine('ClientToolbox', 'code'),
			ifNoMatch: 'fail',
			updateFields: {
				phone: letModelDefine('ClientToolbox', 'updateFields.phone'),
				custom_date: letModelDefine('ClientToolbox', 'updateFields.custom_date'),
			},
		},
	},
	intrepid: {
		name: 'Update Intrepid Customer',
		type: 'intrepid',
		nodeClass: 'Intrepid',
		credentialType: 'intrepidApi',
		parameters: {
			operation: 'updateCustomer',
			context: 'Booking',
			contextId: '5057123',
			customerId: letModelDefine('Intrepid', 'customerId'),
			updateFields: {
				mobilePhone: letModelDefine('Intrepid', 'updateFields.mobilePhone'),
				homeAddressCountryCode: letModelDefine('Intrepid', 'updateFields.homeAddressCountryCode'),
			},
		},
	},
	trackfinity: {
		name: 'Update Trackfinity Customer',
		type: 'trackfinity',
		nodeClass: 'Trackfinity',
		credentialType: 'trackfinityApi',
		parameters: {
			operation: 'updateCustomer',
			customerId: letModelDefine('Trackfinity', 'customerId'),
			updateFields: {
				email: letModelDefine('Trackfinity', 'updateFields.email'),
				zip: letModelDefine('Trackfinity', 'updateFields.zip'),
			},
		},
	},
};

/** Schema property name -> node property, as `letModelDefine` named them. */
function schemaProperties(tool) {
	const paths = Object.entries(tool.parameters).flatMap(([name, value]) =>
		typeof value === 'object' ? Object.keys(value).map((k) => `${name}.${k}`) : String(value).includes('$fromAI') ? [name] : [],
	);
	return Object.fromEntries(
		paths.map((p) => {
			const property = nodeProperty(tool.nodeClass, p);
			return [property.displayName.replace(/[^a-zA-Z0-9_-]/g, '_'), property];
		}),
	);
}

module.exports = { AGENT_TOOLS, OPENAI_CREDENTIAL, scriptedModelCredential, agentWorkflow, letModelDefine, nodeProperty, schemaProperties };
