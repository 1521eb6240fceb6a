'use strict';
// A throwaway PostgreSQL server on loopback for queue mode: n8n's main and workers share one database,
// and n8n 2.41 opens sqlite with no busy timeout, so a sqlite file shared by three processes fails
// executions with SQLITE_BUSY. Postgres is what n8n recommends for queue mode.
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

/** The bin folder of the newest installed PostgreSQL (Debian's layout), or undefined. */
function postgresBin() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return undefined;
	const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')));
	versions.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(base, versions[0], 'bin') : undefined;
}

/** PostgreSQL refuses to run as root: as root, its commands run as Debian's `postgres` user. */
function asServerUser(command, args) {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/**
 * Starts a fresh cluster on `port` (trust authentication on 127.0.0.1 only, no fsync: test data) with a
 * database `n8n`; resolves to { env, stop } where env holds the DB_* variables n8n reads.
 */
async function startPostgres(port, logFile) {
	const bin = postgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed (e2e/ensure-n8n.sh --with-postgres installs Debian\'s postgresql)');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pg-'));
	if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
	const data = path.join(dir, 'data');
	const [initCmd, initArgs] = asServerUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
	execFileSync(initCmd, initArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
	const log = fs.openSync(logFile, 'w');
	const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'];
	const [cmd, args] = asServerUser(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), ...settings]);
	const server = spawn(cmd, args, { stdio: ['ignore', log, log] });
	fs.closeSync(log);
	const exited = new Promise((resolve) => server.once('exit', resolve));
	let running = true;
	exited.then(() => (running = false));
	const deadline = Date.now() + 30000;
	for (;;) {
		if (!running) throw new Error(`PostgreSQL exited at start; see ${logFile}`);
		try {
			execFileSync(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'n8n'], { stdio: 'ignore' });
			break;
		} catch (error) {
			if (Date.now() > deadline) throw new Error(`PostgreSQL not ready within 30 s; see ${logFile}`);
			await new Promise((r) => setTimeout(r, 300));
		}
	}
	const env = {
		N8N_E2E_DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(port),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
	};
	async function stop() {
		// The server is runuser's child: signal it by the pid it wrote, then runuser ends with it.
		const pidFile = path.join(data, 'postmaster.pid');
		const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined;
		if (running) {
			if (pid) process.kill(pid, 'SIGINT');
			else server.kill('SIGINT');
			const timer = setTimeout(() => (pid ? process.kill(pid, 'SIGKILL') : server.kill('SIGKILL')), 15000);
			await exited;
			clearTimeout(timer);
		}
		fs.rmSync(dir, { recursive: true, force: true });
	}
	return { env, stop, pid: () => server.pid };
}

module.exports = { postgresBin, startPostgres };
