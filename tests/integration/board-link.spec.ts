/**
 * Issue 17, the link between a board's owner and another instance holding some of its clients
 * (src/lib/server/planner/boardLink.ts): a real board server (child process) on PostgreSQL and
 * Redis owns the board; this test plays the other instance with a raw websocket on /yjs-link/.
 *
 * - only another instance may open a link: without the internal header it is refused;
 * - every connection on a link is checked by the owner: a forged or ended session is closed, and
 *   a link with no accepted connection is sent nothing of the board;
 * - what goes to every client goes down a link once, however many of its clients it carries;
 * - a lease whose owner is gone (nothing listens at its address, or it is the instance's own from
 *   before a restart) is taken over at once, not after the lease's time runs out.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedChaosBoard, type ChaosBoard } from '../chaos/board';
import { closeAllClients, openBoardClient, sleep, waitFor } from '../chaos/clients';
import { postgresDatabase, type ChaosDatabase } from '../chaos/database';
import { freePort, killAllServers, startBoardServer } from '../chaos/serverProcess';
import { boardSnapshots } from '../../db/schema';
import { SESSION_COOKIE } from '../../src/lib/server/auth';
import { FORWARDED_HEADER } from '../../src/lib/server/planner/boardOwner';
import {
	decodeToEdge,
	encodeToOwner,
	LINK_PATH,
	type ToEdge
} from '../../src/lib/server/planner/boardLink';
import { SHARED_POSTGRES_URL } from './databases';
import { dropPrefix, ensureRedis, testRedisPrefix } from './redis';

let redisUrl: string;
const prefixes: string[] = [];
const databases: ChaosDatabase[] = [];
const links: WebSocket[] = [];

beforeAll(async () => {
	redisUrl = await ensureRedis();
});
afterEach(() => {
	for (const link of links.splice(0)) link.terminate();
	closeAllClients();
	killAllServers();
});
afterAll(async () => {
	await Promise.all(databases.map((d) => d.drop()));
	await Promise.all(prefixes.map((p) => dropPrefix(redisUrl, p)));
});

/** One instance on a database with the chaos board, under a prefix of the test's own. */
async function instance(name: string, id: string) {
	const database = await postgresDatabase(SHARED_POSTGRES_URL);
	databases.push(database);
	const board: ChaosBoard = await database.with(seedChaosBoard);
	const prefix = testRedisPrefix(name);
	prefixes.push(prefix);
	const port = await freePort();
	const server = await startBoardServer({
		port,
		databaseUrl: database.url,
		dataDir: mkdtempSync(join(tmpdir(), 'ww-link-')),
		env: { REDIS_URL: redisUrl, REDIS_PREFIX: prefix, INSTANCE_ID: id }
	});
	return { server, board, prefix, port };
}

/** An owner instance with the chaos board loaded (one client on it took the board). */
async function owner(name: string) {
	const { server, board } = await instance(name, 'owner');
	const editor = openBoardClient(server.wsUrl, board.boardId, board.coordinators[0].cookie);
	expect(await waitFor(() => editor.online(), 20_000), 'the owner takes the board').toBe(true);
	return { server, board, editor };
}

/** y-websocket: sync (0), then an update (2): what an accepted edit is relayed as. */
const isSyncUpdate = (message: Uint8Array) => message[0] === 0 && message[1] === 2;

/** Not on any board's waiting list: the server flags it, but keeps it. */
const UNKNOWN_PATHWAY = 999_999;

const tokenOf = (cookie: string) => cookie.slice(`${SESSION_COOKIE}=`.length);

