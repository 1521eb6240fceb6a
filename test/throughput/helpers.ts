import type { INodeExecutionData } from 'n8n-workflow';

import { runTourCms, type TourCmsEmulator } from '../tourcms/helpers';
import type { RunResult } from '../harness/engine';

const CUSTOMERS = ['12345', '12346', '12347'];

/** `count` input items, each updating one of the seeded customers to its own city. */
export function cityItems(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({
		json: { id: CUSTOMERS[i % CUSTOMERS.length], city: `City ${i}` },
	}));
}

/** Runs the TourCMS node over `cityItems(count)` with the given engine options, continuing on errors. */
export async function runCities(
	emulator: TourCmsEmulator,
	count: number,
	options: Record<string, unknown>,
): Promise<{ result: RunResult; items: INodeExecutionData[]; ms: number }> {
	const items = cityItems(count);
	const started = Date.now();
	const result = await runTourCms(
		emulator,
		{ customerId: '={{ $json.id }}', updateFields: { city: '={{ $json.city }}' }, options },
		items,
		{ onError: 'continueRegularOutput' },
	);
	return { result, items, ms: Date.now() - started };
}

/** The city each request carried, in the order the emulator saw them. */
export function citiesSent(emulator: TourCmsEmulator): string[] {
	return emulator.requests.map((r) => /<city>([^<]*)<\/city>/.exec(r.text)?.[1] ?? '');
}

export function errorItems(items: INodeExecutionData[]): INodeExecutionData[] {
	return items.filter((i) => i.json.error !== undefined);
}

/**
 * What an error item tells. With "Continue (regular output)" the details are the item's json; with the
 * error output n8n keeps only `{ error: message }` as json, and the details are on the error itself.
 */
export function errorDetails(item: INodeExecutionData): Record<string, unknown> {
	const error = item.error as
		| { message: string; description?: string | null; context?: Record<string, unknown> }
		| undefined;
	if (!error) return item.json.error === undefined ? {} : { ...item.json };
	return {
		...(error.context ?? {}),
		error: error.message,
		description: error.description ?? undefined,
	};
}
