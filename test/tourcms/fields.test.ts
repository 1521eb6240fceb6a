import { parseXmlStrict } from '../../sandbox/lib/xml';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { TOURCMS_FIELDS } from '../../nodes/TourCms/fields';
import { runTourCms, type TourCmsEmulator } from './helpers';
import { startEachTest } from '../harness/lifecycle';

/** A valid value for every documented field, as a user would type it. */
const EVERY_FIELD: Record<string, string> = {
	perm_email: '1',
	title: 'Dr',
	firstname: 'Jo',
	middlename: 'K',
	surname: 'Bloggs-Smith',
	email: 'jo@example.com',
	tel_home: '+44 113 000 0000',
	tel_work: '+44 113 000 0001',
	tel_mobile: '+44 7700 900000',
	tel_sms: '+44 7700 900001',
	fax: '+44 113 000 0002',
	contact_note: "Don't call before 8pm\nEmail is fine",
	address: '1 Long Lane\nFlat 2',
	city: 'Leeds',
	county: 'West Yorkshire',
	postcode: 'LS1 4AP',
	country: 'gb',
	nationality: 'FR',
	gender: 'x',
	dob: '1985-04-23',
	agecat: 'a',
	pass_num: '123456789',
	pass_issue: 'Paris',
	pass_issue_date: '2019-06-01',
	pass_expiry_date: '2029-06-01',
	wherehear: 'A friend & a <blog>',
	diet: 'Vegetarian',
	medical: 'None',
	nok_name: 'Sam Bloggs',
	nok_relationship: 'Sibling',
	nok_tel: '+44 7700 900002',
	nok_contact: 'Works nights\nText first',
	customer_username: 'jo.bloggs',
	customer_password: 'NewPass123',
};

