import type { FieldSpec } from '../shared/input/fieldTable';
import { countryCode, isoDate, notBlank, oneOf } from '../shared/input/rules';

/** title, firstName, surname: set once; a different value for a stored one is refused (403). */
export const SET_ONCE = 'setOnce';
/** middleName, dateOfBirth, passport: editable only until the trip is confirmed, fullyPaid or onRequest. */
export const LOCKED_ONCE_CONFIRMED = 'lockedOnceConfirmed';
/** singleSupplement: valid only in the context of a Trip. */
export const TRIP_ONLY = 'tripOnly';
/**
 * cancelSingleSupplementOnly, externalReference: take effect only when the customer is cancelled. The page
 * does not say Intrepid refuses them otherwise, so they are sent with a warning.
 */
export const WITH_CANCELLATION = 'withCancellation';

export const CUSTOMER_STATUSES = ['confirmed', 'tentative', 'onRequest', 'cancelled'] as const;

const LOCK_NOTE = 'Editable only before the trip is confirmed, fullyPaid or onRequest.';
const SET_ONCE_NOTE =
	'Cannot override an existing value: it can be set only while the record has none.';

/** A field's example value, and what it sets beyond a plain text field's defaults. */
type FieldExtras = Partial<FieldSpec> & { example: string };

function text(
	key: string,
	wire: string,
	label: string,
	description: string,
	extra: FieldExtras,
): FieldSpec {
	return {
		key,
		wire,
		label,
		description,
		kind: 'string',
		clear: 'notClearable',
		...extra,
	};
}

function date(
	key: string,
	wire: string,
	label: string,
	description: string,
	extra: FieldExtras,
): FieldSpec {
	const { example, ...rest } = extra;
	return text(key, wire, label, `${description} Format YYYY-MM-DD, e.g. ${example}.`, {
		example,
		kind: 'date',
		rules: [isoDate],
		normalize: 'trim',
		...rest,
	});
}

function country(
	key: string,
	wire: string,
	label: string,
	description: string,
	extra: Partial<FieldSpec> = {},
): FieldSpec {
	return text(
		key,
		wire,
		label,
		`${description} Two-letter ISO 3166-1 alpha-2 code, e.g. AU (upper-cased for you).`,
		{
			example: 'AU',
			rules: [countryCode],
			normalize: 'upper',
			...extra,
		},
	);
}

const passportTags = [LOCKED_ONCE_CONFIRMED, 'passport'] as const;

/**
 * Intrepid PATCH /[context]/[contextId]/Customers/[id] (and PATCH /Customers/[id]): every documented
 * request field, in the documented order. A dot in the wire name nests JSON objects. Intrepid documents
 * no way to clear a field, so none is clearable.
 */
