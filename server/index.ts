/**
 * The production entry: one HTTP server for SvelteKit's handler and the services server/start.ts
 * attaches (/healthz, socket.io, the Yjs websocket route), with graceful shutdown. Run after `npm run build` (npm start does both).
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeDatabase } from '../db';
import { FILE_BODY_LIMIT } from '../src/lib/server/input';
import { createHttpServer, printDemoAccounts } from './services';
import { startWaitwise } from './start';

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
// ...and BODY_SIZE_LIMIT as its cap on every body: the largest file an import takes. Smaller
// limits per address are the hooks' (src/lib/server/http/steps.ts `bodySize`).
process.env.BODY_SIZE_LIMIT ??= String(FILE_BODY_LIMIT);

type Handler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;
// The request listener exists before socket.io attaches (it wraps the listeners it finds), but
// SvelteKit's handler loads after the database is open: no request arrives before listen().
let handler: Handler = () => {};
const server = createHttpServer((req, res) => {
	if (!waitwise.handleHealthz(req, res)) handler(req, res);
});
const waitwise = await startWaitwise(server, { log });
const { open } = waitwise;
({ handler } = (await import(handlerPath.href)) as { handler: Handler });

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
	// Connections are kept alive for a minute (KEEP_ALIVE_MS): close each one as soon as its
	// request in flight is answered, rather than when it would time out.
	server.closeIdleConnections();
	const closeIdle = setInterval(() => server.closeIdleConnections(), 200);
	closeIdle.unref();
	await waitwise.close();
	const timeout = setTimeout(() => {
		log('requests still open after 10 s; closing them');
		server.closeAllConnections();
	}, 10_000);
	timeout.unref();
	await closed;
	clearInterval(closeIdle);
	await closeDatabase();
	log('stopped cleanly');
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
