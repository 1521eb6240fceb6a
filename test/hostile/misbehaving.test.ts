import type { INodeExecutionData } from 'n8n-workflow';

import { NO_CONTEXT } from '../../nodes/Intrepid/request';
import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { startIntrepidEmulator } from '../../sandbox/intrepid';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { startTrackfinityEmulator } from '../../sandbox/trackfinity';
import type { NodeRun } from '../harness/runNode';
import { ACCOUNT, BY_KEY, JOHN, runClientToolbox, sentFields } from '../clienttoolbox/helpers';
import { AGENT_KEY, runIntrepid } from '../intrepid/helpers';
import { OPERATOR, runTourCms } from '../tourcms/helpers';
import { DOC_KEY, runTrackfinity } from '../trackfinity/helpers';
import { rssBytes } from '../harness/runtime';
import {
	faultOnly,
	leaks,
	tourCmsSignatures,
	visibleTexts,
	type HostileEmulator,
	type Recorded,
} from './helpers';

/**
 * The rows of a provider that misbehaves on purpose (slow, huge, compressed, echoing, wrong customer, header
 * flood, an error page with credential words) for every node: what the item says, how many requests reached
 * the provider, that nothing that may add or create was sent twice, and that no secret shows.
 */

const TIMEOUT_MS = 1000;
const OPTIONS = { concurrency: 1, maxRetries: 2, timeoutMs: TIMEOUT_MS };

interface Provider {
	name: string;
	node: string;
	start: () => Promise<HostileEmulator>;
	runner: NodeRun;
	parameters: Record<string, unknown>;
	item: INodeExecutionData;
	/** The id sent for the customer, as an answer about it names it. */
	id: string;
	secrets: string[];
	/** The fault hits only the update (Client Toolbox looks the customer up first). */
	isUpdate: (request: Recorded) => boolean;
	/** Whether the update may be resent after an ambiguous failure (nothing created, nothing added). */
	idempotent: boolean;
	/** The answer's own error form: what huge-error and echo-request wrap their text in. */
	errorFormat: 'xml' | 'json' | 'text';
}

const PROVIDERS: Provider[] = [
	{
		name: 'TourCMS',
		node: 'TourCMS',
		start: startTourCmsEmulator,
		runner: runTourCms,
		parameters: {
			customerId: '={{ $json.id }}',
			updateFields: { city: '={{ $json.city }}' },
			options: OPTIONS,
		},
		item: { json: { id: 12345, city: 'Hostile' } },
		id: '12345',
		secrets: [OPERATOR.apiKey],
		isUpdate: () => true,
		idempotent: true,
		errorFormat: 'xml',
	},
	{
		name: 'Trackfinity',
		node: 'Trackfinity',
		start: startTrackfinityEmulator,
		runner: runTrackfinity,
		parameters: {
			lookupBy: 'customer_id',
			customerId: '={{ $json.id }}',
			updateFields: { city: '={{ $json.city }}' },
			options: OPTIONS,
		},
		item: { json: { id: 191, city: 'Hostile' } },
		id: '191',
		secrets: [DOC_KEY],
		isUpdate: () => true,
		idempotent: true,
		errorFormat: 'text',
	},
	{
		name: 'Intrepid',
		node: 'Intrepid',
		start: startIntrepidEmulator,
		runner: runIntrepid,
		parameters: {
			context: NO_CONTEXT,
			customerId: '={{ $json.id }}',
			updateFields: { homePhone: '={{ $json.phone }}' },
			options: OPTIONS,
		},
		item: { json: { id: 9001, phone: '0311110001' } },
		id: '9001',
		secrets: [AGENT_KEY],
		isUpdate: () => true,
		idempotent: true,
		errorFormat: 'json',
	},
	{
		// "Fail Without Changing Anything" (looked up first, nothing created) with points added: the edit adds.
		name: 'Client Toolbox',
		node: 'Client Toolbox',
		start: startClientToolboxEmulator,
		runner: runClientToolbox,
		parameters: {
			matchBy: 'code',
			code: '={{ $json.code }}',
			ifNoMatch: 'fail',
			updateFields: { city: '={{ $json.city }}', auto_add: '25' },
			options: OPTIONS,
		},
		item: { json: { code: JOHN.code, city: 'Hostile' } },
		id: JOHN.code,
		secrets: [BY_KEY.apiKey],
		isUpdate: (r) => sentFields(r).type === 'record_customer',
		idempotent: false,
		errorFormat: 'xml',
	},
];

