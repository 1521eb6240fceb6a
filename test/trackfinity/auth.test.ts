import { startTrackfinityEmulator } from '../../sandbox/trackfinity';
import { testCredential } from '../harness/credentialTest';
import {
	DOC_KEY,
	DOC_USERNAME,
	runTrackfinity,
	updateRequests,
	type TrackfinityEmulator,
} from './helpers';
import { startEachTest } from '../harness/lifecycle';

const UPDATE = { customerId: '191', updateFields: { city: 'Denver' } };
const WRONG_KEY = 'f'.repeat(32);
const WRONG_TYPED = 'wrong-value-0123456789';

describe('Trackfinity authentication and access', () => {
	let emulator: TrackfinityEmulator;

	startEachTest(startTrackfinityEmulator, (started) => (emulator = started));

	it('credential Test pings the install with both headers, whatever the Base URL ends with', async () => {
		for (const suffix of ['', '/', '/api', '/api/', '/API//']) {
			const outcome = await testCredential('trackfinityApi', {
				baseUrl: ` ${emulator.url}${suffix} `,
				apiUsername: DOC_USERNAME,
				apiKey: DOC_KEY,
			});
			expect({ suffix, outcome }).toEqual({
				suffix,
				outcome: { status: 'OK', message: 'Connection successful!' },
			});
		}
		expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
			Array(5).fill('GET /api/service/ping'),
		);
		const last = emulator.requests[4];
		expect(last.headers['api-key']).toBe(DOC_KEY);
		expect(last.headers['api-username']).toBe(DOC_USERNAME);
	});

	it.each([
		['a wrong API key', { apiKey: WRONG_KEY }],
		['a wrong API username', { apiUsername: 'tf_nobody' }],
	])('credential Test fails for %s and says what to check', async (_name, override) => {
		const outcome = await testCredential('trackfinityApi', {
			baseUrl: emulator.url,
			apiUsername: DOC_USERNAME,
			apiKey: DOC_KEY,
			...override,
		});
		expect(outcome).toEqual({
			status: 'Error',
			httpCode: '401',
			message: 'Trackfinity refused the credentials: check API Username/API Key',
		});
	});

	it('credential Test fails when the IP is not allowed', async () => {
		emulator.setLoopbackAllowed(false);
		const outcome = await testCredential('trackfinityApi', {
			baseUrl: emulator.url,
			apiUsername: DOC_USERNAME,
			apiKey: DOC_KEY,
		});
		expect(outcome.status).toBe('Error');
		expect(outcome.httpCode).toBe('403');
		expect(outcome.message).toMatch(/add this machine's IP to ADMIN_API_ALLOWED_IPS/);
	});

	it('a wrong API key fails the item plainly, without showing the key', async () => {
		const result = await runTrackfinity(emulator, UPDATE, undefined, {
			credentials: { apiKey: WRONG_TYPED },
		});
		expect(result.error?.message).toBe(
			'Trackfinity refused the credentials (HTTP 401: Invalid api-username or api-key): check API Username/API Key in the Trackfinity API credential',
		);
		expect((result.error as { httpCode?: string }).httpCode).toBe('401');
		expect(updateRequests(emulator)[0].headers['api-key']).toBe(WRONG_TYPED);
		expect(JSON.stringify(result.run.data)).not.toContain(WRONG_TYPED);
		expect(emulator.customer(191).city).toBe('Springfield');
	});

	it('a wrong API username fails the item plainly', async () => {
		const result = await runTrackfinity(emulator, UPDATE, undefined, {
			credentials: { apiUsername: 'tf_other' },
		});
		expect(result.error?.message).toMatch(
			/^Trackfinity refused the credentials \(HTTP 401: .*\): check API Username\/API Key/,
		);
		expect(emulator.customer(191).city).toBe('Springfield');
	});

	it('a refused IP fails every item with the allow-list hint (continue using error output)', async () => {
		emulator.setLoopbackAllowed(false);
		const result = await runTrackfinity(
			emulator,
			{ customerId: '={{ $json.id }}', updateFields: { city: 'Denver' } },
			[{ json: { id: 191 } }, { json: { id: 192 } }],
			{ onError: 'continueErrorOutput' },
		);
		const [success, errors] = result.outputs('Trackfinity');
		expect(success).toHaveLength(0);
		expect(errors.map((e) => e.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of errors) {
			expect(item.json.error).toBe(
				"Trackfinity refused this machine's IP address (HTTP 403: IP address 127.0.0.1 is not allowed: add it to ADMIN_API_ALLOWED_IPS): add this machine's IP to ADMIN_API_ALLOWED_IPS (Trackfinity Settings → Security)",
			);
		}
		emulator.setLoopbackAllowed(true);
		const again = await runTrackfinity(emulator, UPDATE);
		expect(again.error).toBeUndefined();
		expect(emulator.customer(191).city).toBe('Denver');
	});

	it('reaches the install when the Base URL was typed with /api/, and refuses a Base URL that is no web address', async () => {
		const ok = await runTrackfinity(emulator, UPDATE, undefined, {
			credentials: { baseUrl: `${emulator.url}/api/` },
		});
		expect(ok.error).toBeUndefined();
		expect(updateRequests(emulator).map((r) => r.url)).toEqual([
			'/api/customer/set_customer_details',
		]);

		for (const baseUrl of [
			'ftp://track.example.com',
			'track.example.com',
			'',
			`${emulator.url}?x=1`,
		]) {
			const bad = await runTrackfinity(emulator, UPDATE, undefined, { credentials: { baseUrl } });
			expect(bad.error?.message).toMatch(
				/^Invalid input in item 0: the credential's Base URL must/,
			);
		}
		expect(emulator.requests).toHaveLength(1);
	});
});
