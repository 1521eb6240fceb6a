'use strict';
// The request example of each provider's own "update customer" page (the four seed pages the nodes were built
// from, listed in docs/testing.md), as a node run: every value exactly as the page gives it, sent through the
// emulators by jest (test/seeds/seedExamples.test.ts) and by real n8n (e2e/tests/workflows.test.js). A reading
// of the documentation under which its own example fails is a defect, so these must succeed, and the
// provider must receive what the page shows.
//
// Plain JavaScript so that both test runners load it. Each example says:
// - `parameters` and `credential`: the node as a user fills it in to send the page's example;
// - `before(emulator)`: what the stored record must look like for the example to change something;
// - `expectations(emulator, json)`: `[what, actual, expected]` triples, compared with a deep equality
//   by the runner: the request the provider received, the item's output and what the provider stored.

const CLIENT_TOOLBOX_ACCOUNT = 'greatwidgets';
const CLIENT_TOOLBOX_CARD = '1212121212';
const CLIENT_TOOLBOX_CODE = '89898989898989';

/** Form fields of a request, as the emulator received them (URL-encoded bodies). */
function formFields(request) {
	return Object.fromEntries(new URLSearchParams(request.text).entries());
}

/** The one request the provider received for the update itself (Client Toolbox looks the customer up first). */
function lastRequest(emulator) {
	return emulator.requests[emulator.requests.length - 1];
}

