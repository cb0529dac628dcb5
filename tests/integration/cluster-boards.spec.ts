/**
 * Issue 17, live boards across instances: real board servers (child processes) on one PostgreSQL
 * database of the test's own and one Redis (the test's own prefix), real y-websocket clients.
 *
 * - clients of one board on two instances: every edit reaches every client; the owner alone
 *   checks the rules (the conflict is written once) and persists (each edit stored once);
 * - kill -9 of the owner mid-edit: the other instance takes the board over once the lease
 *   expires, the clients reconnect through a balancer, and every accepted edit is in the database;
 * - one instance cut off from Redis: it steps down, its clients reconnect to the other one;
 * - Redis killed (-9) mid-edit and started again empty: the board comes back (clients on both
 *   instances see each other's new edits), nothing accepted is lost or stored twice, and socket.io
 *   events cross instances again.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { Redis } from 'ioredis';
import type { Socket as ClientSocket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { startBalancer, type Balancer } from '../chaos/balancer';
import { seedChaosBoard, type ChaosBoard } from '../chaos/board';
import {
	closeAllClients,
	openBoardClient,
	seededRandom,
	sleep,
	startEditing,
	waitFor,
	type BoardClient,
	type Editing
} from '../chaos/clients';
import {
	compareWithWatcher,
	covers,
	describeComparison,
	reloadBoard,
	type Comparison
} from '../chaos/compare';
import { postgresDatabase, type ChaosDatabase } from '../chaos/database';
import {
	freePort,
	killAllServers,
	serverLog,
	startBoardServer,
	type BoardServerProcess
} from '../chaos/serverProcess';
import { killAllRedis, startRedisServer } from '../chaos/redisServer';
import { connectSocketAs } from './liveServer';
import { dropPrefix, ensureRedis, testRedisPrefix } from './redis';
import { SHARED_POSTGRES_URL } from './databases';

const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ONLINE_MS = 20_000;
const UNKNOWN_PATHWAY = 999_999;

let redisUrl: string;
const prefixes: string[] = [];
const databases: ChaosDatabase[] = [];
const balancers: Balancer[] = [];

beforeAll(async () => {
	redisUrl = await ensureRedis();
});
afterEach(async () => {
	closeAllClients();
	killAllServers();
	killAllRedis();
	await Promise.all(balancers.splice(0).map((b) => b.close()));
});
afterAll(async () => {
	await Promise.all(databases.map((d) => d.drop()));
	await Promise.all(prefixes.map((p) => dropPrefix(redisUrl, p)));
});

/** A database with the chaos board, and a cluster prefix, for one test. */
async function setUp(name: string): Promise<{ database: ChaosDatabase; board: ChaosBoard }> {
	const database = await postgresDatabase(SHARED_POSTGRES_URL);
	databases.push(database);
	const board = await database.with(seedChaosBoard);
	prefixes.push(testRedisPrefix(name));
	return { database, board };
}

async function startInstance(
	database: ChaosDatabase,
	id: string,
	redis = redisUrl,
	env: Record<string, string> = {}
): Promise<BoardServerProcess> {
	return startBoardServer({
		port: await freePort(),
		databaseUrl: database.url,
		dataDir: mkdtempSync(join(tmpdir(), `ww-cluster-${id}-`)),
		env: { REDIS_URL: redis, REDIS_PREFIX: prefixes.at(-1)!, INSTANCE_ID: id, ...env }
	});
}

async function online(...clients: BoardClient[]): Promise<boolean> {
	return waitFor(() => clients.every((c) => c.online()), ONLINE_MS);
}

/** Stops the editor; resolves once the watcher holds everything it made. */
async function settle(editing: Editing, editor: BoardClient, watcher: BoardClient): Promise<void> {
	await sleep(300);
	editing.stop();
	expect(
		await waitFor(() => covers(watcher.doc, editor.doc), ONLINE_MS),
		'the watcher catches up'
	).toBe(true);
	closeAllClients();
}

