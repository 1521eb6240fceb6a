'use strict';
// Every node as a tool of n8n's AI Agent in real n8n (`n8n execute`): Manual Trigger -> AI Agent with n8n's
// OpenAI Chat Model pointing at the scripted model -> the provider's `…Tool` node, its parameters set to
// "Let the model define this". Asserts what the emulators received, the tool schema the model was sent, and
// what the model got back: a short JSON answer on success, a readable failure it can act on otherwise.
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');

const { prepareN8n, nodeOutputs } = require('../lib/setup');
const { snapshot, changesSince, requestCounts } = require('../lib/state');
const { startScriptedModel, toolCall, finalText } = require('../lib/scriptedModel');
const { AGENT_TOOLS: TOOLS, agentWorkflow, letModelDefine, schemaProperties, scriptedModelCredential } = require('../lib/agentWorkflow');

/** The answers of the tool (role "tool" messages) a model request carries, parsed. */
function toolAnswers(body) {
	return body.messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(m.content));
}

describe('the nodes as tools of n8n\'s AI Agent, in real n8n', () => {
	let n8n;
	let sandbox;
	let model;
	let secrets;

	before(async () => {
		({ n8n, sandbox } = await prepareN8n('agent'));
		model = await startScriptedModel();
		await n8n.importCredentials([scriptedModelCredential(model)]);
		secrets = Object.values(sandbox.credentials()).flatMap((data) =>
			Object.entries(data).filter(([k, v]) => /key|password|secret/i.test(k) && typeof v === 'string').map(([, v]) => v),
		);
	});

	after(async () => {
		if (model) await model.close();
		if (sandbox) await sandbox.close();
	});

	/** Runs the agent with one provider's tool against freshly seeded emulators and the given script. */
	async function runAgent(provider, { id, prompt, turns, toolOverrides = {}, knobs }) {
		await sandbox.reseed();
		if (knobs) sandbox.emulators[provider].setKnobs(knobs);
		const stateBefore = snapshot(sandbox);
		const requestsBefore = requestCounts(sandbox);
		const tool = { ...TOOLS[provider], ...toolOverrides };
		const workflow = agentWorkflow({ id, name: `Agent: ${tool.name} (${id})`, prompt, tool });
		Object.assign(workflow.nodes.find((n) => n.name === tool.name), toolOverrides.node ?? {});
		await n8n.importWorkflow(workflow);
		model.script(turns);
		const result = await n8n.execute(id);
		const sent = requestCounts(sandbox);
		const bodies = model.requests.map((r) => r.body);
		const context = `exit ${result.code}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-2000)}\nmodel requests: ${JSON.stringify(bodies, null, 1).slice(-4000)}`;
		assert.ok(result.run, `no run in the output of n8n execute:\n${context}`);
		assert.deepEqual(model.otherRequests, [], 'n8n called only POST /chat/completions');
		const transcript = JSON.stringify(bodies);
		for (const secret of secrets) assert.ok(!transcript.includes(secret), 'a credential secret reached the model');
		return {
			result,
			context,
			bodies,
			tool,
			agentOutput: nodeOutputs(result.run, 'AI Agent'),
			requests: Object.fromEntries(Object.entries(sent).map(([n, c]) => [n, c - requestsBefore[n]]).filter(([, c]) => c)),
			changes: changesSince(stateBefore, sandbox),
		};
	}

	/** The run ended well and the agent answered with the script's final text. */
	function assertAgentAnswered(run, text) {
		assert.equal(run.result.run.status, 'success', run.context);
		assert.equal(run.result.code, 0, run.context);
		assert.deepEqual(run.agentOutput, [[{ output: text }]], run.context);
	}

	/** The one tool the model was offered: its name, a one-sentence description, each parameter with the field's description. */
	function assertToolSchema(run) {
		const { tool } = run;
		for (const body of run.bodies) {
			assert.equal(body.tools.length, 1);
			const fn = body.tools[0].function;
			assert.equal(fn.name, tool.name.replace(/[^a-zA-Z0-9_-]+/g, '_'));
			const description = new (require(`../../dist/nodes/${tool.nodeClass}/${tool.nodeClass}.node.js`)[tool.nodeClass])().description.description;
			assert.equal(fn.description, description, 'the tool description is the node description');
			assert.match(fn.description, /^Change .* customer/);
			assert.ok(!/\.\s/.test(fn.description) && !fn.description.endsWith('.'), `one sentence: ${fn.description}`);
			const expected = schemaProperties(tool);
			assert.deepEqual(Object.keys(fn.parameters.properties).sort(), Object.keys(expected).sort());
			for (const [name, property] of Object.entries(expected)) {
				assert.deepEqual(fn.parameters.properties[name], { type: 'string', description: property.description }, name);
			}
		}
	}

	test('TourCMS: a bad date comes back to the model, which corrects it; the update is sent once', async () => {
		const ask = { Customer_ID: '12345', Mobile_Phone: '+44 7700 900123', Date_of_Birth: '23/04/1985', Country: '' };
		const run = await runAgent('tourcms', {
			id: 'agentTourCmsDate',
			prompt: "Set Joanna Bloggs' mobile to +44 7700 900123 and her date of birth to 23 April 1985, TourCMS customer 12345",
			turns: [
				toolCall(ask),
				(body) => {
					const [answer] = toolAnswers(body).at(-1);
					return answer.status === 'failed' && /Date of Birth/.test(answer.message)
						? toolCall({ ...ask, Date_of_Birth: '1985-04-23' })
						: finalText('unexpected tool answer');
				},
				finalText("Joanna Bloggs' mobile and date of birth are updated."),
			],
		});
		assertAgentAnswered(run, "Joanna Bloggs' mobile and date of birth are updated.");
		assert.equal(run.bodies.length, 3, run.context);
		assertToolSchema(run);
		const schema = run.bodies[0].tools[0].function.parameters.properties;
		assert.match(schema.Date_of_Birth.description, /YYYY-MM-DD/);
		assert.match(schema.Country.description, /Two-letter ISO 3166-1 country code/);
		assert.deepEqual(toolAnswers(run.bodies[1]), [
			[
				{
					status: 'failed',
					message:
						'Invalid input in item 0: "Date of Birth" (dob) must be a real date in YYYY-MM-DD format (e.g. 1985-04-23); got "23/04/1985"',
					details: 'Nothing was sent for this item.',
				},
			],
		]);
		assert.deepEqual(toolAnswers(run.bodies[2]).at(-1), [{ status: 'updated', customerId: '12345', changedFields: ['tel_mobile', 'dob'] }]);
		assert.deepEqual(run.requests, { tourcms: 1 }, 'only the corrected call reached TourCMS');
		assert.deepEqual(
			Object.fromEntries(Object.entries(run.changes).map(([k, [, now]]) => [k, now])),
			{
				'tourcms.channels.3930.customers.12345.tel_mobile': '+44 7700 900123',
				'tourcms.channels.3930.customers.12345.dob': '1985-04-23',
			},
		);
	});

	test('TourCMS: NO MATCHING DATA is the tool\'s answer, not a crash of the run', async () => {
		const run = await runAgent('tourcms', {
			id: 'agentTourCmsNoMatch',
			prompt: 'Set the mobile of TourCMS customer 99999 to +44 7700 900123',
			turns: [
				toolCall({ Customer_ID: '99999', Mobile_Phone: '+44 7700 900123', Date_of_Birth: '', Country: '' }),
				finalText('TourCMS has no customer 99999.'),
			],
		});
		assertAgentAnswered(run, 'TourCMS has no customer 99999.');
		const [[answer]] = toolAnswers(run.bodies[1]);
		assert.equal(answer.status, 'failed');
		assert.equal(answer.message, 'TourCMS refused the update: NO MATCHING DATA');
		assert.deepEqual(run.requests, { tourcms: 1 });
		assert.deepEqual(run.changes, {});
	});

	test('Client Toolbox: the model updates a customer by code', async () => {
		const run = await runAgent('clienttoolbox', {
			id: 'agentClientToolbox',
			prompt: "Change Ann Lee's phone to 555-555-0199 and her birthday to 14 July 1971; her Client Toolbox code is 1000000000000002",
			turns: [
				toolCall({ Code: '1000000000000002', Phone: '555-555-0199', Custom_Date: '1971-07-14' }),
				finalText('Updated.'),
			],
		});
		assertAgentAnswered(run, 'Updated.');
		assertToolSchema(run);
		assert.match(run.bodies[0].tools[0].function.parameters.properties.Custom_Date.description, /YYYY-MM-DD/);
		assert.deepEqual(toolAnswers(run.bodies[1]), [
			[{ status: 'updated', customerId: '1000000000000002', changedFields: ['phone', 'custom_date'] }],
		]);
		// A read-only lookup first (If No Customer Matches: fail), then the edit.
		assert.deepEqual(run.requests, { clienttoolbox: 2 });
		const changed = Object.fromEntries(Object.entries(run.changes).map(([k, [, now]]) => [k.split('.').pop(), now]));
		assert.deepEqual(changed, { phone: '555-555-0199', custom_date: '1971-07-14' });
	});

	test('Intrepid: the model updates a customer on a booking', async () => {
		const run = await runAgent('intrepid', {
			id: 'agentIntrepid',
			prompt: 'Customer 9001 on booking 5057123 has a new mobile, 0400111222, and now lives in Australia',
			turns: [toolCall({ Customer_ID: '9001', Mobile_Phone: '0400111222', Home_Address_Country_Code: 'au' }), finalText('Done.')],
		});
		assertAgentAnswered(run, 'Done.');
		assertToolSchema(run);
		assert.match(run.bodies[0].tools[0].function.parameters.properties.Home_Address_Country_Code.description, /ISO 3166-1 alpha-2/);
		assert.deepEqual(toolAnswers(run.bodies[1]), [
			[{ status: 'updated', customerId: '9001', changedFields: ['mobilePhone', 'homeAddress.countryCode'] }],
		]);
		assert.deepEqual(run.requests, { intrepid: 1 });
		assert.deepEqual(run.changes, {
			'intrepid.customers.9001.mobilePhone': ['0435485548', '0400111222'],
			'intrepid.customers.9001.homeAddress.countryCode': ['US', 'AU'],
		});
	});

	test('Trackfinity: the model updates a customer by customer ID', async () => {
		const run = await runAgent('trackfinity', {
			id: 'agentTrackfinity',
			prompt: 'Trackfinity customer 191 has moved: new ZIP 62704, and her email is now janet.doe@example.org',
			turns: [toolCall({ Customer_ID: '191', Email: 'janet.doe@example.org', ZIP_Code: '62704' }), finalText('Saved.')],
		});
		assertAgentAnswered(run, 'Saved.');
		assertToolSchema(run);
		assert.deepEqual(toolAnswers(run.bodies[1]), [[{ status: 'updated', customerId: '191', changedFields: ['email', 'zip'] }]]);
		assert.deepEqual(run.requests, { trackfinity: 1 });
		assert.deepEqual(run.changes, {
			'trackfinity.customers.191.email': ['jane.doe@example.com', 'janet.doe@example.org'],
			'trackfinity.customers.191.zip': ['62701', '62704'],
		});
	});

	test('Client Toolbox: an edit that may have created a customer is not resent, even with Retry On Fail', async () => {
		const card = '8080808080';
		const run = await runAgent('clienttoolbox', {
			id: 'agentClientToolboxReset',
			prompt: `Give the customer with card ${card} the first name Newton`,
			knobs: { fault: { mode: 'reset-after-apply', count: 1 } },
			toolOverrides: {
				parameters: {
					operation: 'updateCustomer',
					matchBy: 'cardNumber',
					cardNumber: letModelDefine('ClientToolbox', 'cardNumber'),
					ifNoMatch: 'create',
					updateFields: { first_name: letModelDefine('ClientToolbox', 'updateFields.first_name') },
					options: { maxRetries: 5 },
				},
				// n8n's own Retry On Fail on the tool node: it resends a tool whose answer carries `error`.
				node: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
			},
			turns: [toolCall({ Card_Number: card, First_Name: 'Newton' }), finalText('I could not confirm the change; please check the customer in Client Toolbox.')],
		});
		assertAgentAnswered(run, 'I could not confirm the change; please check the customer in Client Toolbox.');
		const [[answer]] = toolAnswers(run.bodies[1]);
		assert.equal(answer.status, 'failed');
		assert.equal(answer.message, 'Could not get an answer from Client Toolbox: the connection was reset (ECONNRESET)');
		assert.match(answer.details, /may have reached Client Toolbox; check the record before running this item again/);
		assert.match(answer.details, /Not retried: .* sending it again could create a second record/);
		assert.deepEqual(run.requests, { clienttoolbox: 1 }, 'sent once: neither the node nor n8n resent it');
		const created = sandbox.emulators.clienttoolbox.customers('greatwidgets').filter((c) => c.card_number === card);
		assert.equal(created.length, 1);
		assert.equal(created[0].first_name, 'Newton');
	});
});
