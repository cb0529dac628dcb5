import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server, type ServerOptions } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { database } from '../db';
import {
	cookieFromHeader,
	SESSION_COOKIE,
	sessionIdOf,
	userForSession,
	type SessionUser
} from '../src/lib/server/auth';
import { RecentSessions } from '../src/lib/server/recentSessions';
import { registerRealtime, type RealtimeServer } from '../src/lib/server/realtime';
import { mayUse, socketEntry, type Role } from '../src/lib/access';
import { roleRoom, userRoom } from '../src/lib/contracts/realtime/events';
import { DISPLAY_NAMESPACE } from '../src/lib/contracts/realtime/display';
import { closeAllRooms } from '../src/lib/server/planner/room';
import { isAllowedOrigin } from '../src/lib/server/origin';
import { attachDisplays, type DisplayService } from '../src/lib/server/displays/service';
import { endsSession, holdSession, onSessionsEnded } from '../src/lib/server/sessionEvents';
import { startSessionSweep } from '../src/lib/server/sessionSweep';
import { cluster, type Cluster } from '../src/lib/server/cluster/redis';
import { followClusterChanges } from '../src/lib/server/changes';
import { followClusterSessionEnds } from '../src/lib/server/sessionEvents';
import { LINK_PATH } from '../src/lib/server/planner/boardLink';
import { createYjsService } from './yjs';

/** Handles an authenticated websocket upgrade under /yjs/ (filled by the live-board service). */
export type YjsUpgradeHandler = (
	req: IncomingMessage,
	socket: Duplex,
	head: Buffer,
	user: SignedInUser & { token: string }
) => void;

/** The user of a connection and the session it was opened with (closed when that ends). */
export type SignedInUser = SessionUser & { sessionId: string };

export interface Realtime {
	io: RealtimeServer;
	displays: DisplayService;
	close(): Promise<void>;
}

let recent: RecentSessions | undefined;

/**
 * The signed-in user of a websocket upgrade or socket.io handshake. While the database cannot
 * answer, a session this instance checked lately still opens a loaded board (it stays readable
 * through an outage); the database decides whenever it can.
 */
export async function authenticateRequest(req: IncomingMessage): Promise<SignedInUser | null> {
	const token = cookieFromHeader(req.headers.cookie, SESSION_COOKIE);
	return token ? authenticateToken(token) : null;
}

/** The signed-in user of a session token (a board's owner checks each linked client's again). */
export async function authenticateToken(token: string): Promise<SignedInUser | null> {
	recent ??= new RecentSessions();
	const sessionId = sessionIdOf(token);
	let session: Awaited<ReturnType<typeof userForSession>>;
	try {
		const open = await database();
		session = await userForSession(open.db, token);
	} catch (err) {
		const user = recent.recall(sessionId);
		if (user) return { ...user, sessionId };
		throw err;
	}
	if (!session) {
		recent.forget(sessionId);
		return null;
	}
	recent.remember(sessionId, session.user, session.expiresAt);
	return { ...session.user, sessionId: session.sessionId };
}

/**
 * Whether a websocket upgrade or socket.io handshake may act with the cookie it carries. Browsers
 * always send Origin on these; a missing one is a non-browser client, which no other site's page
 * can be, so it is let through to the cookie check.
 */
export function upgradeOriginAllowed(req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	return origin === undefined || isAllowedOrigin(origin, req.headers.host);
}

/** Refuses an upgrade with a plain HTTP status before any websocket is opened. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
	// The client may reset the connection as soon as it reads the status (a refused reconnect).
	socket.on('error', () => {});
	const reason =
		{ 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[
			status
		] ?? 'Error';
	socket.end(
		`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`
	);
}

export interface RealtimeOptions {
	/** How often open connections' sessions are checked against the database (tests). */
	sessionSweepMs?: number;
}

/**
 * socket.io across instances (multi-instance mode): every emit, room broadcast and
 * `disconnectSockets` goes through a Redis stream under the deployment's prefix, so it reaches
 * the sockets on every instance; the stream survives a short Redis outage without losing packets.
 *
 * No sticky sessions: in this mode the server accepts the websocket transport only. HTTP
 * long-polling spreads one connection over many requests, which a load balancer without
 * affinity sends to different instances (and they do not know the session id); a websocket is
 * one connection that stays on the instance it reached. Both browser clients already open with
 * `transports: ['websocket']` (src/lib/realtime/socket.ts, src/lib/displays/screen.svelte.ts).
 */
