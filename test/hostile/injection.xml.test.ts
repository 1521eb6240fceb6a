import { parseXmlStrict } from '../../sandbox/lib/xml';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { runTourCms, type TourCmsEmulator } from '../tourcms/helpers';
import { startEachTest } from '../harness/lifecycle';

/** The <customer> children the emulator parsed from a request. */
function customerElements(text: string): Record<string, unknown> {
	const parsed = parseXmlStrict(text.trim());
	return (parsed.doc as { customer: Record<string, unknown> }).customer;
}

describe('TourCMS XML: no value can add or change another element, header or path', () => {
	let emulator: TourCmsEmulator;
	startEachTest(startTourCmsEmulator, (started) => (emulator = started));

	it('an email that closes its element and opens <customer_password> is stored verbatim; the password is unchanged', async () => {
		const email = '</email><customer_password>hacked1</customer_password><email>';
		const result = await runTourCms(
			emulator,
			{ customerId: '12345', updateFields: { email: '={{ $json.email }}' } },
			[{ json: { email } }],
		);
		expect(result.error).toBeUndefined();
		expect(emulator.requests).toHaveLength(1);
		expect(Object.keys(customerElements(emulator.requests[0].text))).toEqual([
			'customer_id',
			'email',
		]);
		expect(customerElements(emulator.requests[0].text).email).toBe(email);
		expect(emulator.customer(3930, 12345)).toMatchObject({ email, customer_password: 'Secret123' });
	});

	it('a value that closes <customer> and opens another customer_id changes only its own field of its own customer', async () => {
		const note =
			']]></contact_note></customer><customer><customer_id>12346</customer_id><surname>Pwned';
		await runTourCms(
			emulator,
			{ customerId: '12345', updateFields: { contact_note: '={{ $json.note }}' } },
			[{ json: { note } }],
		);
		expect(customerElements(emulator.requests[0].text)).toEqual({
			customer_id: '12345',
			contact_note: note,
		});
		expect(emulator.customer(3930, 12345).contact_note).toBe(note);
		expect(emulator.customer(3930, 12346)).toEqual({
			firstname: 'Ann',
			surname: 'Smith',
			email: 'ann.smith@example.com',
			title: 'Ms',
			country: 'AU',
		});
	});

	it('a Customer ID carrying markup or a second id is refused before sending', async () => {
		const result = await runTourCms(
			emulator,
			{ customerId: '={{ $json.id }}', updateFields: { city: 'Leeds' } },
			[{ json: { id: '12345</customer_id><customer_id>12346' } }, { json: { id: '12345 12346' } }],
			{ onError: 'continueRegularOutput' },
		);
		const [main] = result.outputs('TourCMS');
		expect(main.map((i) => i.json.error)).toEqual([
			'Invalid input in item 0: "Customer ID" (customer_id) must be a whole number greater than 0 (digits only); got "12345</customer_id><customer_id>12346"',
			'Invalid input in item 1: "Customer ID" (customer_id) must be a whole number greater than 0 (digits only); got "12345 12346"',
		]);
		expect(emulator.requests).toHaveLength(0);
	});

	it('a Channel ID with CR/LF and a header line is refused before sending, on the node and in the credential', async () => {
		const onNode = await runTourCms(emulator, {
			customerId: '12345',
			channelId: '3930\r\nX-Evil: 1',
			updateFields: { city: 'Leeds' },
		});
		expect(onNode.error?.message).toBe(
			'Invalid input in item 0: "Channel ID" (channel) must be a whole number greater than 0 (digits only); leave it empty to use the credential\'s channel; got "3930\r\nX-Evil: 1"',
		);
		const inCredential = await runTourCms(
			emulator,
			{ customerId: '12345', updateFields: { city: 'Leeds' } },
			undefined,
			{
				credentials: { channelId: '3930\r\nX-Evil: 1' },
			},
		);
		expect(inCredential.error?.message).toMatch(
			/^Invalid input in item 0: "Channel ID" \(channel\) must be a whole number/,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it('a custom field token with markup travels as text: no extra element, no other custom field touched', async () => {
		const token = 'InsideLeg</name><value>hacked</value></field><field><name>ShoeSize';
		const result = await runTourCms(emulator, {
			customerId: '12345',
			customFields: { field: [{ name: token, value: '42' }] },
		});
		expect(result.error).toBeUndefined();
		const fields = (
			customerElements(emulator.requests[0].text).custom_fields as { field: unknown[] }
		).field;
		expect(fields).toEqual([{ name: token, value: '42' }]);
		// TourCMS ignores a token it does not know; neither configured field is set.
		expect(emulator.customer(3930, 12345).custom_fields).toEqual({});
	});

	it('a custom field value with markup is stored verbatim under its own token only', async () => {
		const value = '</value><name>ShoeSize</name><value>11';
		await runTourCms(emulator, {
			customerId: '12345',
			customFields: { field: [{ name: 'InsideLeg', value }] },
		});
		expect(emulator.customer(3930, 12345).custom_fields).toEqual({ InsideLeg: value });
	});

	it('the request goes to the update path only, whatever the values', async () => {
		await runTourCms(emulator, {
			customerId: '12345',
			updateFields: { city: '../../api/rate_limit_status.xml?x=1#y' },
		});
		expect(emulator.requests.map((r) => [r.method, r.url])).toEqual([
			['POST', '/c/customer/update.xml'],
		]);
		expect(emulator.customer(3930, 12345).city).toBe('../../api/rate_limit_status.xml?x=1#y');
	});
});
