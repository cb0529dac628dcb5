import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { OpenDatabase } from '../../db';
import type { Allocation, Conflict, Confirmation } from '../../src/lib/contracts/planner/doc';
import { closeAllRooms, roomFor } from '../../src/lib/server/planner/room';
import { addEntBoard, addEntClinics, loadFixture } from './fixtures';
import { targets } from './databases';
import {
	connectBoard,
	eventually,
	signedInUser,
	startLiveServer,
	synced,
	upgradeStatus,
	type LiveServer
} from './liveServer';
import * as decoding from 'lib0/decoding';
import { MESSAGE_NOTICE } from '../../src/lib/contracts/planner/protocol';

describe.each(targets)('live boards on $name', (target) => {
	let open: OpenDatabase;
	let live: LiveServer;
	let ids: Record<string, number>;
	let boardId: number;
	let small: number; // a 45-minute ENT clinic
	let big: number; // a 240-minute ENT clinic
	let coordinatorA: Awaited<ReturnType<typeof signedInUser>>;
	let coordinatorB: Awaited<ReturnType<typeof signedInUser>>;
	let manager: Awaited<ReturnType<typeof signedInUser>>;
	let records: Awaited<ReturnType<typeof signedInUser>>;
	const providers: { destroy(): void }[] = [];

	const connect = (cookie: string) => {
		const c = connectBoard(live.wsUrl, boardId, cookie);
		providers.push(c.provider);
		return c;
	};
	const allocationsOf = (doc: import('yjs').Doc) => doc.getMap<Allocation>('allocations');
	const conflictsOf = (doc: import('yjs').Doc) => doc.getMap<Conflict>('conflicts');
	const allocate = (
		doc: import('yjs').Doc,
		pathwayId: number,
		sessionId: number,
		by: { id: number; name: string }
	) =>
		allocationsOf(doc).set(String(pathwayId), {
			sessionId,
			by: { id: by.id, name: by.name },
			at: new Date().toISOString()
		});

	beforeAll(async () => {
		open = await target.open();
		ids = await loadFixture(open);
		[small, big] = await addEntClinics(open, [
			{ day: 2, minutes: 45 },
			{ day: 3, minutes: 240 }
		]);
		boardId = await addEntBoard(open);
		coordinatorA = await signedInUser(open, 'coordinator', 'Alice Coordinator');
		coordinatorB = await signedInUser(open, 'coordinator', 'Bob Coordinator');
		manager = await signedInUser(open, 'manager', 'Mina Manager');
		records = await signedInUser(open, 'records', 'Rita Records');
		live = await startLiveServer(open);
	});
	afterEach(() => {
		while (providers.length) providers.pop()!.destroy();
	});
	afterAll(async () => {
		await live?.close();
		await open?.close();
	});

	it('refuses an upgrade before the socket opens: no session, wrong role, unknown board', async () => {
		expect(await upgradeStatus(live.wsUrl, boardId)).toBe(401);
		expect(await upgradeStatus(live.wsUrl, boardId, 'ww_session=forged')).toBe(401);
		expect(await upgradeStatus(live.wsUrl, boardId, records.cookie)).toBe(403);
		expect(await upgradeStatus(live.wsUrl, 999999, coordinatorA.cookie)).toBe(404);
		expect(await upgradeStatus(live.wsUrl, 'abc', coordinatorA.cookie)).toBe(404);
		expect(await upgradeStatus(live.wsUrl, boardId, coordinatorA.cookie)).toBe(101);
	});

	it("shows one coordinator's move to the other", async () => {
		const a = connect(coordinatorA.cookie);
		const b = connect(coordinatorB.cookie);
		await Promise.all([synced(a.provider), synced(b.provider)]);
		allocate(a.doc, ids.a, big, coordinatorA.user);
		await eventually(
			() => allocationsOf(b.doc).get(String(ids.a))?.sessionId === big,
			'B sees the move'
		);
		allocationsOf(b.doc).delete(String(ids.a));
		await eventually(() => !allocationsOf(a.doc).has(String(ids.a)), 'A sees the un-allocation');
	});

	it('lets a manager watch live but refuses their writes', async () => {
		const a = connect(coordinatorA.cookie);
		const m = connect(manager.cookie);
		const notices: string[] = [];
		m.provider.messageHandlers[MESSAGE_NOTICE] = (_e, decoder) => {
			notices.push((JSON.parse(decoding.readVarString(decoder)) as { kind: string }).kind);
		};
		await Promise.all([synced(a.provider), synced(m.provider)]);
		await new Promise((r) => setTimeout(r, 200));
		expect(notices).toEqual([]); // connecting is not an attempt to edit
		allocate(a.doc, ids.b, big, coordinatorA.user);
		await eventually(
			() => allocationsOf(m.doc).get(String(ids.b))?.sessionId === big,
			'manager sees the move'
		);
		allocate(m.doc, ids.c, big, manager.user);
		await eventually(
			() => notices.includes('read-only'),
			'the manager is told the board is read-only'
		);
		expect(allocationsOf(a.doc).has(String(ids.c))).toBe(false);
		const room = await roomFor(open, boardId);
		expect(room.board.allocations.has(String(ids.c))).toBe(false);
		allocationsOf(a.doc).delete(String(ids.b));
	});

	it('flags an over-filled session to everyone, and clears it when fixed', async () => {
		const a = connect(coordinatorA.cookie);
		const b = connect(coordinatorB.cookie);
		await Promise.all([synced(a.provider), synced(b.provider)]);
		allocate(a.doc, ids.a, small, coordinatorA.user);
		allocate(a.doc, ids.b, small, coordinatorA.user); // 60 of 45 minutes
		const overFilled = (doc: import('yjs').Doc) =>
			[...conflictsOf(doc).values()].find(
				(c) => c.kind === 'session-minutes' && c.sessionId === small
			);
		await eventually(() => overFilled(b.doc) !== undefined, 'B sees the conflict');
		expect(overFilled(a.doc)?.pathwayIds).toEqual([ids.a, ids.b].sort((x, y) => x - y));
		expect(overFilled(b.doc)?.message).toMatch(/60 of 45 minutes/);
		allocate(b.doc, ids.b, big, coordinatorB.user);
		await eventually(() => overFilled(a.doc) === undefined, 'the conflict clears for A');
		allocationsOf(a.doc).delete(String(ids.a));
		allocationsOf(a.doc).delete(String(ids.b));
	});

	it('turns a concurrent move of one patient into one allocation plus a conflict naming both', async () => {
		const a = connect(coordinatorA.cookie);
		const b = connect(coordinatorB.cookie);
		await Promise.all([synced(a.provider), synced(b.provider)]);
		a.provider.disconnect();
		b.provider.disconnect();
		allocate(a.doc, ids.c, small, coordinatorA.user);
		allocate(b.doc, ids.c, big, coordinatorB.user);
		a.provider.connect();
		await synced(a.provider);
		b.provider.connect();
		await synced(b.provider);
		const key = `concurrent-move::${ids.c}`;
		await eventually(
			() => conflictsOf(a.doc).has(key) && conflictsOf(b.doc).has(key),
			'both see the conflict'
		);
		const conflict = conflictsOf(a.doc).get(key)!;
		expect(conflict.users?.map((u) => u.name).sort()).toEqual([
			'Alice Coordinator',
			'Bob Coordinator'
		]);
		expect(conflict.message).toMatch(
			/Alice Coordinator and Bob Coordinator|Bob Coordinator and Alice Coordinator/
		);
		await eventually(
			() =>
				allocationsOf(a.doc).get(String(ids.c))?.sessionId ===
				allocationsOf(b.doc).get(String(ids.c))?.sessionId,
			'both screens agree'
		);
		allocationsOf(a.doc).delete(String(ids.c));
	});

	it('ties presence to the signed-in user', async () => {
		const a = connect(coordinatorA.cookie);
		const b = connect(coordinatorB.cookie);
		await Promise.all([synced(a.provider), synced(b.provider)]);
		a.provider.awareness.setLocalState({
			user: { id: 1, name: 'Someone Else', role: 'admin' },
			viewing: 'week-1'
		});
		await eventually(
			() => [...b.provider.awareness.getStates().values()].some((s) => s.viewing === 'week-1'),
			'B sees A looking at week 1'
		);
		const state = [...b.provider.awareness.getStates().values()].find(
			(s) => s.viewing === 'week-1'
		)!;
		expect(state.user).toMatchObject({
			id: coordinatorA.user.id,
			name: 'Alice Coordinator',
			role: 'coordinator'
		});
	});

	it('reverts an edit to a confirmed entry, and to the server-owned maps', async () => {
		const room = await roomFor(open, boardId);
		const confirmation: Confirmation = {
			bookingId: 1,
			sessionId: big,
			by: { id: coordinatorA.user.id, name: 'Alice Coordinator' },
			at: new Date().toISOString()
		};
		room.serverChange((board) => {
			board.confirmed.set(String(ids.a), confirmation);
			board.allocations.set(String(ids.a), {
				sessionId: big,
				by: confirmation.by,
				at: confirmation.at
			});
		});
		const b = connect(coordinatorB.cookie);
		await synced(b.provider);
		allocate(b.doc, ids.a, small, coordinatorB.user);
		b.doc
			.getMap<Conflict>('conflicts')
			.set('fake', { kind: 'specialty', message: 'forged', pathwayIds: [], since: '' });
		await eventually(
			() => allocationsOf(b.doc).get(String(ids.a))?.sessionId === big,
			'the locked move is reverted'
		);
		await eventually(() => !conflictsOf(b.doc).has('fake'), 'the forged conflict is removed');
		room.serverChange((board) => {
			board.confirmed.delete(String(ids.a));
			board.allocations.delete(String(ids.a));
		});
	});

	it('keeps every accepted edit across a server restart', async () => {
		const a = connect(coordinatorA.cookie);
		await synced(a.provider);
		allocate(a.doc, ids.b, big, coordinatorA.user);
		await eventually(() => true, 'noop');
		const room = await roomFor(open, boardId);
		await eventually(
			() => room.board.allocations.get(String(ids.b))?.sessionId === big,
			'the server has it'
		);
		a.provider.destroy();
		await live.close();
		await closeAllRooms();
		live = await startLiveServer(open);
		const c = connect(coordinatorB.cookie);
		await synced(c.provider);
		expect(allocationsOf(c.doc).get(String(ids.b))?.sessionId).toBe(big);
		const [row] = await open.query<{ n: number }>(
			'select count(*)::int as n from audit_log where action = $1',
			['board-edit']
		);
		expect(row.n).toBeGreaterThan(0);
	});

	it('survives compaction: snapshot plus tail reloads to the same state', async () => {
		const room = await roomFor(open, boardId);
		await room.flush();
		await room.compact();
		const [snap] = await open.query<{ n: number }>(
			'select count(*)::int as n from board_snapshots where board_id = $1',
			[boardId]
		);
		expect(snap.n).toBe(1);
		const before = JSON.stringify(room.board.allocations.toJSON());
		await closeAllRooms();
		const again = await roomFor(open, boardId);
		expect(JSON.stringify(again.board.allocations.toJSON())).toBe(before);
	});

	it('closes a connection that sends an oversized or malformed message, changing nothing', async () => {
		const ws = new WebSocket(`${live.wsUrl}/${boardId}`, {
			headers: { cookie: coordinatorA.cookie }
		});
		await new Promise((r) => ws.on('open', r));
		const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
		ws.send(Buffer.alloc(2 * 1024 * 1024, 1));
		expect(await closed).toBe(1009);
		const ws2 = new WebSocket(`${live.wsUrl}/${boardId}`, {
			headers: { cookie: coordinatorA.cookie }
		});
		await new Promise((r) => ws2.on('open', r));
		const closed2 = new Promise<number>((r) => ws2.on('close', (code) => r(code)));
		ws2.send(Buffer.from([0, 2, 200, 1, 2, 3]));
		expect(await closed2).toBe(1003);
	});
});
