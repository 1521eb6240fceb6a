import { defaultSeed, startTrackfinityEmulator, UPDATE_PATH } from '../../sandbox/trackfinity';
import { nodeRunner } from '../harness/runNode';

export type TrackfinityEmulator = Awaited<ReturnType<typeof startTrackfinityEmulator>>;

const seed = defaultSeed();
export const DOC_USERNAME = seed.apiUsername;
export const DOC_KEY = seed.apiKey;

export const runTrackfinity = nodeRunner({
	name: 'Trackfinity',
	type: 'n8n-nodes-customer-update.trackfinity',
	credentialType: 'trackfinityApi',
	credentials: (baseUrl) => ({ baseUrl, apiUsername: DOC_USERNAME, apiKey: DOC_KEY }),
});

/** The update calls the emulator received, in arrival order. */
export function updateRequests(emulator: TrackfinityEmulator) {
	return emulator.requests.filter((r) => r.path === UPDATE_PATH);
}
