import type { IDataObject } from 'n8n-workflow';

import { ProviderError } from '../../nodes/shared/output/errors';
import {
	FieldRuleError,
	collectFields,
	fieldsToClearProperty,
	updateFieldsProperty,
} from '../../nodes/shared/input/fieldTable';
import type { PreparedRequest } from '../../nodes/shared/engine/types';
import { INTREPID_PAGE_FIELDS } from '../seeds/seedExamples';
import {
	INTREPID_FIELDS,
	LOCKED_ONCE_CONFIRMED,
	SET_ONCE,
	fieldsTagged,
} from '../../nodes/Intrepid/fields';
import {
	forbiddenExplanation,
	intrepidProvider,
	readErrorBody,
} from '../../nodes/Intrepid/provider';
import {
	buildBody,
	checkCombination,
	checkContext,
	checkId,
	customerPath,
} from '../../nodes/Intrepid/request';
import { intrepidBaseUrl } from '../../nodes/Intrepid/baseUrl';

/** Every request field of the documentation, with nested objects as dotted names, in documented order. */
const DOCUMENTED = [
	'title',
	'firstName',
	'middleName',
	'surname',
	'dateOfBirth',
	'homePhone',
	'mobilePhone',
	'emailAddress',
	'homeAddress.addressLine1',
	'homeAddress.addressLine2',
	'homeAddress.city',
	'homeAddress.state',
	'homeAddress.postcode',
	'homeAddress.countryName',
	'homeAddress.countryCode',
	'passport.number',
	'passport.nationality',
	'passport.placeOfIssue',
	'passport.dateOfIssue',
	'passport.dateOfExpiry',
	'travelInsurancePolicyNumber',
	'travelInsuranceCompany',
	'travelInsuranceCompanyPhone',
	'status',
	'emergencyContact.firstName',
	'emergencyContact.surname',
	'emergencyContact.homePhone',
	'emergencyContact.mobilePhone',
	'emergencyContact.relationship',
	'dietaryNote',
	'medicalNote',
	'singleSupplement',
	'cancelSingleSupplementOnly',
	'externalReference',
];

const PASSPORT = {
	passportNumber: 'N89171298',
	passportNationality: 'US',
	passportDateOfIssue: '2010-01-01',
	passportDateOfExpiry: '2020-01-01',
};

function collect(updateFields: Record<string, unknown>) {
	return collectFields(INTREPID_FIELDS, updateFields as IDataObject, []);
}

function check(updateFields: Record<string, unknown>, context: string | null = 'Trips') {
	const { values, emptyFields } = collect(updateFields);
	checkCombination(values, emptyFields, context);
	return buildBody(values);
}

function warningsOf(
	updateFields: Record<string, unknown>,
	context: string | null = 'Trips',
): string[] {
	const { values, emptyFields } = collect(updateFields);
	return checkCombination(values, emptyFields, context);
}