describe('TourCMS fields', () => {
	let emulator: TourCmsEmulator;

	startEachTest(startTourCmsEmulator, (started) => (emulator = started));

	it('covers every field of the table in the test data', () => {
		expect(Object.keys(EVERY_FIELD).sort()).toEqual(TOURCMS_FIELDS.map((f) => f.wire).sort());
	});

	it('sends every documented field as one <customer> element each and TourCMS stores them', async () => {
		const result = await runTourCms(emulator, {
			customerId: '12346',
			updateFields: EVERY_FIELD,
			customFields: { field: [{ name: 'InsideLeg', value: '32 inches' }] },
		});
		expect(result.error).toBeUndefined();
		const out = result.outputs('TourCMS')[0][0].json;
		expect(out.status).toBe('updated');
		expect(out.changedFields).toEqual([...TOURCMS_FIELDS.map((f) => f.wire), 'custom_fields']);

		const { doc } = parseXmlStrict(emulator.requests[0].text);
		const sent = doc.customer as Record<string, unknown>;
		expect(sent.customer_id).toBe('12346');
		expect(sent.country).toBe('GB');
		expect(sent.wherehear).toBe('A friend & a <blog>');
		expect(emulator.requests[0].headers['content-type']).toBe('text/xml;charset="utf-8"');

		const stored = emulator.customer(3930, 12346);
		for (const [wire, value] of Object.entries(EVERY_FIELD)) {
			expect([wire, stored[wire]]).toEqual([wire, wire === 'country' ? 'GB' : value]);
		}
		expect(stored.custom_fields).toEqual({ InsideLeg: '32 inches' });
	});

	it('clears fields by sending empty elements, and never clears by accident from an empty value', async () => {
		const result = await runTourCms(emulator, {
			customerId: '12345',
			updateFields: { title: '', city: 'Bath' },
			fieldsToClear: ['email', 'country'],
		});
		const out = result.outputs('TourCMS')[0][0].json;
		expect(out.changedFields).toEqual(['city', 'email', 'country']);
		expect(out.ignoredEmptyFields).toEqual(['title']);
		expect(emulator.requests[0].text).toContain('<email></email>');
		const stored = emulator.customer(3930, 12345);
		expect(stored).toMatchObject({ title: 'Mr', city: 'Bath' });
		expect(stored.email).toBeUndefined();
		expect(stored.country).toBeUndefined();
	});

	it('disables the login only through its own switch', async () => {
		const result = await runTourCms(emulator, { customerId: '12345', disableLogin: true });
		expect(result.outputs('TourCMS')[0][0].json.changedFields).toEqual(['customer_password']);
		expect(emulator.customer(3930, 12345).customer_password).toBe('');

		const both = await runTourCms(emulator, {
			customerId: '12345',
			disableLogin: true,
			updateFields: { customer_password: 'Abcdef12' },
		});
		expect(both.error?.message).toMatch(
			/"Disable Customer Login" and a new "Customer Password" cannot be sent together/,
		);
	});

	it('refuses a password TourCMS would silently ignore, without echoing it', async () => {
		const result = await runTourCms(emulator, {
			customerId: '12345',
			updateFields: { customer_password: 'short!' },
		});
		expect(result.error?.message).toBe(
			'Invalid input in item 0: "Customer Password" (customer_password) must be 6 to 12 characters, letters A-Z / a-z and digits only',
		);
		const { message, description } = result.error as { message: string; description?: string };
		expect(`${message} ${description}`).not.toContain('short!');
		expect(emulator.requests).toHaveLength(0);
	});

	it.each([
		['gender', 'male', /must be one of "m", "f", "x"/],
		['agecat', 'adult', /must be one of "i", "c", "a", "s"/],
		['perm_email', 'yes', /must be one of "1", "0"/],
		['country', 'UK', /must be a two-letter ISO 3166-1 alpha-2 country code/],
		['nationality', 'French', /must be a two-letter ISO 3166-1 alpha-2 country code/],
		['pass_expiry_date', '01/06/2029', /must be a real date in YYYY-MM-DD format/],
		['pass_issue_date', '2019-02-29', /must be a real date in YYYY-MM-DD format/],
		['email', 'bad \u0001 char', /must not contain U\+0001: XML 1.0 cannot carry that character/],
	])('refuses %s = %p before sending', async (field, value, message) => {
		const result = await runTourCms(emulator, {
			customerId: '12345',
			updateFields: { [field]: value },
		});
		expect(result.error?.message).toMatch(message);
		expect(result.error?.message).toContain(`(${field})`);
		expect(emulator.requests).toHaveLength(0);
	});

	it('refuses a custom field token with a space, and an update with nothing in it', async () => {
		const spaced = await runTourCms(emulator, {
			customerId: '12345',
			customFields: { field: [{ name: 'Inside Leg', value: '1' }] },
		});
		expect(spaced.error?.message).toMatch(
			/"Custom Field 1 Token" .* must be a custom field token with no spaces/,
		);
		const empty = await runTourCms(emulator, { customerId: '12345', updateFields: { city: '' } });
		expect(empty.error?.message).toMatch(/nothing to update/);
		expect(emulator.requests).toHaveLength(0);
	});

	it('keeps failed items in the main output with Continue (regular output)', async () => {
		const result = await runTourCms(
			emulator,
			{ customerId: '={{ $json.id }}', updateFields: { gender: '={{ $json.g }}' } },
			[
				{ json: { id: 12345, g: 'f' } },
				{ json: { id: 12346, g: 'q' } },
				{ json: { id: 424242, g: 'm' } },
			],
			{ onError: 'continueRegularOutput' },
		);
		const [main] = result.outputs('TourCMS');
		expect(main).toHaveLength(3);
		expect(main[0].json).toMatchObject({ status: 'updated', customerId: '12345' });
		expect(main[1].json.error).toMatch(
			/Invalid input in item 1: "Gender" \(gender\) must be one of/,
		);
		expect(main[2].json).toMatchObject({ error: 'TourCMS refused the update: NO MATCHING DATA' });
		expect(main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(emulator.requests).toHaveLength(2);
	});

	it('includes the raw response on request', async () => {
		const result = await runTourCms(emulator, {
			customerId: '12345',
			updateFields: { city: 'Hull' },
			options: { includeRawResponse: true },
		});
		const raw = result.outputs('TourCMS')[0][0].json.raw as {
			statusCode: number;
			body: string;
			headers: Record<string, string>;
		};
		expect(raw.statusCode).toBe(200);
		expect(raw.body).toContain('<customer_id>12345</customer_id>');
		expect(raw.headers['x-ratelimit-remaining']).toBe('1999');
	});
});
