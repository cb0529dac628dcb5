/**
 * Two real instances (child processes) on one PostgreSQL database and one Redis prefix, with real
 * socket.io and y-websocket clients: what is caused on instance A reaches the clients connected to
 * B, once each. B's session sweep is slowed to an hour, so only the cluster can close its
 * connections when a session ends on A. PostgreSQL is the machine's (TEST_DATABASE_URL, else
 * 127.0.0.1:5432): multi-instance mode needs it, so this file makes a database of its own there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type OpenDatabase } from '../../db';
import type { SessionUser } from '../../src/lib/server/auth';
import { createDisplay } from '../../src/lib/server/displays/access';
import { DISPLAY_NAMESPACE } from '../../src/lib/contracts/realtime/display';
import {
	freePort,
	killAllServers,
	serverLog,
	startBoardServer,
	type BoardServerProcess
} from '../chaos/serverProcess';
import { createPostgresDatabase, SHARED_POSTGRES_URL } from './databases';
import { addEntBoard, loadFixture } from './fixtures';
import { connectBoard, connectSocketAs, eventually, signedInUser, synced } from './liveServer';
import { dropPrefix, ensureRedis, testRedisPrefix } from './redis';

/** Time for a second copy of an event to arrive, were there one; not an assertion on speed. */
const SETTLE_MS = 500;
const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

