import fc from 'fast-check';

import { CLIENT_TOOLBOX_FIELDS } from '../../nodes/ClientToolbox/fields';
import { clientToolboxProvider } from '../../nodes/ClientToolbox/provider';
import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import {
	ACCOUNT,
	BY_KEY,
	JOHN,
	runClientToolbox,
	sentFields,
	type ClientToolboxEmulator,
} from '../clienttoolbox/helpers';
import { RUNS, formText } from './arbitraries';
import { prepareWith } from './helpers';
import { startEachTest } from '../harness/lifecycle';

/**
 * Client Toolbox fields that take any text: no rule stands between the user and the wire. auto_add is left
 * out because the emulator adds it to a balance rather than storing it.
 */
const FREE_TEXT = CLIENT_TOOLBOX_FIELDS.filter(
	(f) => !f.rules?.length && !f.normalize && f.kind !== 'boolean' && f.wire !== 'auto_add',
);
const nonEmptyFormText = formText.filter((t) => t !== '');
const CREDENTIALS = { apiUrl: 'http://127.0.0.1:9', ...BY_KEY };

const sentArbitrary = fc.record({
	fields: fc.dictionary(fc.constantFrom(...FREE_TEXT.map((f) => f.wire)), nonEmptyFormText, {
		minKeys: 1,
		maxKeys: 6,
	}),
	custom: fc.option(nonEmptyFormText, { nil: undefined }),
	code: fc
		.string({ unit: fc.constantFrom(...'0123456789&=+%# '.split('')), minLength: 1, maxLength: 16 })
		.filter((c) => c.trim() !== ''),
	multipart: fc.boolean(),
});

type Sent = { fields: Record<string, string>; custom?: string; code: string; multipart: boolean };

function parametersFor(sent: Sent): Record<string, unknown> {
	return {
		matchBy: 'code',
		code: sent.code,
		ifNoMatch: 'create',
		updateFields: Object.fromEntries(
			Object.entries(sent.fields).map(([wire, text]) => [
				FREE_TEXT.find((f) => f.wire === wire)?.key,
				text,
			]),
		),
		customFields: sent.custom === undefined ? {} : { field: [{ number: '1', value: sent.custom }] },
		options: sent.multipart ? { bodyEncoding: 'multipart' } : {},
	};
}

/** The pairs the node must send, in order: the call, the account, the identity, the data, the output format. */
function expectedPairs(sent: Sent): Array<[string, string]> {
	const data = FREE_TEXT.filter((f) => f.wire in sent.fields).map((f): [string, string] => [
		f.wire,
		sent.fields[f.wire],
	]);
	return [
		['type', 'record_customer'],
		['customer_action', 'edit'],
		['account_id', ACCOUNT],
		['code', sent.code.trim()],
		...data,
		...(sent.custom === undefined
			? []
			: ([['custom_field_1', sent.custom]] as Array<[string, string]>)),
		['output', 'XML'],
	];
}

/** A byte-level multipart reader: the value is everything between the part's blank line and the next CRLF--boundary. */
function multipartPairs(body: Buffer, contentType: string): Array<[string, string]> {
	const boundary = /boundary=(.+)$/.exec(contentType)?.[1] as string;
	const parts = body.toString('latin1').split(`\r\n--${boundary}`);
	parts[0] = parts[0].replace(`--${boundary}`, '');
	return parts.slice(0, -1).map((part) => {
		const headerEnd = part.indexOf('\r\n\r\n');
		const name = /name="([^"]*)"/.exec(part.slice(0, headerEnd))?.[1] as string;
		return [name, Buffer.from(part.slice(headerEnd + 4), 'latin1').toString('utf8')];
	});
}

describe('Client Toolbox form values (property-based)', () => {
	it(`any text in any free-text field, custom field and code is one exact form value, URL-encoded or multipart (${RUNS} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(sentArbitrary, async (sent) => {
				const { request } = await prepareWith(
					clientToolboxProvider,
					parametersFor(sent),
					CREDENTIALS,
				);
				const headers = request.headers as Record<string, string>;
				const pairs = sent.multipart
					? multipartPairs(request.body as Buffer, headers['Content-Type'])
					: [...new URLSearchParams(String(request.body)).entries()];
				expect(pairs).toEqual(expectedPairs(sent));
			}),
			{ numRuns: RUNS },
		);
	});
});

describe('Client Toolbox form values through the node and the emulator', () => {
	let emulator: ClientToolboxEmulator;
	startEachTest(startClientToolboxEmulator, (started) => (emulator = started));

	it.each([
		['URL-encoded', 'urlencoded'],
		['multipart', 'multipart'],
	])(
		'%s: 200 generated items arrive decoded exactly as sent and are stored on the customer',
		async (_name, bodyEncoding) => {
			const cases = fc.sample(
				fc.record({
					fields: fc.dictionary(
						fc.constantFrom(...FREE_TEXT.map((f) => f.wire)),
						nonEmptyFormText,
						{ minKeys: 1, maxKeys: 5 },
					),
					custom: nonEmptyFormText,
				}),
				{ numRuns: 200, seed: bodyEncoding === 'multipart' ? 77 : 78 },
			);
			const result = await runClientToolbox(
				emulator,
				{
					matchBy: 'code',
					code: JOHN.code,
					ifNoMatch: 'create',
					updateFields: Object.fromEntries(
						FREE_TEXT.map((f) => [f.key, `={{ $json.fields[${JSON.stringify(f.wire)}] ?? "" }}`]),
					),
					customFields: { field: [{ number: '1', value: '={{ $json.custom }}' }] },
					options: { bodyEncoding, concurrency: 1 },
				},
				cases.map((c) => ({ json: c })),
			);
			expect(result.error).toBeUndefined();
			expect(result.outputs('Client Toolbox')[0].map((i) => i.json.status)).toEqual(
				cases.map(() => 'updated'),
			);
			expect(emulator.requests).toHaveLength(cases.length);
			cases.forEach((c, i) => {
				const received = sentFields(emulator.requests[i]);
				for (const [wire, text] of Object.entries(c.fields)) expect(received[wire]).toBe(text);
				expect(received.custom_field_1).toBe(c.custom);
				expect(received.type).toBe('record_customer');
				expect(received.code).toBe(JOHN.code);
				expect(emulator.edits[i].fields).toEqual({ ...c.fields, custom_field_1: c.custom });
			});
			const last = cases[cases.length - 1];
			const stored = emulator.customer(ACCOUNT, JOHN.code) as Record<string, unknown>;
			for (const [wire, text] of Object.entries(last.fields)) expect(stored[wire]).toBe(text);
			expect((stored.custom_fields as Record<string, string>)[1]).toBe(last.custom);
			expect(emulator.customers(ACCOUNT)).toHaveLength(6);
		},
	);
});
