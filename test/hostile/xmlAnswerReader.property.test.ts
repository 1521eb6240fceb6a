import fc from 'fast-check';

import { readWithFastXmlParser, tryParseXml } from '../../nodes/shared/formats/xml';
import { readPlainXml } from '../../nodes/shared/formats/xmlAnswerReader';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { RUNS } from './arbitraries';
import { runTourCms } from '../tourcms/helpers';
import { JOHN, runClientToolbox } from '../clienttoolbox/helpers';

// Names, text and prologs inside the plain subset, and others the reader must leave to fast-xml-parser.
const PLAIN_NAMES = ['a', 'b', 'response', 'error', 'customer', 'x.y', '_z', 'a-b', 'B9'];
const OTHER_NAMES = ['__proto__', 'constructor', 'toString', 'a:b', 'é', '1a', '#text', ''];
const PLAIN_TEXT = [
	'a',
	'Z',
	'0',
	' ',
	'  ',
	'\n',
	'\t',
	'>',
	']]>',
	'é',
	'😀',
	'"',
	"'",
	'=',
	'/',
];
const OTHER_TEXT = [
	'&',
	'&amp;',
	'&lt;',
	'&#65;',
	'\r',
	'\r\n',
	'<!-- c -->',
	'<![CDATA[x<y]]>',
	'<?pi x?>',
];
const PLAIN_PROLOGS = [
	'',
	'',
	'<?xml version="1.0" encoding="UTF-8"?>',
	'<?xml version="1.0"?>\n',
	'<?xml version="1.0" standalone="yes"?>',
	'<?xml version="1.0" encoding="utf-8" ?>',
	'\n ',
];
const OTHER_PROLOGS = [
	"<?xml version='1.0'?>",
	'<?xml  version="1.0" ?>',
	'<!DOCTYPE a>',
	'<?pi x?>',
	'<!-- c -->',
	'\uFEFF',
];
const PLAIN_EPILOGS = ['', '', '\n', ' '];
const OTHER_EPILOGS = ['<a/>', 'text', '<!-- c -->', '</a>'];
const SPACES = ['', ' ', '\t', '\n', '  '];

/** Mostly the first list; the second with a small weight, so documents sit near the subset's edges. */
const mostly = <T>(plain: T[], other: T[], otherWeight: number) =>
	fc.oneof(
		{ weight: 100 - otherWeight, arbitrary: fc.constantFrom(...plain) },
		{ weight: otherWeight, arbitrary: fc.constantFrom(...other) },
	);

function documentsWith(otherWeight: number): fc.Arbitrary<string> {
	const name = mostly(PLAIN_NAMES, OTHER_NAMES, otherWeight);
	const text = fc
		.array(mostly(PLAIN_TEXT, OTHER_TEXT, otherWeight), { maxLength: 4 })
		.map((p) => p.join(''));
	const spaces = fc.constantFrom(...SPACES);
	const attribute = fc
		.record({
			before: mostly([' ', '\t', '\n'], [''], otherWeight),
			name,
			equals: mostly(['='], [' = ', '= '], otherWeight),
			quote: fc.constantFrom('"', "'"),
			value: fc
				.array(mostly(['v', '1', ' ', '\n', '\t', '>', 'é'], ['"', "'", '<', '&'], otherWeight), {
					maxLength: 3,
				})
				.map((p) => p.join('')),
		})
		.map(
			({ before, name: n, equals, quote, value }) =>
				`${before}${n}${equals}${quote}${value}${quote}`,
		);
	const { element } = fc.letrec<{ element: string; content: string }>((tie) => ({
		element: fc
			.record({
				name,
				closeName: fc.oneof(
					{ weight: 100 - otherWeight, arbitrary: fc.constant(undefined) },
					{ weight: otherWeight, arbitrary: name },
				),
				attributes: fc.array(attribute, { maxLength: 3 }),
				selfClosing: fc.boolean(),
				beforeEnd: spaces,
				content: tie('content'),
			})
			.map(({ name: n, closeName, attributes, selfClosing, beforeEnd, content }) =>
				selfClosing
					? `<${n}${attributes.join('')}${beforeEnd}/>`
					: `<${n}${attributes.join('')}${beforeEnd}>${content}</${closeName ?? n}${beforeEnd}>`,
			),
		content: fc.oneof(
			{ depthSize: 'small', withCrossShrink: true },
			text,
			fc
				.array(fc.oneof({ weight: 2, arbitrary: tie('element') }, { weight: 1, arbitrary: text }), {
					maxLength: 4,
				})
				.map((p) => p.join('')),
		),
	}));
	return fc
		.record({
			prolog: mostly(PLAIN_PROLOGS, OTHER_PROLOGS, otherWeight),
			root: element,
			epilog: mostly(PLAIN_EPILOGS, OTHER_EPILOGS, otherWeight),
			cut: fc.oneof(
				{ weight: 100 - otherWeight, arbitrary: fc.constant(undefined) },
				{ weight: otherWeight, arbitrary: fc.nat() },
			),
			drop: fc.oneof(
				{ weight: 100 - otherWeight, arbitrary: fc.constant(undefined) },
				{ weight: otherWeight, arbitrary: fc.nat() },
			),
		})
		.map(({ prolog, root, epilog, cut, drop }) => {
			let doc = `${prolog}${root}${epilog}`;
			if (cut !== undefined) doc = doc.slice(0, cut % (doc.length + 1));
			if (drop !== undefined && doc.length) {
				const at = drop % doc.length;
				doc = doc.slice(0, at) + doc.slice(at + 1);
			}
			return doc;
		});
}

