import { startIntrepidEmulator } from '../../sandbox/intrepid';
import {
	AGENT_KEY,
	onlyPatchBody,
	patchRequests,
	runIntrepid,
	type IntrepidEmulator,
} from './helpers';
import { startEachTest } from '../harness/lifecycle';

describe('Intrepid node through the n8n engine', () => {
	let emulator: IntrepidEmulator;

	startEachTest(startIntrepidEmulator, (started) => (emulator = started));

	it('updates a customer on a booking with the documented headers and outputs the normalized result', async () => {
		const result = await runIntrepid(emulator, {
			context: 'Booking',
			contextId: '5057123',
			customerId: '9001',
			updateFields: { mobilePhone: '0400111222', emailAddress: 'homer@example.com' },
		});
		expect(result.error).toBeUndefined();
		const [request] = patchRequests(emulator);
		expect(request.path).toBe('/Booking/5057123/Customers/9001');
		expect(request.headers['x-api-key']).toBe(AGENT_KEY);
		expect(request.headers.accept).toBe('application/json');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.text).toBe('{"mobilePhone":"0400111222","emailAddress":"homer@example.com"}');

		const [main] = result.outputs('Intrepid');
		expect(main).toHaveLength(1);
		expect(main[0].pairedItem).toEqual({ item: 0 });
		const { customer, ...rest } = main[0].json;
		expect(rest).toEqual({
			provider: 'intrepid',
			customerId: '9001',
			status: 'updated',
			changedFields: ['mobilePhone', 'emailAddress'],
			providerStatus: '200 OK',
			context: 'Booking',
			contextId: '5057123',
		});
		expect(customer).toMatchObject({
			id: 9001,
			mobilePhone: '0400111222',
			emailAddress: 'homer@example.com',
			surname: 'Simpson',
		});
		expect(emulator.customer(9001)).toMatchObject({
			mobilePhone: '0400111222',
			emailAddress: 'homer@example.com',
		});
	});

	it.each([
		['Trips', '7001'],
		['Accommodation', '8101'],
		['Transfer', '8201'],
		['AdditionalService', '8301'],
		['Sightseeing', '8401'],
	])('updates the customer in the %s context', async (context, contextId) => {
		const result = await runIntrepid(emulator, {
			context,
			contextId,
			customerId: '9001',
			updateFields: { dietaryNote: `No shellfish (${context})` },
		});
		expect(result.error).toBeUndefined();
		expect(patchRequests(emulator).map((r) => r.path)).toEqual([
			`/${context}/${contextId}/Customers/9001`,
		]);
		expect(onlyPatchBody(emulator)).toEqual({ dietaryNote: `No shellfish (${context})` });
		expect(result.outputs('Intrepid')[0][0].json).toMatchObject({
			status: 'updated',
			context,
			contextId,
		});
		expect(emulator.customer(9001).dietaryNote).toBe(`No shellfish (${context})`);
	});

	it('uses PATCH /Customers/{id} for "None (Customer Only)" and sends no context', async () => {
		const result = await runIntrepid(emulator, {
			context: '_none',
			contextId: '999',
			customerId: '9001',
			updateFields: { homePhone: '0115487956' },
		});
		expect(result.error).toBeUndefined();
		expect(patchRequests(emulator).map((r) => r.path)).toEqual(['/Customers/9001']);
		expect(result.outputs('Intrepid')[0][0].json).toMatchObject({
			status: 'updated',
			context: null,
			contextId: null,
		});
		expect(emulator.customer(9001).homePhone).toBe('0115487956');
	});

	it('takes another context name from Other Context', async () => {
		const result = await runIntrepid(emulator, {
			context: '_other',
			otherContext: 'trips',
			contextId: '7001',
			customerId: '9001',
			updateFields: { medicalNote: 'Asthma' },
		});
		expect(result.error).toBeUndefined();
		expect(patchRequests(emulator).map((r) => r.path)).toEqual(['/trips/7001/Customers/9001']);
		expect(emulator.customer(9001).medicalNote).toBe('Asthma');
	});

	it('builds nested objects from the dotted wire names, exactly as documented', async () => {
		const result = await runIntrepid(emulator, {
			context: 'Trips',
			contextId: '7001',
			customerId: '9001',
			updateFields: {
				emergencyContactRelationship: 'Mother',
				emergencyContactFirstName: 'Jess',
				emergencyContactSurname: 'Peter',
				emergencyContactHomePhone: '0115487956',
				emergencyContactMobilePhone: '0435485548',
				passportDateOfExpiry: '2030-01-01',
				passportDateOfIssue: '2020-01-01',
				passportPlaceOfIssue: 'US',
				passportNationality: 'us',
				passportNumber: 'N89171298',
				homeAddressCountryCode: ' au ',
				homeAddressPostcode: '3167',
				homeAddressState: 'Vic',
				homeAddressCity: 'Kingswood',
				homeAddressLine2: 'Bournemouth',
				homeAddressLine1: '74 Brokesley Street',
				middleName: 'Pete',
				title: 'Mr',
				travelInsurancePolicyNumber: '4552',
				travelInsuranceCompany: 'Slexicover Direct',
				travelInsuranceCompanyPhone: '0435698542',
				singleSupplement: true,
			},
		});
		expect(result.error).toBeUndefined();
		const [request] = patchRequests(emulator);
		expect(request.text).toBe(
			JSON.stringify({
				title: 'Mr',
				middleName: 'Pete',
				homeAddress: {
					addressLine1: '74 Brokesley Street',
					addressLine2: 'Bournemouth',
					city: 'Kingswood',
					state: 'Vic',
					postcode: '3167',
					countryCode: 'AU',
				},
				passport: {
					number: 'N89171298',
					nationality: 'US',
					placeOfIssue: 'US',
					dateOfIssue: '2020-01-01',
					dateOfExpiry: '2030-01-01',
				},
				travelInsurancePolicyNumber: '4552',
				travelInsuranceCompany: 'Slexicover Direct',
				travelInsuranceCompanyPhone: '0435698542',
				emergencyContact: {
					firstName: 'Jess',
					surname: 'Peter',
					homePhone: '0115487956',
					mobilePhone: '0435485548',
					relationship: 'Mother',
				},
				singleSupplement: 'true',
			}),
		);
		expect(emulator.customer(9001)).toMatchObject({
			middleName: 'Pete',
			homeAddress: { addressLine1: '74 Brokesley Street', city: 'Kingswood', countryCode: 'AU' },
			passport: { number: 'N89171298', nationality: 'US', dateOfExpiry: '2030-01-01' },
			emergencyContact: { firstName: 'Jess', relationship: 'Mother' },
		});
		expect(emulator.entry('Trips', 7001, 9001).singleSupplement).toBe('true');
		expect(result.outputs('Intrepid')[0][0].json.changedFields).toEqual([
			'title',
			'middleName',
			'homeAddress.addressLine1',
			'homeAddress.addressLine2',
			'homeAddress.city',
			'homeAddress.state',
			'homeAddress.postcode',
			'homeAddress.countryCode',
			'passport.number',
			'passport.nationality',
			'passport.placeOfIssue',
			'passport.dateOfIssue',
			'passport.dateOfExpiry',
			'travelInsurancePolicyNumber',
			'travelInsuranceCompany',
			'travelInsuranceCompanyPhone',
			'emergencyContact.firstName',
			'emergencyContact.surname',
			'emergencyContact.homePhone',
			'emergencyContact.mobilePhone',
			'emergencyContact.relationship',
			'singleSupplement',
		]);
	});

	it('sends a boolean that is off as the text "false" and leaves out empty fields', async () => {
		const result = await runIntrepid(emulator, {
			context: 'Trips',
			contextId: '7004',
			customerId: '9007',
			updateFields: { singleSupplement: false, homePhone: '', dietaryNote: 'Vegan' },
		});
		expect(result.error).toBeUndefined();
		expect(patchRequests(emulator)[0].text).toBe(
			'{"dietaryNote":"Vegan","singleSupplement":"false"}',
		);
		expect(result.outputs('Intrepid')[0][0].json).toMatchObject({
			ignoredEmptyFields: ['homePhone'],
			changedFields: ['dietaryNote', 'singleSupplement'],
		});
		expect(emulator.entry('Trips', 7004, 9007).singleSupplement).toBe('false');
	});

	it('sets title, firstName and surname on a customer that has none yet', async () => {
		const result = await runIntrepid(emulator, {
			context: 'Trips',
			contextId: '7001',
			customerId: '9002',
			updateFields: {
				title: 'Dr',
				firstName: 'Julius',
				surname: 'Hibbert',
				dateOfBirth: '1965-07-07',
			},
		});
		expect(result.error).toBeUndefined();
		expect(emulator.customer(9002)).toMatchObject({
			title: 'Dr',
			firstName: 'Julius',
			surname: 'Hibbert',
			dateOfBirth: '1965-07-07',
		});
	});

	it('confirms a paid customer with 200 and reports 202 Accepted as status "accepted"', async () => {
		const paid = await runIntrepid(emulator, {
			context: 'Trips',
			contextId: '7003',
			customerId: '9005',
			updateFields: { status: 'confirmed' },
		});
		expect(paid.error).toBeUndefined();
		expect(paid.outputs('Intrepid')[0][0].json).toMatchObject({
			status: 'updated',
			providerStatus: '200 OK',
		});
		expect(emulator.entry('Trips', 7003, 9005).status).toBe('confirmed');

		const onRequest = await runIntrepid(emulator, {
			context: 'Accommodation',
			contextId: '8101',
			customerId: '9001',
			updateFields: { status: 'onRequest' },
		});
		expect(onRequest.error).toBeUndefined();
		const json = onRequest.outputs('Intrepid')[0][0].json;
		expect(json).toEqual({
			provider: 'intrepid',
			customerId: '9001',
			status: 'accepted',
			changedFields: ['status'],
			providerStatus: '202 Accepted',
			context: 'Accommodation',
			contextId: '8101',
		});
		expect(emulator.entry('Accommodation', 8101, 9001).status).toBe('onRequest');
	});

	it('cancels only the single supplement, and updates the external reference on a cancellation', async () => {
		const result = await runIntrepid(emulator, {
			context: 'Trips',
			contextId: '7004',
			customerId: '9007',
			updateFields: {
				status: 'cancelled',
				cancelSingleSupplementOnly: true,
				externalReference: 'ABCD2-12345',
			},
		});
		expect(result.error).toBeUndefined();
		expect(onlyPatchBody(emulator)).toEqual({
			status: 'cancelled',
			cancelSingleSupplementOnly: 'true',
			externalReference: 'ABCD2-12345',
		});
		expect(result.outputs('Intrepid')[0][0].json).toMatchObject({ status: 'accepted' });
		expect(emulator.entry('Trips', 7004, 9007)).toMatchObject({
			status: 'tentative',
			singleSupplement: 'false',
		});
		expect(emulator.state.components.Trips[7004].externalReference).toBe('ABCD2-12345');
	});

	it('sends what the page calls ineffective (cancellation-only fields without status cancelled, countryName) and warns; nothing of it takes effect', async () => {
		const result = await runIntrepid(emulator, {
			context: 'Trips',
			contextId: '7004',
			customerId: '9007',
			updateFields: {
				status: 'tentative',
				cancelSingleSupplementOnly: true,
				externalReference: 'REF-1',
				homeAddressCountryName: 'Australia',
				homeAddressCountryCode: 'AU',
			},
		});
		expect(result.error).toBeUndefined();
		expect(onlyPatchBody(emulator)).toEqual({
			homeAddress: { countryName: 'Australia', countryCode: 'AU' },
			status: 'tentative',
			cancelSingleSupplementOnly: 'true',
			externalReference: 'REF-1',
		});
		const json = result.outputs('Intrepid')[0][0].json;
		expect(json).toMatchObject({
			status: 'updated',
			changedFields: [
				'homeAddress.countryName',
				'homeAddress.countryCode',
				'status',
				'cancelSingleSupplementOnly',
				'externalReference',
			],
		});
		expect(json.warnings).toEqual([
			'"Home Address Country Name" (homeAddress.countryName) has no effect on this update: by Intrepid\'s documentation it is only used in GET requests; Home Address Country Code (homeAddress.countryCode) sets the country',
			'"Cancel Single Supplement Only" (cancelSingleSupplementOnly) has no effect on this update: by Intrepid\'s documentation "the status must be set to \'cancelled\' for this property to take effect", and Status is "tentative"',
			'"External Reference" (externalReference) has no effect on this update: by Intrepid\'s documentation it "is applicable only with pax cancellation" (Status "cancelled"), and Status is "tentative"',
		]);
		expect(emulator.entry('Trips', 7004, 9007)).toMatchObject({
			status: 'tentative',
			singleSupplement: 'true',
		});
		expect(emulator.state.components.Trips[7004].externalReference).toBeUndefined();
		expect(emulator.customer(9007).homeAddress).toEqual({ countryCode: 'AU' });
	});

	it('outputs no warnings key when nothing sent is ineffective', async () => {
		const result = await runIntrepid(emulator, {
			context: 'Trips',
			contextId: '7004',
			customerId: '9007',
			updateFields: { homePhone: '0311110001' },
		});
		expect(result.outputs('Intrepid')[0][0].json).not.toHaveProperty('warnings');
	});

	it('trims the credential Base URL and accepts numeric IDs from expressions', async () => {
		const result = await runIntrepid(
			emulator,
			{
				context: 'Booking',
				contextId: '={{ $json.booking }}',
				customerId: '={{ $json.customer }}',
				updateFields: { mobilePhone: '={{ $json.phone }}' },
			},
			[{ json: { booking: 5057123, customer: 9003, phone: '0499000111' } }],
			{ credentials: { baseUrl: `  ${emulator.url}/  ` } },
		);
		expect(result.error).toBeUndefined();
		expect(patchRequests(emulator).map((r) => r.path)).toEqual(['/Booking/5057123/Customers/9003']);
		expect(emulator.customer(9003).mobilePhone).toBe('0499000111');
	});

	it('adds the raw answer with Include Raw Response', async () => {
		const result = await runIntrepid(emulator, {
			context: 'Booking',
			contextId: '5057123',
			customerId: '9001',
			updateFields: { homePhone: '0311112222' },
			options: { includeRawResponse: true },
		});
		const raw = result.outputs('Intrepid')[0][0].json.raw as { statusCode: number; body: string };
		expect(raw.statusCode).toBe(200);
		expect(JSON.parse(raw.body)).toMatchObject({ id: 9001, homePhone: '0311112222' });
	});
});