/** The element children of an XML document's root, as `{ root, declaration, fields }`. */
function xmlFields(text) {
	const declaration = /^<\?xml[^?]*\?>/.exec(text)?.[0];
	const root = /<(\w+)>([\s\S]*)<\/\1>\s*$/.exec(text.slice(declaration ? declaration.length : 0));
	const fields = Object.fromEntries([...(root?.[2] ?? '').matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((m) => [m[1], m[2]]));
	return { declaration: declaration?.startsWith('<?xml version="1.0"') === true, root: root?.[1], fields };
}

const INTREPID_EXAMPLE = {
	title: 'Mr',
	firstName: 'Homer',
	middleName: 'Pete',
	surname: 'Simpson',
	dateOfBirth: '1970-01-01',
	homePhone: '0115487956',
	mobilePhone: '0435485548',
	emailAddress: 'homer@simpson.com',
	homeAddress: {
		addressLine1: '74 Brokesley Street',
		addressLine2: 'Bournemouth',
		city: 'Kingswood',
		state: 'Vic',
		postcode: '3167',
		countryName: 'Australia',
		countryCode: 'AU',
	},
	passport: {
		number: 'N89171298',
		nationality: 'US',
		placeOfIssue: 'US',
		dateOfIssue: '2010-01-01',
		dateOfExpiry: '2020-01-01',
	},
	travelInsurancePolicyNumber: '4552',
	travelInsuranceCompany: 'Slexicover Direct',
	travelInsuranceCompanyPhone: '0435698542',
	status: 'confirmed',
	emergencyContact: {
		firstName: 'Jess',
		surname: 'Peter',
		homePhone: '0115487956',
		mobilePhone: '0435485548',
		relationship: 'Mother',
	},
	dietaryNote: 'Allergic to seafood',
	medicalNote: 'Knee replacement',
	singleSupplement: 'true',
	cancelSingleSupplementOnly: 'true',
	externalReference: 'ABCD2-12345',
};

/** The Intrepid page's request example as the node's flat Update Fields take it. */
const INTREPID_PAGE_FIELDS = {
	title: 'Mr',
	firstName: 'Homer',
	middleName: 'Pete',
	surname: 'Simpson',
	dateOfBirth: '1970-01-01',
	homePhone: '0115487956',
	mobilePhone: '0435485548',
	emailAddress: 'homer@simpson.com',
	homeAddressLine1: '74 Brokesley Street',
	homeAddressLine2: 'Bournemouth',
	homeAddressCity: 'Kingswood',
	homeAddressState: 'Vic',
	homeAddressPostcode: '3167',
	homeAddressCountryName: 'Australia',
	homeAddressCountryCode: 'AU',
	passportNumber: 'N89171298',
	passportNationality: 'US',
	passportPlaceOfIssue: 'US',
	passportDateOfIssue: '2010-01-01',
	passportDateOfExpiry: '2020-01-01',
	travelInsurancePolicyNumber: '4552',
	travelInsuranceCompany: 'Slexicover Direct',
	travelInsuranceCompanyPhone: '0435698542',
	status: 'confirmed',
	emergencyContactFirstName: 'Jess',
	emergencyContactSurname: 'Peter',
	emergencyContactHomePhone: '0115487956',
	emergencyContactMobilePhone: '0435485548',
	emergencyContactRelationship: 'Mother',
	dietaryNote: 'Allergic to seafood',
	medicalNote: 'Knee replacement',
	singleSupplement: true,
	cancelSingleSupplementOnly: true,
	externalReference: 'ABCD2-12345',};

const CLIENT_TOOLBOX_FIELDS = {
	new_code: 'Yes',
	first_name: 'John',
	last_name: 'Doe',
	phone: '555-555-2455',
	email: 'test@email.com',
	street1: '123 Main St.',
	street2: 'Apt 3G',
	city: 'Anytown',
	state: 'ZZ',
	postal_code: '55555',
	country: 'NZ',
	custom_date: '1970-07-14',
	custom_field: 'John likes cheese.',
	customer_username: 'jdoe1970',
	customer_password: 'ilovecheese',
	customer_PIN: '1234',
};

/** The page's three custom_field_## examples, one per type, on the emulator account's fields of those types. */
const CLIENT_TOOLBOX_CUSTOM = { 1: '1kg Emental Cheese', 3: '2012.07.28 22:59:59', 4: 'Gouda,Emental,Swiss' };

const SEED_EXAMPLES = [
	{
		// "REST info" example: POST /c/customer/update.xml with customer_id 12345 and a new email. The channel is
		// not part of the request body; the sandbox credential's channel is the Node.js example's, 3930.
		name: 'TourCMS',
		page: '000_f9cdc730a2067e74.txt',
		emulator: 'tourcms',
		nodeType: 'n8n-nodes-customer-update.tourCms',
		credential: { type: 'tourCmsApi' },
		parameters: { operation: 'updateCustomer', customerId: '12345', updateFields: { email: 'joe.bloggs@example.com' } },
		before(emulator) {
			// The sandbox's customer 12345 already has the example's email, which TourCMS answers NO DATA CHANGED.
			emulator.customer(3930, 12345).email = 'joe.bloggs@old.example.com';
		},
		expectations(emulator, json) {
			const request = lastRequest(emulator);
			return [
				['request line', `${request.method} ${request.url}`, 'POST /c/customer/update.xml'],
				['requests sent', emulator.requests.length, 1],
				[
					'XML body',
					xmlFields(request.text),
					{ declaration: true, root: 'customer', fields: { customer_id: '12345', email: 'joe.bloggs@example.com' } },
				],
				[
					'output',
					json,
					{
						provider: 'tourCms',
						customerId: '12345',
						status: 'updated',
						changedFields: ['email'],
						providerStatus: 'OK',
						channelId: 3930,
						accountId: '1001',
						rateLimit: { remaining: 1999 },
					},
				],
				['stored email', emulator.customer(3930, 12345).email, 'joe.bloggs@example.com'],
			];
		},
	},
	{
		// The field table's example column with new_code "Yes" (a new random code). card_number_generate is left
		// out: its example is "(# of digits)", and the page offers it as the alternative to card_number. Output is
		// the default XML, whose answer the page shows; callback and condensed apply only to JSON.
		name: 'Client Toolbox',
		page: '001_088a525a58f6a0da.txt',
		emulator: 'clienttoolbox',
		nodeType: 'n8n-nodes-customer-update.clientToolbox',
		credential: {
			type: 'clientToolboxApi',
			// The page's user and password.
			overrides: { userId: 'john1970', authentication: 'password', password: '1959caadac9b13dcb3', accountId: CLIENT_TOOLBOX_ACCOUNT },
		},
		parameters: {
			operation: 'updateCustomer',
			matchBy: 'codeAndCardNumber',
			code: CLIENT_TOOLBOX_CODE,
			cardNumber: CLIENT_TOOLBOX_CARD,
			ifNoMatch: 'fail',
			updateFields: { ...CLIENT_TOOLBOX_FIELDS, send_no_email: true },
			customFields: { field: Object.entries(CLIENT_TOOLBOX_CUSTOM).map(([number, value]) => ({ number, value })) },
		},
		before() {},
		expectations(emulator, json) {
			const [customer, ...others] = emulator.customersWithCard(CLIENT_TOOLBOX_ACCOUNT, CLIENT_TOOLBOX_CARD);
			const newCode = customer?.code;
			const edit = lastRequest(emulator);
			const custom = Object.fromEntries(Object.entries(CLIENT_TOOLBOX_CUSTOM).map(([n, v]) => [`custom_field_${n}`, v]));
			return [
				['request line', `${edit.method} ${edit.url}`, 'POST /'],
				['content type', String(edit.headers['content-type']).split(';')[0], 'application/x-www-form-urlencoded'],
				['requests sent (the read-only lookup, then the edit)', emulator.requests.map((r) => formFields(r).type), ['customer_info', 'record_customer']],
				[
					'form fields',
					formFields(edit),
					{
						user_id: 'john1970',
						user_password: '1959caadac9b13dcb3',
						type: 'record_customer',
						customer_action: 'edit',
						account_id: CLIENT_TOOLBOX_ACCOUNT,
						code: CLIENT_TOOLBOX_CODE,
						card_number: CLIENT_TOOLBOX_CARD,
						...CLIENT_TOOLBOX_FIELDS,
						send_no_email: 'true',
						...custom,
						output: 'XML',
					},
				],
				['one customer with the card, under a new random 16-digit code', [others.length, /^[1-9][0-9]{15}$/.test(String(newCode)), newCode !== CLIENT_TOOLBOX_CODE], [0, true, true]],
				[
					'output',
					json,
					{
						provider: 'clientToolbox',
						customerId: newCode,
						status: 'updated',
						changedFields: ['card_number', ...Object.keys(CLIENT_TOOLBOX_FIELDS), 'send_no_email', ...Object.keys(custom)],
						providerStatus: 'update',
						code: newCode,
						previousCode: CLIENT_TOOLBOX_CODE,
						created: false,
						accountId: CLIENT_TOOLBOX_ACCOUNT,
						matchedBy: 'code and card_number',
						checkedFirst: true,
						responseFormat: 'xml',
					},
				],
				['old code gone', emulator.customer(CLIENT_TOOLBOX_ACCOUNT, CLIENT_TOOLBOX_CODE), undefined],
				[
					'stored under the new code',
					customer && { code: customer.code, first_name: customer.first_name, street2: customer.street2, custom_fields: customer.custom_fields },
					{ code: newCode, first_name: 'John', street2: 'Apt 3G', custom_fields: { 2: 'Single', ...CLIENT_TOOLBOX_CUSTOM } },
				],
			];
		},
	},
	{
		// The page's request example, body as given. The page shows no path: singleSupplement is valid only in the
		// context of a Trip, so a trip's customer. Confirming without payment is for on-statement agents only.
		name: 'Intrepid',
		page: '002_0ed10aa986a9374b.txt',
		emulator: 'intrepid',
		nodeType: 'n8n-nodes-customer-update.intrepid',
		credential: { type: 'intrepidApi', overrides: { apiKey: 'itg-onstatement-9b1e6d3a7c2f4e80' } },
		parameters: {
			operation: 'updateCustomer',
			context: 'Trips',
			contextId: '7001',
			customerId: '9001',
			updateFields: INTREPID_PAGE_FIELDS,

		},
		before() {},
		expectations(emulator, json) {
			const request = lastRequest(emulator);
			const { countryName: _getOnly, ...storedAddress } = INTREPID_EXAMPLE.homeAddress;
			return [
				['request line', `${request.method} ${request.url}`, 'PATCH /Trips/7001/Customers/9001'],
				['requests sent', emulator.requests.length, 1],
				[
					'headers',
					[request.headers['x-api-key'], request.headers.accept, String(request.headers['content-type']).split(';')[0]],
					['itg-onstatement-9b1e6d3a7c2f4e80', 'application/json', 'application/json'],
				],
				// Byte for byte: the same fields, values and order as the page's example.
				['JSON body', request.text, JSON.stringify(INTREPID_EXAMPLE)],
				[
					'output without the returned customer',
					{ ...json, customer: undefined },
					{
						provider: 'intrepid',
						customerId: '9001',
						status: 'updated',
						changedFields: [
							'title', 'firstName', 'middleName', 'surname', 'dateOfBirth', 'homePhone', 'mobilePhone', 'emailAddress',
							'homeAddress.addressLine1', 'homeAddress.addressLine2', 'homeAddress.city', 'homeAddress.state',
							'homeAddress.postcode', 'homeAddress.countryName', 'homeAddress.countryCode', 'passport.number',
							'passport.nationality', 'passport.placeOfIssue', 'passport.dateOfIssue', 'passport.dateOfExpiry',
							'travelInsurancePolicyNumber', 'travelInsuranceCompany', 'travelInsuranceCompanyPhone', 'status',
							'emergencyContact.firstName', 'emergencyContact.surname', 'emergencyContact.homePhone',
							'emergencyContact.mobilePhone', 'emergencyContact.relationship', 'dietaryNote', 'medicalNote',
							'singleSupplement', 'cancelSingleSupplementOnly', 'externalReference',
						],
						providerStatus: '200 OK',
						context: 'Trips',
						contextId: '7001',
						customer: undefined,
						warnings: [
							'"Home Address Country Name" (homeAddress.countryName) has no effect on this update: by Intrepid\'s documentation it is only used in GET requests; Home Address Country Code (homeAddress.countryCode) sets the country',
							'"Cancel Single Supplement Only" (cancelSingleSupplementOnly) has no effect on this update: by Intrepid\'s documentation "the status must be set to \'cancelled\' for this property to take effect", and Status is "confirmed"',
							'"External Reference" (externalReference) has no effect on this update: by Intrepid\'s documentation it "is applicable only with pax cancellation" (Status "cancelled"), and Status is "confirmed"',
						],
					},
				],
				['returned customer', [json.customer?.id, json.customer?.status, json.customer?.singleSupplement], [9001, 'confirmed', 'true']],
				[
					'stored customer',
					emulator.customer(9001),
					{
						...Object.fromEntries(
							Object.entries(INTREPID_EXAMPLE).filter(
								([k]) => !['status', 'singleSupplement', 'cancelSingleSupplementOnly', 'externalReference'].includes(k),
							),
						),
						homeAddress: storedAddress,
					},
				],
				// Confirmed with a single room; the supplement is not cancelled and the reference is not changed.
				['trip entry', emulator.entry('Trips', 7001, 9001), { status: 'confirmed', paid: false, singleSupplement: 'true' }],
				['trip external reference', emulator.state.components.Trips[7001].externalReference, undefined],
			];
		},
	},
	{
		// The curl example: PATCH with customer_id 191 and four fields, the page's api-key and api-username.
		name: 'Trackfinity',
		page: '003_91d4d940fbcc0dcf.txt',
		emulator: 'trackfinity',
		nodeType: 'n8n-nodes-customer-update.trackfinity',
		credential: { type: 'trackfinityApi', overrides: { apiUsername: 'tf_admin', apiKey: '44b5498dbcb481a0d00b404c0169af62' } },
		parameters: {
			operation: 'updateCustomer',
			lookupBy: 'customer_id',
			customerId: '191',
			updateFields: { firstname: 'Test', zip: '66666', email: 'test@testmail.com', country: 'US' },
		},
		before() {},
		expectations(emulator, json) {
			const request = lastRequest(emulator);
			return [
				['request line', `${request.method} ${request.url}`, 'PATCH /api/customer/set_customer_details'],
				['requests sent', emulator.requests.length, 1],
				[
					'headers',
					[request.headers['api-key'], request.headers['api-username'], String(request.headers['content-type']).split(';')[0]],
					['44b5498dbcb481a0d00b404c0169af62', 'tf_admin', 'application/x-www-form-urlencoded'],
				],
				['form fields', formFields(request), { customer_id: '191', firstname: 'Test', zip: '66666', email: 'test@testmail.com', country: 'US' }],
				[
					'output',
					json,
					{
						provider: 'trackfinity',
						customerId: '191',
						status: 'updated',
						changedFields: ['firstname', 'email', 'country', 'zip'],
						providerStatus: 'true',
						removedFields: [],
					},
				],
				[
					'stored customer',
					(({ firstname, zip, email, country }) => ({ firstname, zip, email, country }))(emulator.customer(191)),
					{ firstname: 'Test', zip: '66666', email: 'test@testmail.com', country: 'US' },
				],
			];
		},
	},
];

module.exports = { SEED_EXAMPLES, INTREPID_PAGE_FIELDS };
