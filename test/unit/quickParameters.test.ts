import { ExecuteContext } from 'n8n-core';
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { withQuickParameterReads } from '../../nodes/shared/input/quickParameters';
import { registerTypes, runWorkflow } from '../harness/engine';
import {
	DOC_KEY,
	DOC_USERNAME,
	runTrackfinity,
	updateRequests,
	type TrackfinityEmulator,
} from '../trackfinity/helpers';
import { startTrackfinityEmulator } from '../../sandbox/trackfinity';

/** A context whose getNodeParameter stands for n8n's evaluator: it tells which reads reached it. */
function countingContext(
	parameters: Record<string, unknown>,
	items: INodeExecutionData[],
	reached: string[],
	/** The items other nodes gave for each input item, as n8n's data proxy answers `$('name').item`. */
	pairedItems: Record<string, INodeExecutionData[]> = {},
) {
	return {
		getNode: () => ({ parameters }),
		getWorkflowDataProxy: (itemIndex: number) => {
			reached.push(`proxy@${itemIndex}`);
			return {
				$: (name: string) => {
					if (!pairedItems[name]) throw new Error(`Referenced node doesn't exist: ${name}`);
					return { item: pairedItems[name][itemIndex] };
				},
			};
		},
		getInputData: () => items,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			reached.push(`${name}@${itemIndex}`);
			const known = name
				.split('.')
				.reduce<unknown>(
					(v, part) =>
						v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined,
					parameters,
				);
			return known !== undefined ? `n8n:${name}:${itemIndex}` : fallback;
		},
	} as unknown as IExecuteFunctions;
}

