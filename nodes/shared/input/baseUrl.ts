import { InputError } from '../output/errors';

export interface BaseUrlRules {
	/** Used when the credential leaves the field empty. */
	fallback?: string;
	/** A path ending users often type and the node adds itself (e.g. Trackfinity's `/api`). */
	stripSuffix?: RegExp;
	/** Completes "the credential's Base URL must be …". */
	what: string;
	/** Completes "must not contain "?" or "#"…" when more advice helps. */
	queryHint?: string;
	example: string;
}

// Every item of a run reads the same credential: the last address accepted under each set of rules is kept.
const lastAccepted = new WeakMap<BaseUrlRules, { raw: string; base: string }>();

/**
 * The credential's Base URL, trimmed of trailing slashes (and a typed suffix), checked to be a plain
 * http(s) address: a query or fragment would swallow the path the node appends.
 */
export function checkedBaseUrl(raw: unknown, rules: BaseUrlRules): string {
	const last = lastAccepted.get(rules);
	if (last && last.raw === raw) return last.base;
	const typed = typeof raw === 'string' ? raw.trim() : '';
	let base = (typed || rules.fallback || '').replace(/\/+$/, '');
	if (rules.stripSuffix) base = base.replace(rules.stripSuffix, '').replace(/\/+$/, '');
	let url: URL | undefined;
	try {
		url = new URL(base);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
		throw new InputError(
			`the credential's Base URL must be ${rules.what}, e.g. ${rules.example}; got "${typed}"`,
		);
	}
	if (url.search || url.hash || /[?#]/.test(base)) {
		throw new InputError(
			`the credential's Base URL must not contain "?" or "#"${rules.queryHint ?? ''}, e.g. ${rules.example}; got "${typed}"`,
		);
	}
	if (typeof raw === 'string') lastAccepted.set(rules, { raw, base });
	return base;
}
