import { TOURCMS_FIELDS } from '../../../../nodes/TourCms/fields';
import { parseXmlStrict, textOf } from '../../../../sandbox/lib/xml';
import { startTourCmsEmulator } from '../../../../sandbox/tourcms';
import { AGENT, runTourCms } from '../../../tourcms/helpers';
import type { ValidationCase } from './types';

export const TOURCMS_VALIDATION: ValidationCase = {
	provider: 'TourCMS',
	async start() {
		const emulator = await startTourCmsEmulator();
		return {
			emulator,
			updates: () => emulator.requests.length,
			sentValue(wire) {
				const customer = (
					parseXmlStrict(emulator.requests[0].text.trim()).doc as {
						customer: Record<string, unknown>;
					}
				).customer;
				return textOf(customer[wire]);
			},
		};
	},
	run: runTourCms,
	fields: TOURCMS_FIELDS,
	samplesBy: 'rule',
	samples: {
		'be one of "1", "0"': { pass: '0', fail: 'yes' },
		'be one of "m", "f", "x"': { pass: 'F', fail: 'male' },
		'be one of "i", "c", "a", "s"': { pass: 'S', fail: 'adult' },
		'be a two-letter ISO 3166-1 alpha-2 country code (e.g. GB, US, AU)': { pass: 'nz', fail: 'UK' },
		'be a real date in YYYY-MM-DD format (e.g. 1985-04-23)': {
			pass: '2024-02-29',
			fail: '2023-02-29',
		},
		'be 6 to 12 characters, letters A-Z / a-z and digits only': {
			pass: 'abcDEF123',
			fail: 'abc-123',
		},
	},
	ruleCount: { atLeast: 9 },
	base: { customerId: '12346' },
	crossField: [
		{
			name: 'Customer ID is digits only',
			pass: { customerId: '12346', updateFields: { city: 'Perth' } },
			fail: { customerId: '12a46', updateFields: { city: 'Perth' } },
			error:
				'"Customer ID" (customer_id) must be a whole number greater than 0 (digits only); got "12a46"',
		},
		{
			name: 'Channel ID is digits only',
			pass: { customerId: '12346', channelId: '3930', updateFields: { city: 'Perth' } },
			fail: { customerId: '12346', channelId: '-3930', updateFields: { city: 'Perth' } },
			error: `"Channel ID" (channel) must be a whole number greater than 0 (digits only); leave it empty to use the credential's channel; got "-3930"`,
		},
		{
			name: 'something must be sent',
			pass: { customerId: '12346', fieldsToClear: ['fax'] },
			fail: { customerId: '12346', updateFields: { fax: '' } },
			error: 'nothing to update: add at least one field, a field to clear or a custom field',
		},
		{
			name: 'a field is not set and cleared at once',
			pass: { customerId: '12346', updateFields: { city: 'Perth' }, fieldsToClear: ['county'] },
			fail: { customerId: '12346', updateFields: { city: 'Perth' }, fieldsToClear: ['city'] },
			error: '"City" (city) must not be set and cleared at the same time',
		},
		{
			name: 'the password cannot be cleared (use Disable Customer Login)',
			pass: { customerId: '12346', disableLogin: true },
			fail: { customerId: '12346', fieldsToClear: '={{ ["customer_password"] }}' },
			error:
				'"Customer Password" (customer_password) must not be cleared: the provider offers no way to clear it',
		},
		{
			name: 'Disable Customer Login and a new password exclude each other',
			pass: { customerId: '12346', updateFields: { customer_password: 'abc12345' } },
			fail: {
				customerId: '12346',
				updateFields: { customer_password: 'abc12345' },
				disableLogin: true,
			},
			error: '"Disable Customer Login" and a new "Customer Password" cannot be sent together',
		},
		{
			name: 'a value is text, not an object',
			pass: { customerId: '12346', updateFields: { city: '={{ "Perth" }}' } },
			fail: { customerId: '12346', updateFields: { city: '={{ { name: "Perth" } }}' } },
			error: '"City" (city) must be text, a number or true/false, not a list or an object',
		},
		{
			name: 'a custom field token has no spaces',
			pass: { customerId: '12346', customFields: { field: [{ name: 'ShoeSize', value: '9' }] } },
			fail: { customerId: '12346', customFields: { field: [{ name: 'Shoe Size', value: '9' }] } },
			error:
				'"Custom Field 1 Token" (custom_fields.field.name) must be a custom field token with no spaces (e.g. InsideLeg); got "Shoe Size"',
		},
		{
			name: 'a custom field value is text, not an object',
			pass: {
				customerId: '12346',
				customFields: { field: [{ name: 'ShoeSize', value: '={{ 9 }}' }] },
			},
			fail: {
				customerId: '12346',
				customFields: { field: [{ name: 'ShoeSize', value: '={{ [9] }}' }] },
			},
			error:
				'"Custom Field 1 Value" (custom_fields.ShoeSize) must be text, not a list or an object',
		},
		{
			name: 'an agent cannot send operator-only fields',
			passCredentials: AGENT,
			credentials: AGENT,
			pass: { customerId: '12350', updateFields: { diet: 'vegan' } },
			fail: {
				customerId: '12350',
				updateFields: { diet: 'vegan', customer_username: 'agentmade' },
				customFields: { field: [{ name: 'ShoeSize', value: '9' }] },
			},
			error:
				"customer_username, custom_fields can only be changed by a tour operator; this credential is a travel agent's (Marketplace ID 54321)",
		},
	],
};