describe('Intrepid field table', () => {
	it('holds every documented field once, in documented order, none clearable', () => {
		expect(INTREPID_FIELDS.map((f) => f.wire)).toEqual(DOCUMENTED);
		expect(new Set(INTREPID_FIELDS.map((f) => f.key)).size).toBe(INTREPID_FIELDS.length);
		expect(INTREPID_FIELDS.every((f) => f.clear === 'notClearable')).toBe(true);
		expect(fieldsToClearProperty(INTREPID_FIELDS, '').options).toEqual([]);
		// Documented for GET answers only: offered, but flagged as having no effect on an update.
		expect(INTREPID_FIELDS.filter((f) => f.noEffect).map((f) => f.wire)).toEqual([
			'homeAddress.countryName',
		]);
	});

	it('tags the set-once and locked fields as documented', () => {
		expect(fieldsTagged(SET_ONCE).map((f) => f.wire)).toEqual(['title', 'firstName', 'surname']);
		expect(fieldsTagged(LOCKED_ONCE_CONFIRMED).map((f) => f.wire)).toEqual([
			'middleName',
			'dateOfBirth',
			'passport.number',
			'passport.nationality',
			'passport.placeOfIssue',
			'passport.dateOfIssue',
			'passport.dateOfExpiry',
		]);
	});

	it('offers every field in Update Fields, sorted by label, booleans described with "Whether"', () => {
		const property = updateFieldsProperty(INTREPID_FIELDS);
		const options = property.options as Array<{
			displayName: string;
			type: string;
			description: string;
		}>;
		expect(options).toHaveLength(DOCUMENTED.length);
		const labels = options.map((o) => o.displayName);
		expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
		for (const o of options.filter((x) => x.type === 'boolean'))
			expect(o.description).toMatch(/^Whether /);
	});

	it('sends booleans as the strings "true" and "false", and only the fields that were set', () => {
		expect(check({ singleSupplement: true })).toEqual({ singleSupplement: 'true' });
		expect(check({ singleSupplement: false })).toEqual({ singleSupplement: 'false' });
		expect(check({ singleSupplement: 'true', homePhone: '' })).toEqual({
			singleSupplement: 'true',
		});
		expect(collect({ homePhone: '', dietaryNote: 'x' }).emptyFields).toEqual(['homePhone']);
		expect(() => check({ singleSupplement: 'yes' })).toThrow(
			'"Single Supplement" (singleSupplement) must be one of "true", "false"; got "yes"',
		);
	});

	it('builds the documented request example, every value as the page gives it, as nested JSON', () => {
		const body = check(INTREPID_PAGE_FIELDS);
		expect(JSON.stringify(body)).toBe(
			'{"title":"Mr","firstName":"Homer","middleName":"Pete","surname":"Simpson","dateOfBirth":"1970-01-01",' +
				'"homePhone":"0115487956","mobilePhone":"0435485548","emailAddress":"homer@simpson.com",' +
				'"homeAddress":{"addressLine1":"74 Brokesley Street","addressLine2":"Bournemouth","city":"Kingswood","state":"Vic","postcode":"3167","countryName":"Australia","countryCode":"AU"},' +
				'"passport":{"number":"N89171298","nationality":"US","placeOfIssue":"US","dateOfIssue":"2010-01-01","dateOfExpiry":"2020-01-01"},' +
				'"travelInsurancePolicyNumber":"4552","travelInsuranceCompany":"Slexicover Direct","travelInsuranceCompanyPhone":"0435698542",' +
				'"status":"confirmed",' +
				'"emergencyContact":{"firstName":"Jess","surname":"Peter","homePhone":"0115487956","mobilePhone":"0435485548","relationship":"Mother"},' +
				'"dietaryNote":"Allergic to seafood","medicalNote":"Knee replacement","singleSupplement":"true","cancelSingleSupplementOnly":"true",' +
				'"externalReference":"ABCD2-12345"}',
		);
	});

	describe('passport', () => {
		it.each([
			['number', { ...PASSPORT, passportNumber: undefined }, '"Passport Number" (passport.number)'],
			[
				'nationality',
				{ ...PASSPORT, passportNationality: undefined },
				'"Passport Nationality" (passport.nationality)',
			],
			[
				'dateOfIssue',
				{ ...PASSPORT, passportDateOfIssue: undefined },
				'"Passport Date of Issue" (passport.dateOfIssue)',
			],
			[
				'dateOfExpiry',
				{ ...PASSPORT, passportDateOfExpiry: undefined },
				'"Passport Date of Expiry" (passport.dateOfExpiry)',
			],
		])('needs %s with the other mandatory fields', (_name, fields, named) => {
			const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
			expect(() => check(given)).toThrow(`missing: ${named}`);
		});

		it('counts an empty mandatory field as missing, and needs all of them for placeOfIssue alone', () => {
			expect(() => check({ ...PASSPORT, passportDateOfIssue: '' })).toThrow(
				'missing: "Passport Date of Issue" (passport.dateOfIssue) is empty',
			);
			expect(() => check({ passportPlaceOfIssue: 'US' })).toThrow(
				/missing: "Passport Number" \(passport.number\), "Passport Nationality"/,
			);
			expect(() => check({ passportNumber: '' })).toThrow(
				/missing: "Passport Number" \(passport.number\) is empty, "Passport Nationality"/,
			);
		});

		it('refuses blank text, a non-ISO nationality, impossible dates and an expiry not after the issue', () => {
			expect(() => check({ ...PASSPORT, passportNumber: ' \t ' })).toThrow(FieldRuleError);
			expect(() => check({ ...PASSPORT, passportPlaceOfIssue: '  ' })).toThrow(
				'"Passport Place of Issue" (passport.placeOfIssue) must contain at least one character that is not a space',
			);
			expect(() => check({ ...PASSPORT, passportNationality: 'ZZ' })).toThrow(
				'two-letter ISO 3166-1 alpha-2',
			);
			expect(() => check({ ...PASSPORT, passportDateOfIssue: '2010-13-01' })).toThrow(
				'"Passport Date of Issue" (passport.dateOfIssue) must be a real date',
			);
			expect(() => check({ ...PASSPORT, passportDateOfExpiry: '2009-12-31' })).toThrow(
				'"Passport Date of Expiry" (passport.dateOfExpiry) must be after the Passport Date of Issue (2010-01-01); got "2009-12-31"',
			);
			expect(check({ ...PASSPORT, passportNationality: ' gb ' })).toEqual({
				passport: {
					number: 'N89171298',
					nationality: 'GB',
					dateOfIssue: '2010-01-01',
					dateOfExpiry: '2020-01-01',
				},
			});
		});
	});

	it('checks dates, country codes and the status list', () => {
		expect(() => check({ dateOfBirth: '01/02/1970' })).toThrow(
			'"Date of Birth" (dateOfBirth) must be a real date in YYYY-MM-DD format',
		);
		expect(() => check({ dateOfBirth: '2023-02-29' })).toThrow(FieldRuleError);
		expect(check({ dateOfBirth: '2024-02-29' })).toEqual({ dateOfBirth: '2024-02-29' });
		expect(() => check({ homeAddressCountryCode: 'AUS' })).toThrow(
			'"Home Address Country Code" (homeAddress.countryCode) must be a two-letter',
		);
		expect(check({ homeAddressCountryCode: 'nz' })).toEqual({ homeAddress: { countryCode: 'NZ' } });
		expect(() => check({ status: 'Confirmed' })).toThrow(
			'"Status" (status) must be one of "confirmed", "tentative", "onRequest", "cancelled"',
		);
		expect(() => check({ title: ' ' })).toThrow(
			'"Title" (title) must contain at least one character that is not a space',
		);
		expect(() => check({ firstName: { first: 'x' } })).toThrow(
			'must be text, a number or true/false',
		);
	});

	it('allows singleSupplement only in a Trips context', () => {
		expect(check({ singleSupplement: true }, 'Trips')).toEqual({ singleSupplement: 'true' });
		expect(check({ singleSupplement: true }, 'trips')).toEqual({ singleSupplement: 'true' });
		for (const context of [
			'Booking',
			'Accommodation',
			'Transfer',
			'AdditionalService',
			'Sightseeing',
			null,
		]) {
			expect(() => check({ singleSupplement: false }, context)).toThrow(
				'"Single Supplement" (singleSupplement) must be sent only with Context "Trips"',
			);
		}
	});

	it('refuses cancelSingleSupplementOnly outside a trip, and warns, not refuses, when a cancellation-only field comes without status cancelled', () => {
		expect(check({ status: 'cancelled', cancelSingleSupplementOnly: false })).toEqual({
			status: 'cancelled',
			cancelSingleSupplementOnly: 'false',
		});
		expect(
			warningsOf({
				status: 'cancelled',
				cancelSingleSupplementOnly: true,
				externalReference: 'R-1',
			}),
		).toEqual([]);
		expect(() =>
			check({ status: 'cancelled', cancelSingleSupplementOnly: true }, 'Transfer'),
		).toThrow('must be sent only with Context "Trips"');
		expect(check({ status: 'cancelled', externalReference: 'R-1' }, 'Transfer')).toEqual({
			status: 'cancelled',
			externalReference: 'R-1',
		});

		expect(check({ status: 'confirmed', cancelSingleSupplementOnly: true })).toEqual({
			status: 'confirmed',
			cancelSingleSupplementOnly: 'true',
		});
		expect(warningsOf({ status: 'confirmed', cancelSingleSupplementOnly: true })).toEqual([
			'"Cancel Single Supplement Only" (cancelSingleSupplementOnly) has no effect on this update: by Intrepid\'s documentation "the status must be set to \'cancelled\' for this property to take effect", and Status is "confirmed"',
		]);
		expect(warningsOf({ cancelSingleSupplementOnly: false })).toEqual([
			'"Cancel Single Supplement Only" (cancelSingleSupplementOnly) has no effect on this update: by Intrepid\'s documentation "the status must be set to \'cancelled\' for this property to take effect", and Status is not set',
		]);
		expect(check({ externalReference: 'R-1' }, 'Transfer')).toEqual({ externalReference: 'R-1' });
		expect(warningsOf({ externalReference: 'R-1', status: 'tentative' }, null)).toEqual([
			'"External Reference" (externalReference) has no effect on this update: by Intrepid\'s documentation it "is applicable only with pax cancellation" (Status "cancelled"), and Status is "tentative"',
		]);
	});

	it('sends homeAddress.countryName as given, with a warning that only GET uses it', () => {
		expect(
			check({ homeAddressCountryName: 'Australia', homeAddressCountryCode: 'au' }, null),
		).toEqual({
			homeAddress: { countryName: 'Australia', countryCode: 'AU' },
		});
		expect(warningsOf({ homeAddressCountryName: 'Australia' }, null)).toEqual([
			'"Home Address Country Name" (homeAddress.countryName) has no effect on this update: by Intrepid\'s documentation it is only used in GET requests; Home Address Country Code (homeAddress.countryCode) sets the country',
		]);
		expect(warningsOf({ homeAddressCountryCode: 'AU', homePhone: '1' }, null)).toEqual([]);
	});
});

