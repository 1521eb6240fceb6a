import type { FieldSpec } from '../../nodes/shared/input/fieldTable';
import { VALIDATION_CASES, type ValidationTarget } from './cases/validation';
import { startEachTest } from '../harness/lifecycle';

/** The value as the node sends it: a field the table normalizes is sent normalized. */
function normalized(spec: FieldSpec, value: string): string {
	if (spec.normalize === 'upper') return value.trim().toUpperCase();
	if (spec.normalize === 'lower') return value.trim().toLowerCase();
	return value;
}

describe.each(VALIDATION_CASES)(
	'$provider validation matrix: every rule, a passing and a failing value',
	(row) => {
		const ruleCases = row.fields.flatMap((spec) =>
			(spec.rules ?? []).map((rule) => ({ spec, rule })),
		);
		const sampleOf = (spec: FieldSpec, rule: { describe: string }) =>
			row.samples[row.samplesBy === 'wire' ? spec.wire : rule.describe];
		let target: ValidationTarget;
		startEachTest(row.start, (started) => (target = started));

		it('has a sample for every rule of the field table and none left over (a new rule needs a row here)', () => {
			if ('exactly' in row.ruleCount) expect(ruleCases).toHaveLength(row.ruleCount.exactly);
			else expect(ruleCases.length).toBeGreaterThanOrEqual(row.ruleCount.atLeast);
			const keys = ruleCases.map(({ spec, rule }) =>
				row.samplesBy === 'wire' ? spec.wire : rule.describe,
			);
			expect([...new Set(keys)].sort()).toEqual(Object.keys(row.samples).sort());
		});

		it.each(ruleCases.map(({ spec, rule }) => [spec.wire, rule.describe, spec, rule] as const))(
			'%s must %s',
			async (wire, _describe, spec, rule) => {
				const sample = sampleOf(spec, rule);
				expect(rule.test(normalized(spec, sample.pass))).toBe(true);
				const result = await row.run(
					target.emulator,
					{
						...row.base,
						...(sample.target ?? {}),
						updateFields: { ...(sample.with ?? {}), [spec.key]: '={{ $json.value }}' },
					},
					[{ json: { value: sample.pass } }, { json: { value: sample.fail } }],
					{ onError: 'continueErrorOutput' },
				);
				const [success, errors] = result.outputs(row.provider);
				const shown = spec.secret ? '' : `; got "${normalized(spec, sample.fail)}"`;
				expect(errors.map((e) => [e.pairedItem, e.json.error, e.error?.description])).toEqual([
					[
						{ item: 1 },
						`Invalid input in item 1: "${spec.label}" (${wire}) must ${rule.describe}${shown}`,
						'Nothing was sent for this item.',
					],
				]);
				expect(success.map((s) => [s.pairedItem, s.json.status])).toEqual([
					[{ item: 0 }, sample.status ?? 'updated'],
				]);
				// Only the passing item was sent, with its (normalized) value.
				expect(target.updates()).toBe(1);
				expect(target.sentValue(wire)).toBe(normalized(spec, sample.pass));
			},
		);

		it.each(row.crossField)(
			'$name',
			async ({ pass, fail, error, credentials, passCredentials }) => {
				const passed = await row.run(target.emulator, pass, undefined, {
					credentials: passCredentials,
				});
				expect(passed.error).toBeUndefined();
				expect(target.updates()).toBe(1);
				const failed = await row.run(target.emulator, fail, undefined, { credentials });
				expect(failed.error?.message).toBe(`Invalid input in item 0: ${error}`);
				expect(failed.error?.description).toBe('Nothing was sent for this item.');
				expect(target.emulator.requests).toHaveLength(1);
			},
		);
	},
);
