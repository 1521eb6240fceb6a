import type { FieldSpec } from '../shared/input/fieldTable';
import { isoDate, matches, notBlank, noSpaces, type Rule } from '../shared/input/rules';

/** card_number_generate: how many digits the generated card number has. */
export const cardDigitsRule: Rule = matches(
	/^([1-9]|[12][0-9]|3[0-2])$/,
	'be the number of digits of the card number to generate, a whole number from 1 to 32 (e.g. 10)',
);

const trueOrFalse: Rule = matches(/^(true|false)$/, 'be true or false');

function text(
	wire: string,
	label: string,
	description: string,
	example: string,
	rules: Rule[] = [],
): FieldSpec {
	return {
		key: wire,
		wire,
		label,
		description,
		kind: 'string',
		rules,
		clear: 'notClearable',
		example,
	};
}

/** Tag of a field whose value is added to what is stored rather than replacing it. */
export const ADDS_TO_BALANCE = 'addsToBalance';

/**
 * Client Toolbox Update Customer (type=record_customer, customer_action=edit): every documented
 * optional data field, in the documented order. The identifiers (code, card_number) and the
 * numbered custom_field_## live elsewhere on the node. Clearing a value is not documented, so no
 * field is clearable.
 */
export const CLIENT_TOOLBOX_FIELDS: readonly FieldSpec[] = [
	text(
		'new_code',
		'New Code',
		"Changes the matched customer's code (the internal customer ID) to this value, e.g. 89898989898990. The documentation's own example is the word Yes, which asks Client Toolbox for a new random code. The output's customerId is the code Client Toolbox returns, previousCode the code that was sent.",
		'89898989898990',
		[notBlank, noSpaces],
	),
	{
		key: 'card_number_generate',
		wire: 'card_number_generate',
		label: 'Generate Card Number (Digits)',
		description:
			'Asks Client Toolbox to generate a random unique card number with this many digits (1 to 32) and store it on the customer, replacing any card number, e.g. 10. The generated number is returned as cardNumber in the output.',
		kind: 'integer',
		rules: [cardDigitsRule],
		clear: 'notClearable',
		example: '10',
	},
	text('first_name', 'First Name', 'First name of the customer, e.g. John', 'John'),
	text('last_name', 'Last Name', 'Last (family) name of the customer, e.g. Doe', 'Doe'),
	text('phone', 'Phone', 'Phone number as it should be stored, e.g. 555-555-2455', '555-555-2455'),
	text(
		'email',
		'Email',
		'Email address of the customer, e.g. john.doe@example.com',
		'john.doe@example.com',
	),
	text(
		'street1',
		'Street 1',
		'First line of the street address, e.g. 123 Main St.',
		'123 Main St.',
	),
	text('street2', 'Street 2', 'Second line of the street address, e.g. Apt 3G', 'Apt 3G'),
	text('city', 'City', 'City or town, e.g. Anytown', 'Anytown'),
	text('state', 'State', 'State, province or region, e.g. ZZ', 'ZZ'),
	text('postal_code', 'Postal Code', 'Postal or ZIP code, e.g. 55555', '55555'),
	text(
		'country',
		'Country',
		'Country as your account stores it; the documentation example is a two-letter code, e.g. NZ',
		'NZ',
	),
	{
		key: 'custom_date',
		wire: 'custom_date',
		label: 'Custom Date',
		description:
			"The customer's custom date (often a birthday) as a real date in YYYY-MM-DD format, e.g. 1970-07-14. Other formats are refused because 04-03-2010 could mean two different days.",
		kind: 'date',
		rules: [isoDate],
		clear: 'notClearable',
		example: '1970-07-14',
	},
	{
		key: 'custom_field',
		wire: 'custom_field',
		label: 'Custom Field (Notes)',
		description: 'Free text stored with the customer, e.g. John likes cheese.',
		kind: 'multiline',
		clear: 'notClearable',
		example: 'John likes cheese.',
	},
	text(
		'customer_username',
		'Customer Username',
		'Login name for custom applications (API only; not shown in the web interface), e.g. jdoe1970',
		'jdoe1970',
	),
	{
		key: 'customer_password',
		wire: 'customer_password',
		label: 'Customer Password',
		description:
			"The customer's own password for custom applications such as a customer website. Never shown in output or errors.",
		kind: 'string',
		clear: 'notClearable',
		secret: true,
	},
	{
		key: 'customer_PIN',
		wire: 'customer_PIN',
		label: 'Customer PIN',
		description:
			"The customer's PIN for custom applications such as a physical terminal (API only), e.g. 4 digits. Never shown in output or errors.",
		kind: 'string',
		clear: 'notClearable',
		secret: true,
	},
	{
		key: 'send_no_email',
		wire: 'send_no_email',
		label: 'Send No Email',
		description:
			'Whether to suppress the email Client Toolbox sends the account owner about a new customer. When off, the field is not sent at all.',
		kind: 'boolean',
		rules: [trueOrFalse],
		booleanAs: ['true', 'false'],
		clear: 'notClearable',
	},
	{
		...text(
			'auto_add',
			'Auto Add',
			"Amount added to the customer's balance in the campaign with this call: points, visits or dollars, or the name of a product or service, depending on the campaign type, e.g. 25",
			'25',
		),
		// Sent twice, the amount is added twice: such an edit is never resent after an ambiguous failure.
		tags: [ADDS_TO_BALANCE],
	},
];

/** The ## of custom_field_##: the number Custom Fields - List shows for a field of the account. */
export const CUSTOM_FIELD_NUMBER: Rule = matches(
	/^[1-9][0-9]{0,5}$/,
	'be the number of a custom field defined in the account (Custom Fields - List), a whole number greater than 0, e.g. 2',
);

/** A JSONP callback is called by name in the answer, so it must be a plain JavaScript identifier path. */
export const JSONP_CALLBACK: Rule = matches(
	/^[A-Za-z_$][\w$]{0,63}(\.[A-Za-z_$][\w$]{0,63}){0,3}$/,
	'be a JavaScript function name of letters, digits, _ or $ (dots allowed between names), e.g. handleCustomer',
);
