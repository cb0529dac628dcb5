/**
 * One server for `npm run bench:sync`, in a process of its own so the clients' work does not
 * count as the server's: `--kind waitwise` (ours, over in-memory PGlite with a synthetic board)
 * or `--kind reference` (@y/websocket-server's setupWSConnection, no checks, no persistence).
 * Prints one JSON line with the port and what the clients need, then serves GET /mem.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { connect, registerDatabase } from '../../db';
import { seedBenchBoards } from './board';

const { values } = parseArgs({
	options: { kind: { type: 'string' }, writers: { type: 'string' }, viewers: { type: 'string' } }
});
const writers = Number(values.writers);
const viewers = Number(values.viewers);

const server = createServer((req, res) => {
	if (req.url === '/mem') {
		global.gc?.();
		const m = process.memoryUsage();
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed }));
		return;
	}
	res.writeHead(404);
	res.end();
});

const config: Record<string, unknown> = {};
if (values.kind === 'reference') {
	const { setupWSConnection } = await import('@y/websocket-server/utils');
	const wss = new WebSocketServer({ noServer: true });
	server.on('upgrade', (req, socket, head) => {
		wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName: 'bench' }));
	});
	config.pathwayIds = Array.from({ length: 600 }, (_, i) => i + 1);
	config.sessionIds = Array.from({ length: 40 }, (_, i) => i + 1);
	config.boardId = 'bench';
	config.writerCookies = Array(writers).fill('');
	config.writerAuthors = Array.from({ length: writers }, (_, i) => ({
		id: i + 1,
		name: `writer ${i}`
	}));
	config.viewerCookies = Array(viewers).fill('');
} else {
	const open = await connect('memory://');
	registerDatabase(open);
	const seeded = await seedBenchBoards(open, { writers, viewers });
	Object.assign(config, seeded, { boardId: seeded.boardIds[0] });
	const { attachRealtime } = await import('../../server/realtime');
	attachRealtime(server);
}

server.listen(0, '127.0.0.1', () => {
	config.port = (server.address() as AddressInfo).port;
	console.log(JSON.stringify(config));
});
