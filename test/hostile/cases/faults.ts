import type { INodeExecutionData } from 'n8n-workflow';

import { NO_CONTEXT } from '../../../nodes/Intrepid/request';
import { startClientToolboxEmulator } from '../../../sandbox/clienttoolbox';
import { startIntrepidEmulator } from '../../../sandbox/intrepid';
import { startTourCmsEmulator } from '../../../sandbox/tourcms';
import { startTrackfinityEmulator } from '../../../sandbox/trackfinity';
import type { NodeRun } from '../../harness/runNode';
import {
	ACCOUNT,
	ANN,
	CORA,
	JOHN,
	runClientToolbox,
	sentFields,
} from '../../clienttoolbox/helpers';
import { patchRequests, runIntrepid } from '../../intrepid/helpers';
import { runTourCms } from '../../tourcms/helpers';
import { runTrackfinity, updateRequests } from '../../trackfinity/helpers';
import { mayHaveActed, type HostileEmulator } from '../helpers';

/** A text an error must show: exactly a string, matching a RegExp, or holding every part of a list. */
export type Expected = string | RegExp | Array<string | RegExp>;

export interface FaultMode {
	mode: string;
	/** Whether the emulator stored item 0's change before the answer broke. */
	applied: boolean;
	message: string | RegExp;
	description: Expected;
}

/** A running emulator with what the fault tests read of it. */
export interface FaultTarget {
	emulator: HostileEmulator;
	/** Each update request the emulator received, in order: the item it was for, and how it was answered. */
	sent(): Array<[string, string]>;
	/** The stored values the items change, then anything else that must stay as it was. */
	stored(): unknown[];
}

/**
 * One provider under emulator faults. Each fault hits the first of three items (concurrency 1, so the
 * fault is what the user sees); the others must complete.
 */
export interface FaultCase {
	provider: string;
	start(): Promise<FaultTarget>;
	run: NodeRun;
	items: INodeExecutionData[];
	/** The key each item's request carries, as `sent()` reads it. */
	keys: [string, string, string];
	/** The value each item stores, as `stored()` reads it. */
	values: [unknown, unknown, unknown];
	parameters: Record<string, unknown>;
	modes: FaultMode[];
}

const outcomeOf = (request: { outcome?: string }) => request.outcome ?? 'answered';

/** What an item's error adds when its request could create a record, so it was not sent again. */
export const NOT_RETRIED =
	/Not retried: after (timeout \(ECONNABORTED\)|connection reset \(ECONNRESET\)) the provider may have acted on this request, and sending it again could create a second record\./;

/** The faults after which no answer came at all. */
export const ANSWER_LOST = ['timeout', 'timeout-after-apply', 'reset', 'reset-after-apply'];

export const timedOut = (provider: string, ms: number) =>
	`Could not get an answer from ${provider}: the request timed out after ${ms} ms (ECONNABORTED)`;

export const connectionReset = (provider: string) =>
	`Could not get an answer from ${provider}: the connection was reset (ECONNRESET)`;

/** What the user sees when no answer came: the same for every provider but for what the description adds. */
function answerLost(provider: string, timeoutMs: number, description: Expected): FaultMode[] {
	return ANSWER_LOST.map((mode) => ({
		mode,
		applied: mode.endsWith('-after-apply'),
		message: mode.startsWith('timeout') ? timedOut(provider, timeoutMs) : connectionReset(provider),
		description,
	}));
}

/** The answer's headers promised more body than came: the change was stored, the answer is unreadable. */
function truncated(provider: string, description: Expected): FaultMode {
	return {
		mode: 'truncated',
		applied: true,
		message: `Could not get an answer from ${provider}: the response could not be read (ERR_BAD_RESPONSE)`,
		description,
	};
}

