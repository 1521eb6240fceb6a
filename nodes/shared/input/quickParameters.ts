import { deepCopy, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

/**
 * `={{ $json.name }}`, `={{ $json["First Name"] }}` or `={{ $json['x'] }}`: a plain reference to a field
 * of the current item, the expression users map most. Anything more goes to n8n's evaluator.
 */
const FIELD_REFERENCE =
	/^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\])\s*\}\}$/;

const NOT_DIRECT = Symbol('not direct');

function hasExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (Array.isArray(raw)) return raw.some(hasExpression);
	if (raw && typeof raw === 'object') return Object.values(raw).some(hasExpression);
	return false;
}

/** What n8n's evaluator gives for `raw` on this item, when that needs no evaluator; else NOT_DIRECT. */
function direct(raw: unknown, json: IDataObject): unknown {
	if (typeof raw === 'string') {
		if (!raw.startsWith('=')) return raw;
		const m = FIELD_REFERENCE.exec(raw);
		if (!m) return NOT_DIRECT;
		const name = m[1] ?? m[2] ?? m[3];
		if (!Object.prototype.hasOwnProperty.call(json, name)) return NOT_DIRECT;
		const value = json[name];
		// Objects, null and missing fields: n8n's own answer (cleanup, copies) is left to n8n.
		return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
			? value
			: NOT_DIRECT;
	}
	if (Array.isArray(raw)) {
		const out: unknown[] = [];
		for (const v of raw) {
			const d = direct(v, json);
			if (d === NOT_DIRECT) return NOT_DIRECT;
			out.push(d);
		}
		return out;
	}
	if (raw && typeof raw === 'object') {
		const out: IDataObject = {};
		for (const [k, v] of Object.entries(raw)) {
			const d = direct(v, json);
			if (d === NOT_DIRECT) return NOT_DIRECT;
			out[k] = d as IDataObject[string];
		}
		return out;
	}
	return raw;
}

/** The parameter `name` as stored, `options.responseFormat` reaching into a collection; undefined when unset. */
function rawParameter(parameters: IDataObject, name: string): unknown {
	let value: unknown = parameters;
	for (const part of name.split('.')) {
		if (!value || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, part))
			return undefined;
		value = (value as IDataObject)[part];
	}
	return value;
}

/**
 * The execution context with a faster `getNodeParameter` for reading many items, giving the answers
 * n8n's would (these nodes have no parameter with `validateType`, so n8n's schema check passes values
 * through unchanged). n8n evaluates every expression through its full sandbox, ≈80% of reading an item:
 * - a parameter without any expression has the same value for every item: read once through n8n, then copied;
 * - a parameter whose expressions are all plain field references (`={{ $json.city }}`) is read from the
 *   item itself when those fields hold a string, number or boolean;
 * - a parameter the node does not have (an option not added) gives n8n's answer for its fallback on every
 *   item: read once per fallback. An unset option read per item reached n8n's evaluator 4 × 4,000 times in a
 *   resumed run of 20 executions (queue mode, Client Toolbox), a tenth of the worker's time before the first
 *   requests.
 * Everything else, and any call with options, goes through n8n unchanged.
 */
export function withQuickParameterReads(ctx: IExecuteFunctions): IExecuteFunctions {
	const parameters = ctx.getNode().parameters;
	const items = ctx.getInputData();
	const sameForEveryItem = new Map<string, unknown>();
	/** n8n's answer under `key`, read on the first item that asks, then a copy of it for every item. */
	const once = (key: string, n8nRead: () => unknown): unknown => {
		if (!sameForEveryItem.has(key)) sameForEveryItem.set(key, n8nRead());
		const value = sameForEveryItem.get(key);
		return value && typeof value === 'object' ? deepCopy(value) : value;
	};
	const quick = Object.create(ctx) as IExecuteFunctions;
	const read = (
		name: string,
		itemIndex: number,
		fallback?: unknown,
		options?: unknown,
	): unknown => {
		const n8nRead = () =>
			ctx.getNodeParameter(name, itemIndex, fallback as never, options as never) as unknown;
		const raw = rawParameter(parameters, name);
		if (options !== undefined) return n8nRead();
		if (raw === undefined) {
			// Without a fallback n8n throws; a fallback that is an expression would be evaluated per item.
			if (fallback === undefined || hasExpression(fallback)) return n8nRead();
			return once(`${name}\n${JSON.stringify(fallback)}`, n8nRead);
		}
		if (!hasExpression(raw)) return once(name, n8nRead);
		const json = items[itemIndex]?.json;
		const value = json ? direct(raw, json) : NOT_DIRECT;
		return value === NOT_DIRECT ? n8nRead() : value;
	};
	quick.getNodeParameter = read as IExecuteFunctions['getNodeParameter'];
	return quick;
}
