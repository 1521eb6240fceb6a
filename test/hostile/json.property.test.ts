import fc from 'fast-check';

import { INTREPID_FIELDS, CUSTOMER_STATUSES } from '../../nodes/Intrepid/fields';
import { intrepidProvider } from '../../nodes/Intrepid/provider';
import { NO_CONTEXT } from '../../nodes/Intrepid/request';
import { startIntrepidEmulator } from '../../sandbox/intrepid';
import { AGENT_KEY, patchRequests, runIntrepid, type IntrepidEmulator } from '../intrepid/helpers';
import { RUNS } from './arbitraries';
import { prepareWith } from './helpers';
import { startEachTest } from '../harness/lifecycle';

/** Intrepid fields that take any text: no rule and no normalization stands between the user and the wire. */
const FREE_TEXT = INTREPID_FIELDS.filter((f) => !f.rules?.length && !f.normalize);
/** Fields that take any text with at least one non-space character. */
const NOT_BLANK = INTREPID_FIELDS.filter(
	(f) =>
		f.rules?.some((r) => r.describe.startsWith('contain at least one')) &&
		!f.tags?.includes('passport'),
);
const byWire = new Map(INTREPID_FIELDS.map((f) => [f.wire, f]));
const CREDENTIALS = { baseUrl: 'http://127.0.0.1:9', apiKey: AGENT_KEY };

/** Pieces that break naive JSON builders: quotes, escapes, controls, separators, prototype keys, lone surrogates. */
const JSON_HOSTILE_PIECES = [
	'"',
	'\\',
	'\\"',
	'\\u0000',
	'\u0000',
	'\u0001',
	'\u001f',
	'\u007f',
	'\b',
	'\f',
	'\n',
	'\r',
	'\t',
	'\r\n',
	'\u2028',
	'\u2029',
	'\uFEFF',
	'\uD800',
	'\uDFFF',
	'\uDBFF\uDFFF',
	'😀',
	'👩‍👩‍👧',
	'é',
	'e\u0301',
	'中文',
	'","status":"cancelled',
	'"}, "passport": {"number": "X',
	'{}',
	'[]',
	'null',
	'true',
	'1e999',
	'__proto__',
	'constructor',
	'{"__proto__":{"x":1}}',
	'</script>',
	'${x}',
	'{{ $json }}',
	' ',
];

/** Any UTF-16 text, lone surrogates included: JSON carries every code unit (escaped where it must). */
const jsonText: fc.Arbitrary<string> = fc.string({
	unit: fc.oneof(
		{ weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
		{
			weight: 1,
			arbitrary: fc.integer({ min: 0, max: 0xffff }).map((cu) => String.fromCharCode(cu)),
		},
		{ weight: 2, arbitrary: fc.constantFrom(...JSON_HOSTILE_PIECES) },
	),
	maxLength: 40,
});
const nonEmptyJsonText = jsonText.filter((t) => t !== '');
const notBlankJsonText = jsonText.filter((t) => t.trim() !== '');

const isoDay = fc
	.date({
		min: new Date('1950-01-01T00:00:00Z'),
		max: new Date('2040-12-31T00:00:00Z'),
		noInvalidDate: true,
	})
	.map((d) => d.toISOString().slice(0, 10));

/** A complete, valid passport block (the only way a passport field may be sent). */
const passportArbitrary = fc
	.record({
		number: notBlankJsonText,
		nationality: fc.constantFrom('AU', 'US', 'GB', 'NZ', 'DE', 'JP'),
		placeOfIssue: fc.option(notBlankJsonText, { nil: undefined }),
		days: fc.tuple(isoDay, isoDay).filter(([a, b]) => a !== b),
	})
	.map(({ number, nationality, placeOfIssue, days: [a, b] }) => {
		const [dateOfIssue, dateOfExpiry] = a < b ? [a, b] : [b, a];
		return {
			'passport.number': number,
			'passport.nationality': nationality,
			...(placeOfIssue === undefined ? {} : { 'passport.placeOfIssue': placeOfIssue }),
			'passport.dateOfIssue': dateOfIssue,
			'passport.dateOfExpiry': dateOfExpiry,
		} as Record<string, string>;
	});

/** What one item sends: wire name -> text, for a Trips context (so every documented field may appear). */
const sentArbitrary: fc.Arbitrary<Record<string, string>> = fc
	.record({
		free: fc.dictionary(fc.constantFrom(...FREE_TEXT.map((f) => f.wire)), nonEmptyJsonText, {
			maxKeys: 8,
		}),
		notBlank: fc.dictionary(fc.constantFrom(...NOT_BLANK.map((f) => f.wire)), notBlankJsonText, {
			maxKeys: 3,
		}),
		passport: fc.option(passportArbitrary, { nil: undefined }),
		countryCode: fc.option(fc.constantFrom('AU', 'US', 'FR'), { nil: undefined }),
		dateOfBirth: fc.option(isoDay, { nil: undefined }),
		status: fc.option(fc.constantFrom(...CUSTOMER_STATUSES), { nil: undefined }),
		singleSupplement: fc.option(fc.constantFrom('true', 'false'), { nil: undefined }),
		cancelSingleSupplementOnly: fc.option(fc.constantFrom('true', 'false'), { nil: undefined }),
	})
	.map((s) => {
		const sent: Record<string, string> = { ...s.free, ...s.notBlank, ...(s.passport ?? {}) };
		if (s.countryCode) sent['homeAddress.countryCode'] = s.countryCode;
		if (s.dateOfBirth) sent.dateOfBirth = s.dateOfBirth;
		if (s.status) sent.status = s.status;
		if (s.singleSupplement) sent.singleSupplement = s.singleSupplement;
		// Cancellation-only fields exist only next to status cancelled (a documented cross-field rule).
		if (s.status !== 'cancelled') {
			delete sent.externalReference;
		} else if (s.cancelSingleSupplementOnly) {
			sent.cancelSingleSupplementOnly = s.cancelSingleSupplementOnly;
		}
		return sent;
	})
	.filter((sent) => Object.keys(sent).length > 0);

/** The node's Update Fields for a set of wire values (booleans as the UI gives them: true/false). */
function updateFieldsFor(sent: Record<string, string>): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(sent).map(([wire, text]) => {
			const spec = byWire.get(wire);
			if (!spec) throw new Error(`no field ${wire}`);
			return [spec.key, spec.kind === 'boolean' ? text === 'true' : text];
		}),
	);
}

