#!/usr/bin/env node
'use strict';
// Starts every provider emulator on 127.0.0.1 with seeded data; Ctrl-C stops them.
const { EMULATORS, startSandbox } = require('./index');

async function main() {
	const basePort = process.env.SANDBOX_BASE_PORT ? Number(process.env.SANDBOX_BASE_PORT) : undefined;
	const sandbox = await startSandbox({ basePort });
	const lines = ['Sandbox emulators are running:'];
	for (const [name, emulator] of Object.entries(sandbox.emulators)) {
		lines.push(`  ${EMULATORS[name].title.padEnd(15)} ${emulator.url}`);
	}
	lines.push('', 'Credentials that reach them (enter these in n8n):');
	for (const [type, data] of Object.entries(sandbox.credentials())) {
		lines.push(`  ${type}: ${JSON.stringify(data)}`);
	}
	lines.push('', 'Press Ctrl-C to stop.');
	process.stdout.write(`${lines.join('\n')}\n`);
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
