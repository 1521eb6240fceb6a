import { NO_CONTEXT } from '../../nodes/Intrepid/request';
import { startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { startIntrepidEmulator } from '../../sandbox/intrepid';
import { startTourCmsEmulator } from '../../sandbox/tourcms';
import { startTrackfinityEmulator } from '../../sandbox/trackfinity';
import type { RunResult } from '../harness/engine';
import { ACCOUNT, ANN, JOHN, runClientToolbox } from '../clienttoolbox/helpers';
import { runIntrepid } from '../intrepid/helpers';
import { runTourCms } from '../tourcms/helpers';
import { runTrackfinity } from '../trackfinity/helpers';

/**
 * A provider that answers a write with a redirect did not act on it. Each emulator's redirect points back at
 * itself, so a client that followed it would be seen sending the request again (and the change applied).
 */
function expectRefusedRedirect(result: RunResult, node: string, provider: string, status: number, url: string): void {
	expect(result.error).toBeUndefined();
	const [success, errors] = result.outputs(node);
	expect(errors.map((e) => e.pairedItem)).toEqual([{ item: 0 }]);
	const message = String(errors[0].json.error);
	expect(message.startsWith(`${provider} redirected the request (HTTP ${status}) to ${url}/`)).toBe(true);
	expect(message.endsWith('; it was not sent there')).toBe(true);
	expect(errors[0].error?.description).toBe(
		`Requests that change data are not followed to another address: the provider did not act on this one. Set the address in the credential to where the API is served (the redirect points to ${url}).`,
	);
	expect(success.map((i) => [i.pairedItem, i.json.status])).toEqual([[{ item: 1 }, 'updated']]);
}

// Retries are on: a redirect is not a transient failure and is never sent again.
const OPTIONS = { concurrency: 1, maxRetries: 3 };

describe.each([301, 308])('a redirect (HTTP %i) answering an update', (status) => {
	it('TourCMS: the item fails naming the redirect, the change is not applied, nothing is sent again', async () => {
		const emulator = await startTourCmsEmulator();
		try {
			emulator.setKnobs({ fault: { mode: 'redirect', count: 1, status } });
			const result = await runTourCms(
				emulator,
				{ customerId: '={{ $json.id }}', updateFields: { city: '={{ $json.city }}' }, options: OPTIONS },
				[{ json: { id: 12345, city: 'Redirected' } }, { json: { id: 12346, city: 'Perth' } }],
				{ onError: 'continueErrorOutput' },
			);
			expectRefusedRedirect(result, 'TourCMS', 'TourCMS', status, emulator.url);
			expect(emulator.requests.map((r) => r.outcome ?? 'answered')).toEqual(['fault:redirect', 'answered']);
			expect(emulator.customer(3930, 12345).city).toBeUndefined();
		} finally {
			await emulator.close();
		}
	});

	it('Trackfinity: the same', async () => {
		const emulator = await startTrackfinityEmulator();
		try {
			emulator.setKnobs({ fault: { mode: 'redirect', count: 1, status } });
			const result = await runTrackfinity(
				emulator,
				{ lookupBy: 'customer_id', customerId: '={{ $json.id }}', updateFields: { city: '={{ $json.city }}' }, options: OPTIONS },
				[{ json: { id: 191, city: 'Redirected' } }, { json: { id: 192, city: 'Perth' } }],
				{ onError: 'continueErrorOutput' },
			);
			expectRefusedRedirect(result, 'Trackfinity', 'Trackfinity', status, emulator.url);
			expect(emulator.requests.map((r) => r.outcome ?? 'answered')).toEqual(['fault:redirect', 'answered']);
			expect(emulator.customer(191).city).toBe('Springfield');
		} finally {
			await emulator.close();
		}
	});

	it('Intrepid: the same', async () => {
		const emulator = await startIntrepidEmulator();
		try {
			emulator.setKnobs({ fault: { mode: 'redirect', count: 1, status } });
			const result = await runIntrepid(
				emulator,
				{ context: NO_CONTEXT, customerId: '={{ $json.id }}', updateFields: { homePhone: '={{ $json.phone }}' }, options: OPTIONS },
				[{ json: { id: 9001, phone: '0311110001' } }, { json: { id: 9003, phone: '0311110003' } }],
				{ onError: 'continueErrorOutput' },
			);
			expectRefusedRedirect(result, 'Intrepid', 'Intrepid', status, emulator.url);
			expect(emulator.requests.map((r) => r.outcome ?? 'answered')).toEqual(['fault:redirect', 'answered']);
			expect(emulator.customer(9001).homePhone).toBeUndefined();
		} finally {
			await emulator.close();
		}
	});

	it('Client Toolbox: the same, for an edit that may create a customer', async () => {
		const emulator = await startClientToolboxEmulator();
		try {
			emulator.setKnobs({ fault: { mode: 'redirect', count: 1, status } });
			const result = await runClientToolbox(
				emulator,
				{ matchBy: 'code', code: '={{ $json.code }}', ifNoMatch: 'create', updateFields: { city: '={{ $json.city }}' }, options: OPTIONS },
				[{ json: { code: JOHN.code, city: 'Redirected' } }, { json: { code: ANN.code, city: 'Perth' } }],
				{ onError: 'continueErrorOutput' },
			);
			expectRefusedRedirect(result, 'Client Toolbox', 'Client Toolbox', status, emulator.url);
			expect(emulator.requests.map((r) => r.outcome ?? 'answered')).toEqual(['fault:redirect', 'answered']);
			expect(emulator.customer(ACCOUNT, JOHN.code)?.city).toBe('Anytown');
		} finally {
			await emulator.close();
		}
	});
});
