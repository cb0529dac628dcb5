/**
 * Both ends of the link between a board's owner and another instance holding some of its clients
 * (the protocol and why: src/lib/server/planner/boardLink.ts). server/yjs.ts ends every client's
 * websocket; it hands a client of a board owned elsewhere to `EdgeLinks`, and an incoming link
 * from another instance to `serveLink`.
 */
import { WebSocket } from 'ws';
import { boardAccess } from '../src/lib/server/planner/boards';
import { FORWARDED_HEADER } from '../src/lib/server/planner/boardOwner';
import {
	decodeToEdge,
	decodeToOwner,
	encodeToEdge,
	encodeToOwner,
	LINK_PATH,
	type ToEdge
} from '../src/lib/server/planner/boardLink';
import type { BoardRoom, RoomConnection, RoomLink } from '../src/lib/server/planner/room';
import { cluster } from '../src/lib/server/cluster/redis';
import { logFailure } from '../src/lib/server/log';
import { authenticateToken } from './realtime';

/** How long an edge waits for the owner to accept its link before it counts the owner as gone. */
const LINK_OPEN_TIMEOUT_MS = 2000;
/** A link whose owner has not answered a ping since the last one ends (an owner gone silent). */
const LINK_PING_MS = 15_000;
/** Close code the edge gives its clients when the link ends: 1012, the client reconnects. */
const MOVED = { code: 1012, reason: 'the board moved to another server' } as const;

// ---- the edge: this instance holds clients of a board another instance owns -------------------

/** What the edge needs of a client's websocket. */
export interface EdgeClient {
	send(message: Uint8Array): void;
	close(code: number, reason: string): void;
}

class EdgeLink {
	private readonly clients = new Map<number, { client: EdgeClient; joined: boolean }>();
	private nextConn = 1;
	private ended = false;
	private answered = true;

	constructor(
		readonly boardId: number,
		readonly ownerUrl: string,
		private readonly ws: WebSocket,
		private readonly onEnd: (link: EdgeLink) => void
	) {
		ws.on('message', (data: Buffer) => {
			let frame: ToEdge;
			try {
				frame = decodeToEdge(new Uint8Array(data));
			} catch (err) {
				logFailure('an unreadable frame from a board owner', { boardId }, err);
				return this.end();
			}
			this.deliver(frame);
		});
		ws.on('close', () => this.end());
		ws.on('error', () => this.end());
		ws.on('pong', () => (this.answered = true));
	}

	/** Ends the link if the owner did not answer the last ping; pings again. */
	heartbeat(): void {
		if (!this.answered) return this.end();
		this.answered = false;
		if (this.open) this.ws.ping();
	}

	get open(): boolean {
		return !this.ended && this.ws.readyState === WebSocket.OPEN;
	}

	/** Adds a client; returns the number its messages go up under. */
	add(client: EdgeClient, token: string): number {
		const conn = this.nextConn++;
		// it ended while the client's websocket was opening: the client reconnects
		if (this.ended) {
			client.close(MOVED.code, MOVED.reason);
			return conn;
		}
		this.clients.set(conn, { client, joined: false });
		this.up(encodeToOwner({ kind: 'open', conn, token }));
		return conn;
	}

	forward(conn: number, message: Uint8Array): void {
		if (this.clients.has(conn)) this.up(encodeToOwner({ kind: 'message', conn, message }));
	}

	/** The client went away: the owner lets it leave the board; an empty link closes. */
	remove(conn: number): void {
		if (!this.clients.delete(conn)) return;
		this.up(encodeToOwner({ kind: 'close', conn }));
		if (this.clients.size === 0) this.end();
	}

	private up(frame: Uint8Array): void {
		if (this.open) this.ws.send(frame, (err) => err && this.end());
	}

	private deliver(frame: ToEdge): void {
		switch (frame.kind) {
			case 'joined': {
				const entry = this.clients.get(frame.conn);
				if (entry) entry.joined = true;
				return;
			}
			case 'send':
				this.clients.get(frame.conn)?.client.send(frame.message);
				return;
			case 'broadcast':
				for (const { client, joined } of this.clients.values())
					if (joined) client.send(frame.message);
				return;
			case 'close': {
				const entry = this.clients.get(frame.conn);
				if (!entry) return;
				this.clients.delete(frame.conn);
				entry.client.close(frame.code, frame.reason);
				if (this.clients.size === 0) this.end();
				return;
			}
		}
	}

	/** The link is gone (the owner died, moved the board, or has no client of ours left). */
	end(): void {
		if (this.ended) return;
		this.ended = true;
		this.onEnd(this);
		for (const { client } of this.clients.values()) client.close(MOVED.code, MOVED.reason);
		this.clients.clear();
		this.ws.close(1000);
		setTimeout(() => this.ws.terminate(), 1000).unref();
	}
}

/** This instance's links, one per board owned elsewhere that it holds clients of. */
export class EdgeLinks {
	private readonly links = new Map<number, EdgeLink>();
	private readonly opening = new Map<string, Promise<EdgeLink | 'refused' | null>>();
	private readonly heartbeat = setInterval(() => {
		for (const link of this.links.values()) link.heartbeat();
	}, LINK_PING_MS);

	constructor() {
		this.heartbeat.unref();
	}