const tourCms = (() => {
	const NOT_XML = 'TourCMS answered HTTP 200 with a body that is not XML';
	const MAY_HAVE_ACTED = mayHaveActed('TourCMS');
	const row: FaultCase = {
		provider: 'TourCMS',
		async start() {
			const emulator = await startTourCmsEmulator();
			return {
				emulator,
				sent: () =>
					emulator.requests.map((r) => [
						/<customer_id>([^<]*)</.exec(r.text)?.[1] ?? '',
						outcomeOf(r),
					]),
				stored: () => [12345, 12346, 12347].map((id) => emulator.customer(3930, id).city),
			};
		},
		run: runTourCms,
		items: [
			{ json: { id: 12345, city: 'Faultville' } },
			{ json: { id: 12346, city: 'Perth' } },
			{ json: { id: 12347, city: 'Madrid' } },
		],
		keys: ['12345', '12346', '12347'],
		values: ['Faultville', 'Perth', 'Madrid'],
		parameters: {
			customerId: '={{ $json.id }}',
			updateFields: { city: '={{ $json.city }}' },
			options: { concurrency: 1, maxRetries: 0, timeoutMs: 400 },
		},
		modes: [
			...answerLost('TourCMS', 400, MAY_HAVE_ACTED),
			{
				mode: 'html-5xx',
				applied: false,
				message: 'TourCMS answered HTTP 500 with a body that is not XML',
				description: /^<!DOCTYPE html><html><head><title>500 Internal Server Error/,
			},
			{
				mode: 'malformed',
				applied: true,
				message: NOT_XML,
				description: /<error>OK<\/error>.*<unterminated$/,
			},
			{
				mode: 'wrong-content-type',
				applied: false,
				message: NOT_XML,
				description: /^<!DOCTYPE html>.*Sign in/,
			},
			{
				mode: 'error-body-200',
				applied: false,
				message: 'TourCMS refused the update: Internal error: please try again later',
				description: 'TourCMS answered "Internal error: please try again later" (HTTP 200).',
			},
			truncated('TourCMS', MAY_HAVE_ACTED),
		],
	};
	return row;
})();

const trackfinity = (() => {
	const MAY_HAVE_ACTED = mayHaveActed('Trackfinity');
	const notConfirmed = (answer: string) => ({
		message: `Trackfinity did not update the customer: it answered ${answer}`,
		description: `Trackfinity answered "${answer}" instead of true, so the update is not confirmed: check the customer record before sending this item again.`,
	});
	const row: FaultCase = {
		provider: 'Trackfinity',
		async start() {
			const emulator = await startTrackfinityEmulator();
			return {
				emulator,
				sent: () =>
					updateRequests(emulator).map((r) => [
						new URLSearchParams(r.text).get('customer_id') ?? '',
						outcomeOf(r),
					]),
				stored: () => [191, 192, 193].map((id) => emulator.customer(id).city),
			};
		},
		run: runTrackfinity,
		items: [
			{ json: { id: 191, city: 'Faultville' } },
			{ json: { id: 192, city: 'Perth' } },
			{ json: { id: 193, city: 'Madrid' } },
		],
		keys: ['191', '192', '193'],
		values: ['Faultville', 'Perth', 'Madrid'],
		parameters: {
			lookupBy: 'customer_id',
			customerId: '={{ $json.id }}',
			updateFields: { city: '={{ $json.city }}' },
			options: { concurrency: 1, maxRetries: 0, timeoutMs: 400 },
		},
		modes: [
			...answerLost('Trackfinity', 400, MAY_HAVE_ACTED),
			{
				mode: 'html-5xx',
				applied: false,
				message:
					'Trackfinity failed with a server error (HTTP 500): 500 Internal Server Error 500 Internal Server Error The server encountered an internal error. nginx',
				description:
					'Trackfinity (or a proxy in front of it) answered HTTP 500: a failure on its side, not a refusal of the credentials. The update may or may not have been applied: check the customer before sending this item again.',
			},
			// The change WAS stored (only the answer is garbled), so the description must not claim it was not.
			{ mode: 'malformed', applied: true, ...notConfirmed('{"result": true') },
			{ mode: 'wrong-content-type', applied: false, ...notConfirmed('Sign in') },
			{
				mode: 'error-body-200',
				applied: false,
				...notConfirmed('Internal error: please try again later'),
			},
			truncated('Trackfinity', MAY_HAVE_ACTED),
		],
	};
	return row;
})();

/** The start of what the emulator answers for customer 9001 after its home phone was set. */
const CUSTOMER_9001 =
	'{"id":9001,"title":"Mr","firstName":"Homer","middleName":"","surname":"Simpson","dateOfBirth":"1975-05-12"';

