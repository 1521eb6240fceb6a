import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { AGENT, runTourCms, type TourCmsEmulator } from './helpers';
import { startEachTest } from '../harness/lifecycle';

describe('TourCMS node through the n8n engine', () => {
	let emulator: TourCmsEmulator;

	startEachTest(startTourCmsEmulator, (started) => (emulator = started));

	it('updates a customer and reports the normalized result', async () => {
		const result = await runTourCms(emulator, {
			customerId: '12345',
			updateFields: { email: 'joseph@example.com', firstname: 'Joseph', country: 'fr' },
		});
		expect(result.error).toBeUndefined();
		const [main] = result.outputs('TourCMS');
		expect(main).toHaveLength(1);
		expect(main[0].json).toMatchObject({
			provider: 'tourCms',
			customerId: '12345',
			status: 'updated',
			providerStatus: 'OK',
			changedFields: ['firstname', 'email', 'country'],
			channelId: 3930,
		});
		expect(main[0].pairedItem).toEqual({ item: 0 });
		expect((main[0].json.rateLimit as { remaining: number }).remaining).toBe(1999);
		expect(emulator.customer(3930, 12345)).toMatchObject({
			email: 'joseph@example.com',
			firstname: 'Joseph',
			country: 'FR',
		});
	});

	it('reports NO DATA CHANGED as an unchanged success', async () => {
		const result = await runTourCms(emulator, {
			customerId: '12345',
			updateFields: { surname: 'Bloggs' },
		});
		const [main] = result.outputs('TourCMS');
		expect(main[0].json).toMatchObject({
			status: 'unchanged',
			providerStatus: 'NO DATA CHANGED',
			changedFields: [],
		});
	});

	it('processes every item with its own expressions', async () => {
		const result = await runTourCms(
			emulator,
			{ customerId: '={{ $json.id }}', updateFields: { tel_mobile: '={{ $json.phone }}' } },
			[
				{ json: { id: 12345, phone: '+44 7700 900001' } },
				{ json: { id: 12346, phone: '+61 400 000 002' } },
			],
		);
		const [main] = result.outputs('TourCMS');
		expect(main.map((i) => i.json.customerId)).toEqual(['12345', '12346']);
		expect(main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(emulator.customer(3930, 12345).tel_mobile).toBe('+44 7700 900001');
		expect(emulator.customer(3930, 12346).tel_mobile).toBe('+61 400 000 002');
	});

	it('signs as an agent for another channel and refuses operator-only fields before sending', async () => {
		const ok = await runTourCms(
			emulator,
			{ customerId: '12350', updateFields: { diet: 'vegan' } },
			undefined,
			{ credentials: AGENT },
		);
		expect(ok.outputs('TourCMS')[0][0].json).toMatchObject({ status: 'updated' });
		const sent = emulator.requests.length;
		const refused = await runTourCms(
			emulator,
			{ customerId: '12350', updateFields: { customer_username: 'x' } },
			undefined,
			{ credentials: AGENT },
		);
		expect(refused.error?.message).toMatch(
			/customer_username can only be changed by a tour operator/,
		);
		expect(emulator.requests.length).toBe(sent);
	});

	it('routes a bad item to the error output with the provider text, and keeps the good one', async () => {
		const result = await runTourCms(
			emulator,
			{ customerId: '={{ $json.id }}', updateFields: { city: 'Leeds' } },
			[{ json: { id: 99999 } }, { json: { id: 12346 } }, { json: { id: 'abc' } }],
			{ onError: 'continueErrorOutput' },
		);
		expect(result.error).toBeUndefined();
		const [success, errors] = result.outputs('TourCMS');
		expect(success.map((i) => i.json.customerId)).toEqual(['12346']);
		expect(success[0].pairedItem).toEqual({ item: 1 });
		expect(errors).toHaveLength(2);
		expect(errors[0].json.error).toBe('TourCMS refused the update: NO MATCHING DATA');
		expect(errors[0].pairedItem).toEqual({ item: 0 });
		expect(errors[1].json.error).toMatch(
			/Invalid input in item 2: "Customer ID" \(customer_id\) must be a whole number/,
		);
		expect(errors[1].pairedItem).toEqual({ item: 2 });
	});

	it('stops the run on a bad item before sending anything when no continue mode is set', async () => {
		const result = await runTourCms(
			emulator,
			{ customerId: '12345', updateFields: { dob: '={{ $json.dob }}' } },
			[{ json: { dob: '1980-01-01' } }, { json: { dob: '1980-02-30' } }],
		);
		expect(result.error?.message).toBe(
			'Invalid input in item 1: "Date of Birth" (dob) must be a real date in YYYY-MM-DD format (e.g. 1985-04-23); got "1980-02-30"',
		);
		expect(emulator.requests).toHaveLength(0);
	});
});
