import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { startIntrepidEmulator } from '../../sandbox/intrepid';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { startTrackfinityEmulator } from '../../sandbox/trackfinity';
import { stringToSign } from '../../nodes/TourCms/signature';
import {
	BY_PASSWORD,
	JOHN,
	USER,
	runClientToolbox,
	type ClientToolboxEmulator,
} from '../clienttoolbox/helpers';
import { AGENT_KEY, runIntrepid, type IntrepidEmulator } from '../intrepid/helpers';
import { OPERATOR, runTourCms, type TourCmsEmulator } from '../tourcms/helpers';
import {
	DOC_KEY,
	DOC_USERNAME,
	runTrackfinity,
	type TrackfinityEmulator,
} from '../trackfinity/helpers';

interface ShownRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body: string;
	stringToSign?: string;
}

interface Preview {
	status: string;
	request: ShownRequest;
	requestsBefore?: ShownRequest[];
}

const PREVIEW = { options: { previewRequest: true } };

/** No secret of the credential may appear anywhere in what a preview outputs. */
function expectNoSecret(json: unknown, ...secrets: string[]): void {
	const text = JSON.stringify(json);
	for (const secret of secrets) {
		expect(text).not.toContain(secret);
		expect(text).not.toContain(encodeURIComponent(secret));
	}
}

