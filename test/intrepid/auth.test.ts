import { startIntrepidEmulator } from '../../sandbox/intrepid';
import { testCredential } from '../harness/credentialTest';
import { AGENT_KEY, ON_STATEMENT_KEY, type IntrepidEmulator } from './helpers';
import { startEachTest } from '../harness/lifecycle';

describe('Intrepid credential', () => {
	let emulator: IntrepidEmulator;

	startEachTest(startIntrepidEmulator, (started) => (emulator = started));

	it.each([
		['an agent key', AGENT_KEY],
		['an on-statement key', ON_STATEMENT_KEY],
	])('Test passes for %s with GET /Bookings and the documented headers', async (_name, apiKey) => {
		const outcome = await testCredential('intrepidApi', { apiKey, baseUrl: `${emulator.url}/` });
		expect(outcome).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'GET /Bookings 200',
		]);
		const [request] = emulator.requests;
		expect(request.headers['x-api-key']).toBe(apiKey);
		expect(request.headers.accept).toBe('application/json');
		expect(request.headers['content-type']).toBe('application/json');
	});

	it.each([
		['a wrong key', 'itg-agent-not-a-real-key'],
		['an empty key', ''],
	])(
		'Test fails for %s with the credential message, not showing the key',
		async (_name, apiKey) => {
			const outcome = await testCredential('intrepidApi', { apiKey, baseUrl: emulator.url });
			expect(outcome).toEqual({
				status: 'Error',
				httpCode: '401',
				message: 'Intrepid refused the API key (missing or invalid): check the API Key',
			});
			// n8n's request helper may repeat a request answered 401 once; every attempt was refused.
			expect(emulator.requests.length).toBeGreaterThan(0);
			expect(new Set(emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`))).toEqual(
				new Set(['GET /Bookings 401']),
			);
			expect(JSON.stringify(outcome)).not.toContain(apiKey || '\u0000');
		},
	);

	it('the emulator answers GET /bookings/{id} for a valid key: 200 for a seeded booking, 404 otherwise', async () => {
		const get = async (path: string, key = AGENT_KEY) =>
			await fetch(`${emulator.url}${path}`, {
				headers: { 'X-Api-Key': key, Accept: 'application/json' },
			});
		const found = await get('/bookings/5057123');
		expect(found.status).toBe(200);
		expect(await found.json()).toMatchObject({ id: 5057123, status: 'incomplete', paxCount: 6 });
		const missing = await get('/bookings/0');
		expect(missing.status).toBe(404);
		expect(await missing.json()).toMatchObject({
			errorType: 'NotFound',
			errors: ['Booking 0 was not found'],
		});
		const refused = await get('/bookings/0', 'wrong');
		expect(refused.status).toBe(401);
		expect(await refused.json()).toMatchObject({
			errorType: 'Unauthorized',
			errors: ['Invalid API key'],
		});
	});
});
