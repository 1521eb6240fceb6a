// n8n-core's SSH tunnel manager starts a one-minute cleanup interval when a workflow first runs and clears
// it only on process exit; each test file closes its own, so Jest can exit on its own after a green run.
const { Container } = require(require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] }));

afterAll(() => {
	const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager');
	if (Container.has(SSHClientsManager)) Container.get(SSHClientsManager).onShutdown();
});
