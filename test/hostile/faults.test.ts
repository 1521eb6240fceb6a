import { startEachTest } from '../harness/lifecycle';
import { FAULT_CASES, type Expected, type FaultMode, type FaultTarget } from './cases/faults';

function expectText(text: unknown, expected: Expected) {
	if (typeof expected === 'string') expect(text).toBe(expected);
	else if (expected instanceof RegExp) expect(text).toMatch(expected);
	else
		for (const part of expected)
			expectText(String(text), typeof part === 'string' ? new RegExp(escaped(part)) : part);
}

function escaped(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const matching = (message: string | RegExp) =>
	typeof message === 'string' ? message : expect.stringMatching(message);

describe.each(FAULT_CASES)('$provider node under emulator faults', (row) => {
	const customerIdOf = (index: number) =>
		String(row.items[index].json.id ?? row.items[index].json.code);
	let target: FaultTarget;
	let before: unknown[];

	startEachTest(row.start, (started) => {
		target = started;
		before = started.stored();
	});

	it.each(row.modes)(
		'$mode: a clear error for that item, one request per item, the others complete, the stored state is as sent',
		async ({ mode, applied, message, description }) => {
			target.emulator.setKnobs({ fault: { mode, count: 1 } });
			const result = await row.run(target.emulator, row.parameters, row.items, {
				onError: 'continueErrorOutput',
			});
			expect(result.error).toBeUndefined();
			const [success, errors] = result.outputs(row.provider);
			expect(errors.map((e) => [e.pairedItem, e.json.error])).toEqual([
				[{ item: 0 }, matching(message)],
			]);
			expectText(errors[0].error?.description, description);
			expect(success.map((i) => [i.pairedItem, i.json.status, i.json.customerId])).toEqual([
				[{ item: 1 }, 'updated', customerIdOf(1)],
				[{ item: 2 }, 'updated', customerIdOf(2)],
			]);
			// Exactly one request per item: the faulty one was not sent again.
			expect(target.sent()).toEqual([
				[row.keys[0], `fault:${mode}`],
				[row.keys[1], 'answered'],
				[row.keys[2], 'answered'],
			]);
			expect(target.stored()).toEqual([
				applied ? row.values[0] : before[0],
				row.values[1],
				row.values[2],
				...before.slice(3),
			]);
		},
	);

	it.each(row.modes)(
		'$mode, regular output: the error and its description are in the item json, in input order',
		async ({ mode, message, description }) => {
			target.emulator.setKnobs({ fault: { mode, count: 1 } });
			const result = await row.run(target.emulator, row.parameters, row.items, {
				onError: 'continueRegularOutput',
			});
			const [main] = result.outputs(row.provider);
			expect(main.map((i) => [i.pairedItem, i.json.error ?? i.json.status])).toEqual([
				[{ item: 0 }, matching(message)],
				[{ item: 1 }, 'updated'],
				[{ item: 2 }, 'updated'],
			]);
			expectText(main[0].json.description, description);
			expect(target.sent()).toHaveLength(3);
		},
	);

	it('without a continue mode the run stops with the fault as its error and no later item is sent', async () => {
		const { mode, message } = row.modes.find((m) => m.mode === 'html-5xx') as FaultMode;
		target.emulator.setKnobs({ fault: { mode, count: 1, status: 500 } });
		const result = await row.run(target.emulator, row.parameters, row.items);
		expect(result.error?.message).toEqual(matching(message));
		expect(target.sent()).toEqual([[row.keys[0], `fault:${mode}`]]);
		expect(target.stored()).toEqual(before);
	});
});
