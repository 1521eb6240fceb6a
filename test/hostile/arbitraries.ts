import fc from 'fast-check';

/** Runs per property: enough to meet markup, entities, surrogate pairs and line breaks in many combinations. */
export const RUNS = 10_000;

const fromCodePoint = (cp: number) => String.fromCodePoint(cp);

/** Pieces that break naive encoders: markup, entity look-alikes, CDATA ends, quotes, line breaks. */
const XML_HOSTILE_PIECES = [
	'<',
	'>',
	'&',
	'"',
	"'",
	']]>',
	'<![CDATA[',
	'</email>',
	'<customer_password>hacked1</customer_password>',
	'&amp;',
	'&lt;',
	'&gt;',
	'&quot;',
	'&apos;',
	'&#13;',
	'&#x41;',
	'&#0;',
	'&nbsp;',
	'&copy;',
	'&unknown;',
	'<?xml version="1.0"?>',
	'<!DOCTYPE x [<!ENTITY e "boom">]>',
	'&e;',
	'<!-- -->',
	'\r',
	'\n',
	'\r\n',
	'\t',
	' ',
	'\u00a0',
	'\u2028',
	'\u2029',
	'\uFEFF',
	'😀',
	'👩‍👩‍👧',
	'🇬🇧',
	'é',
	'e\u0301',
	'中文',
	'𝄞',
	'\uFFFD',
];

const FORM_HOSTILE_PIECES = [
	'&',
	'=',
	'+',
	'%',
	'%20',
	'%2B',
	'%26',
	'%3D',
	'%%',
	'%zz',
	'?',
	'#',
	';',
	' ',
	'\r',
	'\n',
	'\r\n',
	'"',
	"'",
	'&type=customer_delete&user_id=x',
	'REMOVE',
	'--',
	'\r\n--',
	'Content-Disposition: form-data; name="x"',
	'😀',
	'é',
	'ü',
	'中文',
	'\u00a0',
	'\uFEFF',
	'\u0000',
	'\u0001',
	'\u007f',
	'\uFFFD',
];

/** One character XML 1.0 can carry (production [2] Char), from every range. */
export const xmlCharacter: fc.Arbitrary<string> = fc.oneof(
	{ weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map(fromCodePoint) },
	{ weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xd7ff }).map(fromCodePoint) },
	{ weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xfffd }).map(fromCodePoint) },
	{ weight: 2, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map(fromCodePoint) },
	{ weight: 1, arbitrary: fc.constantFrom('\t', '\n', '\r') },
);

/** Any text XML 1.0 can carry, weighted towards what breaks encoders. */
export const xmlText: fc.Arbitrary<string> = fc.string({
	unit: fc.oneof(
		{ weight: 3, arbitrary: xmlCharacter },
		{ weight: 2, arbitrary: fc.constantFrom(...XML_HOSTILE_PIECES) },
	),
	maxLength: 40,
});

/** Characters XML 1.0 cannot carry: C0 controls, U+FFFE/U+FFFF and lone surrogate halves. */
export const nonXmlCharacter: fc.Arbitrary<string> = fc.oneof(
	fc
		.integer({ min: 0x00, max: 0x1f })
		.filter((cp) => cp !== 0x09 && cp !== 0x0a && cp !== 0x0d)
		.map(fromCodePoint),
	fc.constantFrom('\uFFFE', '\uFFFF'),
	fc.integer({ min: 0xd800, max: 0xdfff }).map((cu) => String.fromCharCode(cu)),
);

/** Text with exactly one character XML cannot carry, and that character. */
export const textWithOneNonXmlCharacter: fc.Arbitrary<{ text: string; bad: string }> = fc
	.tuple(xmlText, nonXmlCharacter, xmlText)
	.map(([before, bad, after]) => ({ text: `${before}${bad}${after}`, bad }));

/** Any well-formed Unicode text (no lone surrogates), weighted towards what breaks form encoders. */
export const formText: fc.Arbitrary<string> = fc.string({
	unit: fc.oneof(
		{ weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
		{ weight: 2, arbitrary: fc.constantFrom(...FORM_HOSTILE_PIECES) },
	),
	maxLength: 40,
});

/** A long single line and many short lines: encoders must not wrap, fold or cut either. */
export const longText: fc.Arbitrary<string> = fc.oneof(
	fc
		.tuple(xmlText, fc.integer({ min: 500, max: 3000 }))
		.map(([t, n]) => (t || 'x').repeat(Math.ceil(n / Math.max(1, t.length)))),
	fc.array(xmlText, { minLength: 50, maxLength: 200 }).map((lines) => lines.join('\r\n')),
);

/** Text whose code point is shown the way error messages show it: U+0001, U+D800. */
export function codePointLabel(ch: string): string {
	return `U+${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}
