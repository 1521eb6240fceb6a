import { IntrepidApi } from '../../credentials/IntrepidApi.credentials';
import { NO_CONTEXT } from '../../nodes/Intrepid/request';
import { FAULT_MODES } from '../../sandbox/lib/faults';
import { startIntrepidEmulator } from '../../sandbox/intrepid';
import { testCredential } from '../harness/credentialTest';
import type { RunResult } from '../harness/engine';
import { AGENT_KEY, ON_STATEMENT_KEY, runIntrepid, type IntrepidEmulator } from '../intrepid/helpers';
import { leaks, visibleTexts } from './helpers';

// Built, not written out: a long literal here reads like a committed credential.
const WRONG_KEY = ['itg', 'wrong', 'but', 'secret', '0042'].join('-');

/** A debug error page that echoes the whole request back, body and headers (X-Api-Key included), as some servers do. */
function echoPage(request: { headers: Record<string, unknown>; text: string }): string {
	return `<html><body><h1>Error</h1><pre>${request.text}</pre><pre>${JSON.stringify(request.headers)}</pre></body></html>`;
}

/** An error in Intrepid's own structure whose text quotes the key it was sent. */
function quotingError(request: { headers: Record<string, unknown> }): string {
	return JSON.stringify({
		errorType: 'Unauthorized',
		errors: [`API key ${String(request.headers['x-api-key'])} is not allowed here`, JSON.stringify(request.headers)],
		correlationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
	});
}

type Scenario = { name: string; parameters: Record<string, unknown>; credentials?: Record<string, unknown>; fault?: Record<string, unknown> };

const UPDATE = { context: 'Trips', contextId: '7001', customerId: '9001', updateFields: { homePhone: '0311110000' } };

const SCENARIOS: Scenario[] = [
	{ name: 'a Customer ID that is not a number', parameters: { ...UPDATE, customerId: '9001/../9002' } },
	{ name: 'an incomplete passport', parameters: { ...UPDATE, updateFields: { passportNumber: 'N1' } } },
	{ name: 'a single supplement outside a trip', parameters: { ...UPDATE, context: 'Booking', contextId: '5057123', updateFields: { singleSupplement: true } } },
	{ name: 'nothing to update', parameters: { ...UPDATE, updateFields: { homePhone: '' } } },
	{ name: 'a broken Base URL', parameters: UPDATE, credentials: { baseUrl: 'ftp://x' } },
	{ name: 'a wrong API key (401)', parameters: UPDATE, credentials: { apiKey: WRONG_KEY } },
	{ name: 'a set-once name (403)', parameters: { ...UPDATE, updateFields: { firstName: 'Max' } } },
	{ name: 'a status Intrepid refuses (400)', parameters: { ...UPDATE, context: 'Booking', contextId: '5057123', updateFields: { status: 'tentative' } } },
	{ name: 'an unknown customer (404)', parameters: { ...UPDATE, customerId: '123456' } },
	{ name: 'the on-statement key and a 403', parameters: { ...UPDATE, updateFields: { surname: 'Power' } }, credentials: { apiKey: ON_STATEMENT_KEY } },
	...Object.keys(FAULT_MODES).map((mode) => ({ name: `the ${mode} fault`, parameters: UPDATE, fault: { mode, count: 1 } })),
	{ name: 'an error page echoing the request', parameters: UPDATE, fault: { mode: 'html-5xx', count: 1, body: echoPage } },
	{ name: 'a 200 answer echoing the request', parameters: UPDATE, fault: { mode: 'error-body-200', count: 1, body: echoPage } },
	{ name: 'a 200 page echoing the request', parameters: UPDATE, fault: { mode: 'wrong-content-type', count: 1, body: echoPage } },
	{ name: 'an Intrepid error quoting the key', parameters: UPDATE, fault: { mode: 'html-5xx', status: 401, count: 1, body: quotingError } },
	{ name: 'a 200 Intrepid error quoting the key', parameters: UPDATE, fault: { mode: 'error-body-200', count: 1, body: quotingError } },
	{ name: 'the context-free path with an echo page', parameters: { ...UPDATE, context: NO_CONTEXT }, fault: { mode: 'html-5xx', status: 503, count: 1, body: echoPage } },
];

describe('Intrepid: the API key appears in no output or error', () => {
	let emulator: IntrepidEmulator;

	beforeEach(async () => {
		emulator = await startIntrepidEmulator();
	});

	afterEach(async () => {
		await emulator.close();
	});

	it.each(SCENARIOS)('$name', async ({ parameters, credentials, fault }) => {
		const runs: RunResult[] = [];
		for (const onError of [undefined, 'continueRegularOutput', 'continueErrorOutput'] as const) {
			if (fault) emulator.setKnobs({ fault: { ...fault } });
			runs.push(
				await runIntrepid(emulator, { ...parameters, options: { maxRetries: 0, timeoutMs: 400 } }, [{ json: {} }], {
					credentials,
					...(onError ? { onError } : {}),
				}),
			);
		}
		expect(runs[0].error).toBeDefined();
		expect(runs[1].outputs('Intrepid')[0][0].json.error).toEqual(expect.any(String));
		expect(runs[2].outputs('Intrepid')[1]).toHaveLength(1);
		// visibleTexts leaves out n8n's own `error.node`: n8n serializes the node's parameters there, which are
		// the user's workflow, not anything this package adds (and never hold the credential).
		const texts = runs.flatMap((r) => visibleTexts(r, 'Intrepid'));
		const key = String(credentials?.apiKey ?? AGENT_KEY);
		expect(leaks(texts, [key, AGENT_KEY, ON_STATEMENT_KEY])).toEqual([]);
		if (fault?.body) {
			// The echo did reach the message, with the key taken out.
			expect(String(runs[2].outputs('Intrepid')[1][0].json.error)).toMatch(/\*\*\*/);
		}
	});

	it('credential Test outcomes never carry the key', async () => {
		const outcomes = [await testCredential('intrepidApi', { baseUrl: emulator.url, apiKey: WRONG_KEY })];
		for (const [mode, body] of [
			['html-5xx', echoPage],
			['html-5xx', quotingError],
			['malformed', undefined],
			['reset', undefined],
			['error-body-200', echoPage],
			['wrong-content-type', echoPage],
		] as const) {
			emulator.setKnobs({ fault: { mode, count: 1, body } });
			outcomes.push(await testCredential('intrepidApi', { baseUrl: emulator.url, apiKey: AGENT_KEY }));
		}
		expect(outcomes[0]).toEqual({ status: 'Error', message: 'Intrepid refused the API key (missing or invalid): check the API Key', httpCode: '401' });
		expect(outcomes.filter((o) => o.status === 'Error').length).toBeGreaterThanOrEqual(4);
		expect(leaks(outcomes.map((o) => JSON.stringify(o)), [WRONG_KEY, AGENT_KEY])).toEqual([]);
	});

	it('the API key is typed as a password', () => {
		const secretLooking = new IntrepidApi().properties.filter((p) => /key|password|secret|token/i.test(p.name));
		expect(secretLooking.map((p) => p.name)).toEqual(['apiKey']);
		for (const property of secretLooking) expect(property.typeOptions?.password).toBe(true);
	});
});