describe('Preview Request (dry run)', () => {
	describe('TourCMS', () => {
		let emulator: TourCmsEmulator;
		beforeEach(async () => {
			emulator = await startTourCmsEmulator();
		});
		afterEach(async () => {
			await emulator.close();
		});

		it('outputs the signed request and the string it signs, sends nothing, masks the signature', async () => {
			const before = emulator.customer(3930, 12345);
			const result = await runTourCms(emulator, {
				customerId: '12345',
				updateFields: { firstname: 'Joseph', country: 'fr' },
				...PREVIEW,
			});
			expect(result.error).toBeUndefined();
			expect(emulator.requests).toHaveLength(0);
			expect(emulator.customer(3930, 12345)).toEqual(before);
			const [item] = result.outputs('TourCMS')[0];
			expect(item.pairedItem).toEqual({ item: 0 });
			const json = item.json as unknown as Preview;
			expect(json).toMatchObject({
				provider: 'tourCms',
				customerId: '12345',
				status: 'preview',
				providerStatus: 'not sent',
				changedFields: ['firstname', 'country'],
			});
			const request = json.request;
			expect(request.method).toBe('POST');
			expect(request.url).toBe(`${emulator.url}/c/customer/update.xml`);
			expect(request.headers.Authorization).toBe('TourCMS 3930:0:***');
			expect(request.headers['x-n8n-tourcms-channel']).toBeUndefined();
			const time = Math.floor(Date.parse(request.headers['x-tourcms-date']) / 1000);
			expect(Math.abs(time - Date.now() / 1000)).toBeLessThan(60);
			expect(request.stringToSign).toBe(
				stringToSign({
					channelId: 3930,
					marketplaceId: 0,
					verb: 'POST',
					time,
					path: '/c/customer/update.xml',
				}),
			);
			expect(request.body).toContain('<firstname>Joseph</firstname>');
			expect(request.body).toContain('<country>FR</country>');
			expectNoSecret(json, OPERATOR.apiKey);
		});

		it("signs for the item's own channel and masks a new customer password in the body", async () => {
			const result = await runTourCms(emulator, {
				customerId: '12345',
				channelId: '3931',
				updateFields: { customer_password: 'n3wS3cret9' },
				...PREVIEW,
			});
			expect(result.error?.message).toBeUndefined();
			expect(emulator.requests).toHaveLength(0);
			const json = result.outputs('TourCMS')[0][0].json as unknown as Preview;
			expect(json.request.headers.Authorization).toBe('TourCMS 3931:0:***');
			expect(json.request.stringToSign).toMatch(/^3931\/0\/POST\/\d+\/c\/customer\/update\.xml$/);
			expect(json.request.body).toContain('<customer_password>***</customer_password>');
			expectNoSecret(json, 'n3wS3cret9', 'n3w&amp;S3cret!', OPERATOR.apiKey);
		});

		it('refuses a bad item with the message of a real run, quoting the value as given', async () => {
			const real = await runTourCms(emulator, {
				customerId: '12345',
				updateFields: { country: 'Spain' },
			});
			const preview = await runTourCms(emulator, {
				customerId: '12345',
				updateFields: { country: 'Spain' },
				...PREVIEW,
			});
			expect(emulator.requests).toHaveLength(0);
			expect(preview.error?.message).toBe(real.error?.message);
			expect(preview.error?.message).toContain('"Spain"');
			expect(preview.error?.message).not.toContain('SPAIN');
		});

		it('keeps a bad item in its place when continuing, and previews the others', async () => {
			const result = await runTourCms(
				emulator,
				{ customerId: '={{ $json.id }}', updateFields: { firstname: 'A' }, ...PREVIEW },
				[{ json: { id: 12345 } }, { json: { id: 'x' } }, { json: { id: 12346 } }],
				{ onError: 'continueRegularOutput' },
			);
			expect(emulator.requests).toHaveLength(0);
			const [main] = result.outputs('TourCMS');
			expect(main.map((i) => i.json.status ?? 'error')).toEqual(['preview', 'error', 'preview']);
			expect(main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(main[1].json.error).toMatch(/Customer ID/);
		});
	});

	describe('Trackfinity', () => {
		let emulator: TrackfinityEmulator;
		beforeEach(async () => {
			emulator = await startTrackfinityEmulator();
		});
		afterEach(async () => {
			await emulator.close();
		});

		it('shows the user name header and masks the key header, sends nothing', async () => {
			const result = await runTrackfinity(emulator, {
				lookupBy: 'subscription_id',
				subscriptionId: 'SUB-192',
				updateFields: { city: 'York' },
				...PREVIEW,
			});
			expect(result.error).toBeUndefined();
			expect(emulator.requests).toHaveLength(0);
			const json = result.outputs('Trackfinity')[0][0].json as unknown as Preview;
			expect(json).toMatchObject({
				provider: 'trackfinity',
				status: 'preview',
				changedFields: ['city'],
			});
			expect(json.request.method).toBe('PATCH');
			expect(json.request.url).toMatch(new RegExp(`^${emulator.url}/api/`));
			expect(json.request.headers['api-username']).toBe(DOC_USERNAME);
			expect(json.request.headers['api-key']).toBe('***');
			expect(json.request.body).toBe('subscription_id=SUB-192&city=York');
			expectNoSecret(json, DOC_KEY);
		});
	});

	describe('Intrepid', () => {
		let emulator: IntrepidEmulator;
		beforeEach(async () => {
			emulator = await startIntrepidEmulator();
		});
		afterEach(async () => {
			await emulator.close();
		});

		it('outputs the PATCH with the key header masked, sends nothing', async () => {
			const result = await runIntrepid(emulator, {
				context: 'Booking',
				contextId: '5057123',
				customerId: '9001',
				updateFields: { mobilePhone: '0400111222', emailAddress: 'homer@example.com' },
				...PREVIEW,
			});
			expect(result.error).toBeUndefined();
			expect(emulator.requests).toHaveLength(0);
			const json = result.outputs('Intrepid')[0][0].json as unknown as Preview;
			expect(json).toMatchObject({ provider: 'intrepid', customerId: '9001', status: 'preview' });
			expect(json.request).toMatchObject({
				method: 'PATCH',
				url: `${emulator.url}/Booking/5057123/Customers/9001`,
				headers: {
					'X-Api-Key': '***',
					Accept: 'application/json',
					'Content-Type': 'application/json',
				},
			});
			expect(JSON.parse(json.request.body)).toEqual({
				mobilePhone: '0400111222',
				emailAddress: 'homer@example.com',
			});
			expect(json).not.toHaveProperty('warnings');
			expectNoSecret(json, AGENT_KEY);
		});

		it('shows the warnings a real run would output', async () => {
			const result = await runIntrepid(emulator, {
				context: 'Trips',
				contextId: '7001',
				customerId: '9001',
				updateFields: { status: 'confirmed', cancelSingleSupplementOnly: true },
				...PREVIEW,
			});
			expect(emulator.requests).toHaveLength(0);
			expect(result.outputs('Intrepid')[0][0].json.warnings).toEqual([
				'"Cancel Single Supplement Only" (cancelSingleSupplementOnly) has no effect on this update: by Intrepid\'s documentation "the status must be set to \'cancelled\' for this property to take effect", and Status is "confirmed"',
			]);
		});
	});

	describe('Client Toolbox', () => {
		let emulator: ClientToolboxEmulator;
		beforeEach(async () => {
			emulator = await startClientToolboxEmulator();
		});
		afterEach(async () => {
			await emulator.close();
		});

		it('shows the lookup that would go first and the edit, credentials in the form masked, sends nothing', async () => {
			const result = await runClientToolbox(emulator, {
				matchBy: 'code',
				code: JOHN.code,
				ifNoMatch: 'fail',
				updateFields: { city: 'Wellington' },
				...PREVIEW,
			});
			expect(result.error).toBeUndefined();
			expect(emulator.requests).toHaveLength(0);
			const json = result.outputs('Client Toolbox')[0][0].json as unknown as Preview;
			expect(json).toMatchObject({
				provider: 'clientToolbox',
				customerId: JOHN.code,
				status: 'preview',
				changedFields: ['city'],
			});
			expect(json.requestsBefore).toHaveLength(1);
			const lookup = new URLSearchParams(json.requestsBefore?.[0].body);
			expect(lookup.get('type')).toBe('customer_info');
			expect(lookup.get('user_api_key')).toBe('***');
			const edit = new URLSearchParams(json.request.body);
			expect(json.request.method).toBe('POST');
			expect(edit.get('type')).toBe('record_customer');
			expect(edit.get('city')).toBe('Wellington');
			expect(edit.get('user_id')).toBe('john1970');
			expect(edit.get('user_api_key')).toBe('***');
			expectNoSecret(json, USER.apiKey);
		});

		it('masks the password of a password credential in a multipart body', async () => {
			const result = await runClientToolbox(
				emulator,
				{
					matchBy: 'code',
					code: JOHN.code,
					ifNoMatch: 'create',
					updateFields: { city: 'Wellington' },
					options: { bodyEncoding: 'multipart', previewRequest: true },
				},
				undefined,
				{ credentials: BY_PASSWORD },
			);
			expect(emulator.requests).toHaveLength(0);
			const json = result.outputs('Client Toolbox')[0][0].json as unknown as Preview;
			expect(json.requestsBefore).toBeUndefined();
			expect(json.request.body).toContain('name="user_password"\r\n\r\n***\r\n');
			expectNoSecret(json, USER.password);
		});
	});
});
