import { ClientToolboxApi } from '../../credentials/ClientToolboxApi.credentials';
import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { testCredential } from '../harness/credentialTest';
import {
	ACCOUNT,
	BY_KEY,
	BY_PASSWORD,
	JOHN,
	USER,
	runClientToolbox,
	sentFields,
	type ClientToolboxEmulator,
} from './helpers';
import { startEachTest } from '../harness/lifecycle';

describe('Client Toolbox authentication', () => {
	let emulator: ClientToolboxEmulator;

	startEachTest(startClientToolboxEmulator, (started) => (emulator = started));

	it('credential Test passes with the API key and with the password, posting account_info as a form', async () => {
		expect(
			await testCredential('clientToolboxApi', { apiUrl: `${emulator.url}/`, ...BY_KEY }),
		).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(
			await testCredential('clientToolboxApi', {
				apiUrl: `${emulator.url}/api.php`,
				...BY_PASSWORD,
			}),
		).toMatchObject({ status: 'OK' });
		expect(emulator.requests.map((r) => r.path)).toEqual(['/', '/api.php']);
		expect(emulator.requests.map((r) => r.url)).toEqual(['/', '/api.php']);
		expect(sentFields(emulator.requests[0])).toEqual({
			type: 'account_info',
			account_id: ACCOUNT,
			output: 'JSON',
			user_id: 'john1970',
			user_api_key: USER.apiKey,
		});
		expect(sentFields(emulator.requests[1])).toEqual({
			type: 'account_info',
			account_id: ACCOUNT,
			output: 'JSON',
			user_id: 'john1970',
			user_password: USER.password,
		});
	});

	it.each([
		['a wrong API key', { apiKey: 'not-the-key' }],
		['a wrong password', { ...BY_PASSWORD, password: 'not-the-password' }],
		['an unknown user', { userId: 'nobody' }],
		['an account the user cannot reach', { accountId: 'someoneelse' }],
	])('credential Test fails for %s', async (_name, override) => {
		const outcome = await testCredential('clientToolboxApi', {
			apiUrl: emulator.url,
			...BY_KEY,
			...override,
		});
		expect(outcome).toEqual({
			status: 'Error',
			message:
				'Client Toolbox refused the credentials: check User ID, API Key or Password, and Account ID',
		});
	});

	it('credential Test fails on an HTTP error page', async () => {
		emulator.setKnobs({ fault: { mode: 'html-5xx', status: 503, count: 1 } });
		const outcome = await testCredential('clientToolboxApi', { apiUrl: emulator.url, ...BY_KEY });
		expect(outcome.status).toBe('Error');
	});

	it.each([
		[
			'a wrong API key',
			{ apiKey: 'wrong-key-0001' },
			'wrong-key-0001',
			/invalid user_id or user_api_key/,
		],
		[
			'a wrong password',
			{ ...BY_PASSWORD, password: 'wrong-pass-0002' },
			'wrong-pass-0002',
			/invalid user_id or user_password/,
		],
	])(
		'fails the item with the API text for %s, and never shows the secret',
		async (_name, credentials, secret, text) => {
			for (const ifNoMatch of ['create', 'fail']) {
				const result = await runClientToolbox(
					emulator,
					{ matchBy: 'code', code: JOHN.code, ifNoMatch, updateFields: { city: 'Nope' } },
					undefined,
					{ credentials },
				);
				expect(result.error?.message).toMatch(text);
				expect(JSON.stringify(result.run.data)).not.toContain(secret);
			}
			expect(emulator.customer(ACCOUNT, JOHN.code)?.city).toBe('Anytown');
			expect(emulator.edits).toHaveLength(0);
		},
	);

	it('removes the key, the password and the customer secrets from an answer that echoes the request', async () => {
		const echo = (request: { text: string }) =>
			`<response status="error"><error>Bad request: ${decodeURIComponent(request.text.replace(/\+/g, ' ')).replace(/&/g, '&amp;')}</error></response>`;
		for (const [credentials, secret] of [
			[BY_KEY, USER.apiKey],
			[BY_PASSWORD, USER.password],
		] as const) {
			for (const onError of ['continueRegularOutput', 'continueErrorOutput'] as const) {
				emulator.setKnobs({
					fault: { mode: 'error-body-200', count: 1, body: echo, contentType: 'text/xml' },
				});
				const result = await runClientToolbox(
					emulator,
					{
						matchBy: 'code',
						code: JOHN.code,
						ifNoMatch: 'create',
						updateFields: { customer_password: 'hunter2-new', customer_PIN: '97531' },
					},
					undefined,
					{ credentials, onError },
				);
				const everything = JSON.stringify(result.run.data);
				expect(everything).toContain(
					'Client Toolbox refused the update: Bad request: type=record_customer',
				);
				expect(everything).not.toContain(secret);
				expect(everything).not.toContain(encodeURIComponent(secret));
				expect(everything).not.toContain('hunter2-new');
				expect(everything).not.toContain('97531');
			}
		}
	});

	it('authenticate adds the fields to a URL-encoded body, a multipart body and an object body without touching the original', async () => {
		const credential = new ClientToolboxApi();
		const urlencoded = {
			method: 'POST' as const,
			url: 'https://api.clienttoolbox.com',
			body: 'type=account_info',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
		};
		const signed = await credential.authenticate(
			{ ...BY_PASSWORD, password: 'p&ss=word' },
			urlencoded,
		);
		expect(signed.body).toBe('type=account_info&user_id=john1970&user_password=p%26ss%3Dword');
		expect(urlencoded.body).toBe('type=account_info');

		const boundary = 'XyZ';
		const multipart = {
			method: 'POST' as const,
			url: 'https://api.clienttoolbox.com',
			body: Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\naccount_info\r\n--${boundary}--\r\n`,
			),
			headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
		};
		const parts = await credential.authenticate(BY_KEY, multipart);
		expect((parts.body as Buffer).toString()).toBe(
			`--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\naccount_info\r\n` +
				`--${boundary}\r\nContent-Disposition: form-data; name="user_id"\r\n\r\njohn1970\r\n` +
				`--${boundary}\r\nContent-Disposition: form-data; name="user_api_key"\r\n\r\n${USER.apiKey}\r\n--${boundary}--\r\n`,
		);
		expect(multipart.body.toString()).not.toContain('user_id');

		const object = await credential.authenticate(BY_KEY, {
			url: 'https://x',
			method: 'POST',
			body: { type: 'account_info', account_id: 'a b' },
		});
		expect(object.body).toBe(
			`type=account_info&account_id=a+b&user_id=john1970&user_api_key=${USER.apiKey}`,
		);
		expect(object.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
		expect(object.qs).toBeUndefined();
	});
});
