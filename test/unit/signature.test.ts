import { TourCmsApi } from '../../credentials/TourCmsApi.credentials';
import {
	rawUrlEncode,
	stringToSign,
	tourCmsHeaders,
	tourCmsSignature,
} from '../../nodes/TourCms/signature';

const TIME = 1453310629;
const KEY = 'AAAAAA';

describe('TourCMS request signing', () => {
	it('matches the official node-tourcms test vector', () => {
		const input = {
			channelId: 3930,
			marketplaceId: 0,
			verb: 'GET',
			time: TIME,
			path: '/api/rate_limit_status.xml',
			apiKey: KEY,
		};
		expect(stringToSign(input)).toBe('3930/0/GET/1453310629/api/rate_limit_status.xml');
		expect(tourCmsSignature(input)).toBe('Pjob2G09DPqeayLkxKVcjCgK0Frc%2BRLY2YVcTYdcR1k%3D');
	});

	it('signs Update Customer (POST) as documented', () => {
		const headers = tourCmsHeaders({
			channelId: 3930,
			marketplaceId: 0,
			verb: 'post',
			time: TIME,
			path: '/c/customer/update.xml',
			apiKey: KEY,
		});
		expect(headers.Authorization).toBe(
			'TourCMS 3930:0:Z8D3vHANBs5qHM51e7KnerKZZ%2F3YRFhZsvr20wDLeKs%3D',
		);
		expect(headers['x-tourcms-date']).toBe('Wed, 20 Jan 2016 17:23:49 GMT');
	});

	it('signs as an agent (marketplace 12345, channel 0)', () => {
		expect(
			tourCmsSignature({
				channelId: 0,
				marketplaceId: 12345,
				verb: 'GET',
				time: TIME,
				path: '/api/rate_limit_status.xml',
				apiKey: KEY,
			}),
		).toBe('Dr%2FPRf2ZkgcnRp4SOopMEq4uKQspNgTFGpKfTZcH66o%3D');
	});

	it('encodes like PHP rawurlencode', () => {
		expect(rawUrlEncode("a+b/c=d!'()*~ ")).toBe('a%2Bb%2Fc%3Dd%21%27%28%29%2A~%20');
	});

	it('keeps each signature to its own key, time and path when they change from one request to the next', () => {
		const base = {
			channelId: 3930,
			marketplaceId: 0,
			verb: 'GET',
			path: '/api/rate_limit_status.xml',
		};
		const sequence = [
			{ ...base, time: TIME, apiKey: KEY },
			{ ...base, time: TIME, apiKey: 'BBBBBB' },
			{ ...base, time: TIME + 1, apiKey: KEY },
			{ ...base, time: TIME + 1, apiKey: KEY, path: '/c/customer/update.xml' },
			{ ...base, time: TIME, apiKey: KEY },
		];
		const signed = sequence.map((input) => tourCmsHeaders(input));
		expect(signed[0]).toEqual(signed[4]);
		expect(signed[0].Authorization).toBe(
			'TourCMS 3930:0:Pjob2G09DPqeayLkxKVcjCgK0Frc%2BRLY2YVcTYdcR1k%3D',
		);
		expect(new Set(signed.slice(0, 4).map((h) => h.Authorization)).size).toBe(4);
		expect(signed.map((h) => h['x-tourcms-date'])).toEqual([
			'Wed, 20 Jan 2016 17:23:49 GMT',
			'Wed, 20 Jan 2016 17:23:49 GMT',
			'Wed, 20 Jan 2016 17:23:50 GMT',
			'Wed, 20 Jan 2016 17:23:50 GMT',
			'Wed, 20 Jan 2016 17:23:49 GMT',
		]);
	});

	describe('credential authenticate()', () => {
		const credential = new TourCmsApi();
		const creds = {
			marketplaceId: 0,
			channelId: 3930,
			apiKey: KEY,
			baseUrl: 'https://api.tourcms.com',
		};
		let now: jest.SpyInstance;

		beforeEach(() => {
			now = jest.spyOn(Date, 'now').mockReturnValue(TIME * 1000 + 400);
		});

		afterEach(() => now.mockRestore());

		it('signs an absolute URL (programmatic node) with its path', async () => {
			const out = await credential.authenticate(creds, {
				method: 'POST',
				url: 'https://api.tourcms.com/c/customer/update.xml',
			});
			expect(out.headers).toMatchObject({
				Authorization: 'TourCMS 3930:0:Z8D3vHANBs5qHM51e7KnerKZZ%2F3YRFhZsvr20wDLeKs%3D',
				'x-tourcms-date': 'Wed, 20 Jan 2016 17:23:49 GMT',
			});
		});

		it('signs a relative URL with a base URL and query string (credential test, declarative requests)', async () => {
			const out = await credential.authenticate(creds, {
				method: 'GET',
				baseURL: 'https://api.tourcms.com',
				url: '/c/customer/show.xml',
				qs: { customer_id: 12345, skip: undefined },
			});
			const expected = tourCmsHeaders({
				channelId: 3930,
				marketplaceId: 0,
				verb: 'GET',
				time: TIME,
				path: '/c/customer/show.xml?customer_id=12345',
				apiKey: KEY,
			});
			expect(out.headers).toMatchObject(expected);
		});

		it('signs the path of each request when the same URL comes with and without a query, or on another base URL', async () => {
			const pathOf = async (options: Record<string, unknown>) => {
				const out = await credential.authenticate(creds, { method: 'GET', ...options } as never);
				const headers = out.headers as Record<string, string>;
				const paths = [
					'/c/customer/show.xml',
					'/c/customer/show.xml?customer_id=7',
					'/v2/c/customer/show.xml',
				];
				return paths.find(
					(path) =>
						tourCmsHeaders({
							channelId: 3930,
							marketplaceId: 0,
							verb: 'GET',
							time: TIME,
							path,
							apiKey: KEY,
						}).Authorization === headers.Authorization,
				);
			};
			expect(
				await pathOf({ url: '/c/customer/show.xml', baseURL: 'https://api.tourcms.com' }),
			).toBe('/c/customer/show.xml');
			expect(
				await pathOf({
					url: '/c/customer/show.xml',
					baseURL: 'https://api.tourcms.com',
					qs: { customer_id: 7 },
				}),
			).toBe('/c/customer/show.xml?customer_id=7');
			expect(
				await pathOf({ url: '/c/customer/show.xml', baseURL: 'https://test.example/v2/' }),
			).toBe('/c/customer/show.xml');
			expect(
				await pathOf({ url: 'c/customer/show.xml', baseURL: 'https://test.example/v2/' }),
			).toBe('/v2/c/customer/show.xml');
			expect(
				await pathOf({ url: '/c/customer/show.xml', baseURL: 'https://api.tourcms.com' }),
			).toBe('/c/customer/show.xml');
		});

		it('signs for the channel a node asks for and never sends that internal header', async () => {
			const out = await credential.authenticate(
				{ ...creds, marketplaceId: 12345, channelId: 0 },
				{
					method: 'GET',
					url: 'https://api.tourcms.com/api/rate_limit_status.xml',
					headers: { 'X-N8N-TourCMS-Channel': '3931' },
				},
			);
			const headers = out.headers as Record<string, string>;
			expect(headers.Authorization).toMatch(/^TourCMS 3931:12345:/);
			expect(Object.keys(headers).map((h) => h.toLowerCase())).not.toContain(
				'x-n8n-tourcms-channel',
			);
		});
	});
});
