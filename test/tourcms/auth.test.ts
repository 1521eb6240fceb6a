import { defaultSeed, startTourCmsEmulator } from '../../sandbox/tourcms';
import { testCredential } from '../harness/credentialTest';
import { OPERATOR, runTourCms, type TourCmsEmulator } from './helpers';
import { tourCmsHeaders } from '../../nodes/TourCms/signature';

const seed = defaultSeed();

describe('TourCMS authentication against the emulator', () => {
	let emulator: TourCmsEmulator;
	let clockOffsetMs = 0;

	beforeEach(async () => {
		clockOffsetMs = 0;
		emulator = await startTourCmsEmulator({ now: () => Date.now() + clockOffsetMs });
	});

	afterEach(async () => {
		await emulator.close();
	});

	it('credential Test passes for an operator and for an agent, and reports the signature in the request', async () => {
		expect(
			await testCredential('tourCmsApi', { baseUrl: `${emulator.url}/`, ...OPERATOR }),
		).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(
			await testCredential('tourCmsApi', {
				baseUrl: emulator.url,
				marketplaceId: 54321,
				channelId: 0,
				apiKey: seed.agents[54321].key,
			}),
		).toMatchObject({ status: 'OK' });
		const last = emulator.requests[emulator.requests.length - 1];
		expect(last.path).toBe('/api/rate_limit_status.xml');
		expect(last.headers.authorization).toMatch(/^TourCMS 0:54321:\S+$/);
	});

	it.each([
		['a wrong key', { apiKey: 'not-the-key' }],
		['an operator signing with channel 0', { channelId: 0 }],
		['an unknown channel', { channelId: 9999 }],
	])('credential Test fails for %s', async (_name, override) => {
		const outcome = await testCredential('tourCmsApi', {
			baseUrl: emulator.url,
			...OPERATOR,
			...override,
		});
		expect(outcome.status).toBe('Error');
		expect(outcome.httpCode).toBe('401');
	});

	it('turns FAIL_SIG, FAIL_KEYNOTFOUND and FAIL_TIME into item errors that explain them, without the key', async () => {
		const badKey = await runTourCms(
			emulator,
			{ customerId: '12345', updateFields: { city: 'York' } },
			undefined,
			{ credentials: { apiKey: 'wrong-key-123' } },
		);
		expect(badKey.error?.message).toBe('TourCMS refused the update: FAIL_SIG');
		expect(badKey.error?.description).toMatch(
			/check the API key and that the channel ID belongs to this key/,
		);
		expect((badKey.error as { httpCode?: string }).httpCode).toBe('401');
		expect(JSON.stringify(badKey.run.data)).not.toContain('wrong-key-123');

		const noChannel = await runTourCms(emulator, {
			customerId: '12345',
			channelId: '3932',
			updateFields: { city: 'York' },
		});
		expect(noChannel.error?.message).toBe('TourCMS refused the update: FAIL_KEYNOTFOUND');

		clockOffsetMs = 16 * 60 * 1000;
		const skewed = await runTourCms(emulator, {
			customerId: '12345',
			updateFields: { city: 'York' },
		});
		expect(skewed.error?.message).toBe('TourCMS refused the update: FAIL_TIME');
		expect(skewed.error?.description).toMatch(/clock/);
		expect(emulator.customer(3930, 12345).city).toBeUndefined();
	});

	it('accepts 14 minutes of clock skew', async () => {
		clockOffsetMs = -14 * 60 * 1000;
		const result = await runTourCms(emulator, {
			customerId: '12345',
			updateFields: { city: 'York' },
		});
		expect(result.error).toBeUndefined();
		expect(emulator.customer(3930, 12345).city).toBe('York');
	});

	it('emulator accepts the Date header, Unix seconds and lower-case escapes (other official wrappers)', async () => {
		const time = Math.floor(Date.now() / 1000);
		const signed = tourCmsHeaders({
			channelId: 3930,
			marketplaceId: 0,
			verb: 'GET',
			time,
			path: '/api/rate_limit_status.xml',
			apiKey: OPERATOR.apiKey,
		});
		const lower = signed.Authorization.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
		const variants: Array<Record<string, string>> = [
			{ authorization: signed.Authorization, date: signed['x-tourcms-date'] },
			{ authorization: signed.Authorization, 'x-tourcms-date': String(time) },
			{ authorization: lower, 'x-tourcms-date': signed['x-tourcms-date'] },
		];
		for (const headers of variants) {
			const response = await fetch(`${emulator.url}/api/rate_limit_status.xml`, { headers });
			expect(response.status).toBe(200);
			expect(await response.text()).toContain('<error>OK</error>');
		}
	});

	it('signs for the channel chosen on the node, item by item', async () => {
		const result = await runTourCms(
			emulator,
			{
				customerId: '={{ $json.id }}',
				channelId: '={{ $json.channel }}',
				updateFields: { diet: 'none' },
			},
			[{ json: { id: 22001, channel: 3931 } }],
			{ credentials: { marketplaceId: 54321, channelId: 0, apiKey: seed.agents[54321].key } },
		);
		// The agent did not create 22001: TourCMS answers FAIL_PERM, proving the request was signed and routed to 3931.
		expect(result.error?.message).toBe('TourCMS refused the update: FAIL_PERM');
		expect(emulator.requests[0].headers.authorization).toMatch(/^TourCMS 3931:54321:/);
	});
});
