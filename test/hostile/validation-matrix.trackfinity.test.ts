import { TRACKFINITY_FIELDS } from '../../nodes/Trackfinity/fields';
import { startTrackfinityEmulator } from '../../sandbox/trackfinity';
import { runTrackfinity, updateRequests, type TrackfinityEmulator } from '../trackfinity/helpers';

/** A passing and a failing value for every rule the Trackfinity table uses, keyed by the rule's own words. */
const SAMPLES: Record<string, { pass: string; fail: string }> = {
	'not be the word REMOVE, which Trackfinity treats as "delete this field"; to delete a field on purpose, pick it in "Fields to Remove"':
		{ pass: 'REMOVED', fail: ' remove ' },
	'not be the word REMOVE: Trackfinity does not allow removing the password, only setting a new one': { pass: 'Remove-me-2', fail: 'REMOVE' },
};

const RULE_CASES = TRACKFINITY_FIELDS.flatMap((spec) => (spec.rules ?? []).map((rule) => ({ spec, rule })));

describe('Trackfinity validation matrix: every rule, a passing and a failing value', () => {
	let emulator: TrackfinityEmulator;

	beforeAll(async () => {
		emulator = await startTrackfinityEmulator();
	});

	afterAll(async () => {
		await emulator.close();
	});

	beforeEach(() => emulator.clearRequests());

	it('has samples for every rule of the field table (a new rule needs a row here)', () => {
		expect(RULE_CASES).toHaveLength(TRACKFINITY_FIELDS.length);
		for (const { rule } of RULE_CASES) expect(Object.keys(SAMPLES)).toContain(rule.describe);
	});

	it.each(RULE_CASES.map(({ spec, rule }) => [spec.wire, rule.describe, spec, rule] as const))(
		'%s must %s',
		async (_wire, _describe, spec, rule) => {
			const { pass, fail } = SAMPLES[rule.describe];
			const result = await runTrackfinity(
				emulator,
				{ customerId: '193', updateFields: { [spec.key]: '={{ $json.value }}' } },
				[{ json: { value: pass } }, { json: { value: fail } }],
				{ onError: 'continueErrorOutput' },
			);
			const [success, errors] = result.outputs('Trackfinity');
			const shown = spec.secret ? '' : `; got "${fail}"`;
			expect(errors.map((e) => [e.pairedItem, e.json.error])).toEqual([
				[{ item: 1 }, `Invalid input in item 1: "${spec.label}" (${spec.wire}) must ${rule.describe}${shown}`],
			]);
			expect(success.map((s) => s.pairedItem)).toEqual([{ item: 0 }]);
			expect(updateRequests(emulator)).toHaveLength(1);
			expect(new URLSearchParams(updateRequests(emulator)[0].text).get(spec.wire)).toBe(pass);
		},
	);

	type Case = { name: string; pass: Record<string, unknown>; fail: Record<string, unknown>; error: string; credentials?: Record<string, unknown> };
	const CROSS_FIELD: Case[] = [
		{
			name: 'the Customer ID is given',
			pass: { customerId: '193', updateFields: { city: 'Oslo' } },
			fail: { customerId: '={{ "  " }}', updateFields: { city: 'Oslo' } },
			error: '"Customer ID" (customer_id) must be given: Trackfinity needs either customer_id or subscription_id to find the customer',
		},
		{
			name: 'the Subscription ID is given when looking up by subscription',
			pass: { lookupBy: 'subscription_id', subscriptionId: 'SUB-193', updateFields: { city: 'Oslo' } },
			fail: { lookupBy: 'subscription_id', subscriptionId: '={{ "" }}', updateFields: { city: 'Oslo' } },
			error: '"Subscription ID" (subscription_id) must be given: Trackfinity needs either customer_id or subscription_id to find the customer',
		},
		{
			name: 'the lookup value is text, not an object',
			pass: { customerId: '={{ 193 }}', updateFields: { city: 'Oslo' } },
			fail: { customerId: '={{ { id: 193 } }}', updateFields: { city: 'Oslo' } },
			error: '"Customer ID" (customer_id) must be text or a number, not a list or an object',
		},
		{
			name: 'something must be sent',
			pass: { customerId: '193', fieldsToClear: ['zip'] },
			fail: { customerId: '193', updateFields: { zip: '' } },
			error: 'nothing to update: Trackfinity needs at least one field in Update Fields or Fields to Remove (empty values are not sent: zip)',
		},
		{
			name: 'a field is not set and removed at once',
			pass: { customerId: '193', updateFields: { city: 'Oslo' }, fieldsToClear: ['state'] },
			fail: { customerId: '193', updateFields: { city: 'Oslo' }, fieldsToClear: ['city'] },
			error: '"City" (city) must not be set and cleared at the same time',
		},
		{
			name: 'the password cannot be removed',
			pass: { customerId: '193', updateFields: { password: 'n3w-pass' } },
			fail: { customerId: '193', fieldsToClear: '={{ "city, password" }}' },
			error: '"Password" (password) cannot be in "Fields to Remove": Trackfinity does not allow removing a password, only setting a new one in Update Fields',
		},
		{
			name: 'Fields to Remove lists field names',
			pass: { customerId: '193', fieldsToClear: '={{ "city, zip" }}' },
			fail: { customerId: '193', fieldsToClear: '={{ [1] }}' },
			error: '"Fields to Remove" (fieldsToClear) must list field names, e.g. city, zip',
		},
		{
			name: 'a value is text, not an object',
			pass: { customerId: '193', updateFields: { city: '={{ "Oslo" }}' } },
			fail: { customerId: '193', updateFields: { city: '={{ ["Oslo"] }}' } },
			error: '"City" (city) must be text, a number or true/false, not a list or an object',
		},
		{
			name: "the credential's Base URL is an http(s) address",
			pass: { customerId: '193', updateFields: { city: 'Oslo' } },
			fail: { customerId: '193', updateFields: { city: 'Oslo' } },
			credentials: { baseUrl: 'track.example.com' },
			error: `the credential's Base URL must be the http:// or https:// address of your Trackfinity install, e.g. https://track.example.com; got "track.example.com"`,
		},
	];

	it.each(CROSS_FIELD)('$name', async ({ pass, fail, error, credentials }) => {
		const passed = await runTrackfinity(emulator, pass);
		expect(passed.error).toBeUndefined();
		expect(updateRequests(emulator)).toHaveLength(1);
		const failed = await runTrackfinity(emulator, fail, undefined, { credentials });
		expect(failed.error?.message).toBe(`Invalid input in item 0: ${error}`);
		expect(failed.error?.description).toBe('Nothing was sent for this item.');
		expect(emulator.requests).toHaveLength(1);
	});
});