/** A raw link to the owner, as another instance opens it; frames received are kept in order. */
async function openLink(serverUrl: string, boardId: number, headers: Record<string, string>) {
	const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}${LINK_PATH}${boardId}`, {
		headers
	});
	links.push(ws);
	const frames: ToEdge[] = [];
	ws.on('message', (data: Buffer) => frames.push(decodeToEdge(new Uint8Array(data))));
	const status = await new Promise<number>((resolve) => {
		ws.once('open', () => resolve(101));
		ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
		ws.once('error', () => resolve(0));
	});
	return { ws, frames, status };
}

/** Makes one edit on the owner's own client: one update every client of the board is sent. */
function edit(board: ChaosBoard, editor: ReturnType<typeof openBoardClient>, n: number): void {
	editor.doc.getMap('allocations').set(String(board.pathwayIds[n % board.pathwayIds.length]), {
		sessionId: board.sessionIds[n % board.sessionIds.length],
		by: board.coordinators[0].user,
		at: new Date().toISOString()
	});
}

describe('the link from another instance to a board owner (PostgreSQL + Redis)', () => {
	it('is refused without the header only instances send', async () => {
		const { server, board } = await owner('link-header');
		const { status } = await openLink(server.url, board.boardId, {});
		expect(status).toBe(403);
	});

	it('closes a connection whose session the owner does not know, and sends such a link nothing', async () => {
		const { server, board, editor } = await owner('link-forged');
		const link = await openLink(server.url, board.boardId, { [FORWARDED_HEADER]: 'edge' });
		expect(link.status).toBe(101);
		link.ws.send(encodeToOwner({ kind: 'open', conn: 1, token: 'not-a-session' }));
		link.ws.send(encodeToOwner({ kind: 'message', conn: 1, message: new Uint8Array([1, 0]) }));
		expect(await waitFor(() => link.frames.length > 0, 10_000)).toBe(true);
		expect(link.frames[0]).toMatchObject({ kind: 'close', conn: 1, code: 1008 });

		// the board goes on changing; a watcher on the owner sees it, the link sees none of it
		const watcher = openBoardClient(server.wsUrl, board.boardId, board.manager.cookie);
		expect(await waitFor(() => watcher.online(), 20_000)).toBe(true);
		for (let n = 0; n < 5; n++) edit(board, editor, n);
		expect(
			await waitFor(() => watcher.doc.getMap('allocations').size >= 3, 10_000),
			'the edits reached the watcher'
		).toBe(true);
		await sleep(300);
		expect(link.frames.map((f) => f.kind)).toEqual(['close']);
	});

	it('sends what every client gets once per link, whatever the number of its clients', async () => {
		const { server, board, editor } = await owner('link-fanout');
		const link = await openLink(server.url, board.boardId, { [FORWARDED_HEADER]: 'edge' });
		const [, cody] = board.coordinators;
		for (const conn of [1, 2, 3])
			link.ws.send(encodeToOwner({ kind: 'open', conn, token: tokenOf(cody.cookie) }));
		expect(
			await waitFor(() => link.frames.filter((f) => f.kind === 'joined').length === 3, 10_000),
			'the owner accepts all three'
		).toBe(true);
		const before = link.frames.length;
		const EDITS = 6;
		for (let n = 0; n < EDITS; n++) {
			edit(board, editor, n);
			await sleep(50);
		}
		const updates = (kind: ToEdge['kind']) =>
			link.frames
				.slice(before)
				.filter((f) => f.kind === kind && 'message' in f && isSyncUpdate(f.message));
		expect(
			await waitFor(() => updates('broadcast').length >= EDITS, 10_000),
			'each edit comes down the link'
		).toBe(true);
		await sleep(300);
		// once for the link, not once for each of its three connections
		expect(updates('send')).toHaveLength(0);
	});
});

describe('a large board across instances (PostgreSQL + Redis)', () => {
	it('syncs a client on another instance when the board holds more than a client message may', async () => {
		const { server: a, board, prefix } = await instance('link-large', 'a');
		// a board past 1 MiB (the limit on one client message), under its 2 MiB limit
		const doc = new Y.Doc();
		doc.getMap('allocations').set(String(UNKNOWN_PATHWAY), {
			sessionId: board.sessionIds[0],
			by: { id: 0, name: 'x'.repeat(1_200_000) },
			at: new Date().toISOString()
		});
		const database = databases.at(-1)!;
		await database.with((open) =>
			open.db
				.insert(boardSnapshots)
				.values({ boardId: board.boardId, state: Y.encodeStateAsUpdate(doc), throughUpdateId: 0 })
		);
		const b = await startBoardServer({
			port: await freePort(),
			databaseUrl: database.url,
			dataDir: mkdtempSync(join(tmpdir(), 'ww-link-')),
			env: { REDIS_URL: redisUrl, REDIS_PREFIX: prefix, INSTANCE_ID: 'b' }
		});
		const onA = openBoardClient(a.wsUrl, board.boardId, board.coordinators[0].cookie);
		expect(await waitFor(() => onA.online(), 20_000), 'a takes the board').toBe(true);
		const onB = openBoardClient(b.wsUrl, board.boardId, board.coordinators[1].cookie);
		expect(
			await waitFor(() => onB.online() && onB.doc.getMap('allocations').size > 0, 20_000),
			'the client on b gets the whole board through the link'
		).toBe(true);
	});
});

describe('a board lease whose owner is gone (PostgreSQL + Redis)', () => {
	/** A lease that would hold the board for another minute, as a dead owner leaves it. */
	async function leaveLease(prefix: string, boardId: number, holder: string): Promise<void> {
		const redis = new Redis(redisUrl);
		try {
			await redis.set(`${prefix}:board:${boardId}:owner`, holder, 'PX', 60_000);
		} finally {
			redis.disconnect();
		}
	}

	async function holderNow(prefix: string, boardId: number): Promise<string | null> {
		const redis = new Redis(redisUrl);
		try {
			return await redis.get(`${prefix}:board:${boardId}:owner`);
		} finally {
			redis.disconnect();
		}
	}

	it('takes the board from an owner whose address refuses connections (it died)', async () => {
		const { server, board, prefix } = await instance('gone-owner', 'survivor');
		await leaveLease(prefix, board.boardId, `ghost http://127.0.0.1:${await freePort()}`);
		const client = openBoardClient(server.wsUrl, board.boardId, board.coordinators[0].cookie);
		expect(
			await waitFor(() => client.online(), 20_000),
			"the client is served long before the dead owner's lease would run out"
		).toBe(true);
		expect(await holderNow(prefix, board.boardId)).toMatch(/^survivor /);
	});

	it('takes back its own lease from before a restart', async () => {
		const { server, board, prefix, port } = await instance('own-lease', 'phoenix');
		await leaveLease(prefix, board.boardId, `phoenix http://127.0.0.1:${port}`);
		const client = openBoardClient(server.wsUrl, board.boardId, board.coordinators[0].cookie);
		expect(await waitFor(() => client.online(), 20_000)).toBe(true);
		expect(await holderNow(prefix, board.boardId)).toMatch(/^phoenix /);
	});
});
