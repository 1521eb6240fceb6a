import fc from 'fast-check';

import { encodeMultipart, encodeUrlEncoded, type FormPairs } from '../../nodes/shared/formats/form';
import { TRACKFINITY_FIELDS } from '../../nodes/Trackfinity/fields';
import { trackfinityProvider } from '../../nodes/Trackfinity/provider';
import { startTrackfinityEmulator } from '../../sandbox/trackfinity';
import {
	DOC_KEY,
	DOC_USERNAME,
	runTrackfinity,
	updateRequests,
	type TrackfinityEmulator,
} from '../trackfinity/helpers';
import { RUNS, formText } from './arbitraries';
import { prepareError } from './helpers';
import { startEachTest } from '../harness/lifecycle';

/** Form field names as providers use them (the values are where user text goes). */
const fieldName = fc.stringMatching(/^[a-z][a-z0-9_[\].-]{0,20}$/);
const pairsArbitrary: fc.Arbitrary<FormPairs> = fc.array(fc.tuple(fieldName, formText), {
	minLength: 1,
	maxLength: 6,
});

/** An application/x-www-form-urlencoded reader written from the WHATWG steps, independent of URLSearchParams. */
function handDecodeUrlEncoded(body: string): FormPairs {
	if (body === '') return [];
	return body.split('&').map((part) => {
		const eq = part.indexOf('=');
		const [name, value] = eq === -1 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
		const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
		return [decode(name), decode(value)];
	});
}

/** A byte-level multipart/form-data reader: splits on CRLF--boundary, reads the name, keeps the value bytes as they are. */
function handDecodeMultipart(body: Buffer, contentType: string): FormPairs {
	const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
	if (!boundary) throw new Error(`no boundary in ${contentType}`);
	const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
	// The first delimiter has no leading CRLF: prepend one so every part is found the same way.
	const data = Buffer.concat([Buffer.from('\r\n', 'latin1'), body]);
	const pairs: FormPairs = [];
	let at = data.indexOf(delimiter);
	for (;;) {
		const afterDelimiter = at + delimiter.length;
		if (data.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') break;
		const next = data.indexOf(delimiter, afterDelimiter);
		if (next === -1) throw new Error('unterminated multipart body');
		const part = data.subarray(afterDelimiter + 2, next);
		const headerEnd = part.indexOf('\r\n\r\n');
		const headers = part.subarray(0, headerEnd).toString('utf8');
		const name = /name="([^"]*)"/.exec(headers)?.[1];
		if (name === undefined) throw new Error(`part without a name: ${headers}`);
		pairs.push([name, part.subarray(headerEnd + 4).toString('utf8')]);
		at = next;
	}
	return pairs;
}

