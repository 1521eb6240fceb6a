import type { INodeProperties } from 'n8n-workflow';

import { clientToolboxApiUrl } from '../../nodes/ClientToolbox/apiUrl';
import { ClientToolbox } from '../../nodes/ClientToolbox/ClientToolbox.node';
import {
	CLIENT_TOOLBOX_FIELDS,
	CUSTOM_FIELD_NUMBER,
	JSONP_CALLBACK,
} from '../../nodes/ClientToolbox/fields';
import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { collectFields } from '../../nodes/shared/input/fieldTable';
import { JOHN, runClientToolbox, sentFields, type ClientToolboxEmulator } from './helpers';
import { startEachTest } from '../harness/lifecycle';

const DOCUMENTED = [
	'new_code',
	'card_number_generate',
	'first_name',
	'last_name',
	'phone',
	'email',
	'street1',
	'street2',
	'city',
	'state',
	'postal_code',
	'country',
	'custom_date',
	'custom_field',
	'customer_username',
	'customer_password',
	'customer_PIN',
	'send_no_email',
	'auto_add',
];

function collect(updateFields: Record<string, unknown>) {
	return collectFields(CLIENT_TOOLBOX_FIELDS, updateFields as never, []);
}

describe('Client Toolbox field table', () => {
	it('holds every documented optional data field once, with its wire name, and nothing clearable', () => {
		expect(CLIENT_TOOLBOX_FIELDS.map((f) => f.wire).sort()).toEqual([...DOCUMENTED].sort());
		for (const f of CLIENT_TOOLBOX_FIELDS) {
			expect(f.clear).toBe('notClearable');
			expect(f.description.length).toBeGreaterThan(20);
		}
		expect(
			CLIENT_TOOLBOX_FIELDS.filter((f) => f.secret)
				.map((f) => f.wire)
				.sort(),
		).toEqual(['customer_PIN', 'customer_password']);
	});

	it('is what the node offers in Update Fields', () => {
		const props = new ClientToolbox().description.properties;
		const update = props.find((p) => p.name === 'updateFields') as INodeProperties;
		expect((update.options as INodeProperties[]).map((o) => o.name).sort()).toEqual(
			[...DOCUMENTED].sort(),
		);
		expect(props.find((p) => p.name === 'fieldsToClear')).toBeUndefined();
	});

	it.each([['1970-07-14'], ['2000-02-29'], ['1999-12-31']])(
		'custom_date accepts the real date %j',
		(value) => {
			expect(() => collect({ custom_date: value })).not.toThrow();
		},
	);

	it.each([
		['04-03-2010'],
		['1970/07/14'],
		['1970-7-14'],
		['2023-02-29'],
		['1970-13-01'],
		['14.07.1970'],
		['1970-07-14T00:00:00Z'],
		[' 1970-07-14'],
	])('custom_date refuses %j, naming the field and the rule', (value) => {
		expect(() => collect({ custom_date: value })).toThrow(
			`"Custom Date" (custom_date) must be a real date in YYYY-MM-DD format (e.g. 1985-04-23); got "${value}"`,
		);
	});

	it('card_number_generate takes 1 to 32 digits', () => {
		for (const ok of ['1', '10', 16, '32'])
			expect(() => collect({ card_number_generate: ok })).not.toThrow();
		for (const bad of ['0', '33', '-5', '10.5', 'ten', '1e2']) {
			expect(() => collect({ card_number_generate: bad })).toThrow(
				/"Generate Card Number \(Digits\)" \(card_number_generate\) must be/,
			);
		}
	});

	it('sends send_no_email only as true', () => {
		expect(collect({ send_no_email: true }).values.map((v) => v.text)).toEqual(['true']);
	});

	it('never echoes a secret value in a rule error', () => {
		expect(() => collect({ customer_password: { nested: 'hunter2' } })).toThrow(
			/not a list or an object/,
		);
	});

	it('custom field numbers and JSONP callbacks follow their rules', () => {
		for (const ok of ['1', '2', '99']) expect(CUSTOM_FIELD_NUMBER.test(ok)).toBe(true);
		for (const bad of ['0', '', '02', 'a', '1 2', '-1'])
			expect(CUSTOM_FIELD_NUMBER.test(bad)).toBe(false);
		for (const ok of ['cb', 'handleCustomer', 'app.handle', '$jq_1'])
			expect(JSONP_CALLBACK.test(ok)).toBe(true);
		for (const bad of ['1cb', 'a-b', 'alert(1)', 'a..b', '', 'x;y'])
			expect(JSONP_CALLBACK.test(bad)).toBe(false);
	});
});

