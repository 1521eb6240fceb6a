import { startEachTest } from '../harness/lifecycle';
import { INJECTION_CASES, type InjectionTarget } from './cases/injection';

describe.each(INJECTION_CASES)(
	'$provider: no credential value can add a header or change the path',
	(row) => {
		let target: InjectionTarget;
		let before: unknown[];

		startEachTest(row.start, (started) => {
			target = started;
			before = started.stored();
		});

		if (row.headerCredentials.length > 0) {
			it.each(row.headerCredentials)(
				'a credential %s is never sent as a header: no request reaches the emulator',
				async (_name, credentials) => {
					const result = await row.run(target.emulator, row.parameters, undefined, { credentials });
					expect(result.error?.message).toBe(
						`Could not get an answer from ${row.provider}: the request failed (ERR_INVALID_CHAR)`,
					);
					expect(target.emulator.requests).toHaveLength(0);
					expect(target.stored()).toEqual(before);
				},
			);
		}

		const address = row.address;
		if (address) {
			it(`the credential's ${address.label} with a query or fragment is refused before anything is sent`, async () => {
				for (const value of address.values(target.emulator.url)) {
					const result = await row.run(target.emulator, row.parameters, undefined, {
						credentials: { [address.field]: value },
					});
					expect(result.error?.message).toBe(`Invalid input in item 0: ${address.refusal(value)}`);
				}
				expect(target.emulator.requests).toHaveLength(0);
				expect(target.stored()).toEqual(before);
			});
		}
	},
);
