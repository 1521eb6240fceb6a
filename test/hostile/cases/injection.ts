import { NO_CONTEXT } from '../../../nodes/Intrepid/request';
import { startClientToolboxEmulator } from '../../../sandbox/clienttoolbox';
import { startIntrepidEmulator } from '../../../sandbox/intrepid';
import { startTourCmsEmulator } from '../../../sandbox/tourcms';
import { startTrackfinityEmulator } from '../../../sandbox/trackfinity';
import type { NodeRun } from '../../harness/runNode';
import { ACCOUNT, JOHN, runClientToolbox } from '../../clienttoolbox/helpers';
import { AGENT_KEY, runIntrepid } from '../../intrepid/helpers';
import { runTourCms } from '../../tourcms/helpers';
import { runTrackfinity } from '../../trackfinity/helpers';
import type { HostileEmulator } from '../helpers';

/** A running emulator and the stored values an update would change. */
export interface InjectionTarget {
	emulator: HostileEmulator;
	stored(): unknown[];
}

/** One provider's credential fields and address, each of which must not carry anything into a request. */
export interface InjectionCase {
	provider: string;
	start(): Promise<InjectionTarget>;
	run: NodeRun;
	/** An update that would be sent with good credentials. */
	parameters: Record<string, unknown>;
	/** Credential values that n8n sends as a header: with CR/LF in them, nothing may be sent at all. */
	headerCredentials: Array<[string, Record<string, unknown>]>;
	/** The credential's address with a query or fragment, and the refusal that names it. */
	address?: {
		field: string;
		label: string;
		values(url: string): string[];
		refusal(address: string): string;
	};
}

const tourCms: InjectionCase = {
	provider: 'TourCMS',
	async start() {
		const emulator = await startTourCmsEmulator();
		return { emulator, stored: () => [emulator.customer(3930, 12345).city] };
	},
	run: runTourCms,
	parameters: { customerId: '12345', updateFields: { city: 'Leeds' } },
	headerCredentials: [['Marketplace ID with CR/LF', { marketplaceId: '0\r\nX-Evil: 1' }]],
};

const trackfinity: InjectionCase = {
	provider: 'Trackfinity',
	async start() {
		const emulator = await startTrackfinityEmulator();
		return { emulator, stored: () => [emulator.customer(191).city] };
	},
	run: runTrackfinity,
	parameters: { customerId: '191', updateFields: { city: 'Evil' } },
	headerCredentials: [
		['API Username with CR/LF', { apiUsername: 'tf_admin\r\nX-Evil: 1' }],
		['API Key with CR/LF', { apiKey: '44b5498dbcb481a0d00b404c0169af62\r\nX-Evil: 1' }],
	],
	address: {
		field: 'baseUrl',
		label: 'Base URL',
		values: () => ['http://127.0.0.1:1/?x=', 'http://127.0.0.1:1/#'],
		refusal: (address) =>
			`the credential's Base URL must not contain "?" or "#": enter only the install's address, e.g. https://track.example.com; got "${address}"`,
	},
};

const intrepid: InjectionCase = {
	provider: 'Intrepid',
	async start() {
		const emulator = await startIntrepidEmulator();
		return { emulator, stored: () => [emulator.customer(9001).homePhone] };
	},
	run: runIntrepid,
	parameters: {
		context: NO_CONTEXT,
		contextId: '7001',
		customerId: '9001',
		updateFields: { homePhone: '0311110000' },
	},
	headerCredentials: [
		['API Key with CR/LF and a header', { apiKey: `${AGENT_KEY}\r\nX-Evil: 1` }],
		['API Key with a lone LF', { apiKey: `${AGENT_KEY}\nX-Evil: 1` }],
		['API Key with a lone CR', { apiKey: `${AGENT_KEY}\rX-Evil: 1` }],
	],
	address: {
		field: 'baseUrl',
		label: 'Base URL',
		values: (url) => [`${url}/?x=`, `${url}/#`],
		refusal: (address) =>
			`the credential's Base URL must not contain "?" or "#", e.g. https://api.intrepidgroup.travel; got "${address}"`,
	},
};

/** Client Toolbox sends its credentials in the form body, not as headers: see injection.form.test.ts. */
const clientToolbox: InjectionCase = {
	provider: 'Client Toolbox',
	async start() {
		const emulator = await startClientToolboxEmulator();
		return { emulator, stored: () => [emulator.customer(ACCOUNT, JOHN.code)?.city] };
	},
	run: runClientToolbox,
	parameters: { matchBy: 'code', code: JOHN.code, updateFields: { city: 'x' } },
	headerCredentials: [],
	address: {
		field: 'apiUrl',
		label: 'API URL',
		values: (url) => [`${url}/?type=customer_delete`, `${url}/#x`],
		refusal: (address) =>
			`the credential's API URL must not contain "?" or "#", e.g. https://api.clienttoolbox.com or https://your.domain.com/api.php; got "${address}"`,
	},
};

export const INJECTION_CASES: InjectionCase[] = [tourCms, trackfinity, intrepid, clientToolbox];
