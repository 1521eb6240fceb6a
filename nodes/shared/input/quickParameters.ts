import { deepCopy, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

/** `"First Name"` or `'x'`: a quoted name, captured without its quotes (one group per kind of quote). */
const QUOTED = String.raw`(?:"([^"\\]*)"|'([^'\\]*)')`;
/** `.name`, `["First Name"]` or `['x']`: one step into an item's fields, its name captured. */
const STEP_SOURCE = String.raw`\.([A-Za-z_$][\w$]*)|\[\s*${QUOTED}\s*\]`;
const STEP = new RegExp(STEP_SOURCE, 'g');
/** One or more steps, captured whole (the steps' own groups come after it). */
const PATH = `((?:${STEP_SOURCE})+)`;
/**
 * `={{ $json.name }}`, `={{ $json.body["First Name"] }}`: a plain reference to a field of the current item,
 * the expression users map most (after a Webhook node, `$json.body.email`).
 */
const FIELD_REFERENCE = new RegExp(String.raw`^=\{\{\s*\$json${PATH}\s*\}\}$`);
/**
 * `={{ $('Webhook').item.json.body.run }}`: a field of the item another node gave for this one, read
 * through n8n's own data proxy (its paired-item answer) without its expression sandbox, which in n8n 2.41
 * cost 10–30 ms a read in queue mode, a Run Key read once per execution included.
 */
const NODE_REFERENCE = new RegExp(
	String.raw`^=\{\{\s*\$\(\s*${QUOTED}\s*\)\.item\.json${PATH}\s*\}\}$`,
);

const NOT_DIRECT = Symbol('not direct');

function hasExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (Array.isArray(raw)) return raw.some(hasExpression);
	if (raw && typeof raw === 'object') return Object.values(raw).some(hasExpression);
	return false;
}

/**
 * The string, number or boolean at `path` in `fields`, each step an own field; else NOT_DIRECT. Objects,
 * null and missing fields: n8n's own answer (cleanup, copies, its error) is left to n8n.
 */
function fieldAt(fields: unknown, path: string): unknown {
	let value = fields;
	for (const step of path.matchAll(STEP)) {
		const name = step[1] ?? step[2] ?? step[3];
		if (!value || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, name))
			return NOT_DIRECT;
		value = (value as IDataObject)[name];
	}
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
		? value
		: NOT_DIRECT;
}

/** Reads a plain reference of item `itemIndex`: its own fields, or another node's item for it. */
interface References {
	json: IDataObject | undefined;
	/** The item node `name` gave for this one, as n8n's expressions see it; undefined when n8n has none. */
	nodeItem(name: string): unknown;
}

/** What n8n's evaluator gives for `raw` on this item, when that needs no evaluator; else NOT_DIRECT. */
function direct(raw: unknown, refs: References): unknown {
	if (typeof raw === 'string') {
		if (!raw.startsWith('=')) return raw;
		const field = FIELD_REFERENCE.exec(raw);
		if (field) return refs.json ? fieldAt(refs.json, field[1]) : NOT_DIRECT;
		const node = NODE_REFERENCE.exec(raw);
		if (!node) return NOT_DIRECT;
		const item = refs.nodeItem(node[1] ?? node[2]);
		return item && typeof item === 'object'
			? fieldAt((item as IDataObject).json, node[3])
			: NOT_DIRECT;
	}
	if (Array.isArray(raw)) {
		const out: unknown[] = [];
		for (const v of raw) {
			const d = direct(v, refs);
			if (d === NOT_DIRECT) return NOT_DIRECT;
			out.push(d);
		}
		return out;
	}
	if (raw && typeof raw === 'object') {
		const out: IDataObject = {};
		for (const [k, v] of Object.entries(raw)) {
			const d = direct(v, refs);
			if (d === NOT_DIRECT) return NOT_DIRECT;
			out[k] = d as IDataObject[string];
		}
		return out;
	}
	return raw;
}

/**
 * The item node `name` gave for item `itemIndex`, through n8n's data proxy (the one its expressions use);
 * undefined when n8n would answer with an error (no such node, no paired item), which n8n then gives itself.
 */
function pairedItemOf(ctx: IExecuteFunctions, itemIndex: number, name: string): unknown {
	try {
		const proxy = ctx.getWorkflowDataProxy(itemIndex) as unknown as {
			$: (node: string) => { item: unknown };
		};
		return proxy.$(name).item;
	} catch {
		return undefined;
	}
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
 * - a parameter whose expressions are all plain field references (`={{ $json.city }}`, or another node's
 *   item: `={{ $('Webhook').item.json.body.city }}`) is read from the item itself when those fields hold a
 *   string, number or boolean;
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
	// Another node's item for the item being read, asked of n8n once per item and node: the items are read
	// one after another, each through several parameters.
	let pairedFor = -1;
	const paired = new Map<string, unknown>();
	const pairedItem = (itemIndex: number, node: string): unknown => {
		if (itemIndex !== pairedFor) {
			pairedFor = itemIndex;
			paired.clear();
		}
		if (!paired.has(node)) paired.set(node, pairedItemOf(ctx, itemIndex, node));
		return paired.get(node);
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
		const value = direct(raw, {
			json: items[itemIndex]?.json,
			nodeItem: (node) => pairedItem(itemIndex, node),
		});
		return value === NOT_DIRECT ? n8nRead() : value;
	};
	quick.getNodeParameter = read as IExecuteFunctions['getNodeParameter'];
	return quick;
}
