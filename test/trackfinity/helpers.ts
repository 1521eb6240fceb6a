import type { INodeExecutionData } from 'n8n-workflow';

import { defaultSeed, startTrackfinityEmulator, UPDATE_PATH } from '../../sandbox/trackfinity';
import { runSingleNode, type RunResult } from '../harness/engine';

export type TrackfinityEmulator = Awaited<ReturnType<typeof startTrackfinityEmulator>>;

const seed = defaultSeed();
export const DOC_USERNAME = seed.apiUsername;
export const DOC_KEY = seed.apiKey;

export async function runTrackfinity(
	emulator: TrackfinityEmulator,
	parameters: Record<string, unknown>,
	input: INodeExecutionData[] = [{ json: {} }],
	options: { credentials?: Record<string, unknown>; onError?: 'continueRegularOutput' | 'continueErrorOutput' } = {},
): Promise<RunResult> {
	return await runSingleNode(
		{
			name: 'Trackfinity',
			type: 'n8n-nodes-customer-update.trackfinity',
			parameters: { operation: 'updateCustomer', ...parameters },
			credentials: { trackfinityApi: { id: '1', name: 'Trackfinity sandbox' } },
			...(options.onError ? { onError: options.onError } : {}),
		},
		{
			trackfinityApi: {
				baseUrl: emulator.url,
				apiUsername: DOC_USERNAME,
				apiKey: DOC_KEY,
				...(options.credentials ?? {}),
			} as never,
		},
		input,
	);
}

/** The update calls the emulator received, in arrival order. */
export function updateRequests(emulator: TrackfinityEmulator) {
	return emulator.requests.filter((r) => r.path === UPDATE_PATH);
}