function startingWith(text: string): RegExp {
	return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

export const INTREPID_FAULTS = (() => {
	const MAY_HAVE_ACTED = mayHaveActed('Intrepid');
	const NOT_CONFIRMED =
		"Check the credential's Base URL points at the Intrepid API, and check the customer before sending this item again.";
	const notJson = (body: string) =>
		`Intrepid answered HTTP 200 with a body that is not JSON, so the update is not confirmed: ${body}`;
	const row: FaultCase = {
		provider: 'Intrepid',
		async start() {
			const emulator = await startIntrepidEmulator();
			return {
				emulator,
				sent: () => patchRequests(emulator).map((r) => [r.path, outcomeOf(r)]),
				stored: () => [9001, 9003, 9004].map((id) => emulator.customer(id).homePhone),
			};
		},
		run: runIntrepid,
		items: [
			{ json: { id: 9001, phone: '0311110001' } },
			{ json: { id: 9003, phone: '0311110003' } },
			{ json: { id: 9004, phone: '0311110004' } },
		],
		keys: ['/Customers/9001', '/Customers/9003', '/Customers/9004'],
		values: ['0311110001', '0311110003', '0311110004'],
		parameters: {
			context: NO_CONTEXT,
			customerId: '={{ $json.id }}',
			updateFields: { homePhone: '={{ $json.phone }}' },
			options: { concurrency: 1, maxRetries: 0, timeoutMs: 400 },
		},
		modes: [
			...answerLost('Intrepid', 400, MAY_HAVE_ACTED),
			{
				mode: 'html-5xx',
				applied: false,
				message:
					'Intrepid refused the update (HTTP 500) with an answer that is not JSON: 500 Internal Server Error 500 Internal Server Error The server encountered an internal error. nginx',
				description: 'An unexpected error occurred on the Intrepid API server.',
			},
			// Stored, only the answer is garbled: the error must say the update is not confirmed, not that it failed.
			{
				mode: 'malformed',
				applied: true,
				message: startingWith(notJson(`{"result": ${CUSTOMER_9001}`)),
				description: NOT_CONFIRMED,
			},
			{
				mode: 'wrong-content-type',
				applied: false,
				message: notJson(
					'<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login"><input name="user"></form></body></html>',
				),
				description: NOT_CONFIRMED,
			},
			// A 200 carrying an error is not a success: nothing was stored.
			{
				mode: 'error-body-200',
				applied: false,
				message:
					'Intrepid answered HTTP 200 with an error, so the update is not confirmed: {"status":"error","error":"Internal error: please try again later"}',
				description: NOT_CONFIRMED,
			},
			truncated('Intrepid', MAY_HAVE_ACTED),
		],
	};
	return row;
})();

const clientToolbox = (() => {
	const MAY_HAVE_ACTED = mayHaveActed('Client Toolbox');
	const MAY_HAVE_CREATED =
		'The customer may have been created or changed anyway: check in Client Toolbox before running this item again, as sending it again could create a second customer.';
	const NOT_A_RESULT =
		'Client Toolbox answered with something other than a customer result (expected status "success" with customer status "update" or "new" and a code)';
	const row: FaultCase = {
		provider: 'Client Toolbox',
		async start() {
			const emulator = await startClientToolboxEmulator();
			return {
				emulator,
				sent: () => emulator.requests.map((r) => [sentFields(r).code, outcomeOf(r)]),
				// No fault may leave a customer created on the side.
				stored: () => [
					...[JOHN, ANN, CORA].map((c) => emulator.customer(ACCOUNT, c.code)?.city),
					emulator.customers(ACCOUNT).length,
				],
			};
		},
		run: runClientToolbox,
		items: [
			{ json: { code: JOHN.code, city: 'Faultville' } },
			{ json: { code: ANN.code, city: 'Perth' } },
			{ json: { code: CORA.code, city: 'Madrid' } },
		],
		keys: [JOHN.code, ANN.code, CORA.code],
		values: ['Faultville', 'Perth', 'Madrid'],
		// "Create" when nothing matches, and retries on: every edit may create a customer, so none is ever sent twice.
		parameters: {
			matchBy: 'code',
			code: '={{ $json.code }}',
			ifNoMatch: 'create',
			updateFields: { city: '={{ $json.city }}' },
			options: { concurrency: 1, maxRetries: 3, timeoutMs: 1500 },
		},
		modes: [
			...answerLost('Client Toolbox', 1500, [MAY_HAVE_ACTED, NOT_RETRIED]),
			{
				mode: 'html-5xx',
				applied: false,
				message: 'Client Toolbox answered HTTP 500 instead of a result',
				description: ['500 Internal Server Error', MAY_HAVE_CREATED],
			},
			{
				mode: 'malformed',
				applied: true,
				message: NOT_A_RESULT,
				description: ['<unterminated', MAY_HAVE_CREATED],
			},
			{
				mode: 'wrong-content-type',
				applied: false,
				message: NOT_A_RESULT,
				description: ['Sign in', MAY_HAVE_CREATED],
			},
			{
				mode: 'error-body-200',
				applied: false,
				message: 'Client Toolbox refused the update: Internal error: please try again later',
				description: ['Client Toolbox answered status "error" (HTTP 200).'],
			},
			truncated('Client Toolbox', [MAY_HAVE_ACTED]),
		],
	};
	return row;
})();

export const FAULT_CASES: FaultCase[] = [tourCms, trackfinity, INTREPID_FAULTS, clientToolbox];
