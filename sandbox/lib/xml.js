'use strict';
// XML for the emulators: parse requests exactly (no trimming), answer with escaped text.
const { XMLParser, XMLValidator } = require('fast-xml-parser');

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	parseTagValue: false,
	trimValues: false,
	processEntities: true,
	htmlEntities: true,
	isArray: (name, jpath) => jpath === 'customer.custom_fields.field',
});

function parseXmlStrict(text) {
	const valid = XMLValidator.validate(text);
	if (valid !== true) return { error: valid.err.msg };
	return { doc: parser.parse(text) };
}

function escapeText(value) {
	return String(value).replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c]);
}

function element(name, value) {
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') {
		return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`;
	}
	return `<${name}>${escapeText(value)}</${name}>`;
}

/** Element text whatever fast-xml-parser made of it (`'x'`, `''`, or `{ '#text': 'x' }`). */
function textOf(node) {
	if (node === undefined || node === null) return undefined;
	if (typeof node === 'string') return node;
	if (typeof node === 'object' && '#text' in node) return String(node['#text']);
	if (typeof node === 'object') return '';
	return String(node);
}

module.exports = { parseXmlStrict, escapeText, element, textOf };
