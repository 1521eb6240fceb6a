'use strict';
// What each example workflow must do when run by real n8n against freshly seeded emulators: the run's
// status, the items every listed node outputs (main and error output) and, where listed, the input item
// each is paired with, the requests each emulator got, and every value that changed in the emulators'
// stored state, nothing more.

const TOURCMS_OK = (customerId, changedFields, remaining, extra = {}) => ({
	provider: 'tourCms',
	customerId,
	status: 'updated',
	changedFields,
	providerStatus: 'OK',
	channelId: 3930,
	accountId: '1001',
	...extra,
	rateLimit: { remaining },
});

const TRACKFINITY_OK = (customerId, changedFields) => ({
	provider: 'trackfinity',
	customerId,
	status: 'updated',
	changedFields,
	providerStatus: 'true',
	removedFields: [],
});

const CASES = {
	'tourcms-update-customer.json': {
		status: 'success',
		outputs: {
			'Update TourCMS Customer': [[TOURCMS_OK('12345', ['email', 'tel_mobile', 'city', 'country'], 1999)]],
		},
		requests: { tourcms: 1 },
		changes: {
			'tourcms.channels.3930.customers.12345.email': ['joe.bloggs@example.com', 'joe.bloggs@example.org'],
			'tourcms.channels.3930.customers.12345.tel_mobile': [undefined, '+44 7700 900123'],
			'tourcms.channels.3930.customers.12345.city': [undefined, 'Leeds'],
		},
	},

	'trackfinity-update-customer.json': {
		status: 'success',
		outputs: {
			'Update Trackfinity Customer': [[TRACKFINITY_OK('191', ['firstname', 'email', 'zip'])]],
		},
		requests: { trackfinity: 1 },
		changes: {
			'trackfinity.customers.191.firstname': ['Jane', 'Janet'],
			'trackfinity.customers.191.email': ['jane.doe@example.com', 'janet.doe@example.org'],
			'trackfinity.customers.191.zip': ['62701', '62704'],
		},
	},

	'intrepid-update-customer.json': {
		status: 'success',
		outputs: {
			'Update Intrepid Customer': [
				[
					{
						provider: 'intrepid',
						customerId: '9001',
						status: 'updated',
						changedFields: ['mobilePhone', 'emailAddress'],
						providerStatus: '200 OK',
						context: 'Booking',
						contextId: '5057123',
						// The customer as Intrepid returned it.
						customer: {
							id: 9001,
							title: 'Mr',
							firstName: 'Homer',
							middleName: '',
							surname: 'Simpson',
							dateOfBirth: '1975-05-12',
							emailAddress: 'homer.simpson@example.org',
							mobilePhone: '0400111222',
							homeAddress: {
								addressLine1: '742 Evergreen Terrace',
								city: 'Springfield',
								countryCode: 'US',
								countryName: 'United States',
							},
						},
					},
				],
			],
		},
		requests: { intrepid: 1 },
		changes: {
			'intrepid.customers.9001.mobilePhone': ['0435485548', '0400111222'],
			'intrepid.customers.9001.emailAddress': ['homer@simpson.com', 'homer.simpson@example.org'],
		},
	},

	'clienttoolbox-update-customer.json': {
		status: 'success',
		outputs: {
			'Update Client Toolbox Customer': [
				[
					{
						provider: 'clientToolbox',
						customerId: '1000000000000002',
						status: 'updated',
						changedFields: ['phone', 'email', 'city'],
						providerStatus: 'update',
						accountId: 'greatwidgets',
						code: '1000000000000002',
						matchedBy: 'code',
						created: false,
						checkedFirst: true,
						responseFormat: 'xml',
					},
				],
			],
		},
		// "If No Customer Matches: Fail" looks the customer up (customer_info) before the edit.
		requests: { clienttoolbox: 2 },
		changes: {
			'clienttoolbox.accounts.greatwidgets.customers.1.phone': [undefined, '555-555-0199'],
			'clienttoolbox.accounts.greatwidgets.customers.1.email': [undefined, 'ann.lee@example.org'],
			'clienttoolbox.accounts.greatwidgets.customers.1.city': [undefined, 'Wellington'],
		},
	},

	// Run through its test variant: "Customer Form" outputs the example's pinned form submission.
	'form-tourcms-customer.json': {
		status: 'success',
		outputs: {
			'Update TourCMS Customer': [
				[TOURCMS_OK('12345', ['firstname', 'email', 'tel_mobile'], 1999, { ignoredEmptyFields: ['surname'] })],
			],
		},
		requests: { tourcms: 1 },
		changes: {
			'tourcms.channels.3930.customers.12345.firstname': ['Joe', 'Joseph'],
			'tourcms.channels.3930.customers.12345.email': ['joe.bloggs@example.com', 'joseph.bloggs@example.org'],
			'tourcms.channels.3930.customers.12345.tel_mobile': [undefined, '+44 7700 900123'],
		},
	},

	// Run through its test variant: the Schedule Trigger becomes a Manual Trigger. Item 2 (country "Spain")
	// is refused by the node for TourCMS before sending and accepted by Trackfinity (free-text country);
	// item 3 is unknown to both providers.
	'scheduled-customer-sync.json': {
		status: 'success',
		outputs: {
			'Update in TourCMS': [
				[
					TOURCMS_OK('12345', ['email', 'tel_mobile', 'country'], 1999),
					TOURCMS_OK('12346', ['email', 'tel_mobile', 'country'], 1998),
				],
				[
					{
						error:
							'Invalid input in item 2: "Country" (country) must be a two-letter ISO 3166-1 alpha-2 country code (e.g. GB, US, AU); got "Spain"',
					},
					{ error: 'TourCMS refused the update: NO MATCHING DATA' },
				],
			],
			'Update in Trackfinity': [
				[
					TRACKFINITY_OK('191', ['email', 'country']),
					TRACKFINITY_OK('192', ['email', 'country']),
					TRACKFINITY_OK('193', ['email', 'country']),
				],
				[{ error: 'Trackfinity refused the update (HTTP 404): Customer not found' }],
			],
			'TourCMS Failures': [
				[
					{
						provider: 'TourCMS',
						customerId: '12347',
						error:
							'Invalid input in item 2: "Country" (country) must be a two-letter ISO 3166-1 alpha-2 country code (e.g. GB, US, AU); got "Spain"',
					},
					{ provider: 'TourCMS', customerId: '99999', error: 'TourCMS refused the update: NO MATCHING DATA' },
				],
			],
			'Trackfinity Failures': [
				[{ provider: 'Trackfinity', customerId: '999', error: 'Trackfinity refused the update (HTTP 404): Customer not found' }],
			],
		},
		// Every output item, error outputs included, is paired with its input item.
		pairedItems: {
			'Update in TourCMS': [
				[0, 1],
				[2, 3],
			],
			'Update in Trackfinity': [[0, 1, 2], [3]],
		},
		// 12347 is never sent to TourCMS; 99999 is sent and refused.
		requests: { tourcms: 3, trackfinity: 4 },
		changes: {
			'tourcms.channels.3930.customers.12345.email': ['joe.bloggs@example.com', 'joe.bloggs@example.net'],
			'tourcms.channels.3930.customers.12345.tel_mobile': [undefined, '+44 7700 900001'],
			'tourcms.channels.3930.customers.12346.email': ['ann.smith@example.com', 'ann.smith@example.net'],
			'tourcms.channels.3930.customers.12346.tel_mobile': [undefined, '+61 400 000 002'],
			'trackfinity.customers.191.email': ['jane.doe@example.com', 'joe.bloggs@example.net'],
			'trackfinity.customers.191.country': ['CA', 'GB'],
			'trackfinity.customers.192.email': ['omar@example.com', 'ann.smith@example.net'],
			'trackfinity.customers.192.country': ['GB', 'AU'],
			'trackfinity.customers.193.email': ['li.wei@example.com', 'luis.garcia@example.net'],
			'trackfinity.customers.193.country': [undefined, 'Spain'],
		},
	},
};

module.exports = { CASES };