/** Every edit relayed to the watcher (every accepted edit) is in the database. */
function expectNothingLost(comparison: Comparison, what: string): void {
	console.log(`[cluster] ${what}, seed ${SEED}: ${describeComparison(comparison)}`);
	expect(comparison.editsChecked, 'the watcher saw edits').toBeGreaterThan(0);
	expect(
		comparison,
		`${describeComparison(comparison)}\n${serverLog.slice(-20).join('\n')}`
	).toMatchObject({ editsLost: 0, structsLost: 0, deletionsLost: 0, pending: false });
}

/** Every stored update row of the board, decoded. */
async function storedUpdates(open: OpenDatabase, boardId: number) {
	const rows = await open.query<{ update: Uint8Array }>(
		'select update from board_updates where board_id = $1 order by id',
		[boardId]
	);
	return rows.map((r) => Y.decodeUpdate(new Uint8Array(r.update)));
}

/** How many times the stored log writes a conflict of `kind`, and any struct stored twice. */
async function storedTwice(open: OpenDatabase, boardId: number, kind: string) {
	let conflictWrites = 0;
	let structsStoredTwice = 0;
	const seen = new Set<string>();
	for (const { structs } of await storedUpdates(open, boardId)) {
		for (const s of structs) {
			if (!(s instanceof Y.Item)) continue;
			if (
				s.content instanceof Y.ContentAny &&
				s.content.arr.some((v) => (v as { kind?: unknown } | null)?.kind === kind)
			)
				conflictWrites++;
			for (let clock = s.id.clock; clock < s.id.clock + s.length; clock++) {
				const id = `${s.id.client}:${clock}`;
				if (seen.has(id)) structsStoredTwice++;
				seen.add(id);
			}
		}
	}
	return { conflictWrites, structsStoredTwice };
}

/** Closes the clients, stops the instances, and reloads the board as stored. */
async function stopAndReload(
	database: ChaosDatabase,
	board: ChaosBoard,
	instances: BoardServerProcess[]
): Promise<{ reloaded: Y.Doc; twice: Awaited<ReturnType<typeof storedTwice>> }> {
	closeAllClients();
	await Promise.all(instances.map((i) => i.stop()));
	return database.with(async (open) => ({
		reloaded: await reloadBoard(open, board.boardId),
		twice: await storedTwice(open, board.boardId, 'unknown-pathway')
	}));
}

/**
 * How many times the reloaded board's `kind` conflicts were written: every item ever set under
 * their keys (an overwritten one stays as a deleted item, also after compaction into a snapshot).
 */
function conflictWritesIn(doc: Y.Doc, kind: string): number {
	const conflicts = doc.getMap<{ kind?: string }>('conflicts');
	let writes = 0;
	for (const [key, value] of conflicts) {
		if (value.kind !== kind) continue;
		for (let item = conflicts._map.get(key) ?? null; item; item = item.left) writes++;
	}
	return writes;
}

