import type { NodeApiError } from 'n8n-workflow';

import { startIntrepidEmulator } from '../../sandbox/intrepid';
import {
	AGENT_KEY,
	patchRequests,
	runIntrepid,
	type IntrepidEmulator,
	type OnError,
} from './helpers';
import { startEachTest } from '../harness/lifecycle';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UPDATE = {
	context: 'Booking',
	contextId: '5057123',
	customerId: '9001',
	updateFields: { homePhone: '0311110000' },
};

describe('Intrepid error answers and hostile input', () => {
	let emulator: IntrepidEmulator;

	startEachTest(startIntrepidEmulator, (started) => (emulator = started));

	/** Runs one item with "Continue (using error output)" and returns the failed item and its error. */
	async function failedItem(
		parameters: Record<string, unknown>,
		credentials?: Record<string, unknown>,
	) {
		const result = await runIntrepid(emulator, parameters, [{ json: {} }], {
			credentials,
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		const [main, errorOutput] = result.outputs('Intrepid');
		expect(main).toHaveLength(0);
		const [item] = errorOutput;
		expect(item.pairedItem).toEqual({ item: 0 });
		return { item, error: item.error as NodeApiError };
	}

	function apiFacts(error: NodeApiError) {
		return error.errorResponse as Record<string, unknown>;
	}

	it('400: carries errorType, errors and correlationId from the documented error structure', async () => {
		// A passport field alone passes the table's own rules only if complete, so reach the API's 400 with a status on a booking.
		const { item, error } = await failedItem({ ...UPDATE, updateFields: { status: 'tentative' } });
		expect(error.httpCode).toBe('400');
		expect(item.json.error).toBe(
			'Intrepid refused the update (HTTP 400 BadRequest): status can only be set in the context of a component (Trips, Accommodation, Transfer, AdditionalService, Sightseeing)',
		);
		const facts = apiFacts(error);
		expect(facts.errorType).toBe('BadRequest');
		expect(facts.errors).toEqual([
			'status can only be set in the context of a component (Trips, Accommodation, Transfer, AdditionalService, Sightseeing)',
		]);
		expect(facts.correlationId).toMatch(UUID);
		expect(facts.sentFields).toEqual(['status']);
		expect(facts.path).toBe('/Booking/5057123/Customers/9001');
		expect(error.description).toBe(
			`Intrepid calls the request malformed: check the values sent against its rules. Quote correlationId ${String(facts.correlationId)} to Intrepid support if this persists.`,
		);
	});

	it('401: a wrong key fails the item plainly, without showing the key', async () => {
		const wrongKey = ['itg', 'agent', 'wrong', 'value'].join('-');
		const { item, error } = await failedItem(UPDATE, { apiKey: wrongKey });
		expect(error.httpCode).toBe('401');
		expect(item.json.error).toBe(
			'Intrepid refused the update (HTTP 401 Unauthorized): Invalid API key',
		);
		expect(error.description).toMatch(
			/^Missing or invalid API key: check the API Key in the Intrepid API credential\. Quote correlationId/,
		);
		expect(apiFacts(error).errorType).toBe('Unauthorized');
		expect(JSON.stringify(item)).not.toContain(wrongKey);
		expect(JSON.stringify(error)).not.toContain(wrongKey);
		expect(patchRequests(emulator)[0].headers['x-api-key']).toBe(wrongKey);
		expect(emulator.customer(9001).homePhone).toBeUndefined();
	});

	it('403: explains the probable rule, the fields sent and the correlationId', async () => {
		const { item, error } = await failedItem({
			context: 'Trips',
			contextId: '7001',
			customerId: '9003',
			updateFields: { firstName: 'Margaret', middleName: 'J', homePhone: '1' },
		});
		expect(error.httpCode).toBe('403');
		expect(item.json.error).toBe(
			'Intrepid refused the update (HTTP 403 Forbidden): firstName cannot override the existing value; middleName cannot be changed: the customer is confirmed on trip 7001',
		);
		const facts = apiFacts(error);
		expect(error.description).toBe(
			'Probably: firstName cannot override an existing value (they can only be set while the record has none; send the stored value or leave them out); ' +
				'or middleName can no longer be changed once the trip is confirmed, fullyPaid or onRequest. Fields sent: firstName, middleName, homePhone. ' +
				`Quote correlationId ${String(facts.correlationId)} to Intrepid support if this persists.`,
		);
		expect(facts.errors).toHaveLength(2);
	});

	it.each([
		[
			'an unknown context',
			{ context: '_other', otherContext: 'Cruises', contextId: '1', customerId: '9001' },
			'Unknown context Cruises',
		],
		[
			'an unknown context ID',
			{ context: 'Trips', contextId: '7999', customerId: '9001' },
			'Trips 7999 was not found',
		],
		[
			'an unknown customer',
			{ context: 'Trips', contextId: '7001', customerId: '9999' },
			'Customer 9999 was not found',
		],
		[
			'a customer of another context',
			{ context: 'Trips', contextId: '7002', customerId: '9001' },
			'Customer 9001 was not found on Trips 7002',
		],
		[
			'an unknown customer without context',
			{ context: '_none', customerId: '123456' },
			'Customer 123456 was not found',
		],
	])('404 for %s', async (_name, target, words) => {
		const { item, error } = await failedItem({ ...target, updateFields: { homePhone: '1' } });
		expect(error.httpCode).toBe('404');
		expect(item.json.error).toBe(`Intrepid refused the update (HTTP 404 NotFound): ${words}`);
		expect(error.description).toMatch(
			'contextId' in target
				? /^Intrepid did not find \/\w+\/\d+\/Customers\/\d+: check the Context, Context ID and Customer ID \(the customer must belong to that context\)\. Quote correlationId/
				: /^Intrepid did not find \/Customers\/123456: check the Customer ID\. Quote correlationId/,
		);
	});

	it('500: reports the unexpected server error and does not retry it', async () => {
		emulator.failWithServerError(1);
		const { item, error } = await failedItem(UPDATE);
		expect(error.httpCode).toBe('500');
		expect(item.json.error).toBe(
			'Intrepid refused the update (HTTP 500 InternalServerError): An unexpected error occurred',
		);
		expect(error.description).toMatch(
			/^An unexpected error occurred on the Intrepid API server\. Quote correlationId [0-9a-f-]{36}/,
		);
		expect(patchRequests(emulator)).toHaveLength(1);
		expect(emulator.customer(9001).homePhone).toBeUndefined();
	});

	it('an error answer that is not JSON still gives a clear error', async () => {
		emulator.setKnobs({ fault: { mode: 'html-5xx', count: 1, status: 500 } });
		const { item, error } = await failedItem(UPDATE);
		expect(error.httpCode).toBe('500');
		expect(item.json.error).toBe(
			'Intrepid refused the update (HTTP 500) with an answer that is not JSON: 500 Internal Server Error 500 Internal Server Error The server encountered an internal error. nginx',
		);
		expect(item.json.error).not.toMatch(/[<>]/);
		expect(error.description).toBe('An unexpected error occurred on the Intrepid API server.');
	});

	it('a success status whose body is not JSON is not taken as a success', async () => {
		emulator.setKnobs({ fault: { mode: 'wrong-content-type', count: 1 } });
		const { item, error } = await failedItem(UPDATE);
		expect(error.httpCode).toBe('200');
		expect(item.json.error).toMatch(
			/^Intrepid answered HTTP 200 with a body that is not JSON, so the update is not confirmed/,
		);
	});

	it('the emulator enforces the JSON content type and well-formed JSON (both 400)', async () => {
		const send = async (contentType: string, body: string) =>
			await fetch(`${emulator.url}/Booking/5057123/Customers/9001`, {
				method: 'PATCH',
				headers: {
					'X-Api-Key': AGENT_KEY,
					'Content-Type': contentType,
					Accept: 'application/json',
				},
				body,
			});
		const wrongType = await send('application/x-www-form-urlencoded', 'homePhone=1');
		expect(wrongType.status).toBe(400);
		expect(await wrongType.json()).toMatchObject({
			errorType: 'BadRequest',
			errors: ['Content-Type must be application/json'],
		});
		const malformed = await send('application/json', '{"homePhone": "1",');
		expect(malformed.status).toBe(400);
		const body = (await malformed.json()) as {
			errorType: string;
			errors: string[];
			correlationId: string;
		};
		expect(body.errorType).toBe('BadRequest');
		expect(body.errors[0]).toMatch(/^The request body is not valid JSON/);
		expect(body.correlationId).toMatch(UUID);
		const wrongValue = await send(
			'application/json',
			'{"singleSupplement": true, "homeAddress": {"countryName": "Australia"}}',
		);
		expect(wrongValue.status).toBe(400);
		// countryName is only used by GET, which makes it ineffective on a PATCH, not wrong.
		expect(((await wrongValue.json()) as { errors: string[] }).errors).toEqual([
			'singleSupplement must be a string',
		]);
		expect(emulator.customer(9001).homePhone).toBeUndefined();
	});

	describe('path injection', () => {
		it.each([
			[
				'contextId',
				{ contextId: '5057123/../../Customers/9003' },
				'"Context ID" (contextId)',
				'"/"',
			],
			['contextId', { contextId: '5057123?x=1' }, '"Context ID" (contextId)', '"?"'],
			['contextId', { contextId: '5057123#frag' }, '"Context ID" (contextId)', '"#"'],
			['contextId', { contextId: '-5' }, '"Context ID" (contextId)', undefined],
			['customerId', { customerId: '9001/../9003' }, '"Customer ID" (id)', '"/"'],
			['customerId', { customerId: '9001%2F..%2F9003' }, '"Customer ID" (id)', '"%"'],
			['customerId', { customerId: '90 01' }, '"Customer ID" (id)', 'a space'],
			['customerId', { customerId: '0' }, '"Customer ID" (id)', undefined],
			['customerId', { customerId: '9001.5' }, '"Customer ID" (id)', undefined],
			[
				'otherContext',
				{ context: '_other', otherContext: 'Trips/7001' },
				'"Other Context" (context)',
				'"/"',
			],
			[
				'otherContext',
				{ context: '_other', otherContext: '..' },
				'"Other Context" (context)',
				'".."',
			],
			[
				'otherContext',
				{ context: '_other', otherContext: 'Trips%2F7001' },
				'"Other Context" (context)',
				'"%"',
			],
			[
				'otherContext',
				{ context: '_other', otherContext: 'Trips?' },
				'"Other Context" (context)',
				'"?"',
			],
			[
				'otherContext',
				{ context: '_other', otherContext: 'Tr ips' },
				'"Other Context" (context)',
				'a space',
			],
			[
				'otherContext',
				{ context: '_other', otherContext: '7Trips' },
				'"Other Context" (context)',
				undefined,
			],
			['context', { context: '={{ "Booking/5057124" }}' }, '"Context" (context)', '"/"'],
			['context', { context: '={{ "Booking#" }}' }, '"Context" (context)', '"#"'],
		])(
			'refuses %s %j before sending, naming the field',
			async (_field, override, named, character) => {
				const result = await runIntrepid(emulator, {
					context: 'Booking',
					contextId: '5057123',
					customerId: '9001',
					updateFields: { homePhone: '1' },
					...override,
				});
				expect(result.error?.message).toMatch(
					new RegExp(`^Invalid input in item 0: ${named.replace(/[()]/g, '\\$&')} must `),
				);
				if (character)
					expect(result.error?.message).toContain(
						`it contains ${character}, which would change the request path`,
					);
				expect(emulator.requests).toHaveLength(0);
			},
		);
	});

	describe('several items with per-item expressions and mixed failures', () => {
		const parameters = {
			context: '={{ $json.context }}',
			contextId: '={{ $json.contextId }}',
			customerId: '={{ $json.customerId }}',
			updateFields: { dietaryNote: '={{ $json.note }}' },
		};
		const input = [
			{ json: { context: 'Trips', contextId: 7001, customerId: 9001, note: 'Vegetarian' } },
			{ json: { context: 'Trips', contextId: 7001, customerId: 9999, note: 'Halal' } },
			{ json: { context: 'Trips/7001', contextId: 7001, customerId: 9001, note: 'Kosher' } },
			{ json: { context: 'Sightseeing', contextId: 8401, customerId: 9001, note: 'Nut allergy' } },
			{ json: { context: '_none', contextId: '', customerId: 9007, note: 'Gluten free' } },
		];

		it.each<[OnError]>([['continueErrorOutput'], ['continueRegularOutput']])(
			'with %s',
			async (onError) => {
				const result = await runIntrepid(emulator, parameters, input, { onError });
				expect(result.error).toBeUndefined();
				const [main, errorOutput] = result.outputs('Intrepid');
				const all = onError === 'continueErrorOutput' ? [...main, ...errorOutput] : main;
				const byItem = new Map(all.map((i) => [(i.pairedItem as { item: number }).item, i]));
				expect([...byItem.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
				if (onError === 'continueErrorOutput') {
					expect(main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 3 }, { item: 4 }]);
					expect(errorOutput.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
				} else {
					expect(main.map((i) => i.pairedItem)).toEqual([
						{ item: 0 },
						{ item: 1 },
						{ item: 2 },
						{ item: 3 },
						{ item: 4 },
					]);
				}
				expect(byItem.get(0)?.json).toMatchObject({
					status: 'updated',
					context: 'Trips',
					contextId: '7001',
					customerId: '9001',
				});
				expect(byItem.get(1)?.json.error).toBe(
					'Intrepid refused the update (HTTP 404 NotFound): Customer 9999 was not found',
				);
				expect(byItem.get(2)?.json.error).toMatch(
					/^Invalid input in item 2: "Context" \(context\) must be one name of letters and digits/,
				);
				expect(byItem.get(3)?.json).toMatchObject({
					status: 'updated',
					context: 'Sightseeing',
					contextId: '8401',
				});
				expect(byItem.get(4)?.json).toMatchObject({
					status: 'updated',
					context: null,
					customerId: '9007',
				});
				expect(
					patchRequests(emulator)
						.map((r) => `${r.path} ${r.text}`)
						.sort(),
				).toEqual([
					'/Customers/9007 {"dietaryNote":"Gluten free"}',
					'/Sightseeing/8401/Customers/9001 {"dietaryNote":"Nut allergy"}',
					'/Trips/7001/Customers/9001 {"dietaryNote":"Vegetarian"}',
					'/Trips/7001/Customers/9999 {"dietaryNote":"Halal"}',
				]);
				expect(emulator.customer(9007).dietaryNote).toBe('Gluten free');
			},
		);

		it('without a continue mode, an invalid item stops the run before anything is sent', async () => {
			const result = await runIntrepid(emulator, parameters, input);
			expect(result.error?.message).toMatch(/^Invalid input in item 2: "Context" \(context\)/);
			expect(emulator.requests).toHaveLength(0);
		});
	});
});
