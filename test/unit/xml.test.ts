import {
	buildXmlDocument,
	escapeXmlText,
	findNonXmlCharacter,
	firstNonXmlCharacter,
	parseXml,
	tryParseXml,
	xmlText,
} from '../../nodes/shared/formats/xml';

describe('XML helpers', () => {
	it('builds a document in key order with empty elements kept', () => {
		expect(
			buildXmlDocument('customer', {
				customer_id: '1',
				email: '',
				custom_fields: { field: [{ name: 'A', value: 'b' }] },
			}),
		).toBe(
			'<?xml version="1.0" encoding="UTF-8"?><customer><customer_id>1</customer_id><email></email>' +
				'<custom_fields><field><name>A</name><value>b</value></field></custom_fields></customer>',
		);
	});

	it('escapes markup and carriage returns so the value parses back unchanged', () => {
		const value = 'a & b < c > d ]]> "q" \'s\' \r\n\ttab 😀 </email><customer_password>x';
		expect(escapeXmlText(value)).not.toMatch(/[<>\r]/);
		const doc = parseXml(buildXmlDocument('customer', { note: value }));
		expect((doc.customer as Record<string, unknown>).note).toBe(value);
	});

	it('finds characters XML 1.0 cannot carry, with their path', () => {
		expect(findNonXmlCharacter('ok\u0001')).toBe(1);
		expect(findNonXmlCharacter('\uD800 lone surrogate')).toBe(0xd800);
		expect(findNonXmlCharacter('\uFFFE')).toBe(0xfffe);
		expect(findNonXmlCharacter('fine 😀 \t\n\r')).toBeUndefined();
		expect(
			firstNonXmlCharacter({ a: 'x', list: { field: [{ name: 'n', value: 'v\u0000' }] } }),
		).toEqual({
			path: 'list.field[0].value',
			codePoint: 0,
		});
		expect(() => buildXmlDocument('c', { a: '\u0008' })).toThrow(/U\+0008/);
	});

	it('parses attributes and reads element text in every shape', () => {
		const doc = parseXml(
			'<response status="success"><customer status="new"><code>1</code></customer><error/></response>',
		);
		const response = doc.response as Record<string, Record<string, unknown>>;
		expect(response['@status']).toBe('success');
		expect(response.customer['@status']).toBe('new');
		expect(xmlText(response.customer.code)).toBe('1');
		expect(xmlText(response.error)).toBe('');
		expect(xmlText({ '#text': 'x', '@a': 'b' })).toBe('x');
		expect(xmlText(undefined)).toBeUndefined();
	});

	it('tryParseXml gives undefined for HTML error pages, JSON and cut-short bodies', () => {
		expect(tryParseXml('{"a":1}')).toBeUndefined();
		expect(tryParseXml('<response><error>OK</error>')).toBeUndefined();
		expect(tryParseXml('')).toBeUndefined();
		expect(tryParseXml('<?xml version="1.0"?><response><error>OK</error></response>')).toEqual({
			response: { error: 'OK' },
		});
	});
});
