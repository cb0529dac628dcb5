/**
 * The board stack as production runs it (the same startServices and attachRealtime as
 * server/index.ts, with /healthz), minus SvelteKit's handler, so chaos tests can run it as a real
 * child process without a build and kill it for real. Settings come from the environment: PORT,
 * DATABASE_URL (or DATA_DIR for embedded PGlite), DATA_DIR (also where local state such as a
 * write-ahead log lives, so it survives restarts), WAITWISE_DEMO=0; with REDIS_URL (and
 * REDIS_PREFIX, INSTANCE_ID) it joins a cluster as server/start.ts does.
 *
 * Prints `listening <port>` on stdout once it accepts connections.
 */
import { createServer } from 'node:http';
import { closeDatabase } from '../../db';
import { attachRealtime } from '../../server/realtime';
import { clusterConfig } from '../../src/lib/server/cluster/config';
import { startCluster } from '../../src/lib/server/cluster/redis';
import { healthz, isHealthz, startServices } from '../../server/services';

const log = (message: string) => console.error(`[board-server ${process.pid}] ${message}`);
const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be set to a port number');

const config = clusterConfig();
const { open } = await startServices({ log });
const cluster = config ? await startCluster(config, log) : undefined;
const server = createServer((req, res) => {
	if (isHealthz(req)) {
		void healthz(open, res);
		return;
	}
	res.writeHead(404);
	res.end();
});
const realtime = attachRealtime(server);
server.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));

async function shutdown(): Promise<void> {
	const closed = new Promise<void>((resolve) => server.close(() => resolve()));
	await realtime.close();
	await cluster?.close();
	server.closeAllConnections();
	await closed;
	await closeDatabase();
	process.exit(0);
}
process.once('SIGTERM', () => void shutdown());
