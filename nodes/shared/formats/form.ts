import { FieldRuleError } from '../input/fieldTable';

/** Form bodies. Pairs keep their order; a name may repeat. */
export type FormPairs = Array<[string, string]>;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Half of a surrogate pair has no UTF-8 form: URLSearchParams and Buffer would silently send U+FFFD
 * instead, so such a value is refused, naming its field.
 */
export function assertWellFormedPairs(pairs: FormPairs): void {
	for (const [name, value] of pairs) {
		for (const text of [name, value]) {
			const m = LONE_SURROGATE.exec(text);
			if (!m) continue;
			const code = m[0].charCodeAt(0).toString(16).toUpperCase();
			throw new FieldRuleError(
				{ label: name, wire: name },
				`not contain U+${code} (half of a surrogate pair): it has no UTF-8 form and cannot be sent`,
			);
		}
	}
}

export function encodeUrlEncoded(pairs: FormPairs): string {
	assertWellFormedPairs(pairs);
	return new URLSearchParams(pairs).toString();
}

export function decodeUrlEncoded(body: string): FormPairs {
	return [...new URLSearchParams(body).entries()];
}

/**
 * A multipart/form-data body built in memory. Field values are sent as UTF-8 text parts;
 * names are escaped the way browsers do (WHATWG: `"` → %22, CR → %0D, LF → %0A).
 */
export function encodeMultipart(
	pairs: FormPairs,
	boundary = `----n8nCustomerUpdate${randomToken()}`,
): { body: Buffer; contentType: string } {
	assertWellFormedPairs(pairs);
	const chunks: Buffer[] = [];
	for (const [name, value] of pairs) {
		if (value.includes(`--${boundary}`)) {
			return encodeMultipart(pairs, `${boundary}${randomToken()}`);
		}
		const safeName = name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
		chunks.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${safeName}"\r\n\r\n`,
				'utf8',
			),
			Buffer.from(value, 'utf8'),
			Buffer.from('\r\n', 'utf8'),
		);
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function randomToken(): string {
	let s = '';
	for (let i = 0; i < 16; i++) s += Math.floor(Math.random() * 36).toString(36);
	return s;
}
