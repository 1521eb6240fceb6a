import { TRACKFINITY_FIELDS } from '../../../../nodes/Trackfinity/fields';
import { startTrackfinityEmulator } from '../../../../sandbox/trackfinity';
import { runTrackfinity, updateRequests } from '../../../trackfinity/helpers';
import type { ValidationCase } from './types';

export const TRACKFINITY_VALIDATION: ValidationCase = {
	provider: 'Trackfinity',
	async start() {
		const emulator = await startTrackfinityEmulator();
		return {
			emulator,
			updates: () => updateRequests(emulator).length,
			sentValue: (wire) => new URLSearchParams(updateRequests(emulator)[0].text).get(wire),
		};
	},
	run: runTrackfinity,
	fields: TRACKFINITY_FIELDS,
	samplesBy: 'rule',
	samples: {
		'not be the word REMOVE, which Trackfinity treats as "delete this field"; to delete a field on purpose, pick it in "Fields to Remove"':
			{ pass: 'REMOVED', fail: ' remove ' },
		'not be the word REMOVE: Trackfinity does not allow removing the password, only setting a new one':
			{ pass: 'Remove-me-2', fail: 'REMOVE' },
	},
	// Every field has its REMOVE rule.
	ruleCount: { exactly: TRACKFINITY_FIELDS.length },
	base: { customerId: '193' },
	crossField: [
		{
			name: 'the Customer ID is given',
			pass: { customerId: '193', updateFields: { city: 'Oslo' } },
			fail: { customerId: '={{ "  " }}', updateFields: { city: 'Oslo' } },
			error:
				'"Customer ID" (customer_id) must be given: Trackfinity needs either customer_id or subscription_id to find the customer',
		},
		{
			name: 'the Subscription ID is given when looking up by subscription',
			pass: {
				lookupBy: 'subscription_id',
				subscriptionId: 'SUB-193',
				updateFields: { city: 'Oslo' },
			},
			fail: {
				lookupBy: 'subscription_id',
				subscriptionId: '={{ "" }}',
				updateFields: { city: 'Oslo' },
			},
			error:
				'"Subscription ID" (subscription_id) must be given: Trackfinity needs either customer_id or subscription_id to find the customer',
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
			error:
				'nothing to update: Trackfinity needs at least one field in Update Fields or Fields to Remove (empty values are not sent: zip)',
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
			error:
				'"Password" (password) cannot be in "Fields to Remove": Trackfinity does not allow removing a password, only setting a new one in Update Fields',
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
	],
};
