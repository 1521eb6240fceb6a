import type { ICredentialType } from 'n8n-workflow';

import { ClientToolboxApi } from '../../../credentials/ClientToolboxApi.credentials';
import { IntrepidApi } from '../../../credentials/IntrepidApi.credentials';
import { TourCmsApi } from '../../../credentials/TourCmsApi.credentials';
import { TrackfinityApi } from '../../../credentials/TrackfinityApi.credentials';
import { CLIENT_TOOLBOX_FIELDS } from '../../../nodes/ClientToolbox/fields';
import { INTREPID_FIELDS } from '../../../nodes/Intrepid/fields';
import { NO_CONTEXT } from '../../../nodes/Intrepid/request';
import { TOURCMS_FIELDS } from '../../../nodes/TourCms/fields';
import { TRACKFINITY_FIELDS } from '../../../nodes/Trackfinity/fields';
import type { FieldSpec } from '../../../nodes/shared/input/fieldTable';
import {
	defaultSeed as clientToolboxSeed,
	startClientToolboxEmulator,
} from '../../../sandbox/clienttoolbox';
import { startIntrepidEmulator } from '../../../sandbox/intrepid';
import { FAULT_MODES } from '../../../sandbox/lib/faults';
import { startTourCmsEmulator } from '../../../sandbox/tourcms';
import { startTrackfinityEmulator } from '../../../sandbox/trackfinity';
import type { CredentialTestOutcome } from '../../harness/credentialTest';
import type { NodeRun } from '../../harness/runNode';
import { ACCOUNT, JOHN, TWINS_CARD, runClientToolbox } from '../../clienttoolbox/helpers';
import { AGENT_KEY, ON_STATEMENT_KEY, runIntrepid } from '../../intrepid/helpers';
import { AGENT, OPERATOR, runTourCms } from '../../tourcms/helpers';
import { DOC_KEY, DOC_USERNAME, runTrackfinity } from '../../trackfinity/helpers';
import { echoPage, tourCmsSignatures, WRONG_KEY, type HostileEmulator } from '../helpers';

type Credentials = Record<string, unknown>;
type Fault = Record<string, unknown>;

export interface Scenario {
	name: string;
	parameters: Record<string, unknown>;
	credentials?: Credentials;
	fault?: Fault;
}

/** One provider's secrets and the error paths that must not show them. */
export interface SecretCase {
	provider: string;
	start(): Promise<HostileEmulator>;
	run: NodeRun;
	/** Laid under every scenario's own credentials. */
	credentials?: Credentials;
	scenarios: Scenario[];
	/** Scenarios that end in a success: the answer looks right, so nothing fails. */
	succeeds?: (scenario: Scenario) => boolean;
	/** Every text that must not appear, for a scenario's credentials and the requests the emulator saw. */
	secrets(credentials: Credentials | undefined, emulator: HostileEmulator): string[];
	/** Where an echoed request shows in the error output's item, its secrets replaced. */
	echo?: { where: 'message' | 'description'; masked: RegExp };
	credentialTest: {
		type: string;
		/** Credentials the provider refuses (each tested first, in order). */
		refused(url: string): Credentials[];
		/** Good credentials, each tested while the emulator answers with the fault. */
		faulted(url: string): Array<{ credentials: Credentials; fault: Fault }>;
		expect(outcomes: CredentialTestOutcome[]): void;
		secrets(emulator: HostileEmulator): string[];
	};
	credential: ICredentialType;
	/** The credential's properties that hold a secret. */
	secretProperties: string[];
	fields: readonly FieldSpec[];
	/** The field table's fields that hold a customer's secret. */
	secretFields: string[];
}

const faultScenarios = (
	parameters: Record<string, unknown>,
	extra: Partial<Scenario> = {},
	suffix = '',
): Scenario[] =>
	Object.keys(FAULT_MODES).map((mode) => ({
		name: `the ${mode} fault${suffix}`,
		parameters,
		fault: { mode, count: 1 },
		...extra,
	}));

const echoScenarios = (parameters: Record<string, unknown>): Scenario[] => [
	{
		name: 'an error page echoing the request',
		parameters,
		fault: { mode: 'html-5xx', count: 1, body: echoPage },
	},
	{
		name: 'a 200 answer echoing the request',
		parameters,
		fault: { mode: 'error-body-200', count: 1, body: echoPage },
	},
];

