import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { testCredential, type CredentialTestOutcome } from '../harness/credentialTest';
import type { RunResult } from '../harness/engine';
import { SECRET_CASES } from './cases/secrets';
import { leaks, visibleTexts, type HostileEmulator } from './helpers';
import { startEachTest } from '../harness/lifecycle';

describe.each(SECRET_CASES)(
	'$provider: no credential or customer secret in any output or error',
	(row) => {
		let emulator: HostileEmulator;
		startEachTest(row.start, (started) => (emulator = started));

		it.each(row.scenarios)('$name', async (scenario) => {
			const { parameters, credentials, fault } = scenario;
			const runs: RunResult[] = [];
			for (const onError of [undefined, 'continueRegularOutput', 'continueErrorOutput'] as const) {
				// The emulator answers in this process: a request whose run timed out during a stall of the event
				// loop may reach it only now, and it would take the next run's fault. Let it in first.
				if (runs.length) await sleep(20);
				if (fault) emulator.setKnobs({ fault: { ...fault } });
				const options = {
					maxRetries: 0,
					timeoutMs: 400,
					...((parameters.options as object | undefined) ?? {}),
				};
				runs.push(
					await row.run(emulator, { ...parameters, options }, [{ json: {} }], {
						credentials: { ...row.credentials, ...credentials },
						...(onError ? { onError } : {}),
					}),
				);
			}
			// visibleTexts leaves out n8n's own `error.node`: n8n serializes the node's parameters there, which are
			// the user's own workflow (where a customer password is typed), not anything this package adds.
			const texts = runs.flatMap((r) => visibleTexts(r, row.provider));
			if (row.succeeds?.(scenario)) {
				expect(runs[0].error).toBeUndefined();
			} else {
				// Every other scenario is an error path, in each of the three ways n8n can report it.
				expect(runs[0].error).toBeDefined();
				expect(runs[1].outputs(row.provider)[0][0].json.error).toEqual(expect.any(String));
				expect(runs[2].outputs(row.provider)[1]).toHaveLength(1);
				expect(texts.some((t) => t.includes('error'))).toBe(true);
			}
			expect(leaks(texts, row.secrets(credentials, emulator))).toEqual([]);
			if (row.echo && fault?.body) {
				// The echo did reach the error, with the secrets taken out.
				const item = runs[2].outputs(row.provider)[1][0];
				const shown = row.echo.where === 'message' ? item.json.error : item.error?.description;
				expect(String(shown)).toMatch(row.echo.masked);
			}
		});

		it('credential Test outcomes carry no secret', async () => {
			const { type, refused, faulted, expect: expectOutcomes, secrets } = row.credentialTest;
			const outcomes: CredentialTestOutcome[] = [];
			for (const credentials of refused(emulator.url))
				outcomes.push(await testCredential(type, credentials as ICredentialDataDecryptedObject));
			for (const { credentials, fault } of faulted(emulator.url)) {
				emulator.setKnobs({ fault: { ...fault, count: 1 } });
				outcomes.push(await testCredential(type, credentials as ICredentialDataDecryptedObject));
			}
			expectOutcomes(outcomes);
			expect(
				leaks(
					outcomes.map((o) => JSON.stringify(o)),
					secrets(emulator),
				),
			).toEqual([]);
		});

		it('every secret is typed as a password: the credential secrets and the customer secret fields', () => {
			const secretLooking = row.credential.properties.filter((p) =>
				/key|password|secret|token/i.test(p.name),
			);
			expect(secretLooking.map((p) => p.name)).toEqual(row.secretProperties);
			for (const property of secretLooking) expect(property.typeOptions?.password).toBe(true);
			const secretFields = row.fields.filter((f) => /password|pin/i.test(f.wire));
			expect(secretFields.map((f) => [f.wire, f.secret])).toEqual(
				row.secretFields.map((wire) => [wire, true]),
			);
		});
	},
);
