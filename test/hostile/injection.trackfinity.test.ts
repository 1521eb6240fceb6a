import { defaultSeed, startTrackfinityEmulator } from '../../sandbox/trackfinity';
import { runTrackfinity, updateRequests, type TrackfinityEmulator } from '../trackfinity/helpers';

const seed = defaultSeed();

function receivedPairs(emulator: TrackfinityEmulator, index = 0): Array<[string, string]> {
	return [...new URLSearchParams(updateRequests(emulator)[index].text).entries()];
}

describe('Trackfinity: no value can add or change another form field, header or path', () => {
	let emulator: TrackfinityEmulator;

	beforeEach(async () => {
		emulator = await startTrackfinityEmulator();
	});

	afterEach(async () => {
		await emulator.close();
	});

	it('an email carrying "&customer_id=192&password=x" is one field, stored verbatim on customer 191 only', async () => {
		const email = 'jane@example.com&customer_id=192&password=hacked&lastname=REMOVE';
		const result = await runTrackfinity(emulator, { customerId: '191', updateFields: { email: '={{ $json.email }}' } }, [{ json: { email } }]);
		expect(result.error).toBeUndefined();
		expect(receivedPairs(emulator)).toEqual([
			['customer_id', '191'],
			['email', email],
		]);
		expect(emulator.customer(191)).toMatchObject({ email, password: seed.customers[191].password, lastname: 'Doe' });
		expect(emulator.customer(192)).toMatchObject({ email: 'omar@example.com', password: seed.customers[192].password });
	});

	it('a Customer ID carrying a second lookup travels as one value and matches no customer', async () => {
		const result = await runTrackfinity(
			emulator,
			{ customerId: '={{ $json.id }}', updateFields: { city: 'Nowhere' } },
			[{ json: { id: '191&customer_id=192' } }],
			{ onError: 'continueRegularOutput' },
		);
		expect(receivedPairs(emulator)).toEqual([
			['customer_id', '191&customer_id=192'],
			['city', 'Nowhere'],
		]);
		expect(result.outputs('Trackfinity')[0][0].json.error).toBe('Trackfinity refused the update (HTTP 404): Customer not found');
		expect(emulator.customer(191).city).toBe('Springfield');
		expect(emulator.customer(192).city).toBe('Leeds');
	});

	it('a value with CR/LF and a fake header stays inside its field', async () => {
		const city = 'Leeds\r\nX-Evil: 1\r\n\r\ncustomer_id=192';
		await runTrackfinity(emulator, { customerId: '191', updateFields: { city } });
		expect(receivedPairs(emulator)).toEqual([
			['customer_id', '191'],
			['city', city],
		]);
		expect(emulator.requests.filter((r) => 'x-evil' in r.headers)).toHaveLength(0);
		expect(emulator.customer(191).city).toBe(city);
	});

	it.each([
		['API Username', { apiUsername: 'tf_admin\r\nX-Evil: 1' }],
		['API Key', { apiKey: '44b5498dbcb481a0d00b404c0169af62\r\nX-Evil: 1' }],
	])('an %s with CR/LF is never sent as a header: no request reaches the emulator', async (_name, credentials) => {
		const result = await runTrackfinity(emulator, { customerId: '191', updateFields: { city: 'Evil' } }, undefined, { credentials });
		expect(result.error?.message).toBe('Could not get an answer from Trackfinity: the request failed (ERR_INVALID_CHAR)');
		expect(emulator.requests).toHaveLength(0);
		expect(emulator.customer(191).city).toBe('Springfield');
	});

	it('a Base URL with a query or fragment is refused, so no value can change the path', async () => {
		for (const baseUrl of ['http://127.0.0.1:1/?x=', 'http://127.0.0.1:1/#']) {
			const result = await runTrackfinity(emulator, { customerId: '191', updateFields: { city: 'x' } }, undefined, { credentials: { baseUrl } });
			expect(result.error?.message).toBe(
				`Invalid input in item 0: the credential's Base URL must not contain "?" or "#": enter only the install's address, e.g. https://track.example.com; got "${baseUrl}"`,
			);
		}
		const path = await runTrackfinity(emulator, { customerId: '../service/ping?x=#', updateFields: { city: '../../x' } });
		expect(path.error?.message).toBe('Trackfinity refused the update (HTTP 404): Customer not found');
		expect(emulator.requests.map((r) => [r.method, r.url])).toEqual([['PATCH', '/api/customer/set_customer_details']]);
	});
});