export const INTREPID_FIELDS: readonly FieldSpec[] = [
	text(
		'title',
		'title',
		'Title',
		`Title of the customer from Intrepid's list of titles, e.g. Mr. ${SET_ONCE_NOTE}`,
		{ example: 'Mr', rules: [notBlank], tags: [SET_ONCE] },
	),
	text(
		'firstName',
		'firstName',
		'First Name',
		`First name of the customer, e.g. Homer. ${SET_ONCE_NOTE}`,
		{ example: 'Homer', rules: [notBlank], tags: [SET_ONCE] },
	),
	text(
		'middleName',
		'middleName',
		'Middle Name',
		`Middle name of the customer, e.g. Pete. ${LOCK_NOTE}`,
		{ example: 'Pete', tags: [LOCKED_ONCE_CONFIRMED] },
	),
	text(
		'surname',
		'surname',
		'Surname',
		`Surname (family name) of the customer, e.g. Simpson. ${SET_ONCE_NOTE}`,
		{ example: 'Simpson', rules: [notBlank], tags: [SET_ONCE] },
	),
	date(
		'dateOfBirth',
		'dateOfBirth',
		'Date of Birth',
		`Date of birth of the customer. ${LOCK_NOTE} Intrepid refuses a date that breaks the minimum or maximum age of the customer's trips.`,
		{ example: '1970-01-01', tags: [LOCKED_ONCE_CONFIRMED] },
	),
	text(
		'homePhone',
		'homePhone',
		'Home Phone',
		'Home phone number of the customer, e.g. 0115487956',
		{ example: '0115487956' },
	),
	text(
		'mobilePhone',
		'mobilePhone',
		'Mobile Phone',
		'Mobile phone number of the customer, e.g. 0435485548',
		{ example: '0435485548' },
	),
	text(
		'emailAddress',
		'emailAddress',
		'Email Address',
		'Email address of the customer, e.g. homer@simpson.com',
		{ example: 'homer@simpson.com' },
	),
	text(
		'homeAddressLine1',
		'homeAddress.addressLine1',
		'Home Address Line 1',
		'First line of the home address, e.g. 74 Brokesley Street',
		{ example: '74 Brokesley Street', tags: ['homeAddress'] },
	),
	text(
		'homeAddressLine2',
		'homeAddress.addressLine2',
		'Home Address Line 2',
		'Second line of the home address, e.g. Bournemouth',
		{ example: 'Bournemouth', tags: ['homeAddress'] },
	),
	text(
		'homeAddressCity',
		'homeAddress.city',
		'Home Address City',
		'City of the home address, e.g. Kingswood',
		{ example: 'Kingswood', tags: ['homeAddress'] },
	),
	text(
		'homeAddressState',
		'homeAddress.state',
		'Home Address State',
		'State or region of the home address, e.g. Vic',
		{ example: 'Vic', tags: ['homeAddress'] },
	),
	text(
		'homeAddressPostcode',
		'homeAddress.postcode',
		'Home Address Postcode',
		'Postcode of the home address, e.g. 3167',
		{ example: '3167', tags: ['homeAddress'] },
	),
	text(
		'homeAddressCountryName',
		'homeAddress.countryName',
		'Home Address Country Name',
		'Country name of the home address, e.g. Australia. Intrepid uses it only in GET answers: sent on an update it has no effect (the output warns); set the country with Home Address Country Code.',
		{
			example: 'Australia',
			tags: ['homeAddress'],
			noEffect:
				"by Intrepid's documentation it is only used in GET requests; Home Address Country Code (homeAddress.countryCode) sets the country",
		},
	),
	country(
		'homeAddressCountryCode',
		'homeAddress.countryCode',
		'Home Address Country Code',
		'Country of the home address.',
		{
			tags: ['homeAddress'],
		},
	),
	text(
		'passportNumber',
		'passport.number',
		'Passport Number',
		`Passport number, e.g. N89171298. Required with any passport field, with Nationality, Date of Issue and Date of Expiry. ${LOCK_NOTE}`,
		{ example: 'N89171298', rules: [notBlank], tags: passportTags },
	),
	country(
		'passportNationality',
		'passport.nationality',
		'Passport Nationality',
		`Nationality of the passport; required with any passport field. ${LOCK_NOTE}`,
		{ tags: passportTags },
	),
	text(
		'passportPlaceOfIssue',
		'passport.placeOfIssue',
		'Passport Place of Issue',
		`Where the passport was issued, e.g. US. Optional. ${LOCK_NOTE}`,
		{ example: 'US', rules: [notBlank], tags: passportTags },
	),
	date(
		'passportDateOfIssue',
		'passport.dateOfIssue',
		'Passport Date of Issue',
		`Date the passport was issued; required with any passport field. ${LOCK_NOTE}`,
		{ example: '2010-01-01', tags: passportTags },
	),
	date(
		'passportDateOfExpiry',
		'passport.dateOfExpiry',
		'Passport Date of Expiry',
		`Date the passport expires, after its date of issue; required with any passport field. ${LOCK_NOTE}`,
		{ example: '2030-01-01', tags: passportTags },
	),
	text(
		'travelInsurancePolicyNumber',
		'travelInsurancePolicyNumber',
		'Travel Insurance Policy Number',
		'Travel insurance policy number of the customer, e.g. 4552',
		{ example: '4552' },
	),
	text(
		'travelInsuranceCompany',
		'travelInsuranceCompany',
		'Travel Insurance Company',
		'Travel insurance company of the customer, e.g. Slexicover Direct',
		{ example: 'Slexicover Direct' },
	),
	text(
		'travelInsuranceCompanyPhone',
		'travelInsuranceCompanyPhone',
		'Travel Insurance Company Phone',
		'Phone number of the travel insurance company, e.g. 0435698542',
		{ example: '0435698542' },
	),
	{
		key: 'status',
		wire: 'status',
		label: 'Status',
		description:
			'Status of the customer on the component (Trip, Accommodation, Transfer, Additional Service, Sightseeing). Only on-statement agents can confirm without payment; onRequest and cancelled go to the supplier and may be answered 202 Accepted.',
		kind: 'options',
		options: [
			{
				name: 'Cancelled',
				value: 'cancelled',
				description: 'The customer has been cancelled on the component',
			},
			{
				name: 'Confirmed',
				value: 'confirmed',
				description: 'Booked on the component; without payment only for on-statement agents',
			},
			{
				name: 'On Request',
				value: 'onRequest',
				description: 'Requested; the supplier still has to confirm',
			},
			{ name: 'Tentative', value: 'tentative', description: 'Tentatively booked on the component' },
		],
		rules: [oneOf(CUSTOMER_STATUSES)],
		clear: 'notClearable',
	},
	text(
		'emergencyContactFirstName',
		'emergencyContact.firstName',
		'Emergency Contact First Name',
		'First name of the emergency contact, e.g. Jess',
		{ example: 'Jess', tags: ['emergencyContact'] },
	),
	text(
		'emergencyContactSurname',
		'emergencyContact.surname',
		'Emergency Contact Surname',
		'Surname of the emergency contact, e.g. Peter',
		{ example: 'Peter', tags: ['emergencyContact'] },
	),
	text(
		'emergencyContactHomePhone',
		'emergencyContact.homePhone',
		'Emergency Contact Home Phone',
		'Home phone number of the emergency contact, e.g. 0115487956',
		{ example: '0115487956', tags: ['emergencyContact'] },
	),
	text(
		'emergencyContactMobilePhone',
		'emergencyContact.mobilePhone',
		'Emergency Contact Mobile Phone',
		'Mobile phone number of the emergency contact, e.g. 0435485548',
		{ example: '0435485548', tags: ['emergencyContact'] },
	),
	text(
		'emergencyContactRelationship',
		'emergencyContact.relationship',
		'Emergency Contact Relationship',
		'How the emergency contact is related to the customer, e.g. Mother',
		{ example: 'Mother', tags: ['emergencyContact'] },
	),
	text(
		'dietaryNote',
		'dietaryNote',
		'Dietary Note',
		'Dietary note for the customer, e.g. Allergic to seafood',
		{ example: 'Allergic to seafood', kind: 'multiline' },
	),
	text(
		'medicalNote',
		'medicalNote',
		'Medical Note',
		'Medical note for the customer, e.g. Knee replacement',
		{ example: 'Knee replacement', kind: 'multiline' },
	),
	{
		key: 'singleSupplement',
		wire: 'singleSupplement',
		label: 'Single Supplement',
		description:
			'Whether to book a single room for the customer (on) instead of twin share (off, the default). Valid only with Context "Trips". Sent as the text "true" or "false".',
		kind: 'boolean',
		booleanAs: ['true', 'false'],
		rules: [oneOf(['true', 'false'])],
		clear: 'notClearable',
		tags: [TRIP_ONLY],
	},
	{
		key: 'cancelSingleSupplementOnly',
		wire: 'cancelSingleSupplementOnly',
		label: 'Cancel Single Supplement Only',
		description:
			'Whether the cancellation applies only to the single supplement of the trip (on) instead of the trip and its supplement (off). Only with Context "Trips"; takes effect only with Status "Cancelled" (with another status it is sent and the output warns). Sent as "true" or "false".',
		kind: 'boolean',
		booleanAs: ['true', 'false'],
		rules: [oneOf(['true', 'false'])],
		clear: 'notClearable',
		tags: [TRIP_ONLY, WITH_CANCELLATION],
	},
	text(
		'externalReference',
		'externalReference',
		'External Reference',
		'New external reference of the component, e.g. ABCD2-12345: the unique ID first given when the trip or service was added to the booking. Applies only with Status "Cancelled" (pax cancellation); with another status it is sent and the output warns.',
		{ example: 'ABCD2-12345', rules: [notBlank], tags: [WITH_CANCELLATION] },
	),
];

/** The passport fields Intrepid marks Mandatory: with one passport field, all of them must be sent. */
export const PASSPORT_REQUIRED = [
	'passport.number',
	'passport.nationality',
	'passport.dateOfIssue',
	'passport.dateOfExpiry',
];

export function fieldsTagged(tag: string): FieldSpec[] {
	return INTREPID_FIELDS.filter((f) => f.tags?.includes(tag));
}