describe('Intrepid path segments', () => {
	it('accepts letter-and-digit contexts and positive integers, trimmed', () => {
		expect(checkContext(' Trips ')).toBe('Trips');
		expect(checkContext('Flights2')).toBe('Flights2');
		expect(checkId(' 5057123 ', 'Context ID', 'contextId')).toBe('5057123');
		expect(checkId(9001, 'Customer ID', 'id')).toBe('9001');
	});

	it.each([
		'Trips/1',
		'../Customers',
		'Trips?x',
		'Trips#',
		'Trips%2F',
		'Tr ips',
		'Trips\\x',
		'_none',
		'1Trips',
		'Tríps',
		'',
	])('refuses the context %j', (value) => {
		expect(() => checkContext(value)).toThrow(/^"Context" \(context\) must be/);
	});

	it.each(['0', '-1', '1.5', '1e3', '12/3', '12%2F3', '0x10', ' ', 'abc', '99999999999999999'])(
		'refuses the ID %j',
		(value) => {
			expect(() => checkId(value, 'Customer ID', 'id')).toThrow(/^"Customer ID" \(id\) must be/);
		},
	);

	it('refuses lists and objects for IDs', () => {
		expect(() => checkId([1], 'Context ID', 'contextId')).toThrow(
			'"Context ID" (contextId) must be text or a number, not a list or an object',
		);
	});

	it('builds both documented paths', () => {
		expect(customerPath({ context: 'Trips', contextId: '7001', customerId: '9001' })).toBe(
			'/Trips/7001/Customers/9001',
		);
		expect(customerPath({ context: null, contextId: null, customerId: '9001' })).toBe(
			'/Customers/9001',
		);
	});

	it('defaults the Base URL to the documented host and refuses other schemes', () => {
		expect(intrepidBaseUrl('')).toBe('https://api.intrepidgroup.travel');
		expect(intrepidBaseUrl(' http://127.0.0.1:18083// ')).toBe('http://127.0.0.1:18083');
		expect(() => intrepidBaseUrl('ftp://x')).toThrow(
			'Base URL must be an http:// or https:// address',
		);
		expect(() => intrepidBaseUrl('https://x/?a=1')).toThrow('must not contain "?" or "#"');
	});
});

