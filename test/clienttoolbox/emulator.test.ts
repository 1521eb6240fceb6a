import { defaultSeed, startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { encodeMultipart } from '../../nodes/shared/formats/form';
import { startEachTest } from '../harness/lifecycle';

type Emulator = Awaited<ReturnType<typeof startClientToolboxEmulator>>;

const seed = defaultSeed();
const AUTH: Array<[string, string]> = [
	['user_id', 'john1970'],
	['user_password', seed.users.john1970.password],
];
const ACCOUNT = 'greatwidgets';
const JOHN = '89898989898989';

function edit(extra: Array<[string, string]>): Array<[string, string]> {
	return [
		...AUTH,
		['type', 'record_customer'],
		['customer_action', 'edit'],
		['account_id', ACCOUNT],
		...extra,
	];
}

describe('Client Toolbox emulator over HTTP', () => {
	let emulator: Emulator;

	startEachTest(startClientToolboxEmulator, (started) => (emulator = started));

	async function post(
		pairs: Array<[string, string]>,
		path = '/api.php',
	): Promise<{ status: number; type: string; text: string }> {
		const response = await fetch(`${emulator.url}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(pairs).toString(),
		});
		return {
			status: response.status,
			type: response.headers.get('content-type') ?? '',
			text: await response.text(),
		};
	}

	it('answers the documented success XML, and JSON, JSONP and condensed JSON for the same call', async () => {
		const xml = await post(
			edit([
				['code', JOHN],
				['city', 'Anytown'],
			]),
		);
		expect(xml.status).toBe(200);
		expect(xml.text).toMatch(
			/<response status="success">\s*<customer status="update">\s*<code>89898989898989<\/code>\s*<\/customer>\s*<\/response>/,
		);

		const json = await post(
			edit([
				['code', JOHN],
				['city', 'Anytown'],
				['output', 'JSON'],
			]),
		);
		expect(JSON.parse(json.text)).toEqual({
			status: 'success',
			customer: { status: 'update', code: JOHN },
		});
		expect(json.text).toContain('\n');

		const condensed = await post(
			edit([
				['code', JOHN],
				['city', 'Anytown'],
				['output', 'JSON'],
				['condensed', 'yes'],
			]),
		);
		expect(condensed.text).toBe(
			`{"status":"success","customer":{"status":"update","code":"${JOHN}"}}`,
		);

		const jsonp = await post(
			edit([
				['code', JOHN],
				['city', 'Anytown'],
				['output', 'JSON'],
				['callback', 'show'],
				['condensed', 'yes'],
			]),
		);
		expect(jsonp.type).toMatch(/javascript/);
		expect(jsonp.text).toBe(
			`show({"status":"success","customer":{"status":"update","code":"${JOHN}"}});`,
		);
	});

	it('answers errors in the requested format, with HTTP 200', async () => {
		const xml = await post([
			['user_id', 'john1970'],
			['user_password', 'wrong-password'],
			['type', 'account_info'],
			['account_id', ACCOUNT],
		]);
		expect(xml.status).toBe(200);
		expect(xml.text).toMatch(
			/<response status="error">\s*<error>Authentication failed: invalid user_id or user_password<\/error>/,
		);
		const json = await post([
			...AUTH,
			['type', 'account_info'],
			['account_id', 'someoneelse'],
			['output', 'JSON'],
			['condensed', 'yes'],
		]);
		expect(JSON.parse(json.text)).toEqual({
			status: 'error',
			error: expect.stringMatching(/someoneelse.*not found or is not accessible/),
		});
	});

	it('reads a multipart/form-data body like a URL-encoded one', async () => {
		const { body, contentType } = encodeMultipart(
			edit([
				['code', JOHN],
				['first_name', 'Jöhn "J" & Co'],
				['output', 'JSON'],
			]),
		);
		const response = await fetch(`${emulator.url}/`, {
			method: 'POST',
			headers: { 'content-type': contentType },
			body,
		});
		expect(JSON.parse(await response.text())).toMatchObject({
			status: 'success',
			customer: { status: 'update' },
		});
		expect(emulator.customer(ACCOUNT, JOHN)?.first_name).toBe('Jöhn "J" & Co');
	});

	it('accepts the documented (discouraged) GET with the parameters in the query string', async () => {
		const query = new URLSearchParams([
			...AUTH,
			['type', 'customer_info'],
			['account_id', ACCOUNT],
			['code', JOHN],
			['output', 'JSON'],
		]);
		const response = await fetch(`${emulator.url}/?${query.toString()}`);
		const answer = JSON.parse(await response.text());
		expect(answer.customer).toMatchObject({
			code: JOHN,
			card_number: '1212121212',
			first_name: 'John',
		});
		// The customer's own secrets are never part of customer_info.
		expect(answer.customer.customer_password).toBeUndefined();
		expect(answer.customer.customer_PIN).toBeUndefined();
	});

	it('checks custom fields against their type and changes nothing when one is wrong', async () => {
		const before = JSON.stringify(emulator.customers(ACCOUNT));
		const refusals: Array<[string, string, RegExp]> = [
			['custom_field_3', '2012-07-28 22:59:59', /YYYY\.MM\.DD HH:MM:SS/],
			['custom_field_3', '2012.02.30 10:00:00', /YYYY\.MM\.DD HH:MM:SS/],
			['custom_field_4', 'Gouda,Brie', /"Brie" is not one of them/],
			['custom_field_99', 'x', /custom_field_99 is not defined/],
			['custom_date', '14-07-1970', /custom_date must be in YYYY-MM-DD/],
			['card_number_generate', '33', /from 1 to 32/],
		];
		for (const [name, value, message] of refusals) {
			const answer = await post(
				edit([
					['code', JOHN],
					['city', 'Changed'],
					[name, value],
				]),
			);
			expect({ name, value, text: answer.text }).toEqual({
				name,
				value,
				text: expect.stringMatching(message),
			});
		}
		expect(JSON.stringify(emulator.customers(ACCOUNT))).toBe(before);

		const ok = await post(
			edit([
				['code', JOHN],
				['custom_field_1', 'Any text'],
				['custom_field_3', '2012.07.28 22:59:59'],
				['custom_field_4', 'Gouda, Swiss'],
			]),
		);
		expect(ok.text).toMatch(/status="update"/);
		expect(emulator.customer(ACCOUNT, JOHN)?.custom_fields).toMatchObject({
			1: 'Any text',
			3: '2012.07.28 22:59:59',
			4: 'Gouda, Swiss',
		});
	});

	it('follows the documented matching rules and needs at least one optional field', async () => {
		const none = await post(edit([]));
		expect(none.text).toMatch(/At least one optional field/);

		// A card number that no card carries is tried as a code.
		const asCode = await post(
			edit([
				['card_number', '4444333322221111'],
				['city', 'Codeville'],
			]),
		);
		expect(asCode.text).toMatch(/<customer status="update">\s*<code>4444333322221111<\/code>/);
		expect(emulator.customer(ACCOUNT, '4444333322221111')).toMatchObject({
			city: 'Codeville',
			card_number: '4444333322221111',
		});

		// A code nobody has creates a customer with a new random 16-digit code.
		const count = emulator.customers(ACCOUNT).length;
		const created = await post(
			edit([
				['code', '123'],
				['first_name', 'New'],
				['card_number_generate', '12'],
			]),
		);
		const code = /<code>(\d+)<\/code>/.exec(created.text)?.[1] as string;
		const card = /<card_number>(\d+)<\/card_number>/.exec(created.text)?.[1] as string;
		expect(created.text).toMatch(/<customer status="new">/);
		expect(code).toMatch(/^[1-9]\d{15}$/);
		expect(card).toMatch(/^\d{12}$/);
		expect(emulator.customers(ACCOUNT)).toHaveLength(count + 1);
		expect(emulator.customer(ACCOUNT, code)).toMatchObject({
			first_name: 'New',
			card_number: card,
		});
		expect(emulator.ownerEmails).toEqual([{ accountId: ACCOUNT, code }]);
	});
});
