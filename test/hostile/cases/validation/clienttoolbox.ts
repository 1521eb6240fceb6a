import { CLIENT_TOOLBOX_FIELDS } from '../../../../nodes/ClientToolbox/fields';
import { startClientToolboxEmulator } from '../../../../sandbox/clienttoolbox';
import {
	ACCOUNT,
	ANN,
	CORA,
	JOHN,
	runClientToolbox,
	sentFields,
} from '../../../clienttoolbox/helpers';
import type { ValidationCase } from './types';

const SAMPLES = {
	'contain at least one character that is not a space': { pass: '55500000001', fail: '   ' },
	'contain no spaces': { pass: '55500000002', fail: '555 0000' },
	'be the number of digits of the card number to generate, a whole number from 1 to 32 (e.g. 10)': {
		pass: '32',
		fail: '33',
	},
	'be a real date in YYYY-MM-DD format (e.g. 1985-04-23)': {
		pass: '1970-07-14',
		fail: '14-07-1970',
	},
	'be true or false': { pass: 'true', fail: 'yes' },
};

const CITY = { city: 'Oslo' };
const BY_CODE = { matchBy: 'code', code: JOHN.code, ifNoMatch: 'create' };
const URL_EXAMPLE = 'e.g. https://api.clienttoolbox.com or https://your.domain.com/api.php';

