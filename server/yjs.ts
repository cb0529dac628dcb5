/**
 * The live-board websocket endpoint, /yjs/<boardId>. The upgrade is authenticated (the sign-in
 * cookie) and the board permission checked before the socket opens: 401/403/404 otherwise.
 * Managers connect read-only. Each connection has a message size limit and a rate limit.
 *
 * Multi-instance mode: only the board's owner (planner/boardOwner.ts) does the board's work. Any
 * other instance ends its clients' websockets itself (limits, session ends, pings) and carries
 * them to the owner over one link per board (./boardLinks.ts), which the owner authenticates
 * client by client; what goes to every client comes down the link once and is fanned out here.
 * With no owner, this instance takes the board; with a dead one, it waits for the lease to expire
 * and takes it.
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
	type BoardRoom,
	type RoomConnection
} from '../src/lib/server/planner/room';
import {
	BoardElsewhere,
	evictGoneOwner,
	FORWARDED_HEADER,
	LEASE_MS
} from '../src/lib/server/planner/boardOwner';
import { cluster } from '../src/lib/server/cluster/redis';
import { TokenBucket } from '../src/lib/server/planner/tokenBucket';
import {
	MAX_MESSAGE_BYTES,
	RATE_BURST,
	RATE_BYTES_BURST,
	RATE_BYTES_PER_SECOND,
	RATE_PER_SECOND
} from '../src/lib/contracts/planner/protocol';
import { LINK_PATH, MAX_LINK_FRAME_BYTES } from '../src/lib/server/planner/boardLink';
import { refuseUpgrade, type SignedInUser, type YjsUpgradeHandler } from './realtime';
import { EdgeLinks, serveLink } from './boardLinks';
import { logFailure } from '../src/lib/server/log';

const PING_INTERVAL_MS = 30_000;
/** An edit keeps the session from going idle; noted at most this often per connection. */
const TOUCH_EVERY_MS = 60_000;
/** y-websocket's first byte: 0 is sync (edits), 1 is awareness (sent by an idle open tab too). */
const MESSAGE_SYNC = 0;