async function run(provider: Provider, fault: Record<string, unknown>, count?: number) {
	const emulator = await provider.start();
	try {
		faultOnly(emulator, provider.isUpdate, fault, count ?? 10);
		const result = await provider.runner(emulator, provider.parameters, [provider.item], {
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		const [success, errors] = result.outputs(provider.node);
		const updates = emulator.requests.filter(provider.isUpdate);
		const texts = visibleTexts(result, provider.node);
		const signatures = tourCmsSignatures(emulator.requests);
		const decoded = signatures.map((s) => decodeURIComponent(s));
		expect(leaks(texts, [...provider.secrets, ...signatures, ...decoded])).toEqual([]);
		return {
			emulator,
			success,
			errors,
			updates,
			error: errors[0]?.error,
			message: String(errors[0]?.json.error ?? ''),
		};
	} finally {
		await emulator.close();
	}
}

describe.each(PROVIDERS)('$name against a provider that misbehaves', (provider) => {
	it('answers 1 byte per second forever: the Timeout ends the whole exchange, an update that adds is not resent', async () => {
		// The answer never ends, so only the deadline can end the run: that it returns with this message is the proof.
		const { message, error, updates } = await run(provider, { mode: 'trickle', intervalMs: 100 });
		expect(message).toBe(
			`Could not get an answer from ${provider.name}: the request timed out after ${TIMEOUT_MS} ms (ECONNABORTED)`,
		);
		expect(error?.description).toContain(`The request may have reached ${provider.name}`);
		expect(updates).toHaveLength(provider.idempotent ? 3 : 1);
	});

	it('sends its headers 1 byte at a time, forever: the Timeout ends that too', async () => {
		const { message, updates } = await run(provider, {
			mode: 'trickle',
			intervalMs: 100,
			inHeaders: true,
		});
		expect(message).toBe(
			`Could not get an answer from ${provider.name}: the request timed out after ${TIMEOUT_MS} ms (ECONNABORTED)`,
		);
		expect(updates).toHaveLength(provider.idempotent ? 3 : 1);
	});

	it('gzip bomb (4 GiB inflated): the answer is cut at the Max Response Size, memory stays bounded', async () => {
		const rssBefore = rssBytes();
		const { message, updates, error } = await run(provider, { mode: 'gzip-bomb' });
		expect(message).toBe(
			`${provider.name}'s answer is larger than 1024 KB (the Max Response Size option): it was not read further`,
		);
		expect(error?.description).toContain(`The request may have reached ${provider.name}`);
		expect(updates).toHaveLength(1);
		expect(rssBytes() - rssBefore).toBeLessThan(300 * 1024 * 1024);
	});

	it('its documented error form with a 200 MB error text: not read past the limit', async () => {
		const { message, updates } = await run(provider, {
			mode: 'huge-error',
			format: provider.errorFormat,
		});
		expect(message).toBe(
			`${provider.name}'s answer is larger than 1024 KB (the Max Response Size option): it was not read further`,
		);
		expect(updates).toHaveLength(1);
	});

	it('an error text of 600 KB (under the limit) is cut to a few hundred characters, saying how long it was', async () => {
		const { message, error, updates } = await run(provider, {
			mode: 'huge-error',
			format: provider.errorFormat,
			textBytes: 600 * 1024,
		});
		expect(`${message} ${error?.description ?? ''}`).toMatch(/…\(\d{6,} characters\)/);
		expect(message.length).toBeLessThan(700);
		expect(String(error?.description ?? '').length).toBeLessThan(1400);
		expect(updates).toHaveLength(1);
	});

	it('an error that quotes the request (headers whole, encoded, scheme and token apart, body): no secret shows', async () => {
		const { errors, updates } = await run(provider, {
			mode: 'echo-request',
			format: provider.errorFormat,
			status: 400,
		});
		expect(errors).toHaveLength(1);
		expect(updates).toHaveLength(1);
	});

	it('resets the connection after applying the update: resent only when that cannot add or create', async () => {
		const { updates, success, message } = await run(provider, { mode: 'reset-after-apply' }, 1);
		if (provider.idempotent) {
			expect(updates).toHaveLength(2);
			expect(success).toHaveLength(1);
		} else {
			expect(updates).toHaveLength(1);
			expect(message).toBe(
				`Could not get an answer from ${provider.name}: the connection was reset (ECONNRESET)`,
			);
		}
	});

	it('answers success for another customer: the item fails naming both ids (Trackfinity echoes none)', async () => {
		const { message, success, updates } = await run(
			provider,
			{ mode: 'other-customer', otherId: '424242' },
			1,
		);
		expect(updates).toHaveLength(1);
		if (provider.name === 'Trackfinity') {
			expect(success).toHaveLength(1);
			return;
		}
		expect(message).toContain('424242');
		expect(message).toContain(provider.id);
		expect(message).toMatch(/, not (for|of) customer/);
	});

	it('10,000 response headers: the cause is named and that the request may have reached the provider', async () => {
		const { message, error, updates } = await run(provider, { mode: 'header-flood' });
		expect(message).toBe(
			`Could not read ${provider.name}'s answer: the answer's headers were larger than Node.js reads (16 KB): the answer was not read (HPE_HEADER_OVERFLOW)`,
		);
		expect(error?.description).toContain(`The request may have reached ${provider.name}`);
		expect(updates).toHaveLength(1);
	});

	it('an HTML 500 page that contains "api-key" is not described as a credential refusal', async () => {
		const body =
			'<html><body><h1>500 Internal Server Error</h1><p>upstream sent invalid header api-key</p></body></html>';
		const { message, error } = await run(provider, { mode: 'html-5xx', body }, 3);
		expect(`${message} ${error?.description ?? ''}`).not.toMatch(
			/refused the credentials|refused the API key/i,
		);
		expect(message).toContain('500');
		if (provider.name === 'Trackfinity') {
			expect(message).toBe(
				'Trackfinity failed with a server error (HTTP 500): 500 Internal Server Error upstream sent invalid header api-key',
			);
		}
	});
});

describe('Client Toolbox "Fail Without Changing Anything" with auto_add after a reset', () => {
	it('adds the points once, not once per retry', async () => {
		const emulator = await startClientToolboxEmulator();
		try {
			const provider = PROVIDERS[3];
			const before = emulator.customer(ACCOUNT, JOHN.code)?.balance ?? 0;
			faultOnly(emulator, provider.isUpdate, { mode: 'reset-after-apply' }, 3);
			const result = await runClientToolbox(emulator, provider.parameters, [provider.item], {
				onError: 'continueErrorOutput',
			});
			const [, errors] = result.outputs('Client Toolbox');
			expect(errors[0].error?.description).toContain(
				'Not retried: after connection reset (ECONNRESET) the provider may have acted on this request, and sending it again could add the same amounts a second time.',
			);
			expect(emulator.customer(ACCOUNT, JOHN.code)?.balance).toBe(before + 25);
		} finally {
			await emulator.close();
		}
	});
});

describe("TourCMS answers that quote the request's signature", () => {
	const SHORT_ECHO = (request: Recorded) => {
		const auth = String(request.headers.authorization);
		const [, prefix, signature] = /^(TourCMS \d+:\d+:)(\S+)$/.exec(auth) as RegExpExecArray;
		return [
			`received ${auth}`,
			`url-encoded ${encodeURIComponent(auth)}`,
			`scheme ${prefix} and, elsewhere, ${signature}`,
			`decoded ${decodeURIComponent(signature)}`,
		].join(' / ');
	};

	async function echoed(fault: Record<string, unknown>, options: Record<string, unknown> = {}) {
		const emulator = await startTourCmsEmulator();
		try {
			emulator.setKnobs({
				fault: { mode: 'echo-request', count: 1, format: 'xml', body: SHORT_ECHO, ...fault },
			});
			const result = await runTourCms(
				emulator,
				{
					customerId: '12345',
					updateFields: { city: 'Echo' },
					options: { ...OPTIONS, ...options },
				},
				[{ json: {} }],
				{ onError: 'continueErrorOutput' },
			);
			const signatures = tourCmsSignatures(emulator.requests);
			expect(signatures).toHaveLength(1);
			const texts = visibleTexts(result, 'TourCMS');
			expect(
				leaks(texts, [OPERATOR.apiKey, signatures[0], decodeURIComponent(signatures[0])]),
			).toEqual([]);
			return { result, texts };
		} finally {
			await emulator.close();
		}
	}

	it('in an error, whole, URL-encoded, split from its "TourCMS ch:mp:" prefix and decoded: every form is removed', async () => {
		const { result } = await echoed({});
		const [, errors] = result.outputs('TourCMS');
		expect(String(errors[0].json.error)).toMatch(/^TourCMS (refused the update|answered)/);
		expect(String(errors[0].json.error)).toContain('and, elsewhere, *** / decoded ***');
	});

	it('in a successful answer shown with Include Raw Response: the raw body carries none of them', async () => {
		const { result } = await echoed(
			{
				wrap: [
					'<response><error>OK</error><customer><customer_id>12345</customer_id></customer><echo>',
					'</echo></response>',
				],
			},
			{ includeRawResponse: true },
		);
		const [success] = result.outputs('TourCMS');
		expect(success[0].json.status).toBe('updated');
		// The signature apart from its prefix is known only from the credential: recomputed for the request's second.
		expect(String((success[0].json.raw as { body: string }).body)).toContain(
			'and, elsewhere, *** / decoded ***</echo>',
		);
	});
});
