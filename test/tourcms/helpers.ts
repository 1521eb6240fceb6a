import { defaultSeed, startTourCmsEmulator } from '../../sandbox/tourcms';
import { nodeRunner } from '../harness/runNode';

export type TourCmsEmulator = Awaited<ReturnType<typeof startTourCmsEmulator>>;

const seed = defaultSeed();
export const OPERATOR = { marketplaceId: 0, channelId: 3930, apiKey: seed.channels[3930].key };
export const AGENT = { marketplaceId: 54321, channelId: 3930, apiKey: seed.agents[54321].key };

export const runTourCms = nodeRunner({
	name: 'TourCMS',
	type: 'n8n-nodes-customer-update.tourCms',
	credentialType: 'tourCmsApi',
	credentials: (baseUrl) => ({ baseUrl, ...OPERATOR }),
});
