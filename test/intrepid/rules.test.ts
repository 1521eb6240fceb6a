import type { NodeApiError } from 'n8n-workflow';

import { startIntrepidEmulator } from '../../sandbox/intrepid';
import { ON_STATEMENT_KEY, patchRequests, runIntrepid, type IntrepidEmulator } from './helpers';
import { startEachTest } from '../harness/lifecycle';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('Intrepid lock and state rules', () => {
	let emulator: IntrepidEmulator;

	startEachTest(startIntrepidEmulator, (started) => (emulator = started));

	async function refused(
		parameters: Record<string, unknown>,
		credentials?: Record<string, unknown>,
	) {
		const result = await runIntrepid(emulator, parameters, [{ json: {} }], { credentials });
		expect(result.error).toBeDefined();
		return result.error as NodeApiError;
	}

	describe('title, firstName and surname cannot override existing values (403)', () => {
		it.each([
			['title', 'Dr'],
			['firstName', 'Max'],
			['surname', 'Power'],
		])('refuses a new %s and says which rule and which fields', async (field, value) => {
			const error = await refused({
				context: 'Booking',
				contextId: '5057123',
				customerId: '9001',
				updateFields: { [field]: value, homePhone: '0311110000' },
			});
			expect(error.message).toBe(
				`Intrepid refused the update (HTTP 403 Forbidden): ${field} cannot override the existing value`,
			);
			expect(error.httpCode).toBe('403');
			expect(error.description).toContain(`Probably: ${field} cannot override an existing value`);
			expect(error.description).toContain(`Fields sent: ${field}, homePhone.`);
			expect(error.description).toMatch(
				new RegExp(`Quote correlationId ${UUID.source} to Intrepid support`),
			);
			expect(emulator.customer(9001).homePhone).toBeUndefined();
		});

		it('accepts the stored value sent again', async () => {
			const result = await runIntrepid(emulator, {
				context: 'Booking',
				contextId: '5057123',
				customerId: '9001',
				updateFields: {
					title: 'Mr',
					firstName: 'Homer',
					surname: 'Simpson',
					homePhone: '0311110000',
				},
			});
			expect(result.error).toBeUndefined();
			expect(emulator.customer(9001).homePhone).toBe('0311110000');
		});

		it('needs them while the record has none (400 from Intrepid)', async () => {
			const error = await refused({
				context: 'Trips',
				contextId: '7001',
				customerId: '9002',
				updateFields: { homePhone: '1' },
			});
			expect(error.httpCode).toBe('400');
			expect(error.message).toBe(
				'Intrepid refused the update (HTTP 400 BadRequest): title is mandatory: the customer has none yet; firstName is mandatory: the customer has none yet; surname is mandatory: the customer has none yet',
			);
		});
	});

	describe('middleName, dateOfBirth and passport lock once a trip is confirmed, fullyPaid or onRequest (403)', () => {
		const passport = {
			passportNumber: 'X1234567',
			passportNationality: 'AU',
			passportDateOfIssue: '2021-02-03',
			passportDateOfExpiry: '2031-02-02',
		};
		it.each([
			['confirmed', 'Trips', '7001', '9003', 'the customer is confirmed on trip 7001'],
			['onRequest', 'Trips', '7002', '9004', 'the customer is onRequest on trip 7002'],
			['fullyPaid', 'Booking', '5057124', '9005', 'booking 5057124 is fullyPaid'],
		])('when %s', async (_state, context, contextId, customerId, lock) => {
			for (const [fields, wire, probable] of [
				[{ middleName: 'Lou' }, 'middleName', 'middleName can no longer be changed'],
				[{ dateOfBirth: '2001-01-01' }, 'dateOfBirth', 'dateOfBirth can no longer be changed'],
				[passport, 'passport', 'passport can no longer be changed'],
			] as const) {
				const error = await refused({ context, contextId, customerId, updateFields: fields });
				expect(error.httpCode).toBe('403');
				expect(error.message).toBe(
					`Intrepid refused the update (HTTP 403 Forbidden): ${wire} cannot be changed: ${lock}`,
				);
				expect(error.description).toContain(
					`Probably: ${probable} once the trip is confirmed, fullyPaid or onRequest`,
				);
			}
			expect(emulator.patches).toHaveLength(0);
		});

		it('while the trip is still tentative and unpaid they can be changed', async () => {
			const result = await runIntrepid(emulator, {
				context: 'Trips',
				contextId: '7001',
				customerId: '9001',
				updateFields: { middleName: 'Jay', dateOfBirth: '1976-06-06', ...passport },
			});
			expect(result.error).toBeUndefined();
			expect(emulator.customer(9001)).toMatchObject({
				middleName: 'Jay',
				dateOfBirth: '1976-06-06',
				passport: {
					number: 'X1234567',
					nationality: 'AU',
					dateOfIssue: '2021-02-03',
					dateOfExpiry: '2031-02-02',
				},
			});
		});
	});

	describe('status transitions', () => {
		it('refuses to confirm an unpaid customer for an agent that is not on statement (403)', async () => {
			const error = await refused({
				context: 'Trips',
				contextId: '7001',
				customerId: '9001',
				updateFields: { status: 'confirmed' },
			});
			expect(error.httpCode).toBe('403');
			expect(error.message).toMatch(
				/status cannot be confirmed: the required payment has not been made/,
			);
			expect(error.description).toContain(
				'only on-statement agents can confirm a customer without payment',
			);
			expect(error.description).toContain('Fields sent: status.');
			expect(emulator.entry('Trips', 7001, 9001).status).toBe('tentative');
		});

		it('lets an on-statement agent confirm without payment (200)', async () => {
			const result = await runIntrepid(
				emulator,
				{
					context: 'Trips',
					contextId: '7001',
					customerId: '9001',
					updateFields: { status: 'confirmed' },
				},
				[{ json: {} }],
				{ credentials: { apiKey: ON_STATEMENT_KEY } },
			);
			expect(result.error).toBeUndefined();
			expect(result.outputs('Intrepid')[0][0].json).toMatchObject({
				status: 'updated',
				customer: { status: 'confirmed' },
			});
			expect(emulator.entry('Trips', 7001, 9001).status).toBe('confirmed');
		});

		it('cancels with 202 and refuses to reinstate a cancelled customer (403)', async () => {
			const cancel = await runIntrepid(emulator, {
				context: 'Transfer',
				contextId: '8201',
				customerId: '9001',
				updateFields: { status: 'cancelled' },
			});
			expect(cancel.outputs('Intrepid')[0][0].json).toMatchObject({
				status: 'accepted',
				providerStatus: '202 Accepted',
			});
			const error = await refused({
				context: 'Transfer',
				contextId: '8201',
				customerId: '9001',
				updateFields: { status: 'tentative' },
			});
			expect(error.httpCode).toBe('403');
			expect(error.message).toContain('the customer is cancelled on this component');
			expect(emulator.entry('Transfer', 8201, 9001).status).toBe('cancelled');
		});

		it('is answered 400 by Intrepid in a Booking context, which is not a component', async () => {
			const error = await refused({
				context: 'Booking',
				contextId: '5057123',
				customerId: '9001',
				updateFields: { status: 'tentative' },
			});
			expect(error.httpCode).toBe('400');
			expect(error.message).toMatch(/status can only be set in the context of a component/);
		});
	});

	describe("dateOfBirth must meet the age limits of the customer's trips (403)", () => {
		it.each([
			['too old', '1980-01-01', 'age 46'],
			['too young', '2010-01-01', 'age 16'],
		])('refuses a date of birth that is %s', async (_what, dob, age) => {
			const error = await refused({
				context: 'Trips',
				contextId: '7004',
				customerId: '9007',
				updateFields: { dateOfBirth: dob },
			});
			expect(error.httpCode).toBe('403');
			expect(error.message).toBe(
				`Intrepid refused the update (HTTP 403 Forbidden): dateOfBirth ${dob} does not meet the age requirements of trip 7004 (18-39; ${age} on 2026-05-01)`,
			);
			expect(error.description).toContain(
				"Probably: dateOfBirth can no longer be changed once the trip is confirmed, fullyPaid or onRequest; or dateOfBirth is outside the minimum or maximum age of one of the customer's trips.",
			);
			expect(error.description).toContain('Fields sent: dateOfBirth.');
			expect((error.errorResponse as Record<string, unknown>).errorType).toBe('Forbidden');
			expect(emulator.patches).toHaveLength(0);
			expect(emulator.customer(9007).dateOfBirth).toBe('1996-02-02');
		});

		it('applies to every trip of the customer, also without a context', async () => {
			const error = await refused({
				context: '_none',
				customerId: '9007',
				updateFields: { dateOfBirth: '1970-01-01' },
			});
			expect(error.httpCode).toBe('403');
			expect(error.message).toContain('does not meet the age requirements of trip 7004');
			const ok = await runIntrepid(emulator, {
				context: '_none',
				customerId: '9007',
				updateFields: { dateOfBirth: '1990-05-05' },
			});
			expect(ok.error).toBeUndefined();
			expect(emulator.customer(9007).dateOfBirth).toBe('1990-05-05');
		});
	});

	describe('rules the node enforces before sending', () => {
		it.each([
			[
				'an incomplete passport',
				{
					context: 'Trips',
					contextId: '7001',
					customerId: '9001',
					updateFields: { passportNumber: 'N1', passportNationality: 'US' },
				},
				'Invalid input in item 0: a passport needs Passport Number, Passport Nationality, Passport Date of Issue and Passport Date of Expiry together; missing: "Passport Date of Issue" (passport.dateOfIssue), "Passport Date of Expiry" (passport.dateOfExpiry)',
			],
			[
				'a passport with an empty mandatory field',
				{
					context: 'Trips',
					contextId: '7001',
					customerId: '9001',
					updateFields: {
						passportNumber: '',
						passportNationality: 'US',
						passportDateOfIssue: '2020-01-01',
						passportDateOfExpiry: '2030-01-01',
					},
				},
				'Invalid input in item 0: a passport needs Passport Number, Passport Nationality, Passport Date of Issue and Passport Date of Expiry together; missing: "Passport Number" (passport.number) is empty',
			],
			[
				'a blank passport number',
				{
					context: 'Trips',
					contextId: '7001',
					customerId: '9001',
					updateFields: {
						passportNumber: '   ',
						passportNationality: 'US',
						passportDateOfIssue: '2020-01-01',
						passportDateOfExpiry: '2030-01-01',
					},
				},
				'Invalid input in item 0: "Passport Number" (passport.number) must contain at least one character that is not a space; got "   "',
			],
			[
				'an expiry before the issue',
				{
					context: 'Trips',
					contextId: '7001',
					customerId: '9001',
					updateFields: {
						passportNumber: 'N1',
						passportNationality: 'US',
						passportDateOfIssue: '2020-01-01',
						passportDateOfExpiry: '2020-01-01',
					},
				},
				'Invalid input in item 0: "Passport Date of Expiry" (passport.dateOfExpiry) must be after the Passport Date of Issue (2020-01-01); got "2020-01-01"',
			],
			[
				'a nationality that is not ISO alpha-2',
				{
					context: 'Trips',
					contextId: '7001',
					customerId: '9001',
					updateFields: {
						passportNumber: 'N1',
						passportNationality: 'USA',
						passportDateOfIssue: '2020-01-01',
						passportDateOfExpiry: '2030-01-01',
					},
				},
				'Invalid input in item 0: "Passport Nationality" (passport.nationality) must be a two-letter ISO 3166-1 alpha-2 country code (e.g. GB, US, AU); got "USA"',
			],
			[
				'an impossible date of birth',
				{
					context: 'Trips',
					contextId: '7001',
					customerId: '9001',
					updateFields: { dateOfBirth: '1990-02-30' },
				},
				'Invalid input in item 0: "Date of Birth" (dateOfBirth) must be a real date in YYYY-MM-DD format (e.g. 1985-04-23); got "1990-02-30"',
			],
			[
				'a country code that is not ISO alpha-2',
				{
					context: 'Booking',
					contextId: '5057123',
					customerId: '9001',
					updateFields: { homeAddressCountryCode: 'XX' },
				},
				'Invalid input in item 0: "Home Address Country Code" (homeAddress.countryCode) must be a two-letter ISO 3166-1 alpha-2 country code (e.g. GB, US, AU); got "XX"',
			],
			[
				'a single supplement outside a trip',
				{
					context: 'Accommodation',
					contextId: '8101',
					customerId: '9001',
					updateFields: { singleSupplement: true },
				},
				'Invalid input in item 0: "Single Supplement" (singleSupplement) must be sent only with Context "Trips" (Intrepid accepts it only in the context of a trip); the context is "Accommodation"',
			],
			[
				'cancelSingleSupplementOnly outside a trip',
				{
					context: 'Accommodation',
					contextId: '8101',
					customerId: '9001',
					updateFields: { cancelSingleSupplementOnly: true, status: 'cancelled' },
				},
				'Invalid input in item 0: "Cancel Single Supplement Only" (cancelSingleSupplementOnly) must be sent only with Context "Trips" (Intrepid accepts it only in the context of a trip); the context is "Accommodation"',
			],
			[
				'a status that is not documented',
				{
					context: 'Trips',
					contextId: '7004',
					customerId: '9007',
					updateFields: { status: 'fullyPaid' },
				},
				'Invalid input in item 0: "Status" (status) must be one of "confirmed", "tentative", "onRequest", "cancelled"; got "fullyPaid"',
			],
			[
				'nothing to update',
				{
					context: 'Trips',
					contextId: '7004',
					customerId: '9007',
					updateFields: { homePhone: '' },
				},
				'Invalid input in item 0: nothing to update: add at least one field with a value to Update Fields (empty values are not sent: homePhone)',
			],
		])('refuses %s and sends nothing', async (_name, parameters, message) => {
			const result = await runIntrepid(emulator, parameters);
			expect(result.error?.message).toBe(message);
			expect(emulator.requests).toHaveLength(0);
			expect(patchRequests(emulator)).toHaveLength(0);
		});
	});
});