/** The faults every credential Test meets with good credentials. */
const TEST_FAULTS: Fault[] = [
	{ mode: 'html-5xx', body: echoPage },
	{ mode: 'malformed' },
	{ mode: 'reset' },
	{ mode: 'error-body-200' },
];

const tourCms = (() => {
	const CUSTOMER_PASSWORD = 'Hunter22pw';
	const WITH_PASSWORD = {
		customerId: '12345',
		updateFields: { city: 'Leeds', customer_password: CUSTOMER_PASSWORD },
	};
	const row: SecretCase = {
		provider: 'TourCMS',
		start: startTourCmsEmulator,
		run: runTourCms,
		scenarios: [
			{
				name: 'a bad Customer ID next to a new password',
				parameters: { ...WITH_PASSWORD, customerId: 'abc' },
			},
			{
				name: 'a password in the wrong format',
				parameters: { customerId: '12345', updateFields: { customer_password: 'not valid!' } },
			},
			{
				name: 'a password and Disable Customer Login together',
				parameters: { ...WITH_PASSWORD, disableLogin: true },
			},
			{ name: 'an agent sending a password', parameters: WITH_PASSWORD, credentials: AGENT },
			{
				name: 'a bad date next to a new password',
				parameters: {
					customerId: '12345',
					updateFields: { dob: '1990-02-30', customer_password: CUSTOMER_PASSWORD },
				},
			},
			{
				name: 'a wrong API key (FAIL_SIG)',
				parameters: WITH_PASSWORD,
				credentials: { apiKey: WRONG_KEY },
			},
			{
				name: 'a channel the key does not open (FAIL_KEYNOTFOUND)',
				parameters: { ...WITH_PASSWORD, channelId: '3932' },
			},
			{
				name: 'an unknown customer (NO MATCHING DATA)',
				parameters: { ...WITH_PASSWORD, customerId: '99999' },
			},
			{
				name: 'an agent updating a customer it did not create (FAIL_PERM)',
				parameters: { customerId: '12345', updateFields: { city: 'Leeds' } },
				credentials: AGENT,
			},
			...faultScenarios(WITH_PASSWORD),
			...echoScenarios(WITH_PASSWORD),
		],
		secrets: (credentials, emulator) => [
			String(credentials?.apiKey ?? OPERATOR.apiKey),
			CUSTOMER_PASSWORD,
			...tourCmsSignatures(emulator.requests),
		],
		echo: { where: 'description', masked: /<customer_password>\*\*\*<\/customer_password>/ },
		credentialTest: {
			type: 'tourCmsApi',
			refused: (baseUrl) => [
				{ baseUrl, ...OPERATOR, apiKey: WRONG_KEY },
				{ baseUrl, ...OPERATOR, channelId: 9999 },
			],
			faulted: (baseUrl) =>
				TEST_FAULTS.map((fault) => ({ credentials: { baseUrl, ...OPERATOR }, fault })),
			expect(outcomes) {
				expect(outcomes[0]).toMatchObject({ status: 'Error', httpCode: '401' });
				// A garbled or error body with HTTP 200 passes: n8n's test only checks the status (TourCMS fails with 401).
				expect(outcomes.map((o) => o.status)).toEqual([
					'Error',
					'Error',
					'Error',
					'OK',
					'Error',
					'OK',
				]);
			},
			secrets: (emulator) => [WRONG_KEY, OPERATOR.apiKey, ...tourCmsSignatures(emulator.requests)],
		},
		credential: new TourCmsApi(),
		secretProperties: ['apiKey'],
		fields: TOURCMS_FIELDS,
		secretFields: ['customer_password'],
	};
	return row;
})();