function clusterOptions(shared: Cluster): Partial<ServerOptions> {
	return {
		transports: ['websocket'],
		adapter: createAdapter(shared.duplicate(), {
			streamName: shared.key('socket.io'),
			channelPrefix: shared.key('socket.io'),
			sessionKeyPrefix: `${shared.key('socket.io', 'session')}:`
		})
	};
}

/**
 * Attaches socket.io (/socket.io) and the Yjs upgrade route (/yjs/…) to an HTTP server. Dev
 * (Vite) and production call this same function. Upgrades for other paths are left alone, so
 * Vite's HMR socket keeps working (STYLE.md rule 8). In multi-instance mode (the cluster is
 * started first) socket.io goes across instances, and changes and ended sessions announced on
 * another instance are heard here.
 */
export function attachRealtime(httpServer: HttpServer, options: RealtimeOptions = {}): Realtime {
	const shared = cluster();
	const io: RealtimeServer = new Server(httpServer, {
		path: '/socket.io',
		serveClient: false,
		// engine.io would otherwise destroy upgrades it does not own, such as /yjs/ and Vite's HMR
		destroyUpgrade: false,
		maxHttpBufferSize: 64 * 1024,
		// every namespace (the office display's too) shares this engine, so one check covers all
		allowRequest: (req, callback) => callback(null, upgradeOriginAllowed(req)),
		...(shared ? clusterOptions(shared) : {})
	});

	const connect = socketEntry('/', 'connect');
	io.use((socket, next) => {
		authenticateRequest(socket.request)
			.then((user) => {
				if (!user) return next(new Error('unauthorised: sign in first'));
				if (!connect || !mayUse(connect, user.role)) return next(new Error('forbidden'));
				socket.data.userId = user.id;
				socket.data.role = user.role;
				socket.data.sessionId = user.sessionId;
				next();
			})
			.catch((err: unknown) => next(err instanceof Error ? err : new Error(String(err))));
	});
	io.on('connection', (socket) => {
		void socket.join([roleRoom(socket.data.role), userRoom(socket.data.userId)]);
		// A client may send only the events the access table declares for its role.
		socket.use(([event], next) => {
			const entry = socketEntry('/', String(event));
			if (entry?.from === 'client' && mayUse(entry, socket.data.role as Role)) return next();
			next(new Error(`${String(event)}: not an event this connection may send`));
		});
		socket.on('error', () => socket.disconnect(true));
		socket.once('disconnect', holdSession(socket.data.sessionId));
	});
	// A session that ends (sign-out, an admin, a role change, expiry) takes its sockets with it.
	const stopListening = onSessionsEnded((event) => {
		for (const socket of io.of('/').sockets.values()) {
			if (endsSession(event, socket.data.sessionId, socket.data.userId)) socket.disconnect(true);
		}
	});
	const sweep = startSessionSweep({ everyMs: options.sessionSweepMs });
	const unfollow = shared ? [followClusterChanges(shared), followClusterSessionEnds(shared)] : [];

	// Office displays: a namespace of their own, authenticated by display token, not session.
	const displays = attachDisplays(io);
	const yjs = createYjsService();

	const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		const path = (req.url ?? '').split('?')[0];
		// another instance's link to a board this one owns: each client on it is checked by itself
		if (path.startsWith(LINK_PATH)) return yjs.handleLink(req, socket, head);
		if (!path.startsWith('/yjs/')) return;
		if (!upgradeOriginAllowed(req))
			return refuseUpgrade(socket, 403, 'This address may not open boards');
		const token = cookieFromHeader(req.headers.cookie, SESSION_COOKIE);
		if (!token) return refuseUpgrade(socket, 401, 'Sign in first');
		authenticateToken(token)
			.then((user) => {
				if (!user) return refuseUpgrade(socket, 401, 'Sign in first');
				yjs.handleUpgrade(req, socket, head, { ...user, token });
			})
			.catch(() => refuseUpgrade(socket, 503, 'The database is unavailable'));
	};
	httpServer.on('upgrade', onUpgrade);
	registerRealtime(io);

	return {
		io,
		displays,
		async close() {
			httpServer.off('upgrade', onUpgrade);
			for (const stop of unfollow) stop();
			stopListening();
			sweep.close();
			displays.close();
			yjs.close();
			await closeAllRooms();
			registerRealtime(undefined);
			// io.close() would also close the HTTP server, which the caller owns and drains. Only
			// this instance's sockets: with the adapter, a plain disconnectSockets cuts every instance's.
			io.local.disconnectSockets(true);
			io.engine.close();
			// the adapters' Redis readers stop with them (each namespace has one)
			await Promise.all([io.of('/'), io.of(DISPLAY_NAMESPACE)].map((ns) => ns.adapter.close()));
		}
	};
}
