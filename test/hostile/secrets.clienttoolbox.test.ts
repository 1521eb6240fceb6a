import { ClientToolboxApi } from '../../credentials/ClientToolboxApi.credentials';
import { CLIENT_TOOLBOX_FIELDS } from '../../nodes/ClientToolbox/fields';
import { defaultSeed, startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { FAULT_MODES } from '../../sandbox/lib/faults';
import { testCredential } from '../harness/credentialTest';
import type { RunResult } from '../harness/engine';
import { ACCOUNT, JOHN, TWINS_CARD, runClientToolbox, type ClientToolboxEmulator } from '../clienttoolbox/helpers';
import { leaks, visibleTexts } from './helpers';

// Built, not written out: long literals here read like committed credentials.
const USER_KEY = ['ctb', 'key', 'with space', 'and+plus', '&amp=1'].join('_');
const USER_PASSWORD = ['pa ss', 'word!', "(it's)", '*1+2=3'].join('~');
const WRONG_KEY = ['wrong', 'but', 'secret', 'key', '0042'].join('-');
const CUSTOMER_PASSWORD = 'n3w pass&word=1+2';
const CUSTOMER_PIN = '837261';

/** A seed whose user has a key and a password that URL-encode differently with every encoder. */
function seed() {
	const s = defaultSeed();
	s.users.john1970.apiKey = USER_KEY;
	s.users.john1970.password = USER_PASSWORD;
	return s;
}

const BY_KEY = { userId: 'john1970', authentication: 'apiKey', apiKey: USER_KEY, accountId: ACCOUNT };
const BY_PASSWORD = { userId: 'john1970', authentication: 'password', password: USER_PASSWORD, accountId: ACCOUNT };

/** A debug error page that echoes the whole request back, body and headers, as some servers do. */
function echoPage(request: { headers: Record<string, unknown>; text: string }): string {
	return `<html><body><h1>Error</h1><pre>${request.text}</pre><pre>${JSON.stringify(request.headers)}</pre></body></html>`;
}

/** Client Toolbox's own error shape, its text quoting the request it got. */
function echoingRefusal(request: { text: string }): string {
	return JSON.stringify({ status: 'error', error: `Could not process ${request.text}` });
}

type Scenario = { name: string; parameters: Record<string, unknown>; fault?: Record<string, unknown>; credentials?: Record<string, unknown> };

const WITH_SECRETS = {
	matchBy: 'code',
	code: JOHN.code,
	ifNoMatch: 'create',
	updateFields: { city: 'Leeds', customer_password: CUSTOMER_PASSWORD, customer_PIN: CUSTOMER_PIN },
};

const SCENARIOS: Scenario[] = [
	{ name: 'a bad custom date next to the customer secrets', parameters: { ...WITH_SECRETS, updateFields: { ...WITH_SECRETS.updateFields, custom_date: '14/07/1970' } } },
	{ name: 'a missing code next to the customer secrets', parameters: { ...WITH_SECRETS, code: '={{ "" }}' } },
	{ name: 'a bad JSONP callback', parameters: { ...WITH_SECRETS, options: { responseFormat: 'json', jsonpCallback: 'x()' } } },
	{ name: 'a broken API URL', parameters: WITH_SECRETS, credentials: { apiUrl: 'ftp://x' } },
	{ name: 'a wrong API key', parameters: WITH_SECRETS, credentials: { apiKey: WRONG_KEY } },
	{ name: 'a wrong password', parameters: WITH_SECRETS, credentials: { ...BY_PASSWORD, password: WRONG_KEY } },
	{ name: 'an unknown account', parameters: { ...WITH_SECRETS, accountId: 'nobody' } },
	{ name: 'no customer matches (checked first)', parameters: { ...WITH_SECRETS, code: '123', ifNoMatch: 'fail' } },
	{ name: 'several customers share the card', parameters: { ...WITH_SECRETS, matchBy: 'cardNumber', code: '', cardNumber: TWINS_CARD } },
	{ name: 'a custom field the account lacks', parameters: { ...WITH_SECRETS, customFields: { field: [{ number: '99', value: 'x' }] } } },
	...Object.keys(FAULT_MODES).map((mode) => ({ name: `the ${mode} fault`, parameters: WITH_SECRETS, fault: { mode, count: 1 } })),
	...Object.keys(FAULT_MODES).map((mode) => ({
		name: `the ${mode} fault, password and multipart`,
		parameters: { ...WITH_SECRETS, options: { bodyEncoding: 'multipart' } },
		credentials: BY_PASSWORD,
		fault: { mode, count: 1 },
	})),
	{ name: 'an error page echoing the request', parameters: WITH_SECRETS, fault: { mode: 'html-5xx', count: 1, body: echoPage } },
	{ name: 'an error page echoing the request (password)', parameters: WITH_SECRETS, credentials: BY_PASSWORD, fault: { mode: 'html-5xx', count: 1, body: echoPage } },
	{
		name: 'an error page echoing a multipart request (password)',
		parameters: { ...WITH_SECRETS, options: { bodyEncoding: 'multipart' } },
		credentials: BY_PASSWORD,
		fault: { mode: 'html-5xx', count: 1, body: echoPage },
	},
	{ name: 'a 200 page echoing the request', parameters: WITH_SECRETS, fault: { mode: 'wrong-content-type', count: 1, body: echoPage } },
	{ name: 'a Client Toolbox error quoting the request', parameters: WITH_SECRETS, fault: { mode: 'error-body-200', count: 1, body: echoingRefusal } },
	{
		name: 'a Client Toolbox error quoting the check before the edit',
		parameters: { ...WITH_SECRETS, ifNoMatch: 'fail' },
		credentials: BY_PASSWORD,
		fault: { mode: 'error-body-200', count: 1, body: echoingRefusal },
	},
];

describe('Client Toolbox: no user key, user password, customer password or PIN in any output or error', () => {
	let emulator: ClientToolboxEmulator;

	beforeEach(async () => {
		emulator = await startClientToolboxEmulator({ seed: seed() });
	});

	afterEach(async () => {
		await emulator.close();
	});

	it.each(SCENARIOS)('$name', async ({ parameters, credentials, fault }) => {
		const runs: RunResult[] = [];
		for (const onError of [undefined, 'continueRegularOutput', 'continueErrorOutput'] as const) {
			if (fault) emulator.setKnobs({ fault: { ...fault } });
			const options = { maxRetries: 0, timeoutMs: 400, ...((parameters.options as object | undefined) ?? {}) };
			runs.push(
				await runClientToolbox(emulator, { ...parameters, options }, [{ json: {} }], {
					credentials: { ...BY_KEY, ...(credentials ?? {}) },
					...(onError ? { onError } : {}),
				}),
			);
		}
		expect(runs[0].error).toBeDefined();
		expect(runs[2].outputs('Client Toolbox')[1]).toHaveLength(1);
		// visibleTexts leaves out n8n's own `error.node`: n8n serializes the node's parameters there, which are
		// the user's own workflow (where the customer password was typed), not anything this package adds.
		const texts = runs.flatMap((r) => visibleTexts(r, 'Client Toolbox'));
		const secrets = [USER_KEY, USER_PASSWORD, CUSTOMER_PASSWORD, CUSTOMER_PIN, WRONG_KEY];
		expect(leaks(texts, secrets)).toEqual([]);
	});

	it('credential Test outcomes never carry the key or the password', async () => {
		const base = { apiUrl: emulator.url };
		const outcomes = [
			await testCredential('clientToolboxApi', { ...base, ...BY_KEY, apiKey: WRONG_KEY }),
			await testCredential('clientToolboxApi', { ...base, ...BY_PASSWORD, password: WRONG_KEY }),
		];
		for (const credentials of [BY_KEY, BY_PASSWORD]) {
			for (const [mode, body] of [
				['html-5xx', echoPage],
				['error-body-200', echoingRefusal],
				['wrong-content-type', echoPage],
				['malformed', undefined],
				['reset', undefined],
			] as const) {
				emulator.setKnobs({ fault: { mode, count: 1, body } });
				outcomes.push(await testCredential('clientToolboxApi', { ...base, ...credentials }));
			}
		}
		expect(outcomes.slice(0, 2)).toEqual([
			{ status: 'Error', message: 'Client Toolbox refused the credentials: check User ID, API Key or Password, and Account ID' },
			{ status: 'Error', message: 'Client Toolbox refused the credentials: check User ID, API Key or Password, and Account ID' },
		]);
		expect(leaks(outcomes.map((o) => JSON.stringify(o)), [USER_KEY, USER_PASSWORD, WRONG_KEY])).toEqual([]);
	});

	it('every secret is typed as a password: the credential key and password, the customer password and PIN', () => {
		const secretLooking = new ClientToolboxApi().properties.filter((p) => /key|password|secret|token/i.test(p.name));
		expect(secretLooking.map((p) => p.name)).toEqual(['apiKey', 'password']);
		for (const property of secretLooking) expect(property.typeOptions?.password).toBe(true);
		const secretFields = CLIENT_TOOLBOX_FIELDS.filter((f) => /password|pin/i.test(f.wire));
		expect(secretFields.map((f) => [f.wire, f.secret])).toEqual([
			['customer_password', true],
			['customer_PIN', true],
		]);
	});
});
