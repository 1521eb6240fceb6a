/**
 * A one-pass reader for the small, plain XML answers providers send (`<response><error>OK</error>…`),
 * giving exactly the objects fast-xml-parser gives with this package's options (see xml.ts), in a
 * fraction of the time. It reads only a strict subset and returns undefined for anything outside it
 * (entities, CDATA, comments, DOCTYPE, processing instructions, CR, unusual names, malformed
 * markup…), so those documents go to fast-xml-parser, which reads all of XML. test/hostile/xmlAnswerReader.property
 * checks the two agree on every document the reader accepts.
 */

const DECLARATION =
	/<\?xml[ \t\n]+version="1\.[0-9]"(?:[ \t\n]+encoding="[A-Za-z][A-Za-z0-9._-]*")?(?:[ \t\n]+standalone="(?:yes|no)")?[ \t\n]*\?>/y;
// Deeper documents are no provider answer; the general parser keeps its own limits for them.
const MAX_DEPTH = 64;

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const EQUALS = 61; // =
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;

interface OpenElement {
	name: string;
	/** Keys `@name`; safe as plain keys because names that are object properties are refused. */
	attributes: Record<string, string> | undefined;
	/** Child values by name, an array once a name repeats. */
	children: Record<string, unknown> | undefined;
	text: string;
}

function isSpace(code: number): boolean {
	return code === 32 || code === 9 || code === 10;
}

function skipSpaces(text: string, pos: number): number {
	while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
	return pos;
}

// Names that are properties of every object (__proto__, constructor…) are left to the general parser.
const OBJECT_PROPERTY_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

function isNameStart(code: number): boolean {
	return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95; // a-z A-Z _
}

function isNameChar(code: number): boolean {
	return isNameStart(code) || (code >= 48 && code <= 57) || code === 46 || code === 45; // 0-9 . -
}

/** The name `[A-Za-z_][A-Za-z0-9._-]*` starting at pos, or undefined. */
function nameAt(text: string, pos: number): string | undefined {
	if (!isNameStart(text.charCodeAt(pos))) return undefined;
	let end = pos + 1;
	while (isNameChar(text.charCodeAt(end))) end++;
	const name = text.slice(pos, end);
	return OBJECT_PROPERTY_NAMES.has(name) ? undefined : name;
}

/** Whether the end tag for `name` starts at pos (after `</`). */
function endTagNameAt(text: string, pos: number, name: string): boolean {
	return text.startsWith(name, pos) && !isNameChar(text.charCodeAt(pos + name.length));
}

/** The value fast-xml-parser builds for a closed element: its text alone, or children, then #text, then attributes. */
function valueOf(element: OpenElement): unknown {
	const { children, attributes, text } = element;
	if (!children && !attributes) return text;
	const value = children ?? {};
	if (text !== '') value['#text'] = text;
	if (attributes) for (const name in attributes) value[name] = attributes[name];
	return value;
}

function addChild(parent: OpenElement, name: string, value: unknown): void {
	const children = (parent.children ??= {});
	const existing = children[name];
	if (existing === undefined) children[name] = value;
	else if (Array.isArray(existing)) existing.push(value);
	else children[name] = [existing, value];
}

/**
 * Reads attributes up to the end of a start tag. Returns the position after `>` or `/>` and whether
 * the element closed itself, or undefined when the tag is outside the subset.
 */
function readStartTagRest(
	text: string,
	pos: number,
	element: OpenElement,
): { pos: number; selfClosing: boolean } | undefined {
	for (;;) {
		const afterSpaces = skipSpaces(text, pos);
		const code = text.charCodeAt(afterSpaces);
		if (code === GT) return { pos: afterSpaces + 1, selfClosing: false };
		if (code === SLASH) {
			return text.charCodeAt(afterSpaces + 1) === GT
				? { pos: afterSpaces + 2, selfClosing: true }
				: undefined;
		}
		if (afterSpaces === pos) return undefined; // an attribute must follow a space
		const name = nameAt(text, afterSpaces);
		if (name === undefined) return undefined;
		pos = afterSpaces + name.length;
		if (text.charCodeAt(pos) !== EQUALS) return undefined;
		const quote = text.charCodeAt(pos + 1);
		if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) return undefined;
		const end = text.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", pos + 2);
		if (end === -1) return undefined;
		const value = text.slice(pos + 2, end);
		if (value.includes('<')) return undefined;
		const attributes = (element.attributes ??= {});
		const key = `@${name}`;
		if (key in attributes) return undefined;
		attributes[key] = value;
		pos = end + 1;
	}
}

/** The document as fast-xml-parser would read it, or undefined when it is outside the plain subset. */
export function readPlainXml(document: string): Record<string, unknown> | undefined {
	const text = document.trim();
	if (text.includes('&') || text.includes('\r')) return undefined;
	DECLARATION.lastIndex = 0;
	let pos = skipSpaces(text, DECLARATION.test(text) ? DECLARATION.lastIndex : 0);
	const stack: OpenElement[] = [];
	let root: { name: string; value: unknown } | undefined;
	while (!root) {
		if (text.charCodeAt(pos) !== LT) return undefined;
		const lt = pos;
		if (text.charCodeAt(lt + 1) === SLASH) {
			const element = stack.pop();
			if (!element || !endTagNameAt(text, lt + 2, element.name)) return undefined;
			pos = skipSpaces(text, lt + 2 + element.name.length);
			if (text.charCodeAt(pos) !== GT) return undefined;
			pos += 1;
			const value = valueOf(element);
			if (stack.length) addChild(stack[stack.length - 1], element.name, value);
			else root = { name: element.name, value };
		} else {
			const name = nameAt(text, lt + 1);
			if (name === undefined || stack.length >= MAX_DEPTH) return undefined;
			const element: OpenElement = { name, attributes: undefined, children: undefined, text: '' };
			const tag = readStartTagRest(text, lt + 1 + name.length, element);
			if (!tag) return undefined;
			pos = tag.pos;
			if (tag.selfClosing) {
				const value = valueOf(element);
				if (stack.length) addChild(stack[stack.length - 1], name, value);
				else root = { name, value };
			} else {
				stack.push(element);
			}
		}
		if (root) break;
		const next = text.indexOf('<', pos);
		if (next === -1) return undefined;
		if (next > pos) stack[stack.length - 1].text += text.slice(pos, next);
		pos = next;
	}
	// Only the root element: anything after it is left to the general parser.
	if (skipSpaces(text, pos) !== text.length) return undefined;
	return { [root.name]: root.value };
}
