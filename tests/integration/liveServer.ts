/**
 * A real HTTP server with the app's socket.io and /yjs/ endpoints on a loopback port, over a
 * real database, for tests that need real websockets between real clients.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectSocket, type Socket as ClientSocket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { registerDatabase, type OpenDatabase } from '../../db';
import { attachRealtime, type Realtime } from '../../server/realtime';
import { createSession, createUser, type Role } from '../../src/lib/server/auth';
import { SESSION_COOKIE } from '../../src/lib/server/auth';
import { upgradeStatusAt } from '../upgradeStatus';

export interface LiveServer {
	url: string;
	wsUrl: string;
	server: Server;
	realtime: Realtime;
	close(): Promise<void>;
}

export async function startLiveServer(open: OpenDatabase): Promise<LiveServer> {
	registerDatabase(open);
	const server = createServer((_req, res) => {
		res.writeHead(404);
		res.end();
	});
	const realtime = attachRealtime(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}/yjs`,
		server,
		realtime,
		async close() {
			await realtime.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

let userCount = 0;

/** A user of the given role with a live session; returns the Cookie header value. */
export async function signedInUser(
	open: OpenDatabase,
	role: Role,
	name = `${role} ${++userCount}`
) {
	const user = await createUser(
		open.db,
		{
			email: `${role}${userCount}-${Date.now()}@example.test`,
			name,
			role,
			password: 'a long test password'
		},
		null
	);
	const { token } = await createSession(open.db, user.id);
	return { user, cookie: `${SESSION_COOKIE}=${token}` };
}

/** A y-websocket client in Node sending the sign-in cookie on the upgrade. */
export function connectBoard(wsUrl: string, boardId: number, cookie: string, doc = new Y.Doc()) {
	class CookieWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie } });
		}
	}
	const provider = new WebsocketProvider(wsUrl, String(boardId), doc, {
		WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 200
	});
	return { doc, provider };
}

export function synced(provider: WebsocketProvider): Promise<void> {
	if (provider.synced) return Promise.resolve();
	return new Promise((resolve) => {
		const on = (isSynced: boolean) => {
			if (!isSynced) return;
			provider.off('sync', on);
			resolve();
		};
		provider.on('sync', on);
	});
}

/** Waits until `predicate` holds, polling; fails with `what` after the timeout. */
export async function eventually(
	predicate: () => boolean,
	what: string,
	timeoutMs = 5000
): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

/** The HTTP status of a raw upgrade attempt (the socket should never open when refused). */
export function upgradeStatus(
	wsUrl: string,
	boardId: number | string,
	cookie?: string
): Promise<number> {
	return upgradeStatusAt(`${wsUrl}/${boardId}`, cookie ? { cookie } : {});
}

/** A socket.io client signed in with the cookie (no reconnection: tests see every close). */
export function connectSocketAs(url: string, cookie: string): ClientSocket {
	return connectSocket(url, {
		path: '/socket.io',
		transports: ['websocket'],
		extraHeaders: { cookie },
		reconnection: false,
		forceNew: true
	});
}
