/**
 * The live-board websocket endpoint, /yjs/<boardId>. The upgrade is authenticated (the sign-in
 * cookie) and the board permission checked before the socket opens: 401/403/404 otherwise.
 * Managers connect read-only. Each connection has a message size limit and a rate limit.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { database } from '../db';
import { touchSession } from '../src/lib/server/auth';
import { AppError } from '../src/lib/server/errors';
import { isId } from '../src/lib/contracts/id';
import { endsSession, holdSession, onSessionsEnded } from '../src/lib/server/sessionEvents';
import { boardAccess, getBoard } from '../src/lib/server/planner/boards';
import {
	encodeNotice,
	loadedRoom,
	roomFor,
	type RoomConnection
} from '../src/lib/server/planner/room';
import { TokenBucket } from '../src/lib/server/planner/tokenBucket';
import {
	MAX_MESSAGE_BYTES,
	RATE_BURST,
	RATE_BYTES_BURST,
	RATE_BYTES_PER_SECOND,
	RATE_PER_SECOND
} from '../src/lib/contracts/planner/protocol';
import { refuseUpgrade, type SignedInUser, type YjsUpgradeHandler } from './realtime';
import { logFailure } from '../src/lib/server/log';

const PING_INTERVAL_MS = 30_000;
/** An edit keeps the session from going idle; noted at most this often per connection. */
const TOUCH_EVERY_MS = 60_000;
/** y-websocket's first byte: 0 is sync (edits), 1 is awareness (sent by an idle open tab too). */
const MESSAGE_SYNC = 0;

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

	// Open connections by the session they were opened with; when it ends they close at once.
	const sessions = new Map<WebSocket, SignedInUser>();
	const stopListening = onSessionsEnded((event) => {
		for (const [ws, user] of sessions) {
			if (!endsSession(event, user.sessionId, user.id)) continue;
			sessions.delete(ws);
			ws.close(4001, 'session ended');
			setTimeout(() => ws.terminate(), 1000).unref();
		}
	});

	async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, user: SignedInUser) {
		const match = /^\/yjs\/(\d+)$/.exec((req.url ?? '').split('?')[0]);
		// the same id rule as every path: `/yjs/0001` or an id past 2^31 - 1 is no board
		if (!match || !isId(match[1])) return refuseUpgrade(socket, 404, 'No such board');
		const access = boardAccess(user.role);
		if (!access) return refuseUpgrade(socket, 403, 'Your role cannot open planning boards');
		const open = await database();
		const boardId = Number(match[1]);
		// a loaded board opens without the database, so it stays readable through an outage
		if (!loadedRoom(boardId) && !(await getBoard(open.db, boardId)))
			return refuseUpgrade(socket, 404, `No board ${boardId}`);
		const room = await roomFor(open, boardId);

		wss.handleUpgrade(req, socket, head, (ws) => {
			alive.add(ws);
			sessions.set(ws, user);
			const release = holdSession(user.sessionId);
			let touched = Date.now();
			ws.on('pong', () => alive.add(ws));
			const conn: RoomConnection = {
				user,
				access,
				clientIds: new Set(),
				send(message) {
					if (ws.readyState === ws.OPEN) ws.send(message, (err) => err && ws.terminate());
				}
			};
			const messages = new TokenBucket(RATE_BURST, RATE_PER_SECOND);
			const bytes = new TokenBucket(RATE_BYTES_BURST, RATE_BYTES_PER_SECOND);
			// Messages that arrive while the room is still loading wait for it, in order.
			let queue = room.join(conn);
			ws.on('message', (data, isBinary) => {
				// Nothing more is taken from a connection whose session has ended.
				if (!sessions.has(ws)) return;
				const now = Date.now();
				const withinMessages = messages.take(1, now);
				const withinBytes = bytes.take((data as Buffer).byteLength, now);
				if (!withinMessages || !withinBytes) {
					conn.send(
						encodeNotice({ kind: 'rate-limit', message: 'Too many changes too fast; reconnecting' })
					);
					ws.close(1008, 'rate limit');
					return;
				}
				if (!isBinary) {
					ws.close(1003, 'binary y-websocket messages only');
					return;
				}
				const message = new Uint8Array(data as Buffer);
				if (message[0] === MESSAGE_SYNC && now - touched >= TOUCH_EVERY_MS) {
					touched = now;
					void touchSession(open.db, user.sessionId).catch(() => {});
				}
				queue = queue.then(() => {
					try {
						room.receive(conn, message);
					} catch (err) {
						console.warn(
							`[waitwise] board ${boardId}: malformed message from user ${user.id}:`,
							(err as Error).message
						);
						ws.close(1003, 'malformed message');
					}
				});
			});
			ws.on('close', () => {
				sessions.delete(ws);
				release();
				void queue.then(() => room.leave(conn));
			});
			ws.on('error', () => ws.terminate());
		});
	}

	return {
		handleUpgrade(req, socket, head, user) {
			accept(req, socket, head, user).catch((err: unknown) => {
				logFailure(
					'board connection failed',
					{ path: req.url?.split('?')[0] ?? null, userId: user.id },
					err
				);
				refuseUpgrade(
					socket,
					503,
					err instanceof AppError && err.kind === 'unavailable'
						? err.message
						: 'The board could not be opened'
				);
			});
		},
		close() {
			clearInterval(ping);
			stopListening();
			for (const ws of wss.clients) ws.close(1001, 'server shutting down');
			wss.close();
		}
	};
}
