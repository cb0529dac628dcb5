/**
 * Issue 10, "An accepted edit is never lost", in one process: real y-websocket clients, a real
 * PGlite or PostgreSQL, and database outages injected by wrapping the real database (see
 * faultyDatabase.ts). The multi-process chaos runs (kill -9, a stopped PostgreSQL cluster) live in
 * their own suite.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { healthz } from '../../server/services';
import type { OpenDatabase } from '../../db';
import type { Allocation } from '../../src/lib/contracts/planner/doc';
import {
	MESSAGE_NOTICE,
	RATE_PER_SECOND,
	type Notice
} from '../../src/lib/contracts/planner/protocol';
import { BoardLog, replayWriteAheadLog } from '../../src/lib/server/planner/boardLog';
import { AppError } from '../../src/lib/server/errors';
import { closeAllRooms, roomFor, wouldChange } from '../../src/lib/server/planner/room';
import { applyStoredBoard } from '../../src/lib/server/planner/storedDoc';
import { useWriteAheadLog, WriteAheadLog } from '../../src/lib/server/planner/writeAheadLog';
import { targets } from './databases';
import { faultyDatabase, type FaultyDatabase } from './faultyDatabase';
import { addEntBoard, addEntClinics, loadFixture } from './fixtures';
import {
	connectBoard,
	eventually,
	signedInUser,
	startLiveServer,
	synced,
	type LiveServer
} from './liveServer';

describe.each(targets)('board durability on $name', (target) => {
	let real: OpenDatabase;
	let faulty: FaultyDatabase;
	let live: LiveServer;
	let ids: Record<string, number>;
	let sessionId: number;
	let coordinatorA: Awaited<ReturnType<typeof signedInUser>>;
	let coordinatorB: Awaited<ReturnType<typeof signedInUser>>;
	const providers: { destroy(): void }[] = [];
	let walDir: string;

	const newBoard = (name: string) => addEntBoard(real, name);
	const connect = (boardId: number, cookie: string) => {
		const c = connectBoard(live.wsUrl, boardId, cookie);
		providers.push(c.provider);
		return c;
	};
	const allocationsOf = (doc: Y.Doc) => doc.getMap<Allocation>('allocations');
	const allocate = (
		doc: Y.Doc,
		pathwayId: number,
		by: { id: number; name: string },
		at = new Date().toISOString()
	) =>
		allocationsOf(doc).set(String(pathwayId), { sessionId, by: { id: by.id, name: by.name }, at });
	/** The notices a client has been sent, in order. */
	const noticesOf = (provider: WebsocketProvider) => {
		const kinds: Notice['kind'][] = [];
		provider.messageHandlers[MESSAGE_NOTICE] = (_encoder, decoder) => {
			kinds.push((JSON.parse(decoding.readVarString(decoder)) as Notice).kind);
		};
		return kinds;
	};
	/** A new board with coordinators A and B both synced on it, and the notices each is sent. */
	const twoEditors = async (name: string) => {
		const boardId = await newBoard(name);
		const a = connect(boardId, coordinatorA.cookie);
		const b = connect(boardId, coordinatorB.cookie);
		const toA = noticesOf(a.provider);
		const toB = noticesOf(b.provider);
		await Promise.all([synced(a.provider), synced(b.provider)]);
		return { boardId, a, b, toA, toB };
	};
	/** GET /healthz as the server answers it over this (faulty) database. */
	const health = async () => {
		const server = createServer((_req, res) => void healthz(faulty.open, res));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
			return {
				status: res.status,
				body: (await res.json()) as {
					status: string;
					boards: { savingPaused: number[]; updatesWaiting: number };
				}
			};
		} finally {
			server.close();
		}
	};
	/** The board as a fresh process would load it from the real database. */
	const reloaded = async (boardId: number) => {
		const doc = new Y.Doc();
		await applyStoredBoard(real.db, boardId, doc, 'test');
		return doc;
	};

	beforeAll(async () => {
		real = await target.open();
		faulty = faultyDatabase(real);
		walDir = mkdtempSync(join(tmpdir(), 'waitwise-wal-test-'));
		useWriteAheadLog(faulty.open, walDir);
		ids = await loadFixture(real);
		[sessionId] = await addEntClinics(real, [{ day: 3, minutes: 240 }]);
		coordinatorA = await signedInUser(real, 'coordinator', 'Alice Coordinator');
		coordinatorB = await signedInUser(real, 'coordinator', 'Bob Coordinator');
		live = await startLiveServer(faulty.open);
	});
	afterEach(async () => {
		faulty.outage(null);
		while (providers.length) providers.pop()!.destroy();
		await closeAllRooms();
	});
	afterAll(async () => {
		await live?.close();
		await real?.close();
		rmSync(walDir, { recursive: true, force: true });
	});

	it('keeps the update log free of gaps when a write fails: every later edit still loads', async () => {
		const { boardId, a, b, toA: notices } = await twoEditors('gap');
		const room = await roomFor(faulty.open, boardId);

		faulty.outage('fail');
		allocate(a.doc, ids.a, coordinatorA.user);
		await eventually(
			() => allocationsOf(b.doc).has(String(ids.a)),
			'B sees the edit made during the outage'
		);
		await eventually(() => faulty.refused > 0, 'the server has tried to write it');
		faulty.outage(null);
		allocate(a.doc, ids.b, coordinatorA.user);
		allocate(a.doc, ids.c, coordinatorA.user);
		await eventually(
			() => allocationsOf(b.doc).has(String(ids.c)),
			'B sees the edits made after it'
		);
		await eventually(() => notices.includes('saving-resumed'), 'saving has resumed');
		await room.flush();

		const fresh = await reloaded(boardId);
		expect(allocationsOf(fresh).toJSON()).toEqual(allocationsOf(b.doc).toJSON());
		expect(Object.keys(allocationsOf(fresh).toJSON()).sort()).toEqual(
			[ids.a, ids.b, ids.c].map(String).sort()
		);
	});

	it("relays an edit only once it is in the database, or in the fsync'd local log during an outage", async () => {
		const { boardId, a, b } = await twoEditors('relay after commit');
		// On receipt B copies the local log as it is at that instant, then asks the database: the
		// update must be in one of the two already.
		const checks: Promise<boolean>[] = [];
		let copies = 0;
		b.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== b.provider) return;
			const copy = mkdtempSync(join(tmpdir(), `waitwise-wal-copy-${++copies}-`));
			const file = `board-${boardId}.log`;
			if (existsSync(join(walDir, file))) copyFileSync(join(walDir, file), join(copy, file));
			checks.push(
				(async () => {
					const stored = await reloaded(boardId);
					for (const batch of await new WriteAheadLog(copy).read(boardId)) {
						for (const row of batch.rows) Y.applyUpdate(stored, row.update);
					}
					rmSync(copy, { recursive: true });
					return !wouldChange(stored, update);
				})()
			);
		});
		for (const key of ['a', 'b']) {
			allocate(a.doc, ids[key], coordinatorA.user);
			await eventually(() => allocationsOf(b.doc).has(String(ids[key])), `B sees ${key}`);
		}
		faulty.outage('fail');
		for (const key of ['c', 'd']) {
			allocate(a.doc, ids[key], coordinatorA.user);
			await eventually(
				() => allocationsOf(b.doc).has(String(ids[key])),
				`B sees ${key} during the outage`
			);
		}
		expect(checks.length).toBeGreaterThanOrEqual(4);
		expect(await Promise.all(checks)).toEqual(checks.map(() => true));
		faulty.outage(null);
		const room = await roomFor(faulty.open, boardId);
		await eventually(() => !room.log.paused, 'saving resumes');
	});

	it('keeps a board editable through an outage: edits held in order, editors told, health degraded, then all written', async () => {
		const { boardId, a, b, toA, toB } = await twoEditors('outage');
		expect((await health()).status).toBe(200);

		faulty.outage('fail');
		for (const key of ['a', 'b', 'c']) allocate(a.doc, ids[key], coordinatorA.user);
		allocate(b.doc, ids.d, coordinatorB.user);
		await eventually(
			() => toA.includes('saving-paused') && toB.includes('saving-paused'),
			'both editors are told saving is paused'
		);
		await eventually(
			() => allocationsOf(b.doc).has(String(ids.c)) && allocationsOf(a.doc).has(String(ids.d)),
			'edits still reach the other editor'
		);
		const degraded = await health();
		expect(degraded.status).toBe(503);
		expect(degraded.body.status).toBe('degraded');
		expect(degraded.body.boards.savingPaused).toContain(boardId);
		expect(degraded.body.boards.updatesWaiting).toBeGreaterThan(0);

		faulty.outage(null);
		await eventually(
			() => toA.includes('saving-resumed') && toB.includes('saving-resumed'),
			'both editors are told saving resumed'
		);
		expect(toA.filter((k) => k.startsWith('saving'))).toEqual(['saving-paused', 'saving-resumed']);
		const healthy = await health();
		expect(healthy.status).toBe(200);
		expect(healthy.body).toMatchObject({
			status: 'ok',
			boards: { savingPaused: [], updatesWaiting: 0 }
		});
		const fresh = await reloaded(boardId);
		expect(allocationsOf(fresh).toJSON()).toEqual(allocationsOf(b.doc).toJSON());
		expect(allocationsOf(fresh).size).toBe(4);
		const [audits] = await real.query<{ n: number }>(
			`select count(*)::int as n from audit_log where action = 'board-edit' and entity_id = $1`,
			[String(boardId)]
		);
		expect(audits.n).toBeGreaterThan(0);
	});

	it('resumes saving while two editors keep editing, without losing an edit', async () => {
		const { boardId, a, b, toA } = await twoEditors('steady edits');
		faulty.outage('fail');
		allocate(a.doc, ids.a, coordinatorA.user);
		await eventually(() => toA.includes('saving-paused'), 'saving is paused');
		faulty.outage(null);
		// Both edit as fast as the rate limit allows: an append lands during almost every drain pass.
		const pathways = ['a', 'b', 'c', 'd'].map((k) => ids[k]);
		for (let i = 0; i < 1500 && !toA.includes('saving-resumed'); i++) {
			const at = `2026-06-01T09:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`;
			allocate(a.doc, pathways[i % 4], coordinatorA.user, at);
			allocate(b.doc, pathways[(i + 2) % 4], coordinatorB.user, at);
			await new Promise((r) => setTimeout(r, 1000 / (RATE_PER_SECOND * 0.75)));
		}
		expect(toA).toContain('saving-resumed');
		const same = () =>
			JSON.stringify(allocationsOf(b.doc).toJSON()) ===
			JSON.stringify(allocationsOf(a.doc).toJSON());
		await eventually(same, 'A and B agree');
		const room = await roomFor(faulty.open, boardId);
		await room.flush();
		const fresh = await reloaded(boardId);
		expect(allocationsOf(fresh).toJSON()).toEqual(allocationsOf(a.doc).toJSON());
	});

	it('pauses saving when the database stops answering, and loses nothing when the stalled writes land late', async () => {
		const { boardId, a, b, toA } = await twoEditors('stall');

		faulty.outage('hang');
		allocate(a.doc, ids.a, coordinatorA.user);
		await eventually(
			() => toA.includes('saving-paused'),
			'A is told saving is paused although no query failed'
		);
		allocate(a.doc, ids.b, coordinatorA.user);
		await eventually(() => allocationsOf(b.doc).has(String(ids.b)), 'B still gets the edits');
		faulty.outage(null);
		await eventually(() => toA.includes('saving-resumed'), 'saving resumes');
		const fresh = await reloaded(boardId);
		expect(allocationsOf(fresh).toJSON()).toEqual(allocationsOf(b.doc).toJSON());
	});

	it('holds edits, relaying nothing, when neither the database nor the local log can take them', async () => {
		const { boardId, a, b, toA } = await twoEditors('disk full');
		const room = await roomFor(faulty.open, boardId);
		// the log's folder is replaced by a file: appends fail as they would on a broken disk
		const brokenDir = mkdtempSync(join(tmpdir(), 'waitwise-wal-broken-'));
		rmSync(brokenDir, { recursive: true });
		writeFileSync(brokenDir, 'not a folder');
		// the room keeps the log it was opened with; give it a broken one for this test
		const log = room.log as unknown as { wal: unknown };
		const working = log.wal;
		log.wal = new WriteAheadLog(join(brokenDir, 'wal'));
		try {
			faulty.outage('fail');
			allocate(a.doc, ids.a, coordinatorA.user);
			await eventually(() => room.log.holding, 'the server holds the edit');
			expect(toA).toContain('saving-paused');
			expect(allocationsOf(b.doc).has(String(ids.a))).toBe(false);
			expect((await health()).body.boards.updatesWaiting).toBeGreaterThan(0);

			faulty.outage(null);
			await eventually(
				() => allocationsOf(b.doc).has(String(ids.a)),
				'B gets the edit once it is saved'
			);
			await eventually(() => toA.includes('saving-resumed'), 'saving resumes');
			const fresh = await reloaded(boardId);
			expect(allocationsOf(fresh).toJSON()).toEqual(allocationsOf(b.doc).toJSON());
		} finally {
			log.wal = working;
			rmSync(brokenDir, { force: true });
		}
	});

	it('replays the local log into the database after a crash during an outage', async () => {
		const { boardId, a, b } = await twoEditors('crash');
		faulty.outage('fail');
		for (const key of ['a', 'b', 'c', 'd']) allocate(a.doc, ids[key], coordinatorA.user);
		await eventually(
			() => allocationsOf(b.doc).has(String(ids.d)),
			'B sees every edit: all accepted'
		);
		const seen = allocationsOf(b.doc).toJSON();

		// A new process over the same folder while the database is still down: the board does not open.
		const restarted = faultyDatabase(real);
		restarted.outage('fail');
		const hooks = { takeAudits: () => [], committed: () => {}, savingChanged: () => {} };
		const wal = useWriteAheadLog(restarted.open, walDir);
		await expect(new BoardLog(boardId, restarted.open, hooks, wal).replay()).rejects.toMatchObject({
			kind: 'unavailable',
			// said to the person opening that board, who knows it by its name, not its id
			message:
				'This board has saved changes waiting for the database; it opens when the database is back'
		});
		await expect(new BoardLog(boardId, restarted.open, hooks, wal).replay()).rejects.toBeInstanceOf(
			AppError
		);
		// a line cut short by the crash was never fsync'd, so never relayed: it is skipped
		await appendFile(join(walDir, `board-${boardId}.log`), '{"rows":[{"userId":1,"upd');

		restarted.outage(null);
		await replayWriteAheadLog(restarted.open, () => {});
		const fresh = await reloaded(boardId);
		expect(allocationsOf(fresh).toJSON()).toEqual(seen);
		expect(wal.boards()).not.toContain(boardId);
	});
});
