import { INTREPID_FIELDS } from '../../../../nodes/Intrepid/fields';
import { NO_CONTEXT, OTHER_CONTEXT } from '../../../../nodes/Intrepid/request';
import { startIntrepidEmulator } from '../../../../sandbox/intrepid';
import { patchRequests, runIntrepid } from '../../../intrepid/helpers';
import type { Sample, ValidationCase } from './types';

const PASSPORT = {
	passportNumber: 'N89171298',
	passportNationality: 'US',
	passportDateOfIssue: '2010-01-01',
	passportDateOfExpiry: '2030-01-01',
};

const ON_TRIP = { context: 'Trips', contextId: '7001', customerId: '9001' };
const ON_BOOKING = { context: 'Booking', contextId: '5057123', customerId: '9001' };
const HOME_PHONE = { homePhone: '0311110000' };

/**
 * By wire name: several fields share a rule but need other values next to them. Set-once names pass with the
 * stored value (Intrepid refuses another one with 403, which is not this table's business). A cancellation is
 * a supplier status change, which Intrepid accepts (202) rather than applies.
 */
const SAMPLES: Record<string, Sample> = {
	title: { pass: 'Mr', fail: '   ' },
	firstName: { pass: 'Homer', fail: ' ' },
	surname: { pass: 'Simpson', fail: '\t' },
	dateOfBirth: { pass: '1975-05-12', fail: '1975-02-30' },
	'homeAddress.countryCode': { pass: 'au', fail: 'ZZ' },
	'passport.number': { pass: 'N1', fail: '  ', with: PASSPORT },
	'passport.nationality': { pass: 'GB', fail: 'UK', with: PASSPORT },
	'passport.placeOfIssue': { pass: 'US', fail: ' ', with: PASSPORT },
	'passport.dateOfIssue': { pass: '2011-02-28', fail: '2011/02/28', with: PASSPORT },
	'passport.dateOfExpiry': { pass: '2031-12-31', fail: '2031-13-01', with: PASSPORT },
	status: { pass: 'tentative', fail: 'Confirmed' },
	singleSupplement: { pass: 'true', fail: 'yes' },
	cancelSingleSupplementOnly: {
		pass: 'true',
		fail: '1',
		with: { status: 'cancelled' },
		status: 'accepted',
	},
	externalReference: {
		pass: 'ABCD2-12345',
		fail: '   ',
		target: { context: 'Accommodation', contextId: '8101', customerId: '9001' },
		with: { status: 'cancelled' },
		status: 'accepted',
	},
};