describe('two instances share socket.io, the change bus and session ends', () => {
	let redisUrl: string;
	const prefix = testRedisPrefix('realtime');
	let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
	let open: OpenDatabase;
	let dataDir: string;
	let a: BoardServerProcess;
	let b: BoardServerProcess;
	let admin: SessionUser;
	let boardId: number;
	const clients: { disconnect(): void }[] = [];

	async function control(server: BoardServerProcess, path: string, body: unknown) {
		const res = await fetch(`${server.url}/control/${path}`, {
			method: 'POST',
			body: JSON.stringify(body)
		});
		expect(res.status, await res.text()).toBe(204);
	}

	/** A socket.io client on an instance, counting what it hears by event. */
	async function watch(server: BoardServerProcess, cookie: string) {
		const socket = connectSocketAs(server.url, cookie);
		clients.push(socket);
		const heard: { event: string; args: unknown[] }[] = [];
		socket.onAny((event: string, ...args: unknown[]) => heard.push({ event, args }));
		await eventually(() => socket.connected, 'the socket.io connection', 10_000);
		return { socket, heard, count: (event: string) => heard.filter((h) => h.event === event) };
	}

	/** A display connected to an instance, once it has been sent its first figures. */
	async function displayOn(server: BoardServerProcess, name: string) {
		const { display, token } = await createDisplay(open.db, admin, {
			name,
			panels: ['breach-tiles'],
			rotateSeconds: 20
		});
		const socket: Socket = connectSocket(`${server.url}${DISPLAY_NAMESPACE}`, {
			path: '/socket.io',
			transports: ['websocket'],
			auth: { displayId: display.id, token },
			reconnection: false,
			forceNew: true
		});
		clients.push(socket);
		await new Promise((resolve) => socket.once('display:data', resolve));
		return { display, socket };
	}

	beforeAll(async () => {
		redisUrl = await ensureRedis();
		database = await createPostgresDatabase(SHARED_POSTGRES_URL, 'ww_cluster');
		open = await connect(database.url, { max: 2 });
		await loadFixture(open);
		boardId = await addEntBoard(open);
		admin = (await signedInUser(open, 'admin')).user;
		dataDir = mkdtempSync(join(tmpdir(), 'ww-cluster-'));
		const instance = async (id: string) =>
			startBoardServer({
				port: await freePort(),
				databaseUrl: database.url,
				dataDir: join(dataDir, id),
				env: {
					REDIS_URL: redisUrl,
					REDIS_PREFIX: prefix,
					INSTANCE_ID: id,
					BOARD_SERVER_CONTROL: '1',
					SESSION_SWEEP_MS: String(60 * 60 * 1000)
				}
			});
		[a, b] = await Promise.all([instance('a'), instance('b')]);
	}, 60_000);

	afterAll(async () => {
		for (const c of clients) c.disconnect();
		await Promise.all([a?.stop(), b?.stop()]);
		killAllServers();
		await open?.close();
		await database?.drop();
		await dropPrefix(redisUrl, prefix);
		rmSync(dataDir, { recursive: true, force: true });
	}, 60_000);

	it('sends an event caused on A to the clients on both instances, once each', async () => {
		const { cookie } = await signedInUser(open, 'manager');
		const [onA, onB] = await Promise.all([watch(a, cookie), watch(b, cookie)]);
		const change = (reason: string) => ({ kind: 'recordsChanged', reason, requestIds: [1] });
		await control(a, 'publish', change('first'));
		await control(a, 'publish', change('second'));
		const reasons = (w: typeof onA) =>
			w.count('records:changed').map((h) => (h.args[0] as { reason: string }).reason);
		await eventually(
			() => [onA, onB].every((w) => reasons(w).includes('second')),
			'both clients hear the second change',
			10_000
		);
		await settle();
		expect(reasons(onB), serverLog.slice(-20).join('\n')).toEqual(['first', 'second']);
		expect(reasons(onA)).toEqual(['first', 'second']);
	});

	it('marks dashboards stale on B for a change published on A, and tells each watcher once', async () => {
		const { cookie } = await signedInUser(open, 'manager');
		const [onA, onB] = await Promise.all([watch(a, cookie), watch(b, cookie)]);
		await control(a, 'publish', {
			kind: 'bookingsChanged',
			reason: 'moved',
			specialty: '120',
			sessionIds: [],
			pathwayIds: []
		});
		await eventually(
			() => [onA, onB].every((w) => w.count('dashboard:changed').length > 0),
			'both dashboards hear of the change',
			10_000
		);
		await settle();
		for (const w of [onA, onB]) {
			expect(w.count('dashboard:changed').map((h) => h.args[0])).toEqual([
				expect.objectContaining({ scopes: ['waitlist'] })
			]);
			expect(w.count('waitlist:changed')).toHaveLength(1);
		}
	});

	it('closes the socket.io and /yjs connections on B when the session is signed out on A', async () => {
		const user = await signedInUser(open, 'coordinator');
		const colleague = await signedInUser(open, 'coordinator');
		const mine = await watch(b, user.cookie);
		const theirs = await watch(b, colleague.cookie);
		const board = connectBoard(b.wsUrl, boardId, user.cookie);
		clients.push({ disconnect: () => board.provider.destroy() });
		await synced(board.provider);
		let reason = '';
		mine.socket.once('disconnect', (r) => (reason = r));

		await control(a, 'sign-out', { token: user.cookie.split('=')[1] });
		await eventually(
			() => !mine.socket.connected && !board.provider.wsconnected,
			'both connections on B close',
			10_000
		);
		expect(reason).toBe('io server disconnect');
		// another session of the same role on B is untouched
		expect(theirs.socket.connected).toBe(true);
	});

	it('cuts off a display connected to B when it is revoked on A', async () => {
		const { display, socket } = await displayOn(b, 'Office');
		const revoked: unknown[] = [];
		socket.on('display:revoked', (m: unknown) => revoked.push(m));

		await control(a, 'revoke-display', { actor: admin, displayId: display.id });
		await eventually(() => !socket.connected, 'the display on B is cut off', 10_000);
		expect(revoked).toHaveLength(1);
	});

	it('pushes a display on B its new figures once after a change on A', async () => {
		const { socket } = await displayOn(b, 'Ward');
		let pushes = 0;
		socket.on('display:data', () => pushes++);
		await control(a, 'publish', { kind: 'recordsChanged', reason: 'test', requestIds: [] });
		await eventually(() => pushes > 0, 'the display hears of the change', 10_000);
		await settle();
		expect(pushes).toBe(1);
	});

	// last: it stops A
	it('leaves the clients on B connected when A shuts down', async () => {
		const { cookie } = await signedInUser(open, 'manager');
		const [onA, onB] = await Promise.all([watch(a, cookie), watch(b, cookie)]);
		const { socket: displayOnB } = await displayOn(b, 'Corridor');
		await a.stop();
		await eventually(() => !onA.socket.connected, 'the client on A is disconnected', 10_000);
		await settle();
		expect(onB.socket.connected).toBe(true);
		expect(displayOnB.connected).toBe(true);
	});
});
