import { defaultSeed, startTrackfinityEmulator, UPDATE_PATH } from '../../sandbox/trackfinity';
import type { TrackfinityEmulator } from './helpers';
import { startEachTest } from '../harness/lifecycle';

const seed = defaultSeed();
const CURL_BODY = 'customer_id=191&firstname=Test&zip=66666&email=test@testmail.com&country=US';

/** Like the documentation's curl call, with header names spelled in another case. */
async function call(
	emulator: TrackfinityEmulator,
	body: string,
	{
		method = 'PATCH',
		type = 'application/x-www-form-urlencoded',
		key = seed.apiKey,
		path = UPDATE_PATH,
	} = {},
): Promise<{ status: number; text: string }> {
	const response = await fetch(`${emulator.url}${path}`, {
		method,
		headers: { 'API-Key': key, 'Api-Username': seed.apiUsername, 'Content-Type': type },
		...(method === 'GET' ? {} : { body }),
	});
	return { status: response.status, text: await response.text() };
}

describe('Trackfinity emulator', () => {
	let emulator: TrackfinityEmulator;

	startEachTest(startTrackfinityEmulator, (started) => (emulator = started));

	it("accepts the documentation's curl example as is", async () => {
		expect(await call(emulator, CURL_BODY)).toEqual({ status: 200, text: 'true' });
		expect(emulator.requests[0].text).toBe(CURL_BODY);
		expect(emulator.customer(191)).toMatchObject({
			firstname: 'Test',
			zip: '66666',
			email: 'test@testmail.com',
			country: 'US',
		});
		expect(emulator.updates).toEqual([
			{
				customerId: '191',
				set: { firstname: 'Test', email: 'test@testmail.com', country: 'US', zip: '66666' },
				removed: [],
			},
		]);
	});

	it('answers the documented status codes with an { error } body', async () => {
		const cases: Array<[string, Parameters<typeof call>[2], number, RegExp]> = [
			['customer_id=191&city=X', { method: 'POST' }, 405, /use PATCH/],
			[
				'{"customer_id":191,"city":"X"}',
				{ type: 'application/json' },
				400,
				/x-www-form-urlencoded/,
			],
			['customer_id=191&city=X', { key: 'nope' }, 401, /Invalid api-username or api-key/],
			['customer_id=191&shoe=9', {}, 404, /Invalid parameter: shoe/],
			['customer_id=999&city=X', {}, 404, /Customer not found/],
			['subscription_id=SUB-404&city=X', {}, 404, /Customer not found/],
			['city=X', {}, 400, /customer_id or subscription_id is required/],
			['customer_id=191', {}, 400, /At least one optional parameter/],
			['customer_id=191&password=REMOVE', {}, 400, /password cannot be removed/],
			['customer_id=191&city=X&city=Y', {}, 400, /more than once: city/],
			['', { path: '/api/customer/nothing' }, 404, /Invalid endpoint/],
		];
		for (const [body, options, status, text] of cases) {
			const answer = await call(emulator, body, options);
			expect({ body, status: answer.status }).toEqual({ body, status });
			expect((JSON.parse(answer.text) as { error: string }).error).toMatch(text);
		}
		expect(emulator.updates).toHaveLength(0);
		expect(emulator.customer(191)).toEqual(seed.customers[191]);
	});

	it('removes fields given as REMOVE and finds customers by subscription_id', async () => {
		expect(await call(emulator, 'subscription_id=SUB-192&city=REMOVE&zip=LS1')).toEqual({
			status: 200,
			text: 'true',
		});
		expect(emulator.customer(192)).not.toHaveProperty('city');
		expect(emulator.customer(192).zip).toBe('LS1');
		expect(emulator.updates).toEqual([
			{ customerId: '192', set: { zip: 'LS1' }, removed: ['city'] },
		]);
	});

	it('answers the ping for GET only, and refuses a loopback caller once switched off', async () => {
		expect(await call(emulator, '', { method: 'GET', path: '/api/service/ping' })).toEqual({
			status: 200,
			text: 'true',
		});
		expect((await call(emulator, '', { method: 'POST', path: '/api/service/ping' })).status).toBe(
			405,
		);
		emulator.setLoopbackAllowed(false);
		const refused = await call(emulator, CURL_BODY);
		expect(refused.status).toBe(403);
		expect(JSON.parse(refused.text)).toEqual({
			error: 'IP address 127.0.0.1 is not allowed: add it to ADMIN_API_ALLOWED_IPS',
		});
		expect(emulator.customer(191).firstname).toBe('Jane');
	});
});
