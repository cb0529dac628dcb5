/**
 * The live-board websocket endpoint, /yjs/<boardId>. The upgrade is authenticated (the sign-in
 * cookie) and the board permission checked before the socket opens: 401/403/404 otherwise.
 * Managers connect read-only. Each connection has a message size limit and a rate limit.
 *
 * Multi-instance mode: only the board's owner (planner/boardOwner.ts) serves it. Any other
 * instance replays the upgrade request, cookie and all, to the owner's internal address and pipes
 * the bytes both ways; the owner authenticates it again and does all the work. With no owner,
 * this instance takes the board; with a dead one, it waits for the lease to expire and takes it.
 */
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
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
	type BoardRoom,
	type RoomConnection
} from '../src/lib/server/planner/room';
import { BoardElsewhere, FORWARDED_HEADER, LEASE_MS } from '../src/lib/server/planner/boardOwner';
import { cluster } from '../src/lib/server/cluster/redis';
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

	// Connections piped to the board's owner on another instance (multi-instance mode).
	const piped = new Set<Socket>();

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
		let room: BoardRoom;
		const until = Date.now() + LEASE_MS + 1000;
		for (;;) {
			try {
				room = await roomFor(open, boardId);
				break;
			} catch (err) {
				if (!(err instanceof BoardElsewhere)) throw err;
				// the owner sent it here: it moved meanwhile, and the client tries again
				if (req.headers[FORWARDED_HEADER] !== undefined || socket.destroyed)
					return refuseUpgrade(socket, 503, 'The board is moving to another server');
				if (await pipeToOwner(req, socket, head, err.ownerUrl)) return;
				// the owner does not answer (it died): its lease expires within LEASE_MS
				if (Date.now() > until) throw err;
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
		}

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
				},
				close() {
					// 1012 (service restart): the client reconnects, and reaches the board's new owner
					ws.close(1012, 'the board moved to another server');
					setTimeout(() => ws.terminate(), 1000).unref();
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

	/** Replays the upgrade to the owner and pipes both ways; false when the owner cannot be reached. */
	async function pipeToOwner(
		req: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		ownerUrl: string
	): Promise<boolean> {
		let address: URL;
		try {
			address = new URL(ownerUrl);
		} catch {
			return false;
		}
		const upstream = connect({ host: address.hostname, port: Number(address.port || 80) });
		const reached = await new Promise<boolean>((resolve) => {
			upstream.once('connect', () => resolve(true));
			upstream.once('error', () => resolve(false));
		});
		if (!reached || socket.destroyed) {
			upstream.destroy();
			return false;
		}
		const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
		for (let i = 0; i < req.rawHeaders.length; i += 2)
			lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
		lines.push(`${FORWARDED_HEADER}: ${cluster()?.config.instanceId ?? 'unknown'}`);
		upstream.setNoDelay(true);
		upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
		if (head.length) upstream.write(head);
		piped.add(upstream);
		const end = () => {
			piped.delete(upstream);
			upstream.destroy();
			socket.destroy();
		};
		for (const side of [upstream, socket]) {
			side.on('close', end);
			side.on('error', end);
		}
		upstream.pipe(socket);
		socket.pipe(upstream);
		return true;
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
			for (const upstream of piped) upstream.destroy();
			wss.close();
		}
	};
}
