import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { TourCms } from '../../nodes/TourCms/TourCms.node';

const OK_ANSWER =
	'<?xml version="1.0" encoding="utf-8" ?><response><request>POST /c/customer/update.xml</request><error>OK</error></response>';

/**
 * An execution context that writes down, in order, when each item's parameters are read and when each
 * request is sent (answered at once with OK), so the order of checking and sending can be asserted.
 */
function recordingContext(
	customerIds: string[],
	continueOnFail: boolean,
	events: string[],
): IExecuteFunctions {
	const items: INodeExecutionData[] = customerIds.map((id, i) => ({
		json: { id, city: `City ${i}` },
	}));
	const parameters: IDataObject = {
		operation: 'updateCustomer',
		channelId: '',
		options: { concurrency: 1 },
	};
	return {
		getInputData: () => items,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			if (name === 'customerId') {
				events.push(`check ${itemIndex}`);
				return items[itemIndex].json.id;
			}
			if (name === 'updateFields') return { city: items[itemIndex].json.city };
			return parameters[name] ?? fallback;
		},
		getCredentials: async () => ({
			baseUrl: 'http://127.0.0.1:9',
			marketplaceId: 0,
			channelId: 3930,
			apiKey: 'key',
		}),
		continueOnFail: () => continueOnFail,
		getNode: () => ({
			id: 'n',
			name: 'TourCMS',
			type: 'n8n-nodes-customer-update.tourCms',
			typeVersion: 1,
			position: [0, 0],
			// What n8n's node holds for the per-item reads above: expressions, which only n8n evaluates.
			parameters: {
				customerId: '={{ String($json.id) }}',
				updateFields: { city: '={{ String($json.city) }}' },
			},
			...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		}),
		getExecutionCancelSignal: () => undefined,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { body: string }) => {
				events.push(`send ${/<city>([^<]*)</.exec(options.body)?.[1]}`);
				return { statusCode: 200, headers: {}, body: OK_ANSWER };
			},
		},
	} as unknown as IExecuteFunctions;
}

async function run(customerIds: string[], continueOnFail: boolean) {
	const events: string[] = [];
	let output: INodeExecutionData[] | undefined;
	let error: Error | undefined;
	try {
		[output] = await new TourCms().execute.call(
			recordingContext(customerIds, continueOnFail, events),
		);
	} catch (e) {
		error = e as Error;
	}
	return { events, output, error };
}

describe('every item is checked before the first request', () => {
	it('stopping on the first error: checks every item before the first request, and sends nothing when one is bad', async () => {
		const good = await run(['12345', '12346', '12347'], false);
		expect(good.events).toEqual([
			'check 0',
			'check 1',
			'check 2',
			'send City 0',
			'send City 1',
			'send City 2',
		]);

		const bad = await run(['12345', '12346', 'not-a-number'], false);
		expect(bad.events).toEqual(['check 0', 'check 1', 'check 2']);
		expect(bad.error?.message).toContain(
			'Invalid input in item 2: "Customer ID" (customer_id) must be a whole number greater than 0',
		);
	});

	it('continuing on errors: checks every item first too, then sends the good ones and keeps the bad one in its place', async () => {
		const { events, output } = await run(['12345', 'not-a-number', '12347'], true);
		expect(events).toEqual(['check 0', 'check 1', 'check 2', 'send City 0', 'send City 2']);
		expect(output?.map((item) => [item.json.status ?? item.json.error, item.pairedItem])).toEqual([
			['updated', { item: 0 }],
			[
				'Invalid input in item 1: "Customer ID" (customer_id) must be a whole number greater than 0 (digits only); got "not-a-number"',
				{ item: 1 },
			],
			['updated', { item: 2 }],
		]);
	});
});