const trackfinity = (() => {
	const USER_PASSWORD = 'n3w pass&word=1+2';
	const WITH_PASSWORD = {
		customerId: '191',
		updateFields: { city: 'Leeds', password: USER_PASSWORD },
	};
	const row: SecretCase = {
		provider: 'Trackfinity',
		start: startTrackfinityEmulator,
		run: runTrackfinity,
		scenarios: [
			{
				name: 'a missing Customer ID next to a new password',
				parameters: { ...WITH_PASSWORD, customerId: '={{ "" }}' },
			},
			{
				name: 'a password that reads REMOVE',
				parameters: { customerId: '191', updateFields: { password: ' remove ' } },
			},
			{
				name: 'a value REMOVE next to a new password',
				parameters: {
					customerId: '191',
					updateFields: { city: 'REMOVE', password: USER_PASSWORD },
				},
			},
			{ name: 'a broken Base URL', parameters: WITH_PASSWORD, credentials: { baseUrl: 'ftp://x' } },
			{
				name: 'a wrong API key (401)',
				parameters: WITH_PASSWORD,
				credentials: { apiKey: WRONG_KEY },
			},
			{ name: 'an unknown customer (404)', parameters: { ...WITH_PASSWORD, customerId: '999' } },
			...faultScenarios(WITH_PASSWORD),
			...echoScenarios(WITH_PASSWORD),
		],
		// Trackfinity's answer `true` names no customer, so an answer "about another customer" is a success.
		succeeds: ({ fault }) => fault?.mode === 'other-customer',
		secrets: (credentials) => [String(credentials?.apiKey ?? DOC_KEY), USER_PASSWORD],
		echo: { where: 'message', masked: /password=\*\*\*/ },
		credentialTest: {
			type: 'trackfinityApi',
			refused: (baseUrl) => [{ baseUrl, apiUsername: DOC_USERNAME, apiKey: WRONG_KEY }],
			faulted: (baseUrl) =>
				TEST_FAULTS.map((fault) => ({
					credentials: { baseUrl, apiUsername: DOC_USERNAME, apiKey: DOC_KEY },
					fault,
				})),
			expect(outcomes) {
				expect(outcomes[0]).toEqual({
					status: 'Error',
					message: 'Trackfinity refused the credentials: check API Username/API Key',
					httpCode: '401',
				});
			},
			secrets: () => [WRONG_KEY, DOC_KEY],
		},
		credential: new TrackfinityApi(),
		secretProperties: ['apiKey'],
		fields: TRACKFINITY_FIELDS,
		secretFields: ['password'],
	};
	return row;
})();

const intrepid = (() => {
	/** An error in Intrepid's own structure whose text quotes the key it was sent. */
	function quotingError(request: { headers: Record<string, unknown> }): string {
		return JSON.stringify({
			errorType: 'Unauthorized',
			errors: [
				`API key ${String(request.headers['x-api-key'])} is not allowed here`,
				JSON.stringify(request.headers),
			],
			correlationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
		});
	}
	const UPDATE = {
		context: 'Trips',
		contextId: '7001',
		customerId: '9001',
		updateFields: { homePhone: '0311110000' },
	};
	const row: SecretCase = {
		provider: 'Intrepid',
		start: startIntrepidEmulator,
		run: runIntrepid,
		scenarios: [
			{
				name: 'a Customer ID that is not a number',
				parameters: { ...UPDATE, customerId: '9001/../9002' },
			},
			{
				name: 'an incomplete passport',
				parameters: { ...UPDATE, updateFields: { passportNumber: 'N1' } },
			},
			{
				name: 'a single supplement outside a trip',
				parameters: {
					...UPDATE,
					context: 'Booking',
					contextId: '5057123',
					updateFields: { singleSupplement: true },
				},
			},
			{ name: 'nothing to update', parameters: { ...UPDATE, updateFields: { homePhone: '' } } },
			{ name: 'a broken Base URL', parameters: UPDATE, credentials: { baseUrl: 'ftp://x' } },
			{ name: 'a wrong API key (401)', parameters: UPDATE, credentials: { apiKey: WRONG_KEY } },
			{
				name: 'a set-once name (403)',
				parameters: { ...UPDATE, updateFields: { firstName: 'Max' } },
			},
			{
				name: 'a status Intrepid refuses (400)',
				parameters: {
					...UPDATE,
					context: 'Booking',
					contextId: '5057123',
					updateFields: { status: 'tentative' },
				},
			},
			{ name: 'an unknown customer (404)', parameters: { ...UPDATE, customerId: '123456' } },
			{
				name: 'the on-statement key and a 403',
				parameters: { ...UPDATE, updateFields: { surname: 'Power' } },
				credentials: { apiKey: ON_STATEMENT_KEY },
			},
			...faultScenarios(UPDATE),
			...echoScenarios(UPDATE),
			{
				name: 'a 200 page echoing the request',
				parameters: UPDATE,
				fault: { mode: 'wrong-content-type', count: 1, body: echoPage },
			},
			{
				name: 'an Intrepid error quoting the key',
				parameters: UPDATE,
				fault: { mode: 'html-5xx', status: 401, count: 1, body: quotingError },
			},
			{
				name: 'a 200 Intrepid error quoting the key',
				parameters: UPDATE,
				fault: { mode: 'error-body-200', count: 1, body: quotingError },
			},
			{
				name: 'the context-free path with an echo page',
				parameters: { ...UPDATE, context: NO_CONTEXT },
				fault: { mode: 'html-5xx', status: 503, count: 1, body: echoPage },
			},
		],
		secrets: (credentials) => [
			String(credentials?.apiKey ?? AGENT_KEY),
			AGENT_KEY,
			ON_STATEMENT_KEY,
		],
		echo: { where: 'message', masked: /\*\*\*/ },
		credentialTest: {
			type: 'intrepidApi',
			refused: (baseUrl) => [{ baseUrl, apiKey: WRONG_KEY }],
			faulted: (baseUrl) =>
				[
					{ mode: 'html-5xx', body: echoPage },
					{ mode: 'html-5xx', body: quotingError },
					{ mode: 'malformed' },
					{ mode: 'reset' },
					{ mode: 'error-body-200', body: echoPage },
					{ mode: 'wrong-content-type', body: echoPage },
				].map((fault) => ({ credentials: { baseUrl, apiKey: AGENT_KEY }, fault })),
			expect(outcomes) {
				expect(outcomes[0]).toEqual({
					status: 'Error',
					message: 'Intrepid refused the API key (missing or invalid): check the API Key',
					httpCode: '401',
				});
				expect(outcomes.filter((o) => o.status === 'Error').length).toBeGreaterThanOrEqual(4);
			},
			secrets: () => [WRONG_KEY, AGENT_KEY],
		},
		credential: new IntrepidApi(),
		secretProperties: ['apiKey'],
		fields: INTREPID_FIELDS,
		secretFields: [],
	};
	return row;
})();

