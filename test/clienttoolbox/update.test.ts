import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import {
	ACCOUNT,
	ANN,
	CORA,
	JOHN,
	TWINS_CARD,
	USER,
	runClientToolbox,
	sentFields,
	sentTypes,
	type ClientToolboxEmulator,
} from './helpers';
import { startEachTest } from '../harness/lifecycle';

describe('Client Toolbox Update Customer through the n8n engine', () => {
	let emulator: ClientToolboxEmulator;

	startEachTest(startClientToolboxEmulator, (started) => (emulator = started));

	const NODE = 'Client Toolbox';

	it('updates a customer by code and posts every field as a form field, credentials included, nothing in the URL', async () => {
		const result = await runClientToolbox(emulator, {
			matchBy: 'code',
			code: JOHN.code,
			ifNoMatch: 'create',
			updateFields: { first_name: 'Johnny', city: 'Wellington', custom_date: '1971-01-02' },
		});
		expect(result.error).toBeUndefined();
		const [main] = result.outputs(NODE);
		expect(main).toHaveLength(1);
		expect(main[0].json).toEqual({
			provider: 'clientToolbox',
			customerId: JOHN.code,
			status: 'updated',
			providerStatus: 'update',
			changedFields: ['first_name', 'city', 'custom_date'],
			code: JOHN.code,
			created: false,
			accountId: ACCOUNT,
			matchedBy: 'code',
			checkedFirst: false,
			responseFormat: 'xml',
		});
		expect(main[0].pairedItem).toEqual({ item: 0 });
		expect(emulator.customer(ACCOUNT, JOHN.code)).toMatchObject({
			first_name: 'Johnny',
			last_name: 'Doe',
			city: 'Wellington',
			custom_date: '1971-01-02',
		});

		expect(emulator.requests).toHaveLength(1);
		const request = emulator.requests[0];
		expect(request.method).toBe('POST');
		expect(request.url).toBe('/');
		expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
		expect(sentFields(request)).toEqual({
			type: 'record_customer',
			customer_action: 'edit',
			account_id: ACCOUNT,
			code: JOHN.code,
			first_name: 'Johnny',
			city: 'Wellington',
			custom_date: '1971-01-02',
			output: 'XML',
			user_id: 'john1970',
			user_api_key: USER.apiKey,
		});
	});

	it('sends every documented field with its wire name, and leaves send_no_email out when it is off', async () => {
		const updateFields = {
			first_name: 'John',
			last_name: 'Doe',
			phone: '555-555-2455',
			email: 'test@email.com',
			street1: '123 Main St.',
			street2: 'Apt 3G',
			city: 'Anytown',
			state: 'ZZ',
			postal_code: '55555',
			country: 'NZ',
			custom_date: '1970-07-14',
			custom_field: 'John likes cheese.',
			customer_username: 'jdoe1970',
			customer_password: 'ilovecheese2',
			customer_PIN: '4321',
			auto_add: '25',
			send_no_email: true,
		};
		const result = await runClientToolbox(emulator, {
			matchBy: 'code',
			code: JOHN.code,
			updateFields,
		});
		expect(result.error).toBeUndefined();
		const edit = sentFields(emulator.requests[1]);
		for (const [wire, value] of Object.entries(updateFields))
			expect(edit[wire]).toBe(value === true ? 'true' : value);
		expect(emulator.customer(ACCOUNT, JOHN.code)).toMatchObject({
			customer_PIN: '4321',
			customer_password: 'ilovecheese2',
			balance: 25,
		});
		const json = JSON.stringify(result.outputs(NODE)[0][0].json);
		expect(json).not.toContain('ilovecheese2');
		expect(json).not.toContain('4321');

		emulator.clearRequests();
		const off = await runClientToolbox(emulator, {
			matchBy: 'code',
			code: JOHN.code,
			updateFields: { city: 'Wellington', send_no_email: false },
		});
		expect(off.outputs(NODE)[0][0].json.changedFields).toEqual(['city']);
		expect(off.outputs(NODE)[0][0].json.ignoredEmptyFields).toBeUndefined();
		expect(sentFields(emulator.requests[1])).not.toHaveProperty('send_no_email');
	});

	it('updates by card number and returns the pre-existing code; a card number tried as a code also matches', async () => {
		const byCard = await runClientToolbox(emulator, {
			matchBy: 'cardNumber',
			cardNumber: ANN.card,
			updateFields: { phone: '021 555 0101' },
		});
		expect(byCard.outputs(NODE)[0][0].json).toMatchObject({
			status: 'updated',
			customerId: ANN.code,
			created: false,
			matchedBy: 'card_number',
		});
		expect(emulator.customer(ACCOUNT, ANN.code)).toMatchObject({
			phone: '021 555 0101',
			card_number: ANN.card,
		});

		// "7777777777" is nobody's card number but Cora's code: the API's last match attempt finds her and
		// replaces her card number with the value sent.
		const byCode = await runClientToolbox(emulator, {
			matchBy: 'cardNumber',
			cardNumber: CORA.code,
			ifNoMatch: 'create',
			updateFields: { city: 'Nelson' },
		});
		expect(byCode.outputs(NODE)[0][0].json).toMatchObject({
			status: 'updated',
			customerId: CORA.code,
			created: false,
		});
		expect(emulator.customer(ACCOUNT, CORA.code)).toMatchObject({
			city: 'Nelson',
			card_number: CORA.code,
		});
		expect(emulator.customers(ACCOUNT)).toHaveLength(6);
	});

	it('replaces the card number of a customer matched by code', async () => {
		const result = await runClientToolbox(emulator, {
			matchBy: 'codeAndCardNumber',
			code: JOHN.code,
			cardNumber: '4242424242',
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs(NODE)[0][0].json).toMatchObject({
			status: 'updated',
			changedFields: ['card_number'],
			matchedBy: 'code and card_number',
		});
		expect(emulator.customer(ACCOUNT, JOHN.code)?.card_number).toBe('4242424242');
		expect(emulator.customersWithCard(ACCOUNT, JOHN.card)).toHaveLength(0);
	});

	it('fails with the API text when several customers have the card number, and changes nobody', async () => {
		for (const ifNoMatch of ['create', 'fail']) {
			emulator.clearRequests();
			const result = await runClientToolbox(emulator, {
				matchBy: 'cardNumber',
				cardNumber: TWINS_CARD,
				ifNoMatch,
				updateFields: { city: 'Twinsville' },
			});
			expect(result.error?.message).toMatch(`Multiple customers match card_number ${TWINS_CARD}`);
			expect(
				emulator.customersWithCard(ACCOUNT, TWINS_CARD).map((c: { city?: string }) => c.city),
			).toEqual([undefined, undefined]);
			// Checked first: the edit is never sent.
			expect(sentTypes(emulator)).toEqual(
				ifNoMatch === 'fail' ? ['customer_info'] : ['record_customer'],
			);
		}
		expect(emulator.customers(ACCOUNT)).toHaveLength(6);
	});

	it('reports a generated card number, unique and of the asked length, and stores it', async () => {
		const result = await runClientToolbox(
			emulator,
			{
				matchBy: 'code',
				code: '={{ $json.code }}',
				updateFields: { card_number_generate: '={{ $json.digits }}' },
			},
			[{ json: { code: JOHN.code, digits: 10 } }, { json: { code: ANN.code, digits: 12 } }],
		);
		expect(result.error).toBeUndefined();
		const [main] = result.outputs(NODE);
		const [john, ann] = main.map((i) => i.json.cardNumber as string);
		expect(john).toMatch(/^[1-9]\d{9}$/);
		expect(ann).toMatch(/^[1-9]\d{11}$/);
		expect(emulator.customer(ACCOUNT, JOHN.code)?.card_number).toBe(john);
		expect(emulator.customer(ACCOUNT, ANN.code)?.card_number).toBe(ann);
		expect(main[0].json.changedFields).toEqual(['card_number_generate']);
		const edits = emulator.requests.map(sentFields).filter((f) => f.type === 'record_customer');
		expect(edits.map((f) => [f.code, f.card_number_generate]).sort()).toEqual([
			[ANN.code, '12'],
			[JOHN.code, '10'],
		]);
	});

	it('uses the account chosen per item, else the credential account', async () => {
		const result = await runClientToolbox(
			emulator,
			{
				matchBy: 'code',
				code: '={{ $json.code }}',
				accountId: '={{ $json.account }}',
				updateFields: { city: '={{ $json.city }}' },
			},
			[
				{ json: { code: '2000000000000001', account: 'smallgadgets', city: 'Napier' } },
				{ json: { code: JOHN.code, account: '', city: 'Hastings' } },
			],
		);
		expect(result.outputs(NODE)[0].map((i) => i.json.accountId)).toEqual(['smallgadgets', ACCOUNT]);
		expect(emulator.customer('smallgadgets', '2000000000000001')?.city).toBe('Napier');
		expect(emulator.customer(ACCOUNT, JOHN.code)?.city).toBe('Hastings');
	});

	it('sends a multipart/form-data body when asked, credentials added as parts', async () => {
		const result = await runClientToolbox(emulator, {
			matchBy: 'code',
			code: JOHN.code,
			updateFields: { custom_field: 'Likes "Gouda" & Swiss\r\nand Emental', last_name: 'Dœ' },
			options: { bodyEncoding: 'multipart' },
		});
		expect(result.error).toBeUndefined();
		for (const request of emulator.requests)
			expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(sentFields(emulator.requests[1])).toMatchObject({
			user_id: 'john1970',
			user_api_key: USER.apiKey,
			type: 'record_customer',
		});
		expect(emulator.customer(ACCOUNT, JOHN.code)).toMatchObject({
			custom_field: 'Likes "Gouda" & Swiss\r\nand Emental',
			last_name: 'Dœ',
		});
	});

	it("posts to a control-panel domain's api.php", async () => {
		const result = await runClientToolbox(
			emulator,
			{ matchBy: 'code', code: JOHN.code, updateFields: { city: 'Picton' } },
			undefined,
			{
				credentials: { apiUrl: `${emulator.url.replace('127.0.0.1', 'localhost')}/api.php` },
			},
		);
		expect(result.error).toBeUndefined();
		expect(emulator.requests.map((r) => r.path)).toEqual(['/api.php', '/api.php']);
	});

	it.each(['continueErrorOutput', 'continueRegularOutput'] as const)(
		'processes each item with its own expressions and keeps going past failures (%s)',
		async (onError) => {
			const result = await runClientToolbox(
				emulator,
				{
					matchBy: '={{ $json.by }}',
					code: '={{ $json.code }}',
					cardNumber: '={{ $json.card }}',
					ifNoMatch: 'fail',
					updateFields: { email: '={{ $json.email }}', custom_date: '={{ $json.date }}' },
				},
				[
					{ json: { by: 'code', code: JOHN.code, email: 'john@new.example', date: '1970-07-14' } },
					{
						json: {
							by: 'cardNumber',
							card: TWINS_CARD,
							email: 'twin@example.com',
							date: '1980-01-01',
						},
					},
					{
						json: {
							by: 'cardNumber',
							card: ANN.card,
							email: 'ann@new.example',
							date: '14/07/1970',
						},
					},
					{
						json: {
							by: 'code',
							code: '0000000000000000',
							email: 'ghost@example.com',
							date: '1990-02-02',
						},
					},
					{
						json: {
							by: 'cardNumber',
							card: ANN.card,
							email: 'ann@new.example',
							date: '1971-08-15',
						},
					},
				],
				{ onError },
			);
			expect(result.error).toBeUndefined();
			const [main, errors = []] = result.outputs(NODE);
			const all = onError === 'continueErrorOutput' ? [...main, ...errors] : main;
			const byItem = new Map(all.map((i) => [(i.pairedItem as { item: number }).item, i.json]));
			expect([...byItem.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
			expect(byItem.get(0)).toMatchObject({ status: 'updated', customerId: JOHN.code });
			expect(byItem.get(4)).toMatchObject({
				status: 'updated',
				customerId: ANN.code,
				matchedBy: 'card_number',
			});
			expect(String(byItem.get(1)?.error)).toMatch(/Multiple customers match card_number/);
			expect(String(byItem.get(2)?.error)).toMatch(
				/^Invalid input in item 2: "Custom Date" \(custom_date\) must be a real date in YYYY-MM-DD format \(e\.g\. 1985-04-23\); got "14\/07\/1970"/,
			);
			expect(String(byItem.get(3)?.error)).toMatch(
				/No customer was updated: Client Toolbox found no customer for code "0000000000000000" \(No customer found with code 0000000000000000\)/,
			);
			if (onError === 'continueErrorOutput') {
				expect(main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 4 }]);
				expect(errors).toHaveLength(3);
			} else {
				expect(main.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
				expect(byItem.get(3)).toMatchObject({
					provider: 'clientToolbox',
					itemIndex: 3,
					providerStatus: 'error',
				});
			}
			expect(emulator.customer(ACCOUNT, ANN.code)).toMatchObject({
				email: 'ann@new.example',
				custom_date: '1971-08-15',
			});
			expect(emulator.customers(ACCOUNT)).toHaveLength(6);
			// The invalid item sent nothing; the unknown code was only looked up.
			expect(sentTypes(emulator).filter((t) => t === 'record_customer')).toHaveLength(2);
		},
	);

	it('stops before sending anything when an item is invalid and no continue mode is set', async () => {
		const result = await runClientToolbox(
			emulator,
			{
				matchBy: 'code',
				code: '={{ $json.code }}',
				updateFields: { custom_date: '={{ $json.date }}' },
			},
			[
				{ json: { code: JOHN.code, date: '1970-07-14' } },
				{ json: { code: ANN.code, date: '2023-02-29' } },
			],
		);
		expect(result.error?.message).toBe(
			'Invalid input in item 1: "Custom Date" (custom_date) must be a real date in YYYY-MM-DD format (e.g. 1985-04-23); got "2023-02-29"',
		);
		expect(emulator.requests).toHaveLength(0);
	});
});
