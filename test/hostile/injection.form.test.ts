import { defaultSeed, startTrackfinityEmulator } from '../../sandbox/trackfinity';
import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import {
	ACCOUNT,
	ANN,
	JOHN,
	USER,
	runClientToolbox,
	type ClientToolboxEmulator,
} from '../clienttoolbox/helpers';
import { runTrackfinity, updateRequests, type TrackfinityEmulator } from '../trackfinity/helpers';
import { startEachTest } from '../harness/lifecycle';

const ENCODINGS = [
	['URL-encoded', 'urlencoded'],
	['multipart', 'multipart'],
] as const;

/** Every form field a request carried, in order, decoded the way the emulator decodes it. */
function receivedPairs(request: {
	headers: Record<string, unknown>;
	body: Buffer;
	text: string;
}): Array<[string, string]> {
	const type = String(request.headers['content-type'] ?? '');
	if (!/^multipart\/form-data/.test(type)) return [...new URLSearchParams(request.text).entries()];
	const boundary = /boundary=([^;\s]+)/.exec(type)?.[1] as string;
	return request.body
		.toString('latin1')
		.split(`--${boundary}`)
		.slice(1, -1)
		.map((part): [string, string] => {
			const end = part.indexOf('\r\n\r\n');
			const name = /name="([^"]*)"/.exec(part.slice(0, end))?.[1] as string;
			return [name, Buffer.from(part.slice(end + 4, -2), 'latin1').toString('utf8')];
		});
}

function valuesOf(pairs: Array<[string, string]>, name: string): string[] {
	return pairs.filter(([n]) => n === name).map(([, v]) => v);
}

describe('Trackfinity form: no value can add or change another form field, header or path', () => {
	const seed = defaultSeed();
	let emulator: TrackfinityEmulator;
	startEachTest(startTrackfinityEmulator, (started) => (emulator = started));

	it('an email carrying "&customer_id=192&password=x" is one field, stored verbatim on customer 191 only', async () => {
		const email = 'jane@example.com&customer_id=192&password=hacked&lastname=REMOVE';
		const result = await runTrackfinity(
			emulator,
			{ customerId: '191', updateFields: { email: '={{ $json.email }}' } },
			[{ json: { email } }],
		);
		expect(result.error).toBeUndefined();
		expect(receivedPairs(updateRequests(emulator)[0])).toEqual([
			['customer_id', '191'],
			['email', email],
		]);
		expect(emulator.customer(191)).toMatchObject({
			email,
			password: seed.customers[191].password,
			lastname: 'Doe',
		});
		expect(emulator.customer(192)).toMatchObject({
			email: 'omar@example.com',
			password: seed.customers[192].password,
		});
	});

	it('a Customer ID carrying a second lookup travels as one value and matches no customer', async () => {
		const result = await runTrackfinity(
			emulator,
			{ customerId: '={{ $json.id }}', updateFields: { city: 'Nowhere' } },
			[{ json: { id: '191&customer_id=192' } }],
			{ onError: 'continueRegularOutput' },
		);
		expect(receivedPairs(updateRequests(emulator)[0])).toEqual([
			['customer_id', '191&customer_id=192'],
			['city', 'Nowhere'],
		]);
		expect(result.outputs('Trackfinity')[0][0].json.error).toBe(
			'Trackfinity refused the update (HTTP 404): Customer not found',
		);
		expect(emulator.customer(191).city).toBe('Springfield');
		expect(emulator.customer(192).city).toBe('Leeds');
	});

	it('a value with CR/LF and a fake header stays inside its field', async () => {
		const city = 'Leeds\r\nX-Evil: 1\r\n\r\ncustomer_id=192';
		await runTrackfinity(emulator, { customerId: '191', updateFields: { city } });
		expect(receivedPairs(updateRequests(emulator)[0])).toEqual([
			['customer_id', '191'],
			['city', city],
		]);
		expect(emulator.requests.filter((r) => 'x-evil' in r.headers)).toHaveLength(0);
		expect(emulator.customer(191).city).toBe(city);
	});

	it('no value can change the path: the update goes to the update path only', async () => {
		const path = await runTrackfinity(emulator, {
			customerId: '../service/ping?x=#',
			updateFields: { city: '../../x' },
		});
		expect(path.error?.message).toBe(
			'Trackfinity refused the update (HTTP 404): Customer not found',
		);
		expect(emulator.requests.map((r) => [r.method, r.url])).toEqual([
			['PATCH', '/api/customer/set_customer_details'],
		]);
	});
});