const clientToolbox = (() => {
	// Built, not written out: long literals here read like committed credentials.
	const USER_KEY = ['ctb', 'key', 'with space', 'and+plus', '&amp=1'].join('_');
	const USER_PASSWORD = ['pa ss', 'word!', "(it's)", '*1+2=3'].join('~');
	const CUSTOMER_PASSWORD = 'n3w pass&word=1+2';
	const CUSTOMER_PIN = '837261';
	const BY_KEY = {
		userId: 'john1970',
		authentication: 'apiKey',
		apiKey: USER_KEY,
		accountId: ACCOUNT,
	};
	const BY_PASSWORD = {
		userId: 'john1970',
		authentication: 'password',
		password: USER_PASSWORD,
		accountId: ACCOUNT,
	};

	/** A seed whose user has a key and a password that URL-encode differently with every encoder. */
	function seed() {
		const s = clientToolboxSeed();
		s.users.john1970.apiKey = USER_KEY;
		s.users.john1970.password = USER_PASSWORD;
		return s;
	}

	/** Client Toolbox's own error shape, its text quoting the request it got. */
	function echoingRefusal(request: { text: string }): string {
		return JSON.stringify({ status: 'error', error: `Could not process ${request.text}` });
	}

	const WITH_SECRETS = {
		matchBy: 'code',
		code: JOHN.code,
		ifNoMatch: 'create',
		updateFields: {
			city: 'Leeds',
			customer_password: CUSTOMER_PASSWORD,
			customer_PIN: CUSTOMER_PIN,
		},
	};
	const MULTIPART = { ...WITH_SECRETS, options: { bodyEncoding: 'multipart' } };
	const TEST_FAULTS_CTB: Fault[] = [
		{ mode: 'html-5xx', body: echoPage },
		{ mode: 'error-body-200', body: echoingRefusal },
		{ mode: 'wrong-content-type', body: echoPage },
		{ mode: 'malformed' },
		{ mode: 'reset' },
	];
	const refusal = {
		status: 'Error',
		message:
			'Client Toolbox refused the credentials: check User ID, API Key or Password, and Account ID',
	};
	const row: SecretCase = {
		provider: 'Client Toolbox',
		start: async () => await startClientToolboxEmulator({ seed: seed() }),
		run: runClientToolbox,
		credentials: BY_KEY,
		scenarios: [
			{
				name: 'a bad custom date next to the customer secrets',
				parameters: {
					...WITH_SECRETS,
					updateFields: { ...WITH_SECRETS.updateFields, custom_date: '14/07/1970' },
				},
			},
			{
				name: 'a missing code next to the customer secrets',
				parameters: { ...WITH_SECRETS, code: '={{ "" }}' },
			},
			{
				name: 'a bad JSONP callback',
				parameters: { ...WITH_SECRETS, options: { responseFormat: 'json', jsonpCallback: 'x()' } },
			},
			{ name: 'a broken API URL', parameters: WITH_SECRETS, credentials: { apiUrl: 'ftp://x' } },
			{ name: 'a wrong API key', parameters: WITH_SECRETS, credentials: { apiKey: WRONG_KEY } },
			{
				name: 'a wrong password',
				parameters: WITH_SECRETS,
				credentials: { ...BY_PASSWORD, password: WRONG_KEY },
			},
			{ name: 'an unknown account', parameters: { ...WITH_SECRETS, accountId: 'nobody' } },
			{
				name: 'no customer matches (checked first)',
				parameters: { ...WITH_SECRETS, code: '123', ifNoMatch: 'fail' },
			},
			{
				name: 'several customers share the card',
				parameters: { ...WITH_SECRETS, matchBy: 'cardNumber', code: '', cardNumber: TWINS_CARD },
			},
			{
				name: 'a custom field the account lacks',
				parameters: { ...WITH_SECRETS, customFields: { field: [{ number: '99', value: 'x' }] } },
			},
			...faultScenarios(WITH_SECRETS),
			...faultScenarios(MULTIPART, { credentials: BY_PASSWORD }, ', password and multipart'),
			{
				name: 'an error page echoing the request',
				parameters: WITH_SECRETS,
				fault: { mode: 'html-5xx', count: 1, body: echoPage },
			},
			{
				name: 'an error page echoing the request (password)',
				parameters: WITH_SECRETS,
				credentials: BY_PASSWORD,
				fault: { mode: 'html-5xx', count: 1, body: echoPage },
			},
			{
				name: 'an error page echoing a multipart request (password)',
				parameters: MULTIPART,
				credentials: BY_PASSWORD,
				fault: { mode: 'html-5xx', count: 1, body: echoPage },
			},
			{
				name: 'a 200 page echoing the request',
				parameters: WITH_SECRETS,
				fault: { mode: 'wrong-content-type', count: 1, body: echoPage },
			},
			{
				name: 'a Client Toolbox error quoting the request',
				parameters: WITH_SECRETS,
				fault: { mode: 'error-body-200', count: 1, body: echoingRefusal },
			},
			{
				name: 'a Client Toolbox error quoting the check before the edit',
				parameters: { ...WITH_SECRETS, ifNoMatch: 'fail' },
				credentials: BY_PASSWORD,
				fault: { mode: 'error-body-200', count: 1, body: echoingRefusal },
			},
		],
		secrets: () => [USER_KEY, USER_PASSWORD, CUSTOMER_PASSWORD, CUSTOMER_PIN, WRONG_KEY],
		credentialTest: {
			type: 'clientToolboxApi',
			refused: (apiUrl) => [
				{ apiUrl, ...BY_KEY, apiKey: WRONG_KEY },
				{ apiUrl, ...BY_PASSWORD, password: WRONG_KEY },
			],
			faulted: (apiUrl) =>
				[BY_KEY, BY_PASSWORD].flatMap((credentials) =>
					TEST_FAULTS_CTB.map((fault) => ({ credentials: { apiUrl, ...credentials }, fault })),
				),
			expect(outcomes) {
				expect(outcomes.slice(0, 2)).toEqual([refusal, refusal]);
			},
			secrets: () => [USER_KEY, USER_PASSWORD, WRONG_KEY],
		},
		credential: new ClientToolboxApi(),
		secretProperties: ['apiKey', 'password'],
		fields: CLIENT_TOOLBOX_FIELDS,
		secretFields: ['customer_password', 'customer_PIN'],
	};
	return row;
})();

export const SECRET_CASES: SecretCase[] = [tourCms, trackfinity, intrepid, clientToolbox];
