import { TrackfinityApi } from '../../credentials/TrackfinityApi.credentials';
import { FAULT_MODES } from '../../sandbox/lib/faults';
import { startTrackfinityEmulator } from '../../sandbox/trackfinity';
import { testCredential } from '../harness/credentialTest';
import type { RunResult } from '../harness/engine';
import { DOC_KEY, DOC_USERNAME, runTrackfinity, type TrackfinityEmulator } from '../trackfinity/helpers';
import { leaks, visibleTexts } from './helpers';

const USER_PASSWORD = 'n3w pass&word=1+2';
// Built, not written out: a long literal here reads like a committed credential.
const WRONG_KEY = ['wrong', 'but', 'secret', 'key', '0042'].join('-');

/** A debug error page that echoes the whole request back, body and headers, as some servers do. */
function echoPage(request: { headers: Record<string, unknown>; text: string }): string {
	return `<html><body><h1>Error</h1><pre>${request.text}</pre><pre>${JSON.stringify(request.headers)}</pre></body></html>`;
}

type Scenario = { name: string; parameters?: Record<string, unknown>; credentials?: Record<string, unknown>; fault?: Record<string, unknown> };

const WITH_PASSWORD = { customerId: '191', updateFields: { city: 'Leeds', password: USER_PASSWORD } };

const SCENARIOS: Scenario[] = [
	{ name: 'a missing Customer ID next to a new password', parameters: { ...WITH_PASSWORD, customerId: '={{ "" }}' } },
	{ name: 'a password that reads REMOVE', parameters: { customerId: '191', updateFields: { password: ' remove ' } } },
	{ name: 'a value REMOVE next to a new password', parameters: { customerId: '191', updateFields: { city: 'REMOVE', password: USER_PASSWORD } } },
	{ name: 'a broken Base URL', parameters: WITH_PASSWORD, credentials: { baseUrl: 'ftp://x' } },
	{ name: 'a wrong API key (401)', parameters: WITH_PASSWORD, credentials: { apiKey: WRONG_KEY } },
	{ name: 'an unknown customer (404)', parameters: { ...WITH_PASSWORD, customerId: '999' } },
	...Object.keys(FAULT_MODES).map((mode) => ({ name: `the ${mode} fault`, parameters: WITH_PASSWORD, fault: { mode, count: 1 } })),
	{ name: 'an error page echoing the request', parameters: WITH_PASSWORD, fault: { mode: 'html-5xx', count: 1, body: echoPage } },
	{ name: 'a 200 answer echoing the request', parameters: WITH_PASSWORD, fault: { mode: 'error-body-200', count: 1, body: echoPage } },
];

describe('Trackfinity: the API key and the customer password appear in no output or error', () => {
	let emulator: TrackfinityEmulator;

	beforeEach(async () => {
		emulator = await startTrackfinityEmulator();
	});

	afterEach(async () => {
		await emulator.close();
	});

	it.each(SCENARIOS)('$name', async ({ parameters, credentials, fault }) => {
		const runs: RunResult[] = [];
		for (const onError of [undefined, 'continueRegularOutput', 'continueErrorOutput'] as const) {
			if (fault) emulator.setKnobs({ fault: { ...fault } });
			runs.push(
				await runTrackfinity(emulator, { ...parameters, options: { maxRetries: 0, timeoutMs: 400 } }, [{ json: {} }], {
					credentials,
					...(onError ? { onError } : {}),
				}),
			);
		}
		// Trackfinity's answer `true` names no customer, so an answer "about another customer" is a success.
		if (fault?.mode === 'other-customer') expect(runs[0].error).toBeUndefined();
		else expect(runs[0].error).toBeDefined();
		const texts = runs.flatMap((r) => visibleTexts(r, 'Trackfinity'));
		expect(leaks(texts, [String(credentials?.apiKey ?? DOC_KEY), USER_PASSWORD])).toEqual([]);
		if (fault?.body) {
			// The echo did reach the message, with the secrets taken out.
			expect(runs[2].outputs('Trackfinity')[1][0].json.error).toMatch(/password=\*\*\*/);
		}
	});

	it('credential Test outcomes never carry the key', async () => {
		const outcomes = [await testCredential('trackfinityApi', { baseUrl: emulator.url, apiUsername: DOC_USERNAME, apiKey: WRONG_KEY })];
		for (const mode of ['html-5xx', 'malformed', 'reset', 'error-body-200']) {
			emulator.setKnobs({ fault: { mode, count: 1, body: mode === 'html-5xx' ? echoPage : undefined } });
			outcomes.push(await testCredential('trackfinityApi', { baseUrl: emulator.url, apiUsername: DOC_USERNAME, apiKey: DOC_KEY }));
		}
		expect(outcomes[0]).toEqual({ status: 'Error', message: 'Trackfinity refused the credentials: check API Username/API Key', httpCode: '401' });
		expect(leaks(outcomes.map((o) => JSON.stringify(o)), [WRONG_KEY, DOC_KEY])).toEqual([]);
	});

	it('the API key is typed as a password', () => {
		const secretLooking = new TrackfinityApi().properties.filter((p) => /key|password|secret/i.test(p.name));
		expect(secretLooking.map((p) => p.name)).toEqual(['apiKey']);
		for (const property of secretLooking) expect(property.typeOptions?.password).toBe(true);
	});
});