describe('Intrepid answers', () => {
	const prepared: PreparedRequest = {
		request: { url: 'http://x/Trips/7001/Customers/9001', method: 'PATCH' },
		sentFields: ['title', 'dateOfBirth', 'passport.number', 'passport.nationality', 'status'],
		customerId: '9001',
		mayCreate: false,
		context: {
			path: '/Trips/7001/Customers/9001',
			intrepidContext: 'Trips',
			contextId: '7001',
			sentStatus: 'confirmed',
		},
	};

	it('reads 200 with an empty body as updated and 202 as accepted', () => {
		expect(
			intrepidProvider.interpret({ statusCode: 200, headers: {}, body: '' }, prepared),
		).toMatchObject({
			status: 'updated',
			providerStatus: '200 OK',
			changedFields: prepared.sentFields,
		});
		expect(
			intrepidProvider.interpret({ statusCode: 202, headers: {}, body: '' }, prepared),
		).toMatchObject({
			status: 'accepted',
			providerStatus: '202 Accepted',
		});
	});

	it('reads the documented error structure leniently', () => {
		expect(
			readErrorBody('{"errorType":"BadRequest","errors":["a","b"],"correlationId":"c-1"}'),
		).toEqual({
			errorType: 'BadRequest',
			errors: ['a', 'b'],
			correlationId: 'c-1',
		});
		expect(readErrorBody('{"message":"Forbidden"}')).toEqual({
			errorType: undefined,
			errors: ['Forbidden'],
			correlationId: undefined,
		});
		expect(readErrorBody('<html>')).toBeUndefined();
		expect(readErrorBody('[1]')).toBeUndefined();
	});

	it('explains a 403 by the rules the sent fields touch', () => {
		expect(forbiddenExplanation(prepared.sentFields, 'confirmed')).toBe(
			'Probably: title cannot override an existing value (they can only be set while the record has none; send the stored value or leave them out); ' +
				'or dateOfBirth, passport can no longer be changed once the trip is confirmed, fullyPaid or onRequest; ' +
				"or dateOfBirth is outside the minimum or maximum age of one of the customer's trips; " +
				'or only on-statement agents can confirm a customer without payment; others need the required payment made first. ' +
				'Fields sent: title, dateOfBirth, passport.number, passport.nationality, status.',
		);
		expect(forbiddenExplanation(['homePhone'], undefined)).toBe(
			'Intrepid refuses to change a parameter that is already set on the record. Fields sent: homePhone.',
		);
	});

	it('turns an error answer into a ProviderError with errorType, errors and correlationId', () => {
		let caught: unknown;
		try {
			intrepidProvider.interpret(
				{
					statusCode: 403,
					headers: {},
					body: '{"errorType":"Forbidden","errors":["title cannot override"],"correlationId":"abc"}',
				},
				prepared,
			);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(ProviderError);
		const error = caught as ProviderError;
		expect(error.message).toBe(
			'Intrepid refused the update (HTTP 403 Forbidden): title cannot override',
		);
		expect(error.details.httpCode).toBe(403);
		expect(error.details.data).toMatchObject({
			errorType: 'Forbidden',
			errors: ['title cannot override'],
			correlationId: 'abc',
		});
		expect(error.details.description).toMatch(
			/Quote correlationId abc to Intrepid support if this persists\.$/,
		);
	});
});
