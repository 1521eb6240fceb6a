import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { startTrackfinityEmulator } from '../../sandbox/trackfinity';
import { startIntrepidEmulator } from '../../sandbox/intrepid';
import { patchRequests, runIntrepid } from '../intrepid/helpers';
import { runTourCms, type TourCmsEmulator } from '../tourcms/helpers';
import { runTrackfinity } from '../trackfinity/helpers';
import { startEachTest } from '../harness/lifecycle';

const FORM_SUBMISSION = {
	customer_id: '12346',
	'First Name': 'Annie',
	last_name: 'Smythe',
	'Email Address': 'annie@example.com',
	zip: '2000',
	Country: 'au',
	submittedAt: '2026-11-23T07:00:00.000Z',
	formMode: 'production',
};

describe('Map Input Fields Automatically', () => {
	describe('TourCMS', () => {
		let emulator: TourCmsEmulator;

		startEachTest(startTourCmsEmulator, (started) => (emulator = started));

		it('updates from a Form Trigger submission and reports what it used and ignored', async () => {
			const result = await runTourCms(
				emulator,
				{ customerId: '={{ $json.customer_id }}', mappingMode: 'autoMapInputData' },
				[{ json: FORM_SUBMISSION }],
			);
			expect(result.error).toBeUndefined();
			const out = result.outputs('TourCMS')[0][0].json;
			expect(out).toMatchObject({
				status: 'updated',
				changedFields: ['firstname', 'surname', 'email', 'postcode', 'country'],
			});
			expect(out.autoMapping).toEqual({
				used: {
					'First Name': 'firstname',
					last_name: 'surname',
					'Email Address': 'email',
					zip: 'postcode',
					Country: 'country',
				},
				ignored: {
					customer_id: 'used to identify the customer',
					submittedAt: 'no field of this provider has that name',
					formMode: 'no field of this provider has that name',
				},
			});
			expect(emulator.customer(3930, 12346)).toMatchObject({
				firstname: 'Annie',
				surname: 'Smythe',
				email: 'annie@example.com',
				postcode: '2000',
				country: 'AU',
			});
		});

		it('applies the same rules to mapped values, per item, before anything is sent', async () => {
			const result = await runTourCms(
				emulator,
				{ customerId: '={{ $json.id }}', mappingMode: 'autoMapInputData' },
				[
					{ json: { id: 12345, dob: '1990-01-01' } },
					{ json: { id: 12346, 'Date of Birth': '31/12/1990' } },
				],
			);
			expect(result.error?.message).toBe(
				'Invalid input in item 1: "Date of Birth" (dob) must be a real date in YYYY-MM-DD format (e.g. 1985-04-23); got "31/12/1990"',
			);
			expect(emulator.requests).toHaveLength(0);
		});

		it('ignores Update Fields set on the node while mapping automatically', async () => {
			const result = await runTourCms(
				emulator,
				{ customerId: '12345', mappingMode: 'autoMapInputData', updateFields: { city: 'Nowhere' } },
				[{ json: { city: 'Leeds' } }],
			);
			expect(result.outputs('TourCMS')[0][0].json.changedFields).toEqual(['city']);
			expect(emulator.customer(3930, 12345).city).toBe('Leeds');
		});
	});

	it('Trackfinity: maps address fields by alias and keeps the REMOVE guard', async () => {
		const emulator = await startTrackfinityEmulator();
		try {
			const ok = await runTrackfinity(
				emulator,
				{
					lookupBy: 'customer_id',
					customerId: '={{ $json.customer_id }}',
					mappingMode: 'autoMapInputData',
				},
				[
					{
						json: {
							customer_id: '191',
							street: '1 Main St',
							'Postal Code': '66666',
							town: 'Springfield',
						},
					},
				],
			);
			expect(ok.error).toBeUndefined();
			expect(ok.outputs('Trackfinity')[0][0].json).toMatchObject({
				status: 'updated',
				changedFields: ['address1', 'city', 'zip'],
			});
			const removed = await runTrackfinity(
				emulator,
				{ lookupBy: 'customer_id', customerId: '191', mappingMode: 'autoMapInputData' },
				[{ json: { city: 'REMOVE' } }],
			);
			expect(removed.error?.message).toMatch(/"City" \(city\) must not be the word REMOVE/);
		} finally {
			await emulator.close();
		}
	});

	it('Intrepid: builds nested objects from a spreadsheet row, keeping top-level names first', async () => {
		const emulator = await startIntrepidEmulator();
		try {
			const result = await runIntrepid(
				emulator,
				{
					context: 'Booking',
					contextId: '5057123',
					customerId: '={{ $json.id }}',
					mappingMode: 'autoMapInputData',
				},
				[
					{
						json: {
							id: 9001,
							'Mobile Phone': '0400999888',
							town: 'Kingswood',
							zip: '3167',
							relationship: 'Mother',
							notes: 'x',
						},
					},
				],
			);
			expect(result.error).toBeUndefined();
			expect(JSON.parse(patchRequests(emulator)[0].text)).toEqual({
				mobilePhone: '0400999888',
				homeAddress: { city: 'Kingswood', postcode: '3167' },
				emergencyContact: { relationship: 'Mother' },
			});
			expect(result.outputs('Intrepid')[0][0].json.autoMapping).toMatchObject({
				ignored: {
					id: 'used to identify the customer',
					notes: 'no field of this provider has that name',
				},
			});
		} finally {
			await emulator.close();
		}
	});
});