export const INTREPID_VALIDATION: ValidationCase = {
	provider: 'Intrepid',
	async start() {
		const emulator = await startIntrepidEmulator();
		return {
			emulator,
			updates: () => patchRequests(emulator).length,
			sentValue(wire) {
				const [outer, inner] = wire.split('.');
				const body = JSON.parse(patchRequests(emulator)[0].text) as Record<
					string,
					Record<string, string>
				>;
				return inner === undefined ? body[outer] : body[outer][inner];
			},
		};
	},
	run: runIntrepid,
	fields: INTREPID_FIELDS,
	samplesBy: 'wire',
	samples: SAMPLES,
	// One rule a field: a second rule on a field needs a row of its own.
	ruleCount: { exactly: Object.keys(SAMPLES).length },
	base: ON_TRIP,
	crossField: [
		{
			name: 'the Customer ID is given',
			pass: { ...ON_TRIP, updateFields: HOME_PHONE },
			fail: { ...ON_TRIP, customerId: '={{ "  " }}', updateFields: HOME_PHONE },
			error: '"Customer ID" (id) must be given, e.g. 5057123',
		},
		{
			name: 'the Customer ID is a positive whole number',
			pass: { ...ON_TRIP, customerId: '={{ 9001 }}', updateFields: HOME_PHONE },
			fail: { ...ON_TRIP, customerId: '0', updateFields: HOME_PHONE },
			error: '"Customer ID" (id) must be a whole number greater than 0 (digits only); got "0"',
		},
		{
			name: 'the Customer ID is text, not an object',
			pass: { ...ON_TRIP, customerId: '={{ "9001" }}', updateFields: HOME_PHONE },
			fail: { ...ON_TRIP, customerId: '={{ { id: 9001 } }}', updateFields: HOME_PHONE },
			error: '"Customer ID" (id) must be text or a number, not a list or an object',
		},
		{
			name: 'the Context ID is given with a context',
			pass: { ...ON_BOOKING, updateFields: HOME_PHONE },
			fail: { ...ON_BOOKING, contextId: '', updateFields: HOME_PHONE },
			error: '"Context ID" (contextId) must be given, e.g. 5057123',
		},
		{
			name: 'the Context ID is a positive whole number',
			pass: { ...ON_BOOKING, updateFields: HOME_PHONE },
			fail: { ...ON_BOOKING, contextId: '5057123.0', updateFields: HOME_PHONE },
			error:
				'"Context ID" (contextId) must be a whole number greater than 0 (digits only); got "5057123.0"',
		},
		{
			name: 'no Context ID is needed without a context',
			pass: {
				context: NO_CONTEXT,
				contextId: 'ignored',
				customerId: '9001',
				updateFields: HOME_PHONE,
			},
			fail: { context: NO_CONTEXT, customerId: '-1', updateFields: HOME_PHONE },
			error: '"Customer ID" (id) must be a whole number greater than 0 (digits only); got "-1"',
		},
		{
			name: 'Other Context is given',
			pass: { ...ON_TRIP, context: OTHER_CONTEXT, otherContext: 'trips', updateFields: HOME_PHONE },
			fail: { ...ON_TRIP, context: OTHER_CONTEXT, otherContext: '', updateFields: HOME_PHONE },
			error: '"Other Context" (context) must be given, e.g. Booking or Trips',
		},
		{
			name: 'Other Context is one name of letters and digits',
			pass: { ...ON_TRIP, context: OTHER_CONTEXT, otherContext: 'Trips', updateFields: HOME_PHONE },
			fail: {
				...ON_TRIP,
				context: OTHER_CONTEXT,
				otherContext: '7Trips',
				updateFields: HOME_PHONE,
			},
			error:
				'"Other Context" (context) must be one name of letters and digits starting with a letter, e.g. Trips; got "7Trips"',
		},
		{
			name: 'a passport is complete',
			pass: { ...ON_TRIP, updateFields: PASSPORT },
			fail: {
				...ON_TRIP,
				updateFields: { passportNumber: 'N1', passportDateOfIssue: '2010-01-01' },
			},
			error:
				'a passport needs Passport Number, Passport Nationality, Passport Date of Issue and Passport Date of Expiry together; missing: "Passport Nationality" (passport.nationality), "Passport Date of Expiry" (passport.dateOfExpiry)',
		},
		{
			name: 'a passport field left empty counts as missing, and says so',
			pass: { ...ON_TRIP, updateFields: { ...PASSPORT, passportPlaceOfIssue: 'US' } },
			fail: { ...ON_TRIP, updateFields: { ...PASSPORT, passportNationality: '' } },
			error:
				'a passport needs Passport Number, Passport Nationality, Passport Date of Issue and Passport Date of Expiry together; missing: "Passport Nationality" (passport.nationality) is empty',
		},
		{
			name: 'the passport expires after it was issued',
			pass: { ...ON_TRIP, updateFields: { ...PASSPORT, passportDateOfExpiry: '2010-01-02' } },
			fail: { ...ON_TRIP, updateFields: { ...PASSPORT, passportDateOfExpiry: '2010-01-01' } },
			error:
				'"Passport Date of Expiry" (passport.dateOfExpiry) must be after the Passport Date of Issue (2010-01-01); got "2010-01-01"',
		},
		{
			name: 'Single Supplement only with Context Trips',
			pass: { ...ON_TRIP, updateFields: { singleSupplement: true } },
			fail: { ...ON_BOOKING, updateFields: { singleSupplement: true } },
			error:
				'"Single Supplement" (singleSupplement) must be sent only with Context "Trips" (Intrepid accepts it only in the context of a trip); the context is "Booking"',
		},
		{
			name: 'Single Supplement not without a context',
			pass: {
				...ON_TRIP,
				context: OTHER_CONTEXT,
				otherContext: 'Trips',
				updateFields: { singleSupplement: false },
			},
			fail: { context: NO_CONTEXT, customerId: '9001', updateFields: { singleSupplement: false } },
			error:
				'"Single Supplement" (singleSupplement) must be sent only with Context "Trips" (Intrepid accepts it only in the context of a trip); the context is none',
		},
		{
			name: 'Cancel Single Supplement Only only with Context Trips',
			pass: { ...ON_TRIP, updateFields: { status: 'cancelled', cancelSingleSupplementOnly: true } },
			fail: {
				context: 'Accommodation',
				contextId: '8101',
				customerId: '9001',
				updateFields: { status: 'cancelled', cancelSingleSupplementOnly: true },
			},
			error:
				'"Cancel Single Supplement Only" (cancelSingleSupplementOnly) must be sent only with Context "Trips" (Intrepid accepts it only in the context of a trip); the context is "Accommodation"',
		},
		{
			name: 'something must be sent',
			pass: { ...ON_TRIP, updateFields: HOME_PHONE },
			fail: { ...ON_TRIP, updateFields: { homePhone: '', medicalNote: '={{ "" }}' } },
			error:
				'nothing to update: add at least one field with a value to Update Fields (empty values are not sent: homePhone, medicalNote)',
		},
		{
			name: 'a value is text, not an object',
			pass: { ...ON_TRIP, updateFields: { homeAddressCity: '={{ "Oslo" }}' } },
			fail: { ...ON_TRIP, updateFields: { homeAddressCity: '={{ { city: "Oslo" } }}' } },
			error:
				'"Home Address City" (homeAddress.city) must be text, a number or true/false, not a list or an object',
		},
		{
			name: "the credential's Base URL is an http(s) address",
			pass: { ...ON_TRIP, updateFields: HOME_PHONE },
			fail: { ...ON_TRIP, updateFields: HOME_PHONE },
			credentials: { baseUrl: 'api.intrepidgroup.travel' },
			error: `the credential's Base URL must be an http:// or https:// address, e.g. https://api.intrepidgroup.travel; got "api.intrepidgroup.travel"`,
		},
	],
};