describe('Client Toolbox form: no value can add or change another form field or header', () => {
	let emulator: ClientToolboxEmulator;
	startEachTest(startClientToolboxEmulator, (started) => (emulator = started));

	it.each(ENCODINGS)(
		'%s: an email carrying "&type=customer_delete&user_id=x" is one field, stored verbatim',
		async (_name, bodyEncoding) => {
			const email = 'a@b.c&type=customer_delete&user_id=x';
			const result = await runClientToolbox(
				emulator,
				{
					matchBy: 'code',
					code: JOHN.code,
					ifNoMatch: 'create',
					updateFields: { email: '={{ $json.email }}' },
					options: { bodyEncoding },
				},
				[{ json: { email } }],
			);
			expect(result.error).toBeUndefined();
			expect(emulator.requests).toHaveLength(1);
			const pairs = receivedPairs(emulator.requests[0]);
			expect(valuesOf(pairs, 'type')).toEqual(['record_customer']);
			expect(valuesOf(pairs, 'user_id')).toEqual(['john1970']);
			expect(valuesOf(pairs, 'email')).toEqual([email]);
			expect(valuesOf(pairs, 'customer_action')).toEqual(['edit']);
			expect(pairs.map(([n]) => n).sort()).toEqual([
				'account_id',
				'code',
				'customer_action',
				'email',
				'output',
				'type',
				'user_api_key',
				'user_id',
			]);
			expect(emulator.edits).toEqual([
				{ accountId: ACCOUNT, code: JOHN.code, action: 'update', fields: { email } },
			]);
			expect(emulator.customer(ACCOUNT, JOHN.code)?.email).toBe(email);
			expect(emulator.customers(ACCOUNT)).toHaveLength(6);
		},
	);

	it.each(ENCODINGS)(
		'%s: a code carrying a second code is one value, looked up as a whole',
		async (_name, bodyEncoding) => {
			const result = await runClientToolbox(
				emulator,
				{
					matchBy: 'code',
					code: '={{ $json.code }}',
					ifNoMatch: 'fail',
					updateFields: { city: 'Evil' },
					options: { bodyEncoding },
				},
				[{ json: { code: `${JOHN.code}&code=${ANN.code}` } }],
				{ onError: 'continueRegularOutput' },
			);
			// The whole text is looked up as one code: nobody has it, so nothing is edited.
			expect(result.outputs('Client Toolbox')[0][0].json.error).toEqual(
				expect.stringContaining(`code "${JOHN.code}&code=${ANN.code}"`),
			);
			const [lookup] = emulator.requests.map(receivedPairs);
			expect(valuesOf(lookup, 'code')).toEqual([`${JOHN.code}&code=${ANN.code}`]);
			expect(valuesOf(lookup, 'type')).toEqual(['customer_info']);
			expect(emulator.requests).toHaveLength(1);
			expect(emulator.edits).toHaveLength(0);
		},
	);

	it.each(ENCODINGS)(
		'%s: values with CR/LF, a fake header or a fake part are stored as typed, no header or field arrives',
		async (_name, bodyEncoding) => {
			const note = 'likes cheese\r\nX-Evil: 1\r\n\r\ntype=customer_delete';
			const city = `Leeds\r\n--boundary\r\nContent-Disposition: form-data; name="code"\r\n\r\n${ANN.code}\r\n`;
			const result = await runClientToolbox(emulator, {
				matchBy: 'code',
				code: JOHN.code,
				ifNoMatch: 'create',
				updateFields: { custom_field: note, city },
				options: { bodyEncoding },
			});
			expect(result.error).toBeUndefined();
			const pairs = receivedPairs(emulator.requests[0]);
			expect(valuesOf(pairs, 'custom_field')).toEqual([note]);
			expect(valuesOf(pairs, 'city')).toEqual([city]);
			expect(valuesOf(pairs, 'code')).toEqual([JOHN.code]);
			expect(emulator.requests.filter((r) => 'x-evil' in r.headers)).toHaveLength(0);
			expect(emulator.customer(ACCOUNT, JOHN.code)).toMatchObject({ custom_field: note, city });
			expect(emulator.customer(ACCOUNT, ANN.code)?.city).toBeUndefined();
		},
	);

	describe.each(ENCODINGS)('%s credentials with CR/LF', (_name, bodyEncoding) => {
		it.each([
			[
				'a User ID',
				{ userId: 'john1970\r\nX-Evil: 1\r\n\r\nuser_id=mary_ops' },
				'user_id',
				'john1970\r\nX-Evil: 1\r\n\r\nuser_id=mary_ops',
				'Authentication failed: invalid user_id or user_api_key',
			],
			[
				'an API Key',
				{ apiKey: `${USER.apiKey}\r\nX-Evil: 1` },
				'user_api_key',
				`${USER.apiKey}\r\nX-Evil: 1`,
				'Authentication failed: invalid user_id or user_api_key',
			],
			[
				'a Password',
				{ authentication: 'password', password: `${USER.password}\nuser_id=mary_ops` },
				'user_password',
				`${USER.password}\nuser_id=mary_ops`,
				'Authentication failed: invalid user_id or user_password',
			],
		])(
			'%s with CR/LF is one form value, no header or field is added, and authentication fails safely',
			async (_label, credentials, field, value, refusal) => {
				const result = await runClientToolbox(
					emulator,
					{
						matchBy: 'code',
						code: JOHN.code,
						ifNoMatch: 'create',
						updateFields: { city: 'Evil' },
						options: { bodyEncoding },
					},
					undefined,
					{ credentials, onError: 'continueRegularOutput' },
				);
				expect(result.outputs('Client Toolbox')[0][0].json.error).toBe(
					`Client Toolbox refused the update: ${refusal}`,
				);
				expect(emulator.requests).toHaveLength(1);
				const pairs = receivedPairs(emulator.requests[0]);
				expect(valuesOf(pairs, field)).toEqual([value]);
				expect(valuesOf(pairs, 'user_id')).toHaveLength(1);
				expect(valuesOf(pairs, 'type')).toEqual(['record_customer']);
				expect(emulator.requests.filter((r) => 'x-evil' in r.headers)).toHaveLength(0);
				expect(emulator.edits).toHaveLength(0);
				expect(emulator.customer(ACCOUNT, JOHN.code)?.city).toBe('Anytown');
			},
		);
	});

	it('an account ID carrying another account is one value and reaches no other account', async () => {
		const result = await runClientToolbox(
			emulator,
			{
				matchBy: 'code',
				code: JOHN.code,
				ifNoMatch: 'create',
				accountId: `${ACCOUNT}&account_id=smallgadgets`,
				updateFields: { city: 'Evil' },
			},
			undefined,
			{ onError: 'continueRegularOutput' },
		);
		expect(result.outputs('Client Toolbox')[0][0].json.error).toBe(
			`Client Toolbox refused the update: Account "${ACCOUNT}&account_id=smallgadgets" was not found or is not accessible to user john1970`,
		);
		expect(valuesOf(receivedPairs(emulator.requests[0]), 'account_id')).toEqual([
			`${ACCOUNT}&account_id=smallgadgets`,
		]);
		expect(emulator.edits).toHaveLength(0);
	});
});