describe('Client Toolbox API URL', () => {
	it.each([
		['', 'https://api.clienttoolbox.com'],
		['https://api.clienttoolbox.com/', 'https://api.clienttoolbox.com'],
		['https://rewards.example.com/api.php', 'https://rewards.example.com/api.php'],
		[' http://127.0.0.1:18082 ', 'http://127.0.0.1:18082'],
	])('accepts %j', (typed, url) => {
		expect(clientToolboxApiUrl(typed)).toBe(url);
	});

	it.each([
		['http://rewards.example.com/api.php', /must use https:\/\//],
		[
			'https://rewards.example.com/admin.php',
			/use the same address with api\.php instead, e\.g\. https:\/\/rewards\.example\.com\/api\.php/,
		],
		['https://api.clienttoolbox.com/?user_id=x', /must not contain "\?" or "#"/],
		['ftp://api.clienttoolbox.com', /must be an https:\/\/ address/],
		['api.clienttoolbox.com', /must be an https:\/\/ address/],
	])('refuses %j', (typed, message) => {
		expect(() => clientToolboxApiUrl(typed)).toThrow(message);
	});
});

describe('Client Toolbox input rules, checked before sending', () => {
	let emulator: ClientToolboxEmulator;

	startEachTest(startClientToolboxEmulator, (started) => (emulator = started));

	it.each([
		[
			'no data field at all',
			{ matchBy: 'code', code: JOHN.code },
			/nothing to update: add at least one field in Update Fields or a Custom Field/,
		],
		[
			'only empty fields',
			{
				matchBy: 'code',
				code: JOHN.code,
				updateFields: { city: '', send_no_email: false },
				customFields: { field: [{ number: '1', value: '' }] },
			},
			/nothing to update/,
		],
		[
			'an empty code',
			{ matchBy: 'code', code: '  ', updateFields: { city: 'X' } },
			/"Code" \(code\) must not be empty: it identifies the customer to update/,
		],
		[
			'an empty card number',
			{
				matchBy: 'cardNumber',
				cardNumber: '={{ $json.missing ?? "" }}',
				updateFields: { city: 'X' },
			},
			/"Card Number" \(card_number\) must not be empty/,
		],
		[
			'a code that lost digits as a number',
			{ matchBy: 'code', code: '={{ 8989898989898989 * 10 + 1 }}', updateFields: { city: 'X' } },
			/"Code" \(code\) must be text: this number is too long to be read exactly/,
		],
		[
			'card_number_generate with a card number',
			{
				matchBy: 'cardNumber',
				cardNumber: JOHN.card,
				updateFields: { card_number_generate: '10' },
			},
			/cannot be sent with a Card Number/,
		],
		[
			'a custom field number that is not one',
			{
				matchBy: 'code',
				code: JOHN.code,
				customFields: { field: [{ number: 'two', value: 'x' }] },
			},
			/"Custom Field 1 Number" \(custom_field_##\) must be the number of a custom field/,
		],
		[
			'the same custom field twice',
			{
				matchBy: 'code',
				code: JOHN.code,
				customFields: {
					field: [
						{ number: '1', value: 'a' },
						{ number: '1', value: 'b' },
					],
				},
			},
			/"Custom Field 2" \(custom_field_1\) must appear only once/,
		],
		[
			'an empty account',
			{
				matchBy: 'code',
				code: JOHN.code,
				accountId: ' ',
				updateFields: { city: 'X' },
				credentials: { accountId: '' },
			},
			/"Account ID" \(account_id\) must not be empty/,
		],
	])('refuses %s, naming the item', async (_name, params, message) => {
		const { credentials, ...parameters } = params as Record<string, unknown>;
		const result = await runClientToolbox(emulator, parameters, undefined, {
			credentials: credentials as Record<string, unknown>,
		});
		expect(result.error?.message).toMatch(/^Invalid input in item 0: /);
		expect(result.error?.message).toMatch(message);
		expect(emulator.requests).toHaveLength(0);
	});

	it('counts a card number stored by code as a change, and reports empty fields it did not send', async () => {
		const result = await runClientToolbox(emulator, {
			matchBy: 'codeAndCardNumber',
			code: JOHN.code,
			cardNumber: '6060606060',
			ifNoMatch: 'create',
			updateFields: { city: '', email: 'j@example.com' },
			customFields: { field: [{ number: '1', value: '' }] },
		});
		expect(result.outputs('Client Toolbox')[0][0].json).toMatchObject({
			changedFields: ['card_number', 'email'],
			ignoredEmptyFields: ['city', 'custom_field_1'],
		});
		expect(sentFields(emulator.requests[0])).not.toHaveProperty('city');
		expect(sentFields(emulator.requests[0])).not.toHaveProperty('custom_field_1');
	});

	it('refuses a credential API URL that is not https before sending', async () => {
		const result = await runClientToolbox(
			emulator,
			{ matchBy: 'code', code: JOHN.code, updateFields: { city: 'X' } },
			undefined,
			{
				credentials: { apiUrl: 'http://api.clienttoolbox.com' },
			},
		);
		expect(result.error?.message).toMatch(/the credential's API URL must use https:\/\//);
	});
});