export const CLIENT_TOOLBOX_VALIDATION: ValidationCase = {
	provider: 'Client Toolbox',
	async start() {
		const emulator = await startClientToolboxEmulator();
		return {
			emulator,
			updates: () => emulator.requests.length,
			sentValue: (wire) => sentFields(emulator.requests[0])[wire],
		};
	},
	run: runClientToolbox,
	fields: CLIENT_TOOLBOX_FIELDS,
	samplesBy: 'rule',
	samples: SAMPLES,
	// Several fields share a rule, so there are more rules than samples.
	ruleCount: { atLeast: Object.keys(SAMPLES).length },
	base: { matchBy: 'code', code: CORA.code, ifNoMatch: 'create' },
	crossField: [
		{
			name: 'the Code is given when matching by code',
			pass: { ...BY_CODE, updateFields: CITY },
			fail: { ...BY_CODE, code: '={{ "  " }}', updateFields: CITY },
			error: '"Code" (code) must not be empty: it identifies the customer to update',
		},
		{
			name: 'the Card Number is given when matching by card number',
			pass: {
				matchBy: 'cardNumber',
				cardNumber: ANN.card,
				ifNoMatch: 'create',
				updateFields: CITY,
			},
			fail: {
				matchBy: 'cardNumber',
				cardNumber: '={{ "" }}',
				ifNoMatch: 'create',
				updateFields: CITY,
			},
			error: '"Card Number" (card_number) must not be empty: it identifies the customer to update',
		},
		{
			name: 'the Card Number is given when matching by code and storing a card number',
			pass: {
				matchBy: 'codeAndCardNumber',
				code: ANN.code,
				cardNumber: '3434343435',
				ifNoMatch: 'create',
			},
			fail: {
				matchBy: 'codeAndCardNumber',
				code: ANN.code,
				cardNumber: '={{ null }}',
				ifNoMatch: 'create',
				updateFields: CITY,
			},
			error: '"Card Number" (card_number) must not be empty: it is the card number to store',
		},
		{
			name: 'a code given as a number is exact',
			pass: { ...BY_CODE, code: '={{ 7777777777 }}', updateFields: CITY },
			fail: { ...BY_CODE, code: '={{ 89898989898989123 }}', updateFields: CITY },
			error:
				'"Code" (code) must be text: this number is too long to be read exactly (map it as a string, e.g. {{ String($json.code) }} from a text source); got "89898989898989120"',
		},
		{
			name: 'the Code is text, not an object',
			pass: { ...BY_CODE, code: `={{ "${JOHN.code}" }}`, updateFields: CITY },
			fail: { ...BY_CODE, code: '={{ [1] }}', updateFields: CITY },
			error: '"Code" (code) must be text or a number, not a list or an object',
		},
		{
			name: 'an Account ID is set on the node or in the credential',
			pass: { ...BY_CODE, accountId: ACCOUNT, updateFields: CITY },
			passCredentials: { accountId: '' },
			fail: { ...BY_CODE, accountId: '={{ " " }}', updateFields: CITY },
			credentials: { accountId: '' },
			error:
				'"Account ID" (account_id) must not be empty: set it here or in the credential\'s Account ID',
		},
		{
			name: 'a generated card number is not asked for next to a Card Number',
			pass: { ...BY_CODE, updateFields: { card_number_generate: '12' } },
			fail: {
				matchBy: 'codeAndCardNumber',
				code: JOHN.code,
				cardNumber: '1',
				ifNoMatch: 'create',
				updateFields: { card_number_generate: '12' },
			},
			error:
				'"Generate Card Number (Digits)" (card_number_generate) cannot be sent with a Card Number: Client Toolbox offers them as alternatives. Match by Code to give the customer a generated card number.',
		},
		{
			name: 'something must be sent',
			pass: { ...BY_CODE, customFields: { field: [{ number: '1', value: 'Gouda' }] } },
			fail: {
				...BY_CODE,
				updateFields: { city: '', send_no_email: false },
				customFields: { field: [{ number: '1', value: '' }] },
			},
			error:
				"nothing to update: add at least one field in Update Fields or a Custom Field with a value (Client Toolbox needs at least one field besides the customer's code and card number)",
		},
		{
			name: 'a custom field number is a whole number',
			pass: { ...BY_CODE, customFields: { field: [{ number: ' 2 ', value: 'Married' }] } },
			fail: { ...BY_CODE, customFields: { field: [{ number: '2a', value: 'Married' }] } },
			error:
				'"Custom Field 1 Number" (custom_field_##) must be the number of a custom field defined in the account (Custom Fields - List), a whole number greater than 0, e.g. 2; got "2a"',
		},
		{
			name: 'a custom field number has no leading zero',
			pass: {
				...BY_CODE,
				customFields: {
					field: [
						{ number: '1', value: 'Gouda' },
						{ number: '4', value: 'Swiss' },
					],
				},
			},
			fail: {
				...BY_CODE,
				customFields: {
					field: [
						{ number: '1', value: 'Gouda' },
						{ number: '01', value: 'Brie' },
					],
				},
			},
			error:
				'"Custom Field 2 Number" (custom_field_##) must be the number of a custom field defined in the account (Custom Fields - List), a whole number greater than 0, e.g. 2; got "01"',
		},
		{
			name: 'a custom field number is not repeated',
			pass: { ...BY_CODE, customFields: { field: [{ number: '1', value: 'Gouda' }] } },
			fail: {
				...BY_CODE,
				customFields: {
					field: [
						{ number: '1', value: 'Gouda' },
						{ number: '1', value: 'Brie' },
					],
				},
			},
			error: '"Custom Field 2" (custom_field_1) must appear only once',
		},
		{
			name: 'a custom field value is text',
			pass: { ...BY_CODE, customFields: { field: [{ number: '1', value: '={{ "Gouda" }}' }] } },
			fail: {
				...BY_CODE,
				customFields: { field: [{ number: '1', value: '={{ { cheese: "Gouda" } }}' }] },
			},
			error: '"Custom Field 1 Value" (custom_field_1) must be text, not a list or an object',
		},
		{
			name: 'a field value is text, not an object',
			pass: { ...BY_CODE, updateFields: { city: '={{ "Oslo" }}' } },
			fail: { ...BY_CODE, updateFields: { city: '={{ ["Oslo"] }}' } },
			error: '"City" (city) must be text, a number or true/false, not a list or an object',
		},
		{
			name: 'a JSONP callback only with Response Format JSON',
			pass: {
				...BY_CODE,
				updateFields: CITY,
				options: { responseFormat: 'json', jsonpCallback: 'handleCustomer' },
			},
			fail: {
				...BY_CODE,
				updateFields: CITY,
				options: { responseFormat: 'xml', jsonpCallback: 'handleCustomer' },
			},
			error:
				'"JSONP Callback" (callback) must be used with Response Format JSON (JSONP wraps JSON)',
		},
		{
			name: 'a JSONP callback is a function name',
			pass: {
				...BY_CODE,
				updateFields: CITY,
				options: { responseFormat: 'json', jsonpCallback: 'app.handle_1' },
			},
			fail: {
				...BY_CODE,
				updateFields: CITY,
				options: { responseFormat: 'json', jsonpCallback: 'alert(1)' },
			},
			error:
				'"JSONP Callback" (callback) must be a JavaScript function name of letters, digits, _ or $ (dots allowed between names), e.g. handleCustomer; got "alert(1)"',
		},
		{
			name: 'Condensed only with Response Format JSON',
			pass: {
				...BY_CODE,
				updateFields: CITY,
				options: { responseFormat: 'json', condensed: true },
			},
			fail: { ...BY_CODE, updateFields: CITY, options: { condensed: true } },
			error:
				'"Condensed" (condensed) must be used with Response Format JSON (it applies only to JSON and JSONP)',
		},
		{
			name: "the credential's API URL is an http(s) address",
			pass: { ...BY_CODE, updateFields: CITY },
			fail: { ...BY_CODE, updateFields: CITY },
			credentials: { apiUrl: 'api.clienttoolbox.com' },
			error: `the credential's API URL must be an https:// address, ${URL_EXAMPLE}; got "api.clienttoolbox.com"`,
		},
		{
			name: "the credential's API URL uses https away from this machine",
			pass: { ...BY_CODE, updateFields: CITY },
			fail: { ...BY_CODE, updateFields: CITY },
			credentials: { apiUrl: 'http://api.clienttoolbox.com' },
			error: `the credential's API URL must use https:// (Client Toolbox requires HTTPS), ${URL_EXAMPLE}; got "http://api.clienttoolbox.com"`,
		},
		{
			name: "the credential's API URL is not the control panel",
			pass: { ...BY_CODE, updateFields: CITY },
			fail: { ...BY_CODE, updateFields: CITY },
			credentials: { apiUrl: 'https://rewards.example.com/admin.php' },
			error:
				"the credential's API URL points at the control panel (admin.php): use the same address with api.php instead, e.g. https://rewards.example.com/api.php",
		},
	],
};
