'use strict';
// The emulators the sandbox starts, with the port each uses by default and the credential that reaches it.
const { startTourCmsEmulator, defaultSeed: tourCmsSeed } = require('./tourcms');
const { startTrackfinityEmulator, defaultSeed: trackfinitySeed } = require('./trackfinity');
const { startIntrepidEmulator, defaultSeed: intrepidSeed } = require('./intrepid');
const { startClientToolboxEmulator, defaultSeed: clientToolboxSeed } = require('./clienttoolbox');

const EMULATORS = {
	tourcms: {
		title: 'TourCMS',
		port: 18081,
		start: (port) => startTourCmsEmulator({ port }),
		credentials: (url) => {
			const seed = tourCmsSeed();
			return {
				tourCmsApi: { baseUrl: url, marketplaceId: 0, channelId: 3930, apiKey: seed.channels[3930].key },
			};
		},
	},
	clienttoolbox: {
		title: 'Client Toolbox',
		port: 18082,
		start: (port) => startClientToolboxEmulator({ port }),
		credentials: (url) => {
			const user = clientToolboxSeed().users.john1970;
			return {
				clientToolboxApi: { apiUrl: url, userId: 'john1970', authentication: 'apiKey', apiKey: user.apiKey, accountId: 'greatwidgets' },
			};
		},
	},
	intrepid: {
		title: 'Intrepid',
		port: 18083,
		start: (port) => startIntrepidEmulator({ port }),
		credentials: (url) => {
			const [apiKey] = Object.keys(intrepidSeed().apiKeys);
			return { intrepidApi: { baseUrl: url, apiKey } };
		},
	},
	trackfinity: {
		title: 'Trackfinity',
		port: 18084,
		start: (port) => startTrackfinityEmulator({ port }),
		credentials: (url) => {
			const seed = trackfinitySeed();
			return { trackfinityApi: { baseUrl: url, apiUsername: seed.apiUsername, apiKey: seed.apiKey } };
		},
	},
};

/** Starts every emulator; `basePort` shifts all default ports (0 = random ports). */
async function startSandbox({ basePort } = {}) {
	const running = {};
	for (const [name, def] of Object.entries(EMULATORS)) {
		const port = basePort === 0 ? 0 : basePort ? basePort + (def.port - 18081) : def.port;
		running[name] = await def.start(port);
	}
	return {
		emulators: running,
		credentials() {
			return Object.assign({}, ...Object.entries(running).map(([n, e]) => EMULATORS[n].credentials(e.url)));
		},
		async close() {
			await Promise.all(Object.values(running).map((e) => e.close()));
		},
	};
}

module.exports = { EMULATORS, startSandbox };