/** Documents inside the plain subset, near its edges (one odd piece here and there), and far outside it. */
const documents = fc.oneof(documentsWith(0), documentsWith(3), documentsWith(30));

describe('plain XML answer reader (property-based, against fast-xml-parser)', () => {
	it(`reads every document it accepts exactly as fast-xml-parser does, key order included, and accepts only what its validator accepts (${RUNS} cases)`, () => {
		let accepted = 0;
		let refused = 0;
		fc.assert(
			fc.property(documents, (doc) => {
				const trimmed = doc.trim();
				const plain = readPlainXml(trimmed);
				const general = readWithFastXmlParser(trimmed);
				if (plain === undefined) {
					refused++;
					return;
				}
				accepted++;
				expect(general).toBeDefined();
				expect(JSON.stringify(plain)).toBe(JSON.stringify(general));
			}),
			{ numRuns: RUNS },
		);
		// The property says nothing unless both sides are exercised.
		expect(accepted).toBeGreaterThan(RUNS / 10);
		expect(refused).toBeGreaterThan(RUNS / 10);
	});

	it(`tryParseXml gives the same result as fast-xml-parser alone for every document (${RUNS} cases)`, () => {
		fc.assert(
			fc.property(documents, (doc) => {
				const trimmed = doc.trim();
				const before = trimmed.startsWith('<') ? readWithFastXmlParser(trimmed) : undefined;
				expect(JSON.stringify(tryParseXml(doc))).toBe(JSON.stringify(before));
			}),
			{ numRuns: RUNS },
		);
	});

	it('leaves entities, CDATA, comments, DOCTYPE, CR, duplicate attributes and object-property names to fast-xml-parser', () => {
		for (const doc of [
			'<a>&amp;</a>',
			'<a><![CDATA[x]]></a>',
			'<a><!-- c --></a>',
			'<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>',
			'<a>\r\n</a>',
			'<a x="1" x="2"/>',
			'<a><__proto__>1</__proto__></a>',
			'<a><constructor/></a>',
			'<a/><b/>',
			'<a>x</a>y',
			'<a><b></a></b>',
			'<a>',
		]) {
			expect({ doc, read: readPlainXml(doc) }).toEqual({ doc, read: undefined });
		}
	});

	it('reads the answers the TourCMS and Client Toolbox emulators send without fast-xml-parser', async () => {
		const tourcms = await startTourCmsEmulator();
		const clienttoolbox = await startClientToolboxEmulator();
		try {
			const options = { includeRawResponse: true };
			const tourCmsRun = await runTourCms(
				tourcms,
				{ customerId: '12345', updateFields: { city: 'Hull' }, options },
				[{ json: {} }, { json: {} }],
			);
			const clientToolboxRun = await runClientToolbox(
				clienttoolbox,
				{
					matchBy: 'code',
					code: '={{ $json.code }}',
					ifNoMatch: 'create',
					updateFields: { city: 'Hull' },
					options,
				},
				[{ json: { code: JOHN.code } }, { json: { code: '3000000000000003' } }],
			);
			const outputs = [
				...tourCmsRun.outputs('TourCMS')[0],
				...clientToolboxRun.outputs('Client Toolbox')[0],
			];
			const answers = outputs.map((item) => String((item.json.raw as { body: string }).body));
			// Updated and unchanged (TourCMS), updated and created (Client Toolbox).
			expect(outputs.map((item) => item.json.status)).toEqual([
				'updated',
				'unchanged',
				'updated',
				'created',
			]);
			for (const answer of answers) {
				const plain = readPlainXml(answer.trim());
				expect({ answer, read: plain !== undefined }).toEqual({ answer, read: true });
				expect(JSON.stringify(plain)).toBe(JSON.stringify(readWithFastXmlParser(answer.trim())));
			}
		} finally {
			await tourcms.close();
			await clienttoolbox.close();
		}
	});
});
