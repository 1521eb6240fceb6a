import { startTrackfinityEmulator } from '../../sandbox/trackfinity';
import { decodeUrlEncoded } from '../../nodes/shared/formats/form';
import { runTrackfinity, updateRequests, type TrackfinityEmulator } from './helpers';
import { startEachTest } from '../harness/lifecycle';

const CURL_BODY = 'customer_id=191&firstname=Test&zip=66666&email=test@testmail.com&country=US';

describe('Trackfinity node through the n8n engine', () => {
	let emulator: TrackfinityEmulator;

	startEachTest(startTrackfinityEmulator, (started) => (emulator = started));

	// The page's example as typed in (headers, fields, output, stored values) is test/seeds/seedExamples.js.
	it('sends the example with customer_id mapped as a number, as text in the documented table order, paired with its item', async () => {
		const result = await runTrackfinity(
			emulator,
			{
				customerId: '={{ $json.customer_id }}',
				updateFields: {
					firstname: 'Test',
					zip: '66666',
					email: 'test@testmail.com',
					country: 'US',
				},
			},
			[{ json: { customer_id: 191 } }],
		);
		expect(result.error).toBeUndefined();
		const [request] = updateRequests(emulator);
		expect(request.text).toBe(
			'customer_id=191&firstname=Test&email=test%40testmail.com&country=US&zip=66666',
		);
		// The same pairs as the curl example, only in the documented table order.
		const sortPairs = (pairs: Array<[string, string]>) =>
			[...pairs].sort((a, b) => a[0].localeCompare(b[0]));
		expect(sortPairs(decodeUrlEncoded(request.text))).toEqual(
			sortPairs(decodeUrlEncoded(CURL_BODY)),
		);
		const [main] = result.outputs('Trackfinity');
		expect(main).toHaveLength(1);
		expect(main[0].json).toMatchObject({ customerId: '191', status: 'updated' });
		expect(main[0].pairedItem).toEqual({ item: 0 });
	});

	it('finds the customer by subscription_id', async () => {
		const result = await runTrackfinity(emulator, {
			lookupBy: 'subscription_id',
			subscriptionId: ' SUB-192 ',
			updateFields: { city: 'York' },
		});
		expect(result.error).toBeUndefined();
		expect(updateRequests(emulator).map((r) => r.text)).toEqual([
			'subscription_id=SUB-192&city=York',
		]);
		expect(result.outputs('Trackfinity')[0][0].json).toMatchObject({
			customerId: null,
			subscriptionId: 'SUB-192',
			status: 'updated',
			changedFields: ['city'],
		});
		expect(emulator.customer(192).city).toBe('York');
		expect(emulator.customer(191).city).toBe('Springfield');
	});

	it('sends every documented field in table order, without echoing the password', async () => {
		const result = await runTrackfinity(emulator, {
			customerId: '193',
			updateFields: {
				custom5: 'e5',
				custom4: 'd4',
				custom3: 'c3',
				custom2: 'b2',
				custom1: 'a1',
				zip: 'SW1A 1AA',
				country: 'GB',
				state: 'Greater London',
				city: 'London',
				address2: 'Flat 2/B',
				address1: '10 Downing St',
				password: 'n3w&Secret=1',
				username: 'li.wei',
				email: 'li+new@example.com',
				lastname: "O'Brien-Wei",
				firstname: 'Li Ná',
			},
		});
		expect(result.error).toBeUndefined();
		const [request] = updateRequests(emulator);
		expect(request.text).toBe(
			'customer_id=193&firstname=Li+N%C3%A1&lastname=O%27Brien-Wei&email=li%2Bnew%40example.com&username=li.wei' +
				'&password=n3w%26Secret%3D1&address1=10+Downing+St&address2=Flat+2%2FB&city=London&state=Greater+London' +
				'&country=GB&zip=SW1A+1AA&custom1=a1&custom2=b2&custom3=c3&custom4=d4&custom5=e5',
		);
		expect(emulator.customer(193)).toEqual({
			subscription_id: 'SUB-193',
			firstname: 'Li Ná',
			lastname: "O'Brien-Wei",
			email: 'li+new@example.com',
			username: 'li.wei',
			password: 'n3w&Secret=1',
			address1: '10 Downing St',
			address2: 'Flat 2/B',
			city: 'London',
			state: 'Greater London',
			country: 'GB',
			zip: 'SW1A 1AA',
			custom1: 'a1',
			custom2: 'b2',
			custom3: 'c3',
			custom4: 'd4',
			custom5: 'e5',
		});
		const [main] = result.outputs('Trackfinity');
		expect(main[0].json.changedFields).toEqual([
			'firstname',
			'lastname',
			'email',
			'username',
			'password',
			'address1',
			'address2',
			'city',
			'state',
			'country',
			'zip',
			'custom1',
			'custom2',
			'custom3',
			'custom4',
			'custom5',
		]);
		expect(JSON.stringify(result.run.data)).not.toContain('n3w&Secret=1');
	});

	it('removes fields by sending REMOVE, interleaved with new values in table order', async () => {
		const result = await runTrackfinity(emulator, {
			customerId: '191',
			updateFields: { firstname: 'Janet', zip: '' },
			fieldsToClear: ['custom2', 'address2', 'city'],
		});
		expect(result.error).toBeUndefined();
		expect(updateRequests(emulator).map((r) => r.text)).toEqual([
			'customer_id=191&firstname=Janet&address2=REMOVE&city=REMOVE&custom2=REMOVE',
		]);
		const customer = emulator.customer(191);
		expect(customer.firstname).toBe('Janet');
		for (const gone of ['address2', 'city', 'custom2']) expect(customer).not.toHaveProperty(gone);
		expect(customer).toMatchObject({ zip: '62701', custom1: 'GOLD', address1: '1 Main Street' });
		expect(result.outputs('Trackfinity')[0][0].json).toMatchObject({
			changedFields: ['firstname', 'address2', 'city', 'custom2'],
			removedFields: ['address2', 'city', 'custom2'],
			ignoredEmptyFields: ['zip'],
		});
	});

	it('accepts Fields to Remove as comma-separated text from an expression', async () => {
		const result = await runTrackfinity(
			emulator,
			{ customerId: '191', fieldsToClear: '={{ $json.remove }}' },
			[{ json: { remove: 'state, custom1' } }],
		);
		expect(result.error).toBeUndefined();
		expect(updateRequests(emulator).map((r) => r.text)).toEqual([
			'customer_id=191&state=REMOVE&custom1=REMOVE',
		]);
		expect(emulator.customer(191)).not.toHaveProperty('state');
		expect(emulator.customer(191)).not.toHaveProperty('custom1');
	});

	it.each([
		['a list', ['city', 'password']],
		['an expression', '={{ "password" }}'],
	])('refuses to remove the password (given as %s) before sending', async (_how, fieldsToClear) => {
		const result = await runTrackfinity(emulator, {
			customerId: '191',
			updateFields: { city: 'X' },
			fieldsToClear,
		});
		expect(result.error?.message).toBe(
			'Invalid input in item 0: "Password" (password) cannot be in "Fields to Remove": Trackfinity does not allow removing a password, only setting a new one in Update Fields',
		);
		expect(emulator.requests).toHaveLength(0);
		expect(emulator.customer(191).password).toBe('initial-pass-191');
	});

	it('refuses a password whose value is the word REMOVE', async () => {
		const result = await runTrackfinity(emulator, {
			customerId: '191',
			updateFields: { password: 'Remove' },
		});
		expect(result.error?.message).toBe(
			'Invalid input in item 0: "Password" (password) must not be the word REMOVE: Trackfinity does not allow removing the password, only setting a new one',
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it.each(['REMOVE', ' remove ', 'Remove\n'])(
		'refuses a mapped value %j that would delete data by accident',
		async (value) => {
			const result = await runTrackfinity(
				emulator,
				{ customerId: '191', updateFields: { firstname: 'Jo', custom3: '={{ $json.note }}' } },
				[{ json: { note: value } }],
			);
			expect(result.error?.message).toBe(
				`Invalid input in item 0: "Custom Field 3" (custom3) must not be the word REMOVE, which Trackfinity treats as "delete this field"; to delete a field on purpose, pick it in "Fields to Remove"; got "${value}"`,
			);
			expect(emulator.requests).toHaveLength(0);
		},
	);

	it('requires a customer_id or subscription_id before sending', async () => {
		// Blank after evaluating an expression: an empty literal would already stop n8n before the run.
		const noId = await runTrackfinity(
			emulator,
			{ customerId: '={{ $json.id }}', updateFields: { city: 'X' } },
			[{ json: { id: '  ' } }],
		);
		expect(noId.error?.message).toBe(
			'Invalid input in item 0: "Customer ID" (customer_id) must be given: Trackfinity needs either customer_id or subscription_id to find the customer',
		);
		const noSub = await runTrackfinity(emulator, {
			lookupBy: 'subscription_id',
			subscriptionId: '={{ $json.sub }}',
			updateFields: { city: 'X' },
		});
		expect(noSub.error?.message).toMatch(/"Subscription ID" \(subscription_id\) must be given/);
		expect(emulator.requests).toHaveLength(0);
	});

	it('requires at least one field or removal before sending', async () => {
		const nothing = await runTrackfinity(emulator, { customerId: '191' });
		expect(nothing.error?.message).toBe(
			'Invalid input in item 0: nothing to update: Trackfinity needs at least one field in Update Fields or Fields to Remove',
		);
		const onlyEmpty = await runTrackfinity(emulator, {
			customerId: '191',
			updateFields: { city: '', zip: '' },
		});
		expect(onlyEmpty.error?.message).toMatch(
			/at least one field .* \(empty values are not sent: city, zip\)$/,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it('shows the provider text for an unknown customer', async () => {
		const result = await runTrackfinity(emulator, {
			customerId: '999',
			updateFields: { city: 'X' },
		});
		expect(result.error?.message).toBe(
			'Trackfinity refused the update (HTTP 404): Customer not found',
		);
		expect(result.error?.description).toMatch(/check the customer_id "999"/);
		expect((result.error as { httpCode?: string }).httpCode).toBe('404');
		expect(updateRequests(emulator)).toHaveLength(1);
	});

	const mixedInput = [
		{ json: { id: 191, city: 'Paris' } },
		{ json: { id: 999, city: 'Rome' } },
		{ json: { id: 192, city: 'remove' } },
		{ json: { id: 193, city: 'Oslo' } },
	];
	const mixedParameters = {
		customerId: '={{ $json.id }}',
		updateFields: { city: '={{ $json.city }}' },
	};

	it('routes failed items to the error output with their own text, keeping the good ones (continue using error output)', async () => {
		const result = await runTrackfinity(emulator, mixedParameters, mixedInput, {
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		const [success, errors] = result.outputs('Trackfinity');
		expect(success.map((i) => [i.json.customerId, i.pairedItem])).toEqual([
			['191', { item: 0 }],
			['193', { item: 3 }],
		]);
		expect(errors.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(errors[0].json.error).toBe(
			'Trackfinity refused the update (HTTP 404): Customer not found',
		);
		expect(errors[1].json.error).toMatch(
			/^Invalid input in item 2: "City" \(city\) must not be the word REMOVE.*"Fields to Remove"; got "remove"$/,
		);
		expect(
			updateRequests(emulator)
				.map((r) => r.text)
				.sort(),
		).toEqual([
			'customer_id=191&city=Paris',
			'customer_id=193&city=Oslo',
			'customer_id=999&city=Rome',
		]);
		expect(emulator.customer(191).city).toBe('Paris');
		expect(emulator.customer(192).city).toBe('Leeds');
		expect(emulator.customer(193).city).toBe('Oslo');
	});

	it('outputs failed items in place with their own text (continue regular output)', async () => {
		const result = await runTrackfinity(emulator, mixedParameters, mixedInput, {
			onError: 'continueRegularOutput',
		});
		expect(result.error).toBeUndefined();
		const [main] = result.outputs('Trackfinity');
		expect(main.map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(main[0].json).toMatchObject({ status: 'updated', customerId: '191' });
		// Regular output: the failed item's json carries the whole story (no `error` property for n8n to cut down).
		expect(main[1].json).toMatchObject({
			error: 'Trackfinity refused the update (HTTP 404): Customer not found',
			provider: 'trackfinity',
			itemIndex: 1,
			httpCode: '404',
		});
		expect(main[1].json.description).toContain('customer_id "999"');
		expect(main[2].json.error).toMatch(
			/^Invalid input in item 2: "City" \(city\) must not be the word REMOVE/,
		);
		expect(main[2].json.description).toBe('Nothing was sent for this item.');
		expect(main.some((i) => i.error !== undefined)).toBe(false);
		expect(main[3].json).toMatchObject({
			status: 'updated',
			customerId: '193',
			changedFields: ['city'],
		});
		expect(updateRequests(emulator)).toHaveLength(3);
	});

	it('stops before sending anything when one item is invalid and no continue mode is set', async () => {
		const result = await runTrackfinity(emulator, mixedParameters, mixedInput);
		expect(result.error?.message).toMatch(
			/^Invalid input in item 2: "City" \(city\) must not be the word REMOVE/,
		);
		expect(emulator.requests).toHaveLength(0);
	});
});
