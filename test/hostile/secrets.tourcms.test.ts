import { TourCmsApi } from '../../credentials/TourCmsApi.credentials';
import { FAULT_MODES } from '../../sandbox/lib/faults';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { testCredential } from '../harness/credentialTest';
import type { RunResult } from '../harness/engine';
import { AGENT, OPERATOR, runTourCms, type TourCmsEmulator } from '../tourcms/helpers';
import { leaks, tourCmsSignatures, visibleTexts } from './helpers';

const CUSTOMER_PASSWORD = 'Hunter22pw';
// Built, not written out: a long literal here reads like a committed credential.
const WRONG_KEY = ['wrong', 'but', 'secret', 'key', '0042'].join('-');

/** A debug error page that echoes the whole request back, headers and body, as some servers do. */
function echoPage(request: { headers: Record<string, unknown>; text: string }): string {
	return `<html><body><h1>500 Internal Server Error</h1><pre>${request.text}</pre><pre>${JSON.stringify(request.headers)}</pre></body></html>`;
}

type Scenario = {
	name: string;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, unknown>;
	fault?: Record<string, unknown>;
};

const WITH_PASSWORD = { customerId: '12345', updateFields: { city: 'Leeds', customer_password: CUSTOMER_PASSWORD } };

const SCENARIOS: Scenario[] = [
	{ name: 'a bad Customer ID next to a new password', parameters: { ...WITH_PASSWORD, customerId: 'abc' } },
	{ name: 'a password in the wrong format', parameters: { customerId: '12345', updateFields: { customer_password: 'not valid!' } } },
	{ name: 'a password and Disable Customer Login together', parameters: { ...WITH_PASSWORD, disableLogin: true } },
	{ name: 'an agent sending a password', parameters: WITH_PASSWORD, credentials: AGENT },
	{ name: 'a bad date next to a new password', parameters: { customerId: '12345', updateFields: { dob: '1990-02-30', customer_password: CUSTOMER_PASSWORD } } },
	{ name: 'a wrong API key (FAIL_SIG)', parameters: WITH_PASSWORD, credentials: { apiKey: WRONG_KEY } },
	{ name: 'a channel the key does not open (FAIL_KEYNOTFOUND)', parameters: { ...WITH_PASSWORD, channelId: '3932' } },
	{ name: 'an unknown customer (NO MATCHING DATA)', parameters: { ...WITH_PASSWORD, customerId: '99999' } },
	{ name: 'an agent updating a customer it did not create (FAIL_PERM)', parameters: { customerId: '12345', updateFields: { city: 'Leeds' } }, credentials: AGENT },
	...Object.keys(FAULT_MODES).map((mode) => ({ name: `the ${mode} fault`, parameters: WITH_PASSWORD, fault: { mode, count: 1 } })),
	{ name: 'an error page echoing the request', parameters: WITH_PASSWORD, fault: { mode: 'html-5xx', count: 1, body: echoPage } },
	{ name: 'a 200 answer echoing the request', parameters: WITH_PASSWORD, fault: { mode: 'error-body-200', count: 1, body: echoPage } },
];

describe('TourCMS: the API key, the signature and the customer password appear in no output or error', () => {
	let emulator: TourCmsEmulator;

	beforeEach(async () => {
		emulator = await startTourCmsEmulator();
	});

	afterEach(async () => {
		await emulator.close();
	});

	function secretsOf(credentials: Record<string, unknown> = {}): string[] {
		const apiKey = String(credentials.apiKey ?? OPERATOR.apiKey);
		return [apiKey, CUSTOMER_PASSWORD, ...tourCmsSignatures(emulator.requests)];
	}

	it.each(SCENARIOS)('$name', async ({ parameters, credentials, fault }) => {
		const runs: RunResult[] = [];
		for (const onError of [undefined, 'continueRegularOutput', 'continueErrorOutput'] as const) {
			if (fault) emulator.setKnobs({ fault: { ...fault } });
			runs.push(
				await runTourCms(
					emulator,
					{ ...parameters, options: { maxRetries: 0, timeoutMs: 400 } },
					[{ json: {} }],
					{ credentials, ...(onError ? { onError } : {}) },
				),
			);
		}
		// Every scenario is an error path: the run error or an error item proves the path was taken.
		expect(runs[0].error).toBeDefined();
		const texts = runs.flatMap((r) => visibleTexts(r, 'TourCMS'));
		expect(texts.some((t) => t.includes('error'))).toBe(true);
		expect(leaks(texts, secretsOf(credentials))).toEqual([]);
		if (fault?.body) {
			// The echo did reach the description, with the secrets taken out.
			expect(runs[2].outputs('TourCMS')[1][0].error?.description).toMatch(/<customer_password>\*\*\*<\/customer_password>/);
		}
	});

	it('credential Test outcomes carry neither the key nor the signature', async () => {
		const outcomes = [
			await testCredential('tourCmsApi', { baseUrl: emulator.url, ...OPERATOR, apiKey: WRONG_KEY }),
			await testCredential('tourCmsApi', { baseUrl: emulator.url, ...OPERATOR, channelId: 9999 }),
		];
		for (const mode of ['html-5xx', 'malformed', 'reset', 'error-body-200']) {
			emulator.setKnobs({ fault: { mode, count: 1, body: mode === 'html-5xx' ? echoPage : undefined } });
			outcomes.push(await testCredential('tourCmsApi', { baseUrl: emulator.url, ...OPERATOR }));
		}
		expect(outcomes[0]).toMatchObject({ status: 'Error', httpCode: '401' });
		// A garbled or error body with HTTP 200 passes: n8n's test only checks the status (TourCMS fails with 401).
		expect(outcomes.map((o) => o.status)).toEqual(['Error', 'Error', 'Error', 'OK', 'Error', 'OK']);
		const texts = outcomes.map((o) => JSON.stringify(o));
		expect(leaks(texts, [WRONG_KEY, OPERATOR.apiKey, ...tourCmsSignatures(emulator.requests)])).toEqual([]);
	});

	it('the API key is typed as a password', () => {
		const secretLooking = new TourCmsApi().properties.filter((p) => /key|password|secret/i.test(p.name));
		expect(secretLooking.map((p) => p.name)).toEqual(['apiKey']);
		for (const property of secretLooking) expect(property.typeOptions?.password).toBe(true);
	});
});
