import fc from 'fast-check';

import { parseXmlStrict, textOf } from '../../sandbox/lib/xml';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { buildXmlDocument, parseXml, xmlText as xmlTextOf } from '../../nodes/shared/formats/xml';
import { TOURCMS_FIELDS } from '../../nodes/TourCms/fields';
import { tourCmsProvider } from '../../nodes/TourCms/provider';
import { OPERATOR, runTourCms, type TourCmsEmulator } from '../tourcms/helpers';
import { RUNS, codePointLabel, longText, textWithOneNonXmlCharacter, xmlText } from './arbitraries';
import { prepareError, prepareWith } from './helpers';
import { startEachTest } from '../harness/lifecycle';

/** TourCMS fields that take any text: no rule and no normalization stands between the user and the wire. */
const FREE_TEXT = TOURCMS_FIELDS.filter((f) => !f.rules?.length && !f.normalize).map((f) => f.wire);
const CREDENTIALS = { baseUrl: 'http://127.0.0.1:9', ...OPERATOR };

interface Sent {
	fields: Record<string, string>;
	custom: Array<{ name: string; value: string }>;
}

const nonEmptyXmlText = xmlText.filter((t) => t !== '');
const sentArbitrary: fc.Arbitrary<Sent> = fc.record({
	fields: fc.dictionary(fc.constantFrom(...FREE_TEXT), nonEmptyXmlText, { minKeys: 1, maxKeys: 4 }),
	custom: fc.array(
		fc.record({ name: fc.constantFrom('InsideLeg', 'ShoeSize', 'Tok_1'), value: xmlText }),
		{ maxLength: 3 },
	),
});

function parametersFor(sent: Sent): Record<string, unknown> {
	return {
		customerId: '12345',
		channelId: '',
		updateFields: sent.fields,
		fieldsToClear: [],
		disableLogin: false,
		customFields: sent.custom.length ? { field: sent.custom } : {},
	};
}

/** What the emulator's parser (sandbox/lib/xml.js) reads from a body. */
function readByEmulator(body: string): Sent {
	const parsed = parseXmlStrict(body.trim());
	if (parsed.error) throw new Error(`emulator parser refused the body: ${parsed.error}`);
	const customer = (parsed.doc as Record<string, Record<string, unknown>>).customer;
	const fields: Record<string, string> = {};
	for (const [name, node] of Object.entries(customer)) {
		if (name === 'customer_id' || name === 'custom_fields') continue;
		fields[name] = textOf(node) as string;
	}
	const list = ((customer.custom_fields as { field?: unknown[] } | undefined)?.field ??
		[]) as Array<Record<string, unknown>>;
	return {
		fields,
		custom: list.map((f) => ({ name: textOf(f.name) as string, value: textOf(f.value) as string })),
	};
}

/** What the package's own parser (nodes/shared/xml.ts parseXml) reads from a body. */
function readByPackage(body: string): Sent {
	const customer = parseXml(body).customer as Record<string, unknown>;
	const fields: Record<string, string> = {};
	for (const [name, node] of Object.entries(customer)) {
		if (name === 'customer_id' || name === 'custom_fields') continue;
		fields[name] = xmlTextOf(node) as string;
	}
	const raw = (customer.custom_fields as { field?: unknown } | undefined)?.field;
	const list = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) as Array<
		Record<string, unknown>
	>;
	return {
		fields,
		custom: list.map((f) => ({
			name: xmlTextOf(f.name) as string,
			value: xmlTextOf(f.value) as string,
		})),
	};
}

