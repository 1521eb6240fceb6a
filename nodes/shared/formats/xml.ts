import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

import { readPlainXml } from './xmlAnswerReader';

/** Characters XML 1.0 can carry (production [2] Char); anything else cannot be sent at all. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export class XmlCharacterError extends Error {
	constructor(
		readonly path: string,
		readonly codePoint: number,
	) {
		super(
			`contains a character XML cannot carry (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')})`,
		);
	}
}

export function findNonXmlCharacter(value: string): number | undefined {
	const m = NOT_XML_CHAR.exec(value);
	return m ? (m[0].codePointAt(0) as number) : undefined;
}

/**
 * Escapes element text. A raw CR would be normalised to LF by every XML parser, so it travels
 * as a character reference to arrive unchanged.
 */
export function escapeXmlText(value: string): string {
	return value.replace(/[&<>\r]/g, (c) =>
		c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;',
	);
}

export type XmlTree = { [element: string]: string | XmlTree | XmlTree[] };

// Values are escaped as the builder writes them, so no escaped copy of the tree is made.
const builder = new XMLBuilder({
	processEntities: false,
	suppressEmptyNode: false,
	format: false,
	tagValueProcessor: (_name: string, value: unknown) => escapeXmlText(String(value)),
});

/** The first value in a tree that XML 1.0 cannot carry, with its element path. */
export function firstNonXmlCharacter(
	tree: XmlTree,
): { path: string; codePoint: number } | undefined {
	// Runs on every item: paths are built only for the value that is found.
	for (const name in tree) {
		const value = tree[name];
		let found: { path: string; codePoint: number } | undefined;
		if (typeof value === 'string') {
			const codePoint = findNonXmlCharacter(value);
			if (codePoint !== undefined) return { path: name, codePoint };
		} else if (Array.isArray(value)) {
			for (let i = 0; i < value.length && !found; i++) {
				found = firstNonXmlCharacter(value[i]);
				if (found) found = { ...found, path: `${name}[${i}].${found.path}` };
			}
		} else {
			found = firstNonXmlCharacter(value);
			if (found) found = { ...found, path: `${name}.${found.path}` };
		}
		if (found) return found;
	}
	return undefined;
}

/** Builds `<?xml …?><root>…</root>`; element order follows the tree's key order. */
export function buildXmlDocument(root: string, tree: XmlTree): string {
	const bad = firstNonXmlCharacter(tree);
	if (bad) throw new XmlCharacterError(bad.path, bad.codePoint);
	return '<?xml version="1.0" encoding="UTF-8"?>' + builder.build({ [root]: tree });
}

// The declaration (<?xml version…?>) says nothing an answer reader needs; skipping it saves building its attributes.
const READ_OPTIONS = {
	ignoreDeclaration: true,
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
};
const parser = new XMLParser({ ...READ_OPTIONS, processEntities: true, htmlEntities: true });

// Entity replacement runs a long list of expressions over every text value; a document without any '&'
// has no entity to replace, so it is read by the same parser minus that step (identical result, faster).
const plainParser = new XMLParser({ ...READ_OPTIONS, processEntities: false, htmlEntities: false });

function parserFor(text: string): XMLParser {
	return text.includes('&') ? parser : plainParser;
}

/** Parses XML into plain objects: text stays text, attributes are `@name`. Throws on malformed input. */
export function parseXml(text: string): Record<string, unknown> {
	const trimmed = text.trim();
	if (!trimmed.startsWith('<')) throw new Error('the body is not XML');
	const plain = readPlainXml(trimmed);
	if (plain) return plain;
	const parsed = parserFor(trimmed).parse(trimmed, true) as Record<string, unknown>;
	return parsed;
}

/** Like parseXml, but undefined instead of an exception for a body that is not well-formed XML. */
export function tryParseXml(text: string): Record<string, unknown> | undefined {
	const trimmed = text.trim();
	if (!trimmed.startsWith('<')) return undefined;
	return readPlainXml(trimmed) ?? readWithFastXmlParser(trimmed);
}

/** fast-xml-parser's reading of a trimmed document, or undefined when its validator refuses it. */
export function readWithFastXmlParser(trimmed: string): Record<string, unknown> | undefined {
	if (XMLValidator.validate(trimmed) !== true) return undefined;
	// The validator passes some documents the parser then refuses (e.g. an unclosed comment after the root).
	try {
		return parserFor(trimmed).parse(trimmed) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}

/** Text of an element that may carry attributes (`{ '#text': 'x', '@a': 'b' }`) or be empty. */
export function xmlText(node: unknown): string | undefined {
	if (node === undefined || node === null) return undefined;
	if (typeof node === 'string') return node;
	if (typeof node === 'number' || typeof node === 'boolean') return String(node);
	if (typeof node === 'object' && '#text' in (node as object)) {
		return String((node as Record<string, unknown>)['#text']);
	}
	if (typeof node === 'object' && Object.keys(node as object).every((k) => k.startsWith('@'))) {
		return '';
	}
	return undefined;
}
