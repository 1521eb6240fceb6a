import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { ClientToolbox } from '../../nodes/ClientToolbox/ClientToolbox.node';
import { TourCms } from '../../nodes/TourCms/TourCms.node';
import { toolAnswer } from '../../nodes/shared/output/toolResult';
import { registerTypes, runSingleNode } from '../harness/engine';
import { ACCOUNT, BY_KEY } from '../clienttoolbox/helpers';
import { OPERATOR } from '../tourcms/helpers';
import { startEachTest } from '../harness/lifecycle';

// n8n runs a node for an AI agent as its generated `<name>Tool` type, with the same execute().
registerTypes(
	{
		'n8n-nodes-customer-update.tourCmsTool': new TourCms(),
		'n8n-nodes-customer-update.clientToolboxTool': new ClientToolbox(),
	},
	{},
);

describe('a node run as an AI agent tool', () => {
	let tourCms: Awaited<ReturnType<typeof startTourCmsEmulator>>;

	startEachTest(startTourCmsEmulator, (started) => (tourCms = started));

	async function runTool(parameters: Record<string, unknown>, type = 'tourCmsTool') {
		return await runSingleNode(
			{
				name: 'Tool',
				type: `n8n-nodes-customer-update.${type}`,
				parameters: { operation: 'updateCustomer', ...parameters },
				credentials: { tourCmsApi: { id: '1', name: 'TourCMS sandbox' } },
			},
			{ tourCmsApi: { baseUrl: tourCms.url, ...OPERATOR } as never },
		);
	}

	it('answers with status, customer ID and changed fields only', async () => {
		const result = await runTool({
			customerId: '12345',
			updateFields: { tel_mobile: '+44 7700 900123', dob: '' },
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs('Tool')[0]).toEqual([
			{
				json: { status: 'updated', customerId: '12345', changedFields: ['tel_mobile'] },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('answers a rule broken before sending instead of failing the run, and sends nothing', async () => {
		const result = await runTool({ customerId: '12345', updateFields: { dob: '23/04/1985' } });
		expect(result.error).toBeUndefined();
		expect(result.outputs('Tool')[0][0].json).toEqual({
			status: 'failed',
			message:
				'Invalid input in item 0: "Date of Birth" (dob) must be a real date in YYYY-MM-DD format (e.g. 1985-04-23); got "23/04/1985"',
			details: 'Nothing was sent for this item.',
		});
		expect(tourCms.requests).toHaveLength(0);
	});

	it("answers the provider's refusal in its own words, with no secret in it", async () => {
		const result = await runTool({ customerId: '99999', updateFields: { city: 'Leeds' } });
		const answer = result.outputs('Tool')[0][0].json;
		expect(answer).toMatchObject({
			status: 'failed',
			message: 'TourCMS refused the update: NO MATCHING DATA',
		});
		expect(Object.keys(answer)).not.toContain('error');
		expect(JSON.stringify(answer)).not.toContain(OPERATOR.apiKey);
	});

	it('answers a reset after an edit that may have created a customer without resending it', async () => {
		const clientToolbox = await startClientToolboxEmulator();
		try {
			clientToolbox.setKnobs({ fault: { mode: 'reset-after-apply', count: 1 } });
			const result = await runSingleNode(
				{
					name: 'Tool',
					type: 'n8n-nodes-customer-update.clientToolboxTool',
					parameters: {
						operation: 'updateCustomer',
						matchBy: 'cardNumber',
						cardNumber: '8080808080',
						ifNoMatch: 'create',
						updateFields: { first_name: 'Newton' },
						options: { maxRetries: 5 },
					},
					credentials: { clientToolboxApi: { id: '1', name: 'Client Toolbox sandbox' } },
				},
				{ clientToolboxApi: { apiUrl: clientToolbox.url, ...BY_KEY } as never },
			);
			const answer = result.outputs('Tool')[0][0].json;
			expect(answer.status).toBe('failed');
			expect(answer.details).toMatch(
				/Not retried: .* sending it again could create a second record/,
			);
			expect(clientToolbox.requests).toHaveLength(1);
			expect(
				clientToolbox
					.customers(ACCOUNT)
					.filter((c: { card_number?: string }) => c.card_number === '8080808080'),
			).toHaveLength(1);
		} finally {
			await clientToolbox.close();
		}
	});

	it('the same node under its own type still fails the run on a broken rule', async () => {
		const result = await runTool(
			{ customerId: '12345', updateFields: { dob: '23/04/1985' } },
			'tourCms',
		);
		expect(result.error?.message).toMatch(/"Date of Birth" \(dob\) must be a real date/);
	});
});

describe('toolAnswer', () => {
	it('keeps only what the model needs from a success item', () => {
		expect(
			toolAnswer({
				provider: 'intrepid',
				customerId: '9001',
				status: 'updated',
				changedFields: ['mobilePhone'],
				providerStatus: '200 OK',
				customer: { id: 9001, dateOfBirth: '1975-05-12' },
			}),
		).toEqual({ status: 'updated', customerId: '9001', changedFields: ['mobilePhone'] });
	});

	it('passes the warnings on, so the model can tell the user a field had no effect', () => {
		const warnings = ['"External Reference" (externalReference) has no effect on this update: …'];
		expect(
			toolAnswer({
				provider: 'intrepid',
				customerId: '9001',
				status: 'updated',
				changedFields: ['externalReference'],
				warnings,
			}),
		).toEqual({
			status: 'updated',
			customerId: '9001',
			changedFields: ['externalReference'],
			warnings,
		});
	});

	it('turns an error item into a failure without an error key', () => {
		expect(
			toolAnswer({
				error: 'TourCMS refused the update: NO MATCHING DATA',
				provider: 'tourCms',
				itemIndex: 0,
				httpCode: '200',
			}),
		).toEqual({
			status: 'failed',
			message: 'TourCMS refused the update: NO MATCHING DATA',
		});
	});
});
