import type { ICredentialDataDecryptedObject, IExecuteFunctions, INode } from 'n8n-workflow';

import type { ProviderDefinition } from '../../nodes/shared/engine/engine';
import type { PreparedRequest } from '../../nodes/shared/engine/types';
import type { RunResult } from '../harness/engine';

/**
 * The parameters of one item, read the way a node reads them. Lets a property run a provider's real
 * `prepare` (validation + encoding) thousands of times without a workflow around it; the workflow
 * path itself is covered by the engine tests next to each property.
 */
export function parameterContext(parameters: Record<string, unknown>): IExecuteFunctions {
	const node = {
		name: 'Node',
		type: 'test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	} as unknown as INode;
	return {
		// `options.bodyEncoding` reaches into a collection, as n8n's own getNodeParameter does.
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			const value = name
				.split('.')
				.reduce<unknown>(
					(v, part) =>
						v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined,
					parameters,
				);
			return value === undefined ? fallback : value;
		},
		getNode: () => node,
	} as unknown as IExecuteFunctions;
}

export async function prepareWith(
	provider: ProviderDefinition,
	parameters: Record<string, unknown>,
	credentials: ICredentialDataDecryptedObject,
): Promise<PreparedRequest> {
	return await provider.prepare(parameterContext(parameters), 0, credentials);
}

/** What `prepare` threw, as text (fails the test when it did not throw). */
export async function prepareError(
	provider: ProviderDefinition,
	parameters: Record<string, unknown>,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	try {
		await prepareWith(provider, parameters, credentials);
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error(`expected prepare to refuse ${JSON.stringify(parameters)}`);
}

/**
 * Every text a user or a downstream node can see after a run: output items' json (all outputs), each
 * item's `error` object serialized, and the run's own error (message, description, serialized).
 *
 * `node` is left out of every error: n8n itself serializes the node's parameters into its errors, and
 * those are the user's own workflow data, not something this package adds.
 */
export function visibleTexts(result: RunResult, nodeName: string): string[] {
	const texts: string[] = [];
	const serializeError = (error: unknown) => {
		if (!error || typeof error !== 'object') return String(error);
		const seen = new WeakSet<object>();
		// Own properties too (message, stack, description are not enumerable on every error class).
		const plain = (value: unknown): unknown => {
			if (!value || typeof value !== 'object') return value;
			if (seen.has(value)) return '[circular]';
			seen.add(value);
			if (Array.isArray(value)) return value.map(plain);
			const copy: Record<string, unknown> = {};
			for (const key of Object.getOwnPropertyNames(value)) {
				const v = (value as Record<string, unknown>)[key];
				if (key === 'node' && v && typeof v === 'object' && 'parameters' in v) continue;
				copy[key] = plain(v);
			}
			return copy;
		};
		return JSON.stringify(plain(error));
	};
	for (const items of result.outputs(nodeName)) {
		for (const item of items) {
			texts.push(JSON.stringify(item.json));
			if (item.error) {
				texts.push(
					item.error.message,
					String(item.error.description ?? ''),
					serializeError(item.error),
				);
			}
		}
	}
	if (result.error) {
		texts.push(
			result.error.message,
			String(result.error.description ?? ''),
			serializeError(result.error),
		);
	}
	return texts;
}

/** The secrets (and their URL-encoded forms) found in any of the texts. */
export function leaks(texts: readonly string[], secrets: readonly string[]): string[] {
	const found: string[] = [];
	for (const secret of secrets) {
		const formEncoded = new URLSearchParams([['', secret]]).toString().slice(1);
		for (const form of new Set([
			secret,
			encodeURIComponent(secret),
			formEncoded,
			decodeURIComponentSafe(secret),
		])) {
			if (form.length >= 4 && texts.some((t) => t.includes(form))) found.push(form);
		}
	}
	return found;
}

function decodeURIComponentSafe(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/** The signature part of every TourCMS Authorization header the emulator received. */
export function tourCmsSignatures(
	requests: ReadonlyArray<{ headers: Record<string, unknown> }>,
): string[] {
	return requests
		.map((r) => String(r.headers.authorization ?? ''))
		.map((auth) => /^TourCMS \d+:\d+:(\S+)$/.exec(auth)?.[1])
		.filter((s): s is string => Boolean(s));
}

// Built, not written out: a long literal here reads like a committed credential.
export const WRONG_KEY = ['wrong', 'but', 'secret', 'key', '0042'].join('-');

/** A debug error page that echoes the whole request back, body and headers, as some servers do. */
export function echoPage(request: { headers: Record<string, unknown>; text: string }): string {
	return `<html><body><h1>500 Internal Server Error</h1><pre>${request.text}</pre><pre>${JSON.stringify(request.headers)}</pre></body></html>`;
}

/** What an item's error says when its request may have been applied before the answer was lost. */
export function mayHaveActed(provider: string): string {
	return `The request may have reached ${provider}; check the record before running this item again.`;
}

/** What every hostile test needs of an emulator, whichever provider it plays. */
export interface HostileEmulator {
	url: string;
	requests: Array<{
		method: string;
		url: string;
		path: string;
		headers: Record<string, string>;
		text: string;
		body: Buffer;
		outcome?: string;
	}>;
	setKnobs(knobs: Record<string, unknown>): void;
	close(): Promise<void>;
}

/** A request as an emulator logged it. */
export type Recorded = HostileEmulator['requests'][number];

/**
 * Puts the emulator into `fault` for the next `count` requests `which` picks; the others are answered
 * normally. The emulator reads the count when a request arrives, after it logged it, so the count can look
 * at that request.
 */
export function faultOnly(
	emulator: HostileEmulator,
	which: (request: Recorded) => boolean,
	fault: Record<string, unknown>,
	count = 1,
): void {
	let left = count;
	emulator.setKnobs({
		fault: {
			...fault,
			get count() {
				const last = emulator.requests[emulator.requests.length - 1];
				return last && which(last) ? left : 0;
			},
			set count(value: number) {
				left = value;
			},
		},
	});
}
