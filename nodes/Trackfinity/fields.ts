import type { FieldSpec } from '../shared/input/fieldTable';
import type { Rule } from '../shared/input/rules';

/** The word Trackfinity reads as "delete this field" in any parameter except password. */
export const REMOVE_KEYWORD = 'REMOVE';

/** True for "REMOVE" in any case with any surrounding spaces: such text would delete data, not store it. */
export function isRemoveKeyword(value: string): boolean {
	return value.trim().toUpperCase() === REMOVE_KEYWORD;
}

/** A mapped value that happens to read "REMOVE" must not delete the field by accident. */
export const notRemoveKeyword: Rule = {
	describe:
		'not be the word REMOVE, which Trackfinity treats as "delete this field"; to delete a field on purpose, pick it in "Fields to Remove"',
	brief: 'must not read `REMOVE` (any case)',
	test: (v) => !isRemoveKeyword(v),
};

const notRemoveKeywordForPassword: Rule = {
	describe:
		'not be the word REMOVE: Trackfinity does not allow removing the password, only setting a new one',
	test: (v) => !isRemoveKeyword(v),
};

function text(wire: string, label: string, description: string, example: string): FieldSpec {
	return {
		key: wire,
		wire,
		label,
		description,
		kind: 'string',
		rules: [notRemoveKeyword],
		clear: 'removeKeyword',
		example,
	};
}

function custom(n: number): FieldSpec {
	return text(
		`custom${n}`,
		`Custom Field ${n}`,
		`The customer's custom${n} field: free text whose meaning your Trackfinity install defines, e.g. a member number`,
		n === 1 ? 'GOLD-2024' : '',
	);
}

/**
 * Trackfinity Set Customer Details (PATCH /api/customer/set_customer_details), every documented
 * parameter except the lookup ones, in the documented order. All are strings; the literal REMOVE
 * deletes a field, except for password.
 */
export const TRACKFINITY_FIELDS: readonly FieldSpec[] = [
	text('firstname', 'First Name', 'First name of the customer, e.g. Jane', 'Jane'),
	text('lastname', 'Last Name', 'Last (family) name of the customer, e.g. Doe', 'Doe'),
	text(
		'email',
		'Email',
		'Email address of the customer, e.g. jane.doe@example.com',
		'jane.doe@example.com',
	),
	text('username', 'Username', 'New login username of the customer, e.g. janedoe', 'janedoe'),
	{
		key: 'password',
		wire: 'password',
		label: 'Password',
		description:
			'New login password of the customer. Sent as typed; it is never shown in output or errors. Trackfinity does not allow removing a password.',
		kind: 'string',
		rules: [notRemoveKeywordForPassword],
		clear: 'notClearable',
		secret: true,
	},
	text(
		'address1',
		'Address Line 1',
		'First line of the street address, e.g. 12 High Street',
		'12 High Street',
	),
	text(
		'address2',
		'Address Line 2',
		'Second line of the street address, e.g. Apartment 4',
		'Apartment 4',
	),
	text('city', 'City', 'City or town, e.g. Springfield', 'Springfield'),
	text('state', 'State', 'State, county or region, e.g. IL', 'IL'),
	text(
		'country',
		'Country',
		'Country as your install stores it; the documentation example uses a two-letter code, e.g. US',
		'US',
	),
	text('zip', 'ZIP Code', 'ZIP or postal code, e.g. 66666', '66666'),
	custom(1),
	custom(2),
	custom(3),
	custom(4),
	custom(5),
];
