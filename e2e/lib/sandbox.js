'use strict';
// The sandbox emulators for the end-to-end tests: random ports picked once, then restarted on the same
// ports with freshly seeded data before each workflow, so the credentials imported once keep reaching them.
const { EMULATORS } = require('../../sandbox');

async function startOn(ports) {
	const emulators = {};
	for (const [name, def] of Object.entries(EMULATORS)) emulators[name] = await def.start(ports[name] ?? 0);
	return emulators;
}

class TestSandbox {
	static async start() {
		const sandbox = new TestSandbox();
		sandbox.emulators = await startOn({});
		sandbox.ports = Object.fromEntries(Object.entries(sandbox.emulators).map(([n, e]) => [n, e.port]));
		return sandbox;
	}

	/** Every emulator restarts with its seed data and an empty request log. */
	async reseed() {
		await this.close();
		this.emulators = await startOn(this.ports);
	}

	credentials() {
		return Object.assign(
			{},
			...Object.entries(this.emulators).map(([name, e]) => EMULATORS[name].credentials(e.url)),
		);
	}

	async close() {
		await Promise.all(Object.values(this.emulators).map((e) => e.close()));
	}
}

module.exports = { TestSandbox };