describe('XML encoding of TourCMS values (property-based)', () => {
	it(`any text XML 1.0 can carry, in any free-text field and custom field, parses back exactly with both parsers (${RUNS} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(sentArbitrary, async (sent) => {
				const { request } = await prepareWith(tourCmsProvider, parametersFor(sent), CREDENTIALS);
				const body = String(request.body);
				expect(readByEmulator(body)).toEqual(sent);
				expect(readByPackage(body)).toEqual(sent);
			}),
			{ numRuns: RUNS },
		);
	});

	it('long lines and thousands of lines arrive whole (300 cases)', () => {
		fc.assert(
			fc.property(longText, (text) => {
				const body = buildXmlDocument('customer', { customer_id: '1', contact_note: text });
				expect(textOf(parseXmlStrict(body).doc.customer.contact_note)).toBe(text);
				expect(xmlTextOf((parseXml(body).customer as Record<string, unknown>).contact_note)).toBe(
					text,
				);
			}),
			{ numRuns: 300 },
		);
	});

	it(`a character XML 1.0 cannot carry is refused with an error naming the field and the character, never stripped (${RUNS} cases)`, async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...FREE_TEXT),
				textWithOneNonXmlCharacter,
				fc.boolean(),
				async (field, { text, bad }, asCustomField) => {
					const sent: Sent = asCustomField
						? { fields: { city: 'Leeds' }, custom: [{ name: 'InsideLeg', value: text }] }
						: { fields: { [field]: text }, custom: [] };
					const message = await prepareError(tourCmsProvider, parametersFor(sent), CREDENTIALS);
					const path = asCustomField ? 'custom_fields.field[0].value' : field;
					expect(message).toBe(
						`"${path}" (${path}) must not contain ${codePointLabel(bad)}: XML 1.0 cannot carry that character`,
					);
				},
			),
			{ numRuns: RUNS },
		);
	});
});

describe('XML values through the TourCMS node and emulator', () => {
	let emulator: TourCmsEmulator;
	startEachTest(startTourCmsEmulator, (started) => (emulator = started));

	it('400 generated values, one item each, are received and stored exactly', async () => {
		const cases = fc.sample(
			fc.record({ field: fc.constantFrom(...FREE_TEXT), value: nonEmptyXmlText, custom: xmlText }),
			{ numRuns: 400, seed: 4242 },
		);
		const result = await runTourCms(
			emulator,
			{
				customerId: '12345',
				updateFields: Object.fromEntries(
					FREE_TEXT.map((f) => [f, `={{ $json.field === "${f}" ? $json.value : "" }}`]),
				),
				customFields: { field: [{ name: 'InsideLeg', value: '={{ $json.custom }}' }] },
				options: { concurrency: 1 },
			},
			cases.map((c) => ({ json: c })),
		);
		expect(result.error).toBeUndefined();
		const [main] = result.outputs('TourCMS');
		expect(main).toHaveLength(cases.length);
		expect(emulator.requests).toHaveLength(cases.length);
		cases.forEach((c, i) => {
			const received = readByEmulator(emulator.requests[i].text);
			expect(received.fields).toEqual({ [c.field]: c.value });
			expect(received.custom).toEqual([{ name: 'InsideLeg', value: c.custom }]);
		});
		const last = cases[cases.length - 1];
		expect(emulator.customer(3930, 12345)[last.field]).toBe(last.value);
	});

	it('a value XML cannot carry fails its own item, names the field, and nothing is sent for it', async () => {
		const result = await runTourCms(
			emulator,
			{ customerId: '12345', updateFields: { email: '={{ $json.email }}' } },
			[
				{ json: { email: 'ok@example.com' } },
				{ json: { email: 'bell\u0007@example.com' } },
				{ json: { email: 'lone\uD800@example.com' } },
			],
			{ onError: 'continueErrorOutput' },
		);
		const [main, errors] = result.outputs('TourCMS');
		expect(main).toHaveLength(1);
		expect(errors.map((e) => [e.pairedItem, e.json.error])).toEqual([
			[
				{ item: 1 },
				'Invalid input in item 1: "email" (email) must not contain U+0007: XML 1.0 cannot carry that character',
			],
			[
				{ item: 2 },
				'Invalid input in item 2: "email" (email) must not contain U+D800: XML 1.0 cannot carry that character',
			],
		]);
		expect(errors[0].error?.description).toBe('Nothing was sent for this item.');
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.requests[0].text).toContain('<email>ok@example.com</email>');
	});
});
