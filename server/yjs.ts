/**
 * The live-board websocket endpoint, /yjs/<boardId>. The upgrade is authenticated (the sign-in
 * cookie) and the board permission checked before the socket opens: 401/403/404 otherwise.
 * Managers connect read-only. Each connection has a message size limit and a rate limit.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { database } from '../db';
import type { SessionUser } from '../src/lib/server/auth';
import { boardAccess, getBoard } from '../src/lib/server/planner/boards';
import { BoardNotReadyError } from '../src/lib/server/planner/boardLog';
import { encodeNotice, roomFor, type RoomConnection } from '../src/lib/server/planner/room';
import { MAX_MESSAGE_BYTES, RATE_BURST, RATE_PER_SECOND } from '../src/lib/planner/protocol';
import { refuseUpgrade, type YjsUpgradeHandler } from './realtime';

const PING_INTERVAL_MS = 30_000;

export interface YjsService {
	handleUpgrade: YjsUpgradeHandler;
	close(): void;
}

export function createYjsService(): YjsService {
	const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

	// Drop connections whose peer went away without closing (a laptop lid, a dead wifi).
	const alive = new WeakSet<WebSocket>();
	const ping = setInterval(() => {
		for (const ws of wss.clients) {
			if (!alive.has(ws)) {
				ws.terminate();
				continue;
			}
			alive.delete(ws);
			ws.ping();
		}
	}, PING_INTERVAL_MS);
	ping.unref();

	async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, user: SessionUser) {
		const match = /^\/yjs\/(\d+)$/.exec((req.url ?? '').split('?')[0]);
		if (!match) return refuseUpgrade(socket, 404, 'No such board');
		const access = boardAccess(user.role);
		if (!access) return refuseUpgrade(socket, 403, 'Your role cannot open planning boards');
		const open = await database();
		const boardId = Number(match[1]);
		if (!(await getBoard(open.db, boardId))) return refuseUpgrade(socket, 404, `No board ${boardId}`);
		const room = await roomFor(open, boardId);

		wss.handleUpgrade(req, socket, head, (ws) => {
			alive.add(ws);
			ws.on('pong', () => alive.add(ws));
			const conn: RoomConnection = {
				user,
				access,
				clientIds: new Set(),
				send(message) {
					if (ws.readyState === ws.OPEN) ws.send(message, (err) => err && ws.terminate());
				}
			};
			let tokens = RATE_BURST;
			let last = Date.now();
			// Messages that arrive while the room is still loading wait for it, in order.
			let queue = room.join(conn);
			ws.on('message', (data, isBinary) => {
				const now = Date.now();
				tokens = Math.min(RATE_BURST, tokens + ((now - last) / 1000) * RATE_PER_SECOND);
				last = now;
				if (--tokens < 0) {
					conn.send(encodeNotice({ kind: 'rate-limit', message: 'Too many changes too fast; reconnecting' }));
					ws.close(1008, 'rate limit');
					return;
				}
				if (!isBinary) {
					ws.close(1003, 'binary y-websocket messages only');
					return;
				}
				const message = new Uint8Array(data as Buffer);
				queue = queue.then(() => {
					try {
						room.receive(conn, message);
					} catch (err) {
						console.warn(`[waitwise] board ${boardId}: malformed message from user ${user.id}:`, (err as Error).message);
						ws.close(1003, 'malformed message');
					}
				});
			});
			ws.on('close', () => {
				void queue.then(() => room.leave(conn));
			});
			ws.on('error', () => ws.terminate());
		});
	}

	return {
		handleUpgrade(req, socket, head, user) {
			accept(req, socket, head, user).catch((err: unknown) => {
				console.error('[waitwise] board connection failed', err);
				refuseUpgrade(socket, 503, err instanceof BoardNotReadyError ? err.message : 'The board could not be opened');
			});
		},
		close() {
			clearInterval(ping);
			for (const ws of wss.clients) ws.close(1001, 'server shutting down');
			wss.close();
		}
	};
}
