import {
	decodeUrlEncoded,
	encodeMultipart,
	encodeUrlEncoded,
} from '../../nodes/shared/formats/form';

function parseMultipart(body: Buffer, contentType: string): Array<[string, string]> {
	const boundary = /boundary=(.+)$/.exec(contentType)?.[1] as string;
	const text = body.toString('utf8');
	const parts = text.split(`--${boundary}`).slice(1, -1);
	return parts.map((part) => {
		const m = /^\r\nContent-Disposition: form-data; name="([^"]*)"\r\n\r\n([\s\S]*)\r\n$/.exec(
			part,
		);
		if (!m) throw new Error(`bad part: ${JSON.stringify(part)}`);
		return [m[1], m[2]];
	});
}

describe('form encoding', () => {
	const pairs: Array<[string, string]> = [
		['email', 'a&type=customer_delete@example.com'],
		['note', 'x=y+z %41\r\nline two — ünïcødé 😀'],
		['empty', ''],
		['email', 'second value for a repeated name'],
	];

	it('URL-encodes so that no value can add a field', () => {
		const body = encodeUrlEncoded(pairs);
		expect(body.split('&')).toHaveLength(4);
		expect(body).not.toContain('&type=');
		expect(decodeUrlEncoded(body)).toEqual(pairs);
	});

	it('builds multipart bodies whose parts read back exactly', () => {
		const { body, contentType } = encodeMultipart(pairs);
		expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
		expect(parseMultipart(body, contentType)).toEqual(pairs);
	});

	it('picks another boundary when a value contains it', () => {
		const { body, contentType } = encodeMultipart([['v', '------x--']], '----x');
		expect(contentType).not.toBe('multipart/form-data; boundary=----x');
		expect(parseMultipart(body, contentType)).toEqual([['v', '------x--']]);
	});
});