describe('form encoding (property-based)', () => {
	it(`URL-encoded: any pairs round-trip exactly through URLSearchParams and an independent decoder; no value adds a field (${RUNS} cases)`, () => {
		fc.assert(
			fc.property(pairsArbitrary, (pairs) => {
				const body = encodeUrlEncoded(pairs);
				expect(body).toMatch(/^[A-Za-z0-9*\-._%+=&]*$/);
				expect(body.split('&')).toHaveLength(pairs.length);
				expect([...new URLSearchParams(body).entries()]).toEqual(pairs);
				expect(handDecodeUrlEncoded(body)).toEqual(pairs);
			}),
			{ numRuns: RUNS },
		);
	});

	it(`multipart: any pairs round-trip exactly through an independent byte-level parser (${RUNS} cases)`, () => {
		fc.assert(
			fc.property(
				pairsArbitrary,
				fc.constantFrom(undefined, 'x', '--', 'AaB03x'),
				(pairs, boundary) => {
					// A short fixed boundary that values may contain forces the encoder to pick another one.
					const withBoundary: FormPairs = boundary
						? [...pairs, ['trap', `a\r\n--${boundary}\r\nb--${boundary}--`]]
						: pairs;
					const { body, contentType } = encodeMultipart(withBoundary, boundary);
					expect(handDecodeMultipart(body, contentType)).toEqual(withBoundary);
				},
			),
			{ numRuns: RUNS },
		);
	});

	it('multipart: 2000 generated bodies also read back exactly through the fetch API parser (undici)', async () => {
		// The fetch API decodes each part with WHATWG "UTF-8 decode", which drops a leading U+FEFF (a byte order
		// mark) by design; PHP and byte-level parsers keep it. Values starting with U+FEFF are left to the parser above.
		const noLeadingBom = pairsArbitrary.filter((pairs) =>
			pairs.every(([, v]) => !v.startsWith('\uFEFF')),
		);
		await fc.assert(
			fc.asyncProperty(noLeadingBom, async (pairs) => {
				const { body, contentType } = encodeMultipart(pairs);
				const form = await new Response(body, {
					headers: { 'content-type': contentType },
				}).formData();
				expect([...form.entries()]).toEqual(pairs);
			}),
			{ numRuns: 2000 },
		);
	});

	it('half of a surrogate pair is refused naming the field (it has no UTF-8 form, so it would arrive as U+FFFD)', () => {
		for (const encode of [
			(p: FormPairs) => encodeUrlEncoded(p),
			(p: FormPairs) => encodeMultipart(p),
		]) {
			expect(() =>
				encode([
					['ok', 'fine'],
					['email', 'a\uD800b'],
				]),
			).toThrow(
				'"email" (email) must not contain U+D800 (half of a surrogate pair): it has no UTF-8 form and cannot be sent',
			);
			expect(() => encode([['note', '\uDC00']])).toThrow(
				/"note" \(note\) must not contain U\+DC00/,
			);
			expect(() => encode([['note', 'pair 😀 is fine']])).not.toThrow();
		}
	});
});

describe('form values through the Trackfinity node and emulator', () => {
	let emulator: TrackfinityEmulator;
	const FREE_TEXT = TRACKFINITY_FIELDS.filter((f) => !f.secret).map((f) => f.wire);

	startEachTest(startTrackfinityEmulator, (started) => (emulator = started));

	it('300 generated values, one item each, are decoded by the emulator and stored exactly', async () => {
		const value = formText.filter((t) => t !== '' && t.trim().toUpperCase() !== 'REMOVE');
		const cases = fc.sample(fc.record({ field: fc.constantFrom(...FREE_TEXT), value }), {
			numRuns: 300,
			seed: 777,
		});
		const result = await runTrackfinity(
			emulator,
			{
				lookupBy: 'customer_id',
				customerId: '191',
				updateFields: Object.fromEntries(
					FREE_TEXT.map((f) => [f, `={{ $json.field === "${f}" ? $json.value : "" }}`]),
				),
				options: { concurrency: 1 },
			},
			cases.map((c) => ({ json: c })),
		);
		expect(result.error).toBeUndefined();
		expect(emulator.updates).toHaveLength(cases.length);
		cases.forEach((c, i) => {
			expect(emulator.updates[i]).toEqual({
				customerId: '191',
				set: { [c.field]: c.value },
				removed: [],
			});
			expect([...new URLSearchParams(updateRequests(emulator)[i].text).entries()]).toEqual([
				['customer_id', '191'],
				[c.field, c.value],
			]);
		});
	});

	it('half of a surrogate pair fails the item before sending, naming the field', async () => {
		const message = await prepareError(
			trackfinityProvider,
			{
				lookupBy: 'customer_id',
				customerId: '191',
				updateFields: { city: 'Spring\uD83Dfield' },
				fieldsToClear: [],
			},
			{ baseUrl: emulator.url, apiUsername: DOC_USERNAME, apiKey: DOC_KEY },
		);
		expect(message).toBe(
			'"city" (city) must not contain U+D83D (half of a surrogate pair): it has no UTF-8 form and cannot be sent',
		);
		const result = await runTrackfinity(
			emulator,
			{ customerId: '191', updateFields: { city: '={{ $json.city }}' } },
			[{ json: { city: 'Spring\uD83Dfield' } }],
		);
		expect(result.error?.message).toBe(`Invalid input in item 0: ${message}`);
		expect(emulator.requests).toHaveLength(0);
		expect(emulator.customer(191).city).toBe('Springfield');
	});
});