/** The JSON Intrepid documents for these values, built here independently: `a.b` is key b of object a. */
function expectedJson(sent: Record<string, string>): Record<string, unknown> {
	const json: Record<string, Record<string, string> | string> = {};
	for (const [wire, text] of Object.entries(sent)) {
		const dot = wire.indexOf('.');
		if (dot === -1) {
			json[wire] = text;
		} else {
			const outer = wire.slice(0, dot);
			const inner = (json[outer] ??= {}) as Record<string, string>;
			inner[wire.slice(dot + 1)] = text;
		}
	}
	return json;
}

/** Own keys at every level, so a stray or missing key cannot hide behind toEqual. */
function keyPaths(value: unknown, prefix = ''): string[] {
	if (!value || typeof value !== 'object') return [prefix];
	return Object.keys(value)
		.sort()
		.flatMap((k) => keyPaths((value as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k));
}

describe('JSON encoding of Intrepid values (property-based)', () => {
	it(`any text, in any field and nested object, parses back to exactly the documented JSON (${RUNS} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(sentArbitrary, async (sent) => {
				const { request, sentFields } = await prepareWith(
					intrepidProvider,
					{
						context: 'Trips',
						contextId: '7001',
						customerId: '9001',
						updateFields: updateFieldsFor(sent),
					},
					CREDENTIALS,
				);
				const body = String(request.body);
				const parsed = JSON.parse(body) as unknown;
				const expected = expectedJson(sent);
				expect(parsed).toEqual(expected);
				expect(keyPaths(parsed)).toEqual(keyPaths(expected));
				expect([...sentFields].sort()).toEqual(Object.keys(sent).sort());
				// JSON.stringify escapes lone surrogates, so the body is well-formed UTF-16 and survives UTF-8 transport.
				expect(Buffer.from(body, 'utf8').toString('utf8')).toBe(body);
				expect(request.url).toBe('http://127.0.0.1:9/Trips/7001/Customers/9001');
			}),
			{ numRuns: RUNS },
		);
	});

	it('a value that looks like JSON stays a string: it never adds a key or an object', async () => {
		const value = '","status":"cancelled","passport":{"number":"X"},"x":"';
		const { request } = await prepareWith(
			intrepidProvider,
			{
				context: NO_CONTEXT,
				customerId: '9001',
				updateFields: { homeAddressCity: value, dietaryNote: '{"__proto__":{"polluted":1}}' },
			},
			CREDENTIALS,
		);
		const parsed = JSON.parse(String(request.body)) as Record<string, unknown>;
		expect(parsed).toEqual({
			homeAddress: { city: value },
			dietaryNote: '{"__proto__":{"polluted":1}}',
		});
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe('JSON values through the Intrepid node and emulator', () => {
	let emulator: IntrepidEmulator;
	startEachTest(startIntrepidEmulator, (started) => (emulator = started));

	it('300 generated items, nested objects included, are received by the emulator as exactly that JSON and stored', async () => {
		const cases = fc.sample(
			fc.dictionary(fc.constantFrom(...FREE_TEXT.map((f) => f.wire)), nonEmptyJsonText, {
				minKeys: 1,
				maxKeys: 6,
			}),
			{ numRuns: 300, seed: 8008 },
		);
		const result = await runIntrepid(
			emulator,
			{
				context: NO_CONTEXT,
				customerId: '9001',
				// Every free-text field maps from the item; the ones an item lacks are empty and not sent.
				updateFields: Object.fromEntries(
					FREE_TEXT.map((f) => [f.key, `={{ $json.sent[${JSON.stringify(f.wire)}] ?? "" }}`]),
				),
				options: { concurrency: 1 },
			},
			cases.map((sent) => ({ json: { sent } })),
		);
		expect(result.error).toBeUndefined();
		const [main] = result.outputs('Intrepid');
		expect(main.map((i) => i.json.status)).toEqual(cases.map(() => 'updated'));
		const patches = patchRequests(emulator);
		expect(patches).toHaveLength(cases.length);
		cases.forEach((sent, i) => {
			expect(patches[i].path).toBe('/Customers/9001');
			expect(JSON.parse(patches[i].text)).toEqual(expectedJson(sent));
			expect(emulator.patches[i].body).toEqual(expectedJson(sent));
		});
		const last = cases[cases.length - 1];
		const stored = emulator.customer(9001) as Record<string, unknown>;
		for (const [wire, text] of Object.entries(last)) {
			const [outer, inner] = wire.split('.');
			expect(
				inner === undefined ? stored[outer] : (stored[outer] as Record<string, unknown>)[inner],
			).toBe(text);
		}
	});
});
