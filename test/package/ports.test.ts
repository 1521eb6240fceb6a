import { portFromEnv, portInUse } from '../../e2e/lib/ports';
import { startTrackfinityEmulator } from '../../sandbox/trackfinity';

// `npm start` checks its ports with these before starting anything, so a busy one is explained on screen.
describe('npm start port checks', () => {
	it('sees a port something listens on as busy, and free again once it closed', async () => {
		const emulator = await startTrackfinityEmulator({ port: 0 });
		const { port } = emulator;
		expect(await portInUse(port)).toBe(true);
		await emulator.close();
		expect(await portInUse(port)).toBe(false);
	});

	it('reads a port from the environment, falls back to the default, refuses what is not a port', () => {
		const name = 'CUSTOMER_UPDATE_TEST_PORT';
		// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals
		const env = process.env;
		delete env[name];
		expect(portFromEnv(name, 5678)).toBe(5678);
		env[name] = '5700';
		expect(portFromEnv(name, 5678)).toBe(5700);
		for (const bad of ['abc', '0', '70000', '57.5']) {
			env[name] = bad;
			expect(() => portFromEnv(name, 5678)).toThrow(
				`${name}=${bad} is not a port number (1-65535)`,
			);
		}
		delete env[name];
	});
});