export interface YjsService {
	handleUpgrade: YjsUpgradeHandler;
	/** Another instance's link to a board this one owns (LINK_PATH; multi-instance mode). */
	handleLink(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	close(): void;
}

export function createYjsService(): YjsService {
	const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
	const linkServer = new WebSocketServer({
		noServer: true,
		maxPayload: MAX_LINK_FRAME_BYTES,
		perMessageDeflate: false
	});
	const edges = new EdgeLinks();

	// Drop connections whose peer went away without closing (a laptop lid, a dead wifi).
	const alive = new WeakSet<WebSocket>();
	const ping = setInterval(() => {
		for (const ws of [...wss.clients, ...linkServer.clients]) {
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

	async function accept(
		req: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		user: SignedInUser & { token: string }
	) {
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
		const until = Date.now() + LEASE_MS + 1000;
		for (;;) {
			try {
				const room = await roomFor(open, boardId);
				return wss.handleUpgrade(req, socket, head, (ws) => serveHere(ws, room, user, access));
			} catch (err) {
				if (!(err instanceof BoardElsewhere)) throw err;
				if (socket.destroyed) return;
				const running = cluster();
				if (running && err.ownerId === running.config.instanceId) {
					// this instance's own lease from before a restart
					await evictGoneOwner(running, err);
					if (Date.now() > until) throw err;
					continue;
				}
				const link = await edges.linkTo(boardId, err.ownerUrl);
				if (link === 'refused' && running) {
					await evictGoneOwner(running, err);
					if (Date.now() > until) throw err;
					continue;
				}
				if (link && link !== 'refused' && !socket.destroyed) {
					return wss.handleUpgrade(req, socket, head, (ws) => {
						const conn = link.add(
							{
								send: (message) => sendTo(ws, message),
								close: (code, reason) => closeSoon(ws, code, reason)
							},
							user.token
						);
						attach(ws, user, {
							receive: (message) => link.forward(conn, message),
							gone: () => link.remove(conn)
						});
					});
				}
				// the owner does not answer (it died): its lease expires within LEASE_MS
				if (Date.now() > until) throw err;
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
		}
	}

	/** A client of a board this instance owns. */
	function serveHere(
		ws: WebSocket,
		room: BoardRoom,
		user: SignedInUser,
		access: 'edit' | 'view'
	): void {
		const conn: RoomConnection = {
			user,
			access,
			clientIds: new Set(),
			send: (message) => sendTo(ws, message),
			// 1012 (service restart): the client reconnects, and reaches the board's new owner
			close: () => closeSoon(ws, 1012, 'the board moved to another server')
		};
		// Messages that arrive while the room is still loading wait for it, in order.
		let queue = room.join(conn);
		attach(ws, user, {
			receive(message) {
				queue = queue.then(() => {
					try {
						room.receive(conn, message);
					} catch (err) {
						console.warn(
							`[waitwise] board ${room.boardId}: malformed message from user ${user.id}:`,
							(err as Error).message
						);
						ws.close(1003, 'malformed message');
					}
				});
			},
			gone: () => void queue.then(() => room.leave(conn))
		});
	}

	/**
	 * What every client's websocket gets, wherever its board is served: pings, the session's
	 * end, the limits on size and rate, binary messages only, and the session kept alive by edits.
	 */
	function attach(
		ws: WebSocket,
		user: SignedInUser,
		to: { receive(message: Uint8Array): void; gone(): void }
	): void {
		alive.add(ws);
		sessions.set(ws, user);
		const release = holdSession(user.sessionId);
		let touched = Date.now();
		ws.on('pong', () => alive.add(ws));
		const messages = new TokenBucket(RATE_BURST, RATE_PER_SECOND);
		const bytes = new TokenBucket(RATE_BYTES_BURST, RATE_BYTES_PER_SECOND);
		ws.on('message', (data, isBinary) => {
			// Nothing more is taken from a connection whose session has ended.
			if (!sessions.has(ws)) return;
			const now = Date.now();
			const withinMessages = messages.take(1, now);
			const withinBytes = bytes.take((data as Buffer).byteLength, now);
			if (!withinMessages || !withinBytes) {
				sendTo(
					ws,
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
				void database()
					.then((open) => touchSession(open.db, user.sessionId))
					.catch(() => {});
			}
			to.receive(message);
		});
		ws.on('close', () => {
			sessions.delete(ws);
			release();
			to.gone();
		});
		ws.on('error', () => ws.terminate());
	}

	/** An instance's link to a board this one owns (./boardLinks.ts). */
	async function acceptLink(req: IncomingMessage, socket: Duplex, head: Buffer) {
		const match = new RegExp(`^${LINK_PATH}(\\d+)$`).exec((req.url ?? '').split('?')[0]);
		if (!match || !isId(match[1])) return refuseUpgrade(socket, 404, 'No such board');
		// only another instance opens a link: the load balancer strips this header from clients
		if (req.headers[FORWARDED_HEADER] === undefined)
			return refuseUpgrade(socket, 403, 'Only another Waitwise server may open this');
		const open = await database();
		const boardId = Number(match[1]);
		if (!loadedRoom(boardId) && !(await getBoard(open.db, boardId)))
			return refuseUpgrade(socket, 404, `No board ${boardId}`);
		let room: BoardRoom;
		try {
			room = await roomFor(open, boardId);
		} catch (err) {
			// it moved meanwhile: the other instance asks Redis again
			if (err instanceof BoardElsewhere)
				return refuseUpgrade(socket, 503, 'The board is moving to another server');
			throw err;
		}
		linkServer.handleUpgrade(req, socket, head, (ws) => {
			alive.add(ws);
			ws.on('pong', () => alive.add(ws));
			serveLink(ws, room);
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
		handleLink(req, socket, head) {
			acceptLink(req, socket, head).catch((err: unknown) => {
				logFailure('board link failed', { path: req.url?.split('?')[0] ?? null }, err);
				refuseUpgrade(socket, 503, 'The board could not be opened');
			});
		},
		close() {
			clearInterval(ping);
			stopListening();
			for (const ws of wss.clients) ws.close(1001, 'server shutting down');
			edges.close();
			for (const ws of linkServer.clients) ws.close(1001, 'server shutting down');
			wss.close();
			linkServer.close();
		}
	};
}

function sendTo(ws: WebSocket, message: Uint8Array): void {
	if (ws.readyState === ws.OPEN) ws.send(message, (err) => err && ws.terminate());
}

function closeSoon(ws: WebSocket, code: number, reason: string): void {
	ws.close(code, reason);
	setTimeout(() => ws.terminate(), 1000).unref();
}
