import type { INodeExecutionData } from 'n8n-workflow';

import { defaultSeed, startTourCmsEmulator } from '../../sandbox/tourcms';
import { runSingleNode, type RunResult } from '../harness/engine';

export type TourCmsEmulator = Awaited<ReturnType<typeof startTourCmsEmulator>>;

const seed = defaultSeed();
export const OPERATOR = { marketplaceId: 0, channelId: 3930, apiKey: seed.channels[3930].key };
export const AGENT = { marketplaceId: 54321, channelId: 3930, apiKey: seed.agents[54321].key };

export async function runTourCms(
	emulator: TourCmsEmulator,
	parameters: Record<string, unknown>,
	input: INodeExecutionData[] = [{ json: {} }],
	options: { credentials?: Record<string, unknown>; onError?: 'continueRegularOutput' | 'continueErrorOutput' } = {},
): Promise<RunResult> {
	return await runSingleNode(
		{
			name: 'TourCMS',
			type: 'n8n-nodes-customer-update.tourCms',
			parameters: { operation: 'updateCustomer', ...parameters },
			credentials: { tourCmsApi: { id: '1', name: 'TourCMS sandbox' } },
			...(options.onError ? { onError: options.onError } : {}),
		},
		{ tourCmsApi: { baseUrl: emulator.url, ...OPERATOR, ...(options.credentials ?? {}) } as never },
		input,
	);
}