describe('quick parameter reads', () => {
	const items = [
		{
			json: {
				id: '7',
				city: 'Leeds',
				'First Name': 'Ann',
				count: 3,
				flag: false,
				nested: { a: 1 },
				nothing: null,
			},
		},
		{ json: { id: '8', city: 'York' } },
	];

	it('a parameter without expressions is read through n8n once, then copied for every item', () => {
		const reached: string[] = [];
		const parameters = { lookupBy: 'customer_id', options: { concurrency: 10 } };
		const ctx = countingContext(parameters, items, reached);
		const quick = withQuickParameterReads(ctx);
		expect([0, 1].map((i) => quick.getNodeParameter('lookupBy', i))).toEqual([
			'n8n:lookupBy:0',
			'n8n:lookupBy:0',
		]);
		expect(reached).toEqual(['lookupBy@0']);
	});

	it('plain field references are read from the item; anything else reaches n8n', () => {
		const reached: string[] = [];
		const parameters = {
			customerId: '={{ $json.id }}',
			updateFields: {
				city: '={{ $json["city"] }}',
				firstname: "={{ $json['First Name'] }}",
				zip: 'LS1',
			},
			count: '={{$json.count}}',
			flag: '={{ $json.flag }}',
			upper: '={{ $json.city.toUpperCase() }}',
			nested: '={{ $json.nested }}',
			nothing: '={{ $json.nothing }}',
			missing: '={{ $json.missing }}',
			mixed: '=City: {{ $json.city }}',
		};
		const quick = withQuickParameterReads(countingContext(parameters, items, reached));
		expect(quick.getNodeParameter('customerId', 1)).toBe('8');
		expect(quick.getNodeParameter('updateFields', 0)).toEqual({
			city: 'Leeds',
			firstname: 'Ann',
			zip: 'LS1',
		});
		expect(quick.getNodeParameter('count', 0)).toBe(3);
		expect(quick.getNodeParameter('flag', 0)).toBe(false);
		expect(reached).toEqual([]);
		for (const name of ['upper', 'nested', 'nothing', 'missing', 'mixed'])
			quick.getNodeParameter(name, 0);
		// An item without the field referenced also goes to n8n.
		quick.getNodeParameter('updateFields', 1);
		expect(reached).toEqual([
			'upper@0',
			'nested@0',
			'nothing@0',
			'missing@0',
			'mixed@0',
			'updateFields@1',
		]);
	});

	it("nested field paths and another node's item are read without n8n's evaluator", () => {
		const reached: string[] = [];
		const input = [{ json: { body: { email: 'ann@example.com', 'the city': 'Leeds', n: 2 } } }];
		const webhook = [{ json: { body: { run: 'nightly', tags: ['a'], deep: { on: true } } } }];
		const parameters = {
			email: '={{ $json.body.email }}',
			city: '={{ $json.body["the city"] }}',
			count: "={{ $json['body'].n }}",
			options: {
				runKey: "={{ $('Webhook').item.json.body.run }}",
				flag: '={{ $("Webhook").item.json["body"].deep.on }}',
			},
			tags: "={{ $('Webhook').item.json.body.tags }}",
			other: "={{ $('Nowhere').item.json.body.run }}",
			missing: "={{ $('Webhook').item.json.body.missing }}",
			proto: '={{ $json.body.constructor }}',
			first: "={{ $('Webhook').first().json.body.run }}",
		};
		const quick = withQuickParameterReads(
			countingContext(parameters, input, reached, { Webhook: webhook }),
		);
		expect(quick.getNodeParameter('email', 0)).toBe('ann@example.com');
		expect(quick.getNodeParameter('city', 0)).toBe('Leeds');
		expect(quick.getNodeParameter('count', 0)).toBe(2);
		expect(quick.getNodeParameter('options', 0)).toEqual({ runKey: 'nightly', flag: true });
		// One look at the proxy per item and node, however many references and reads ask for it.
		expect(reached).toEqual(['proxy@0']);
		reached.length = 0;
		// An object, a node n8n does not know, a missing or inherited field, any other form: n8n answers.
		for (const name of ['tags', 'other', 'missing', 'proto', 'first'])
			quick.getNodeParameter(name, 0);
		expect(reached).toEqual(['tags@0', 'proxy@0', 'other@0', 'missing@0', 'proto@0', 'first@0']);
	});

	it('an option read by its path is read once when it has no expression, although its collection has one', () => {
		const reached: string[] = [];
		const parameters = {
			options: {
				responseFormat: 'json',
				runKey: "={{ $('Webhook').item.json.body.run }}",
				label: '={{ $json.city }}',
			},
		};
		const quick = withQuickParameterReads(countingContext(parameters, items, reached));
		expect([0, 1].map((i) => quick.getNodeParameter('options.responseFormat', i))).toEqual([
			'n8n:options.responseFormat:0',
			'n8n:options.responseFormat:0',
		]);
		expect(quick.getNodeParameter('options.label', 1)).toBe('York');
		expect(reached).toEqual(['options.responseFormat@0']);
	});

	it('a parameter the node does not have reaches n8n once per fallback, and each item gets its own copy', () => {
		const reached: string[] = [];
		const quick = withQuickParameterReads(countingContext({ options: {} }, items, reached));
		expect([0, 1].map((i) => quick.getNodeParameter('options.condensed', i, false))).toEqual([
			false,
			false,
		]);
		expect(quick.getNodeParameter('options.condensed', 1, true)).toBe(true);
		const first = quick.getNodeParameter('customFields', 0, {}) as Record<string, unknown>;
		first.changed = true;
		expect(quick.getNodeParameter('customFields', 1, {})).toEqual({});
		// No fallback: n8n's own error, for every item.
		quick.getNodeParameter('notThere', 0);
		quick.getNodeParameter('notThere', 1);
		expect(reached).toEqual([
			'options.condensed@0',
			'options.condensed@1',
			'customFields@0',
			'notThere@0',
			'notThere@1',
		]);
	});

	it('calls with options and unknown parameters go to n8n', () => {
		const reached: string[] = [];
		const quick = withQuickParameterReads(
			countingContext({ customerId: '={{ $json.id }}' }, items, reached),
		);
		quick.getNodeParameter('customerId', 0, '', { extractValue: true });
		expect(quick.getNodeParameter('notThere', 0, 'fallback', { extractValue: true })).toBe(
			'fallback',
		);
		expect(reached).toEqual(['customerId@0', 'notThere@0']);
	});
});

