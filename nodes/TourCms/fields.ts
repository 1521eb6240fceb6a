import type { FieldSpec } from '../shared/input/fieldTable';
import { countryCode, isoDate, matches, oneOf } from '../shared/input/rules';

const OPERATOR_ONLY = ['operatorOnly'] as const;

function text(wire: string, label: string, description: string, example?: string): FieldSpec {
	return { key: wire, wire, label, description, kind: 'string', clear: 'empty', example };
}

function multiline(wire: string, label: string, description: string): FieldSpec {
	return { key: wire, wire, label, description, kind: 'multiline', clear: 'empty' };
}

function date(wire: string, label: string, description: string, example: string): FieldSpec {
	return {
		key: wire,
		wire,
		label,
		description,
		kind: 'date',
		clear: 'empty',
		rules: [isoDate],
		example,
	};
}

function country(wire: string, label: string, description: string): FieldSpec {
	return {
		key: wire,
		wire,
		label,
		description,
		kind: 'string',
		clear: 'empty',
		normalize: 'upper',
		rules: [countryCode],
		example: 'GB',
	};
}

/**
 * TourCMS Update Customer (POST /c/customer/update.xml), every documented `<customer>` child.
 * Absent elements are left unchanged; an empty element clears the value.
 */
export const TOURCMS_FIELDS: readonly FieldSpec[] = [
	{
		key: 'perm_email',
		wire: 'perm_email',
		label: 'Email Marketing Opt-In',
		description:
			'Whether the customer is opted in to email marketing: 1 = yes, 0 = no. Cleared = account default.',
		kind: 'options',
		options: [
			{ name: 'Yes (1)', value: '1' },
			{ name: 'No (0)', value: '0' },
		],
		rules: [oneOf(['1', '0'])],
		clear: 'empty',
		clearNote: 'Falls back to the account default setting',
	},
	text('title', 'Title', 'Customer title, e.g. Mr, Mrs, Dr', 'Mrs'),
	text('firstname', 'First Name', 'First name, e.g. Joanna', 'Joanna'),
	text('middlename', 'Middle Name', 'Middle name or initial, e.g. K', 'K'),
	text('surname', 'Surname', 'Family name, e.g. Bloggs', 'Bloggs'),
	text('email', 'Email', 'Email address, e.g. joe.bloggs@example.com', 'joe.bloggs@example.com'),
	text('tel_home', 'Home Phone', 'Home / evening telephone number, e.g. +44 20 7946 0000'),
	text('tel_work', 'Work Phone', 'Work / day telephone number'),
	text('tel_mobile', 'Mobile Phone', 'Mobile telephone number'),
	text('tel_sms', 'SMS Phone', 'Number for text messages'),
	text('fax', 'Fax', 'Fax number'),
	multiline('contact_note', 'Contact Note', "Contact note, e.g. don't call before 8pm"),
	multiline('address', 'Address', 'Street address; may be several lines'),
	text('city', 'City', 'City or town, e.g. Leeds'),
	text('county', 'County / State', 'County or state, e.g. West Yorkshire'),
	text('postcode', 'Postcode', 'Postcode or ZIP code, e.g. LS1 4AP'),
	country(
		'country',
		'Country',
		'Two-letter ISO 3166-1 country code of the address, e.g. GB (lower case is upper-cased)',
	),
	country(
		'nationality',
		'Nationality',
		'Two-letter ISO 3166-1 country code of nationality, e.g. FR (lower case is upper-cased)',
	),
	{
		key: 'gender',
		wire: 'gender',
		label: 'Gender',
		description: 'm = male, f = female, x = indeterminate. Cleared = unknown.',
		kind: 'options',
		options: [
			{ name: 'Male', value: 'm', description: 'Sent as m' },
			{ name: 'Female', value: 'f', description: 'Sent as f' },
			{ name: 'Indeterminate', value: 'x', description: 'Sent as x' },
		],
		rules: [oneOf(['m', 'f', 'x'])],
		normalize: 'lower',
		clear: 'empty',
		clearNote: 'Sets the gender to unknown',
	},
	date(
		'dob',
		'Date of Birth',
		'Date of birth as YYYY-MM-DD, e.g. 1985-04-23. TourCMS derives the age category from it.',
		'1985-04-23',
	),
	{
		key: 'agecat',
		wire: 'agecat',
		label: 'Age Category',
		description:
			'i = infant, c = child, a = adult, s = senior. Not needed when Date of Birth is sent.',
		kind: 'options',
		options: [
			{ name: 'Adult', value: 'a', description: 'Sent as a' },
			{ name: 'Child', value: 'c', description: 'Sent as c' },
			{ name: 'Infant', value: 'i', description: 'Sent as i' },
			{ name: 'Senior', value: 's', description: 'Sent as s' },
		],
		rules: [oneOf(['i', 'c', 'a', 's'])],
		normalize: 'lower',
		clear: 'empty',
	},
	text('pass_num', 'Passport Number', 'Passport number, e.g. 123456789'),
	text('pass_issue', 'Passport Place of Issue', 'Where the passport was issued, e.g. London'),
	date(
		'pass_issue_date',
		'Passport Issue Date',
		'Passport issue date as YYYY-MM-DD, e.g. 2019-06-01',
		'2019-06-01',
	),
	date(
		'pass_expiry_date',
		'Passport Expiry Date',
		'Passport expiry date as YYYY-MM-DD, e.g. 2029-06-01',
		'2029-06-01',
	),
	text(
		'wherehear',
		'Where Heard About Us',
		'Where the customer heard about you; free text, need not be pre-configured',
	),
	text('diet', 'Dietary Requirements', 'Dietary requirements, e.g. vegetarian'),
	text('medical', 'Medical Conditions', 'Medical conditions to be aware of'),
	text('nok_name', 'Emergency Contact Name', 'Name of the emergency contact (next of kin)'),
	text(
		'nok_relationship',
		'Emergency Contact Relationship',
		'Relationship of the emergency contact, e.g. Mother',
	),
	text('nok_tel', 'Emergency Contact Phone', 'Telephone number of the emergency contact'),
	multiline(
		'nok_contact',
		'Emergency Contact Note',
		'Other emergency contact details; may be several lines',
	),
	{
		...text(
			'customer_username',
			'Customer Username',
			'Tour operators only. The login name the customer uses for booking engines; may be an email address.',
		),
		tags: OPERATOR_ONLY,
	},
	{
		key: 'customer_password',
		wire: 'customer_password',
		label: 'Customer Password',
		description:
			'Tour operators only. 6 to 12 letters and digits. TourCMS silently ignores any other format, so this node refuses it. To disable the login use "Disable Customer Login".',
		kind: 'string',
		rules: [
			matches(/^[A-Za-z0-9]{6,12}$/, 'be 6 to 12 characters, letters A-Z / a-z and digits only'),
		],
		clear: 'notClearable',
		secret: true,
		tags: OPERATOR_ONLY,
	},
];

export const CUSTOM_FIELD_TOKEN_RULE = matches(
	/^[^\s]+$/,
	'be a custom field token with no spaces (e.g. InsideLeg)',
);
