import type { INodeExecutionData } from 'n8n-workflow';

import { NO_CONTEXT } from '../../nodes/Intrepid/request';
import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { startIntrepidEmulator } from '../../sandbox/intrepid';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { startTrackfinityEmulator } from '../../sandbox/trackfinity';
import type { RunResult } from '../harness/engine';
import type { NodeRun } from '../harness/runNode';
import { ACCOUNT, ANN, JOHN, runClientToolbox } from '../clienttoolbox/helpers';
import { runIntrepid } from '../intrepid/helpers';
import { runTourCms } from '../tourcms/helpers';
import { runTrackfinity } from '../trackfinity/helpers';
import type { HostileEmulator } from './helpers';

/**
 * A provider that answers a write with a redirect did not act on it. Each emulator's redirect points back at
 * itself, so a client that followed it would be seen sending the request again (and the change applied).
 */
function expectRefusedRedirect(
	result: RunResult,
	node: string,
	provider: string,
	status: number,
	url: string,
): void {
	expect(result.error).toBeUndefined();
	const [success, errors] = result.outputs(node);
	expect(errors.map((e) => e.pairedItem)).toEqual([{ item: 0 }]);
	const message = String(errors[0].json.error);
	expect(message.startsWith(`${provider} redirected the request (HTTP ${status}) to ${url}/`)).toBe(
		true,
	);
	expect(message.endsWith('; it was not sent there')).toBe(true);
	expect(errors[0].error?.description).toBe(
		`Requests that change data are not followed to another address: the provider did not act on this one. Set the address in the credential to where the API is served (the redirect points to ${url}).`,
	);
	expect(success.map((i) => [i.pairedItem, i.json.status])).toEqual([[{ item: 1 }, 'updated']]);
}

// Retries are on: a redirect is not a transient failure and is never sent again.
const OPTIONS = { concurrency: 1, maxRetries: 3 };

/** Per provider: its emulator, a run of two items (the first redirected), and the first item's stored value. */
const PROVIDERS: Array<{
	name: string;
	start: () => Promise<{ emulator: HostileEmulator; firstItemStored(): unknown }>;
	runner: NodeRun;
	parameters: Record<string, unknown>;
	items: INodeExecutionData[];
	unchanged: unknown;
}> = [
	{
		name: 'TourCMS',
		async start() {
			const emulator = await startTourCmsEmulator();
			return { emulator, firstItemStored: () => emulator.customer(3930, 12345).city };
		},
		runner: runTourCms,
		parameters: {
			customerId: '={{ $json.id }}',
			updateFields: { city: '={{ $json.city }}' },
			options: OPTIONS,
		},
		items: [{ json: { id: 12345, city: 'Redirected' } }, { json: { id: 12346, city: 'Perth' } }],
		unchanged: undefined,
	},
	{
		name: 'Trackfinity',
		async start() {
			const emulator = await startTrackfinityEmulator();
			return { emulator, firstItemStored: () => emulator.customer(191).city };
		},
		runner: runTrackfinity,
		parameters: {
			lookupBy: 'customer_id',
			customerId: '={{ $json.id }}',
			updateFields: { city: '={{ $json.city }}' },
			options: OPTIONS,
		},
		items: [{ json: { id: 191, city: 'Redirected' } }, { json: { id: 192, city: 'Perth' } }],
		unchanged: 'Springfield',
	},
	{
		name: 'Intrepid',
		async start() {
			const emulator = await startIntrepidEmulator();
			return { emulator, firstItemStored: () => emulator.customer(9001).homePhone };
		},
		runner: runIntrepid,
		parameters: {
			context: NO_CONTEXT,
			customerId: '={{ $json.id }}',
			updateFields: { homePhone: '={{ $json.phone }}' },
			options: OPTIONS,
		},
		items: [
			{ json: { id: 9001, phone: '0311110001' } },
			{ json: { id: 9003, phone: '0311110003' } },
		],
		unchanged: undefined,
	},
	{
		// "Create" when nothing matches: an edit that may create a customer.
		name: 'Client Toolbox',
		async start() {
			const emulator = await startClientToolboxEmulator();
			return { emulator, firstItemStored: () => emulator.customer(ACCOUNT, JOHN.code)?.city };
		},
		runner: runClientToolbox,
		parameters: {
			matchBy: 'code',
			code: '={{ $json.code }}',
			ifNoMatch: 'create',
			updateFields: { city: '={{ $json.city }}' },
			options: OPTIONS,
		},
		items: [
			{ json: { code: JOHN.code, city: 'Redirected' } },
			{ json: { code: ANN.code, city: 'Perth' } },
		],
		unchanged: 'Anytown',
	},
];

describe.each([301, 308])('a redirect (HTTP %i) answering an update', (status) => {
	it.each(PROVIDERS)(
		'$name: the item fails naming the redirect, the change is not applied, nothing is sent again',
		async (provider) => {
			const { emulator, firstItemStored } = await provider.start();
			try {
				emulator.setKnobs({ fault: { mode: 'redirect', count: 1, status } });
				const result = await provider.runner(emulator, provider.parameters, provider.items, {
					onError: 'continueErrorOutput',
				});
				expectRefusedRedirect(result, provider.name, provider.name, status, emulator.url);
				expect(emulator.requests.map((r) => r.outcome ?? 'answered')).toEqual([
					'fault:redirect',
					'answered',
				]);
				expect(firstItemStored()).toBe(provider.unchanged);
			} finally {
				await emulator.close();
			}
		},
	);
});
