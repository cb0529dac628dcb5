/**
 * The board stack as production runs it (the same startServices and attachRealtime as
 * server/index.ts, with /healthz), minus SvelteKit's handler, so chaos tests can run it as a real
 * child process without a build and kill it for real. Settings come from the environment: PORT,
 * DATABASE_URL (or DATA_DIR for embedded PGlite), DATA_DIR (also where local state such as a
 * write-ahead log lives, so it survives restarts), WAITWISE_DEMO=0; REDIS_URL and REDIS_PREFIX
 * start multi-instance mode as server/start.ts does; SESSION_SWEEP_MS slows the session sweep (so
 * a test can tell the cluster's session ends from the sweep's); BOARD_SERVER_CONTROL=1 adds the
 * test-control routes below, which run the app's own write paths on this instance.
 *
 * Prints `listening <port>` on stdout once it accepts connections.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeDatabase, type OpenDatabase } from '../../db';
import { attachRealtime } from '../../server/realtime';
import { createHttpServer, healthz, isHealthz, startServices } from '../../server/services';
import { clusterConfig } from '../../src/lib/server/cluster/config';
import { startCluster } from '../../src/lib/server/cluster/redis';
import { publish, type Change } from '../../src/lib/server/changes';
import { endSession, type SessionUser } from '../../src/lib/server/auth';
import { revokeDisplay } from '../../src/lib/server/displays/access';

const log = (message: string) => console.error(`[board-server ${process.pid}] ${message}`);
const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be set to a port number');

const config = clusterConfig();
const { open } = await startServices({ log });
const cluster = config ? await startCluster(config, log) : undefined;
const control = process.env.BOARD_SERVER_CONTROL === '1';
const server = createHttpServer((req, res) => {
	if (isHealthz(req)) {
		void healthz(open, res);
		return;
	}
	if (control && req.method === 'POST' && req.url?.startsWith('/control/')) {
		runControl(open, req, res).catch((err: unknown) => {
			res.writeHead(500);
			res.end(String(err));
		});
		return;
	}
	res.writeHead(404);
	res.end();
});
const sweepMs = Number(process.env.SESSION_SWEEP_MS);
const realtime = attachRealtime(server, {
	sessionSweepMs: Number.isInteger(sweepMs) && sweepMs > 0 ? sweepMs : undefined
});
server.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));

async function shutdown(): Promise<void> {
	const closed = new Promise<void>((resolve) => server.close(() => resolve()));
	await realtime.close();
	server.closeAllConnections();
	await closed;
	await cluster?.close();
	await closeDatabase();
	process.exit(0);
}

/**
 * The write paths a cluster test causes on one instance: a change published on the bus, a
 * sign-out (the session's row deleted, its end announced), a display revoked.
 */
async function runControl(
	{ db }: OpenDatabase,
	req: IncomingMessage,
	res: ServerResponse
): Promise<void> {
	let text = '';
	for await (const chunk of req) text += String(chunk);
	const body = JSON.parse(text) as Record<string, unknown>;
	switch (req.url) {
		case '/control/publish':
			await publish(body as unknown as Change);
			break;
		case '/control/sign-out':
			await endSession(db, String(body.token));
			break;
		case '/control/revoke-display':
			await revokeDisplay(db, body.actor as SessionUser, Number(body.displayId));
			break;
		default:
			res.writeHead(404);
			res.end();
			return;
	}
	res.writeHead(204);
	res.end();
}
process.once('SIGTERM', () => void shutdown());
