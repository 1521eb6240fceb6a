import { defaultSeed, startClientToolboxEmulator } from '../../sandbox/clienttoolbox';
import { nodeRunner } from '../harness/runNode';

export type { OnError } from '../harness/runNode';

export type ClientToolboxEmulator = Awaited<ReturnType<typeof startClientToolboxEmulator>>;

const seed = defaultSeed();
export const USER = seed.users.john1970;
export const ACCOUNT = 'greatwidgets';
export const BY_KEY = {
	userId: 'john1970',
	authentication: 'apiKey',
	apiKey: USER.apiKey,
	accountId: ACCOUNT,
};
export const BY_PASSWORD = {
	userId: 'john1970',
	authentication: 'password',
	password: USER.password,
	accountId: ACCOUNT,
};

/** The seeded customers used across tests. */
export const JOHN = { code: '89898989898989', card: '1212121212' };
export const ANN = { code: '1000000000000002', card: '3434343434' };
export const TWINS_CARD = '5656565656';
export const CORA = { code: '7777777777', card: '9191919191' };

export const runClientToolbox = nodeRunner({
	name: 'Client Toolbox',
	type: 'n8n-nodes-customer-update.clientToolbox',
	credentialType: 'clientToolboxApi',
	credentials: (apiUrl) => ({ apiUrl, ...BY_KEY }),
});

/** The form fields of a request the emulator received, whatever its encoding. */
export function sentFields(request: {
	headers: Record<string, string>;
	text: string;
	body: Buffer;
}): Record<string, string> {
	const type = String(request.headers['content-type'] ?? '');
	if (/^multipart\/form-data/.test(type)) {
		const boundary = /boundary=([^;\s]+)/.exec(type)?.[1] ?? '';
		const out: Record<string, string> = {};
		for (const part of request.body.toString('utf8').split(`--${boundary}`).slice(1, -1)) {
			const m = /name="([^"]*)"\r\n\r\n([\s\S]*)\r\n$/.exec(part);
			if (m) out[m[1]] = m[2];
		}
		return out;
	}
	return Object.fromEntries(new URLSearchParams(request.text).entries());
}

/** The form type of each request the emulator received (customer_info, record_customer, …). */
export function sentTypes(emulator: ClientToolboxEmulator): string[] {
	return emulator.requests.map((r) => sentFields(r).type);
}