	/**
	 * The open link to the board's owner at `ownerUrl`, opening it if need be; null when the owner
	 * cannot be reached or refuses (it died, or the board moved): the caller waits and asks again.
	 */
	async linkTo(boardId: number, ownerUrl: string): Promise<EdgeLink | 'refused' | null> {
		const current = this.links.get(boardId);
		if (current?.open && current.ownerUrl === ownerUrl) return current;
		const key = `${boardId} ${ownerUrl}`;
		let pending = this.opening.get(key);
		if (!pending) {
			pending = this.connect(boardId, ownerUrl).finally(() => this.opening.delete(key));
			this.opening.set(key, pending);
		}
		return pending;
	}

	/** 'refused': nothing listens at the owner's address (it died; boardOwner.ts evictGoneOwner). */
	private async connect(boardId: number, ownerUrl: string): Promise<EdgeLink | 'refused' | null> {
		let address: URL;
		try {
			address = new URL(`${LINK_PATH}${boardId}`, ownerUrl);
		} catch {
			return null;
		}
		address.protocol = address.protocol === 'https:' ? 'wss:' : 'ws:';
		const ws = new WebSocket(address, {
			headers: { [FORWARDED_HEADER]: cluster()?.config.instanceId ?? 'unknown' },
			// no client-sized limit this way: a whole board's state (up to WAITWISE_BOARD_MAX_BYTES)
			// comes down as one sync reply; the owner is another instance (ws's own 100 MiB limit)
			perMessageDeflate: false,
			handshakeTimeout: LINK_OPEN_TIMEOUT_MS
		});
		ws.on('error', () => {});
		const opened = await new Promise<'open' | 'refused' | 'failed'>((resolve) => {
			ws.once('open', () => resolve('open'));
			ws.once('error', (err: NodeJS.ErrnoException) =>
				resolve(err.code === 'ECONNREFUSED' ? 'refused' : 'failed')
			);
			ws.once('unexpected-response', () => resolve('failed'));
		});
		if (opened !== 'open') {
			ws.terminate();
			return opened === 'refused' ? 'refused' : null;
		}
		const link = new EdgeLink(boardId, ownerUrl, ws, (ended) => {
			if (this.links.get(boardId) === ended) this.links.delete(boardId);
		});
		this.links.get(boardId)?.end();
		this.links.set(boardId, link);
		return link;
	}

	close(): void {
		clearInterval(this.heartbeat);
		for (const link of [...this.links.values()]) link.end();
	}
}

// ---- the owner: another instance's clients of a board this one owns ---------------------------

interface Linked {
	conn: RoomConnection | null;
	/** The connection's messages, in order, each after the one before (and after it joined). */
	queue: Promise<void>;
	gone: boolean;
}

/**
 * Serves one link from another instance. Each connection on it is authenticated from its session
 * token and joins the room as the owner's own connections do; it leaves when the edge closes it
 * or the link ends.
 */
export function serveLink(ws: WebSocket, room: BoardRoom): void {
	const linked = new Map<number, Linked>();
	const down = (frame: ToEdge) => {
		if (ws.readyState === WebSocket.OPEN)
			ws.send(encodeToEdge(frame), (err) => err && ws.terminate());
	};
	const link: RoomLink = { broadcast: (message) => down({ kind: 'broadcast', message }) };

	const leave = (id: number, entry: Linked) => {
		entry.gone = true;
		linked.delete(id);
		void entry.queue.then(() => entry.conn && room.leave(entry.conn));
	};

	const open = (id: number, token: string): Promise<void> =>
		authenticateToken(token).then((user) => {
			const entry = linked.get(id);
			if (!entry || entry.gone) return;
			const access = user && boardAccess(user.role);
			if (!user || !access) {
				linked.delete(id);
				entry.gone = true;
				return down({
					kind: 'close',
					conn: id,
					code: 1008,
					reason: 'not signed in for this board'
				});
			}
			const conn: RoomConnection = {
				user,
				access,
				clientIds: new Set(),
				link,
				send: (message) => down({ kind: 'send', conn: id, message }),
				close() {
					if (!linked.has(id)) return;
					linked.delete(id);
					entry.gone = true;
					down({ kind: 'close', conn: id, ...MOVED });
				}
			};
			entry.conn = conn;
			down({ kind: 'joined', conn: id });
			return room.join(conn);
		});

	ws.on('message', (data: Buffer) => {
		let frame;
		try {
			frame = decodeToOwner(new Uint8Array(data));
		} catch {
			ws.close(1003, 'malformed link frame');
			return;
		}
		const id = frame.conn;
		if (frame.kind === 'open') {
			if (linked.has(id)) return void ws.close(1003, 'a connection opened twice');
			const entry: Linked = { conn: null, queue: Promise.resolve(), gone: false };
			linked.set(id, entry);
			entry.queue = open(id, frame.token).catch((err: unknown) => {
				logFailure('a linked board connection failed', { boardId: room.boardId }, err);
				if (!entry.gone) leave(id, entry);
				down({ kind: 'close', conn: id, code: 1011, reason: 'the board could not be opened' });
			});
			return;
		}
		const entry = linked.get(id);
		if (!entry) return;
		if (frame.kind === 'close') return leave(id, entry);
		const { message } = frame;
		entry.queue = entry.queue.then(() => {
			if (!entry.conn || entry.gone) return;
			try {
				room.receive(entry.conn, message);
			} catch (err) {
				console.warn(
					`[waitwise] board ${room.boardId}: malformed message from user ${entry.conn.user.id}:`,
					(err as Error).message
				);
				leave(id, entry);
				down({ kind: 'close', conn: id, code: 1003, reason: 'malformed message' });
			}
		});
	});
	ws.on('close', () => {
		for (const [id, entry] of linked) leave(id, entry);
	});
	ws.on('error', () => ws.terminate());
}
