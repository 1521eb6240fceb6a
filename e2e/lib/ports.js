'use strict';
// Fixed ports of `npm start`, checked before anything starts so a busy one is explained on screen.
const net = require('net');

/** Whether something already listens on `port` (n8n and the emulators bind 127.0.0.1). */
function portInUse(port, host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', (error) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(true) : reject(error)));
		server.listen(port, host, () => server.close(() => resolve(false)));
	});
}

/** A port from an environment variable, or the default; refuses anything that is not a port number. */
function portFromEnv(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new Error(`${name}=${raw} is not a port number (1-65535)`);
	}
	return port;
}

module.exports = { portInUse, portFromEnv };