describe('quick parameter reads in a real n8n-core execution give what n8n would', () => {
	let emulator: TrackfinityEmulator;
	/** The form fields of every update the emulator received, by customer. */
	const sentByCustomer = () =>
		updateRequests(emulator)
			.map((r) => Object.fromEntries(new URLSearchParams(r.text)))
			.sort((a, b) => a.customer_id.localeCompare(b.customer_id));
	beforeAll(async () => {
		emulator = await startTrackfinityEmulator();
	});
	afterAll(async () => await emulator.close());

	it('plain references, a computed expression and a number field reach the provider as n8n evaluates them', async () => {
		emulator.clearRequests();
		const input = [
			{ json: { id: 191, 'the city': 'Leeds', name: 'ann', zip: 12345 } },
			{ json: { id: '192', 'the city': 'York', name: 'omar', zip: 'YO1' } },
		];
		const result = await runTrackfinity(
			emulator,
			{
				lookupBy: 'customer_id',
				customerId: '={{ $json.id }}',
				updateFields: {
					city: '={{ $json["the city"] }}',
					firstname: '={{ $json.name.toUpperCase() }}',
					zip: '={{ $json.zip }}',
				},
			},
			input,
		);
		expect(result.error).toBeUndefined();
		expect(sentByCustomer()).toEqual([
			{ customer_id: '191', city: 'Leeds', firstname: 'ANN', zip: '12345' },
			{ customer_id: '192', city: 'York', firstname: 'OMAR', zip: 'YO1' },
		]);
	});

	it("another node's item and nested fields reach the provider as n8n evaluates them", async () => {
		const source: INodeType = {
			description: {
				displayName: 'Source',
				name: 'source',
				group: ['input'],
				version: 1,
				description: 'Passes its input on',
				defaults: { name: 'Source' },
				inputs: ['main'],
				outputs: ['main'],
				properties: [],
			} as unknown as INodeType['description'],
			async execute(this: IExecuteFunctions) {
				return [
					this.getInputData().map((item, i) => ({ json: item.json, pairedItem: { item: i } })),
				];
			},
		};
		registerTypes({ 'test.source': source }, {});
		emulator.clearRequests();
		// Which parameters reached n8n's own reading (and its evaluator).
		const base = Object.getPrototypeOf(ExecuteContext.prototype) as {
			_getNodeParameter: (name: string, ...rest: unknown[]) => unknown;
		};
		const n8nReads = jest.spyOn(base, '_getNodeParameter');
		const input = [
			{ json: { body: { id: 191, 'the city': 'Hull', run: 'r1' } } },
			{ json: { body: { id: '192', 'the city': 'Bath', run: 'r2' } } },
		];
		let result: Awaited<ReturnType<typeof runWorkflow>>;
		let read: string[];
		try {
			result = await runWorkflow(
				[
					{
						id: 's',
						name: 'Source',
						type: 'test.source',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: 't',
						name: 'Trackfinity',
						type: 'n8n-nodes-customer-update.trackfinity',
						typeVersion: 1,
						position: [200, 0],
						credentials: { trackfinityApi: { id: '1', name: 'Trackfinity sandbox' } },
						parameters: {
							operation: 'updateCustomer',
							lookupBy: 'customer_id',
							customerId: "={{ $('Source').item.json.body.id }}",
							updateFields: {
								city: '={{ $json.body["the city"] }}',
								firstname: "={{ $('Source').item.json.body.run.toUpperCase() }}",
							},
						},
					},
				],
				{ Source: { main: [[{ node: 'Trackfinity', type: 'main', index: 0 }]] } },
				{
					trackfinityApi: { baseUrl: emulator.url, apiUsername: DOC_USERNAME, apiKey: DOC_KEY },
				},
				input,
			);
			read = n8nReads.mock.calls.map(([name]) => name);
		} finally {
			n8nReads.mockRestore();
		}
		expect(result.error).toBeUndefined();
		expect(sentByCustomer()).toEqual([
			{ customer_id: '191', city: 'Hull', firstname: 'R1' },
			{ customer_id: '192', city: 'Bath', firstname: 'R2' },
		]);
		expect(read).toContain('updateFields');
		expect(read).not.toContain('customerId');
		expect(result.outputs('Trackfinity')[0].map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
	});
});