describe('live boards across instances (PostgreSQL + Redis)', () => {
	it('spreads every edit to clients on both instances, checking and storing it once', async () => {
		const { database, board } = await setUp('boards-two');
		const [a, b] = await Promise.all([startInstance(database, 'a'), startInstance(database, 'b')]);
		const [cora, cody] = board.coordinators;
		const onA = openBoardClient(a.wsUrl, board.boardId, cora.cookie);
		expect(await online(onA), 'the first client syncs (instance a takes the board)').toBe(true);
		const onB = openBoardClient(b.wsUrl, board.boardId, cody.cookie);
		const watchA = openBoardClient(a.wsUrl, board.boardId, board.manager.cookie);
		const watchB = openBoardClient(b.wsUrl, board.boardId, board.manager.cookie);
		expect(await online(onB, watchA, watchB), 'every client syncs').toBe(true);

		// a rule the server checks: a pathway that is not on the board's waiting list
		onB.doc.getMap('allocations').set(String(UNKNOWN_PATHWAY), {
			sessionId: board.sessionIds[0],
			by: cody.user,
			at: new Date().toISOString()
		});
		const random = seededRandom(SEED);
		const editing = [
			startEditing(onA, { ...board, by: cora.user, random, everyMs: 25 }),
			startEditing(onB, { ...board, by: cody.user, random, everyMs: 25 })
		];
		await sleep(1000);
		editing.forEach((e) => e.stop());

		const everyone = [onA, onB, watchA, watchB];
		const conflictSeen = (c: BoardClient) =>
			[...c.doc.getMap<{ kind: string }>('conflicts').values()].some(
				(v) => v.kind === 'unknown-pathway'
			);
		expect(
			await waitFor(
				() => everyone.every((c) => covers(c.doc, onA.doc) && covers(c.doc, onB.doc)),
				ONLINE_MS
			),
			'every client holds every edit of both editors'
		).toBe(true);
		expect(
			await waitFor(() => everyone.every(conflictSeen), ONLINE_MS),
			'every client sees the rule conflict'
		).toBe(true);
		const { reloaded, twice } = await stopAndReload(database, board, [a, b]);
		expectNothingLost(
			compareWithWatcher(watchB.doc, reloaded),
			`two instances, ${editing[0].count + editing[1].count} edits, conflict written ` +
				`${twice.conflictWrites}×, ${twice.structsStoredTwice} structs stored twice`
		);
		expect(twice, serverLog.slice(-20).join('\n')).toEqual({
			conflictWrites: 1,
			structsStoredTwice: 0
		});
	}, 60_000);

	it('takes the board over when its owner is killed mid-edit, losing no accepted edit', async () => {
		const { database, board } = await setUp('boards-kill');
		const [a, b] = await Promise.all([startInstance(database, 'a'), startInstance(database, 'b')]);
		const balancer = await startBalancer([
			Number(new URL(a.url).port),
			Number(new URL(b.url).port)
		]);
		balancers.push(balancer);
		// in turn: the watcher reaches a (which takes the board), the editor b (piped to a)
		const watcher = openBoardClient(balancer.wsUrl, board.boardId, board.manager.cookie);
		expect(await online(watcher), 'the watcher syncs').toBe(true);
		const [cora] = board.coordinators;
		const editor = openBoardClient(balancer.wsUrl, board.boardId, cora.cookie);
		expect(await online(editor), 'the editor syncs').toBe(true);
		const random = seededRandom(SEED);
		const editing = startEditing(editor, { ...board, by: cora.user, random, everyMs: 10 });
		await sleep(300 + random() * 500);

		await a.kill();
		const killed = Date.now();
		const dropped = await Promise.all(
			[watcher, editor].map((c) => waitFor(() => !c.online(), ONLINE_MS, 2))
		);
		expect(dropped, 'both clients lose the killed owner').toEqual([true, true]);
		expect(await online(watcher, editor), 'both clients are back, on instance b').toBe(true);
		const takeover = Date.now() - killed;
		await settle(editing, editor, watcher);
		await b.stop();

		expectNothingLost(
			compareWithWatcher(
				watcher.doc,
				await database.with((open) => reloadBoard(open, board.boardId))
			),
			`kill -9 of the owner, ${editing.count} edits, takeover (both clients synced again ` +
				`on the other instance) ${takeover} ms`
		);
	}, 60_000);

	it('steps down when cut off from Redis; its clients reconnect to the other instance', async () => {
		const { database, board } = await setUp('boards-cut');
		// instance a reaches Redis through a link the test can cut
		const link = await startBalancer([Number(new URL(redisUrl).port || 6379)]);
		balancers.push(link);
		const [a, b] = await Promise.all([
			startInstance(database, 'a', `redis://127.0.0.1:${link.port}`),
			startInstance(database, 'b')
		]);
		const balancer = await startBalancer([
			Number(new URL(a.url).port),
			Number(new URL(b.url).port)
		]);
		balancers.push(balancer);
		const [cora] = board.coordinators;
		const editor = openBoardClient(balancer.wsUrl, board.boardId, cora.cookie);
		expect(await online(editor), 'the editor syncs (instance a takes the board)').toBe(true);
		const watcher = openBoardClient(b.wsUrl, board.boardId, board.manager.cookie);
		expect(await online(watcher), 'the watcher syncs on b, piped to a').toBe(true);
		const random = seededRandom(SEED);
		const editing = startEditing(editor, { ...board, by: cora.user, random, everyMs: 20 });
		await sleep(500);

		await link.close();
		const cut = Date.now();
		// a steps down and closes its connections: the editor drops, then is back (on b)
		expect(await waitFor(() => !editor.online(), ONLINE_MS), 'instance a lets go').toBe(true);
		const steppedDown = Date.now() - cut;
		expect(await online(editor, watcher), 'both clients are back, served by b').toBe(true);
		const back = Date.now() - cut;
		expect(a.exitStatus(), 'instance a keeps running').toBeNull();
		await settle(editing, editor, watcher);
		await b.stop();
		await a.kill();

		expectNothingLost(
			compareWithWatcher(
				watcher.doc,
				await database.with((open) => reloadBoard(open, board.boardId))
			),
			`instance cut off from Redis, ${editing.count} edits, stepped down after ` +
				`${steppedDown} ms, clients back after ${back} ms`
		);
	}, 60_000);

	it('recovers when Redis is killed mid-edit and started again empty, losing nothing', async () => {
		const { database, board } = await setUp('boards-redis-restart');
		// a Redis of the test's own, so it can be killed and started again (it keeps nothing)
		const redis = await startRedisServer();
		const control = { BOARD_SERVER_CONTROL: '1' };
		const [a, b] = await Promise.all([
			startInstance(database, 'a', redis.url, control),
			startInstance(database, 'b', redis.url, control)
		]);
		const balancer = await startBalancer([
			Number(new URL(a.url).port),
			Number(new URL(b.url).port)
		]);
		balancers.push(balancer);
		// in turn: the watcher reaches a (which takes the board), cora b (piped to a), cody a
		const [cora, cody] = board.coordinators;
		const watcher = openBoardClient(balancer.wsUrl, board.boardId, board.manager.cookie);
		expect(await online(watcher), 'the watcher syncs').toBe(true);
		const onB = openBoardClient(balancer.wsUrl, board.boardId, cora.cookie);
		expect(await online(onB), 'the editor on b syncs').toBe(true);
		const onA = openBoardClient(balancer.wsUrl, board.boardId, cody.cookie);
		expect(await online(onA), 'the editor on a syncs').toBe(true);
		// a rule the owner checks, written once into the conflicts map
		onA.doc.getMap('allocations').set(String(UNKNOWN_PATHWAY), {
			sessionId: board.sessionIds[0],
			by: cody.user,
			at: new Date().toISOString()
		});

		// a socket.io client on b, and a change published on a that it hears: as a socket.io event
		// (through the Redis Streams adapter), and as b's own dashboards marked stale (through the
		// change bus's pub/sub, which b must subscribe to again on the restarted Redis)
		const socket: ClientSocket = connectSocketAs(b.url, board.manager.cookie);
		const heard: string[] = [];
		let recordsStale = 0;
		socket.on('records:changed', (change: { reason: string }) => heard.push(change.reason));
		socket.on('dashboard:changed', (change: { scopes: string[] }) => {
			if (change.scopes.includes('records')) recordsStale++;
		});
		expect(await waitFor(() => socket.connected, ONLINE_MS), 'socket.io connects to b').toBe(true);
		const publishOnA = async (reason: string) => {
			const res = await fetch(`${a.url}/control/publish`, {
				method: 'POST',
				body: JSON.stringify({ kind: 'recordsChanged', reason, requestIds: [1] })
			});
			expect(res.status, await res.text()).toBe(204);
		};
		await publishOnA('before');
		expect(
			await waitFor(() => heard.includes('before'), ONLINE_MS),
			'an event published on a reaches b'
		).toBe(true);
		expect(
			await waitFor(() => recordsStale > 0, ONLINE_MS),
			"b's dashboards hear of a change on a"
		).toBe(true);

		const random = seededRandom(SEED);
		const editing = [
			startEditing(onA, { ...board, by: cody.user, random, everyMs: 25 }),
			startEditing(onB, { ...board, by: cora.user, random, everyMs: 25 })
		];
		await sleep(500 + random() * 500);

		await redis.kill();
		const killed = Date.now();
		await sleep(2500);
		await redis.start();
		const restarted = Date.now();

		// recovered: each editor holds the other's edits made after Redis came back
		const copy = (doc: Y.Doc) => {
			const snapshot = new Y.Doc();
			Y.applyUpdate(snapshot, Y.encodeStateAsUpdate(doc));
			return snapshot;
		};
		await sleep(100);
		const [afterA, afterB] = [copy(onA.doc), copy(onB.doc)];
		// the restarted Redis is empty: a lease there was taken after the restart
		const check = new Redis(redis.url);
		const leaseKey = `${prefixes.at(-1)!}:board:${board.boardId}:owner`;
		let owner: string | null = null;
		expect(
			await waitFor(
				async () =>
					(owner = await check.get(leaseKey)) !== null &&
					[watcher, onA, onB].every((c) => c.online()) &&
					covers(onB.doc, afterA) &&
					covers(onA.doc, afterB) &&
					covers(watcher.doc, afterA) &&
					covers(watcher.doc, afterB),
				ONLINE_MS
			),
			`the board recovers: every client holds both editors' new edits\n${serverLog.slice(-30).join('\n')}`
		).toBe(true);
		const recovered = Date.now();
		expect([a.exitStatus(), b.exitStatus()], 'both instances keep running').toEqual([null, null]);
		// the change bus is pub/sub: a message sent before an instance has subscribed again is not
		// replayed to it (changes.ts), so both must be listening on the restarted Redis again
		const busChannels = ['changes', 'sessions-ended'].map((c) => `${prefixes.at(-1)!}:bus:${c}`);
		const listeners = async () =>
			(await check.pubsub('NUMSUB', ...busChannels)).filter((_, i) => i % 2 === 1).map(Number);
		expect(
			await waitFor(async () => (await listeners()).every((n) => n === 2), ONLINE_MS),
			`both instances listen on the change bus again (listeners: ${String(await listeners())})`
		).toBe(true);
		const resubscribed = Date.now();
		check.disconnect();

		// socket.io across instances again: a new event from a reaches the client on b, once
		expect(socket.connected, 'the socket.io client on b stays connected').toBe(true);
		const staleBefore = recordsStale;
		await publishOnA('after');
		expect(
			await waitFor(() => heard.includes('after'), ONLINE_MS),
			`an event published on a reaches b after the restart\n${serverLog.slice(-30).join('\n')}`
		).toBe(true);
		expect(
			await waitFor(() => recordsStale > staleBefore, ONLINE_MS),
			`b's dashboards hear of a change on a after the restart\n${serverLog.slice(-30).join('\n')}`
		).toBe(true);
		await sleep(500);
		expect(heard, 'each event heard once').toEqual(['before', 'after']);
		socket.disconnect();

		await sleep(300);
		editing.forEach((e) => e.stop());
		expect(
			await waitFor(
				() =>
					covers(watcher.doc, onA.doc) &&
					covers(watcher.doc, onB.doc) &&
					covers(onA.doc, onB.doc) &&
					covers(onB.doc, onA.doc),
				ONLINE_MS
			),
			'every client catches up'
		).toBe(true);
		const { reloaded, twice } = await stopAndReload(database, board, [a, b]);
		expectNothingLost(
			compareWithWatcher(watcher.doc, reloaded),
			`Redis killed and restarted empty (down ${restarted - killed} ms, board then owned by ` +
				`${String(owner).split(' ')[0]}), ` +
				`${editing[0].count + editing[1].count} edits, recovered ${recovered - restarted} ms ` +
				`after the restart (${recovered - killed} ms after the kill), both instances on the ` +
				`change bus again ${resubscribed - restarted} ms after the restart, conflict written ` +
				`${conflictWritesIn(reloaded, 'unknown-pathway')}×, ` +
				`${twice.structsStoredTwice} structs stored twice in the log's tail`
		);
		// the owner that took the board over found the conflict in place and wrote nothing again
		// (the log may have been compacted into a snapshot: counted in the reloaded board)
		expect(
			{
				conflictWrites: conflictWritesIn(reloaded, 'unknown-pathway'),
				structsStoredTwice: twice.structsStoredTwice
			},
			serverLog.slice(-20).join('\n')
		).toEqual({ conflictWrites: 1, structsStoredTwice: 0 });
	}, 60_000);
});
