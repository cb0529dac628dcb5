/**
 * The production entry: one HTTP server for SvelteKit's handler, /healthz, socket.io and the Yjs
 * websocket route, with graceful shutdown. Run after `npm run build` (npm start does both).
 */
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { closeDatabase } from '../db';
import { startOptimiserService } from './optimiser';
import { startSnapshotService } from '../src/lib/server/dashboards/snapshots';
import { attachRealtime } from './realtime';
import { healthz, isHealthz, printDemoAccounts, startServices } from './services';

const log = (message: string) => console.log(`[waitwise] ${message}`);
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const handlerPath = new URL('../build/handler.js', import.meta.url);
if (!existsSync(handlerPath)) {
	console.error('No build found: run `npm run build` first (or `npm start`, which builds).');
	process.exit(1);
}
// adapter-node reads ORIGIN to know its public address (CSRF checks, absolute URLs).
process.env.ORIGIN ??= `http://localhost:${port}`;

const { open } = await startServices({ log });
const { handler } = (await import(handlerPath.href)) as {
	handler: (
		req: import('node:http').IncomingMessage,
		res: import('node:http').ServerResponse,
		next?: () => void
	) => void;
};

const server = createServer((req, res) => {
	if (isHealthz(req)) {
		void healthz(open, res);
		return;
	}
	handler(req, res);
});
const realtime = attachRealtime(server);
const optimiserService = startOptimiserService();
const snapshots = startSnapshotService(open.db, log);

server.listen(port, host, () => {
	log(`Waitwise is serving on ${process.env.ORIGIN}`);
	void printDemoAccounts(open, log);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	log(`${signal}: no new connections; finishing requests in flight…`);
	const closed = new Promise<void>((resolve) => server.close(() => resolve()));
	server.closeIdleConnections();
	await realtime.close();
	await optimiserService.close();
	await snapshots.close();
	const timeout = setTimeout(() => {
		log('requests still open after 10 s; closing them');
		server.closeAllConnections();
	}, 10_000);
	timeout.unref();
	await closed;
	await closeDatabase();
	log('stopped cleanly');
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
