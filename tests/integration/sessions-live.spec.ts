/**
 * An ended session takes its open connections with it: sign-out, expiry by the clock, a disabled
 * account or a changed role close the user's /yjs and socket.io connections, and an edit made
 * after that reaches neither the database nor anyone else. Real y-websocket and socket.io clients
 * against the app's realtime server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import type { OpenDatabase } from '../../db';
import * as Y from 'yjs';
import { authSessions, boards } from '../../db/schema';
import { applyStoredBoard } from '../../src/lib/server/planner/storedDoc';
import type { Allocation } from '../../src/lib/contracts/planner/doc';
import { addDays } from '../../src/lib/domain/rtt';
import { endSessionOf, setAccountActive, setAccountRole } from '../../src/lib/server/accounts';
import { endSession, SESSION_COOKIE, type SessionUser } from '../../src/lib/server/auth';
import { CENSUS, loadFixture } from './fixtures';
import { targets } from './databases';
import {
	connectBoard,
	connectSocketAs,
	eventually,
	signedInUser,
	startLiveServer,
	synced,
	type LiveServer
} from './liveServer';

describe.each(targets)('ended sessions close their connections on $name', (target) => {
	let open: OpenDatabase;
	let live: LiveServer;
	let boardId: number;
	let watcher: Awaited<ReturnType<typeof signedInUser>>;
	let admin: SessionUser;
	let sessionIds: number[];
	const cleanups: (() => void)[] = [];

	beforeAll(async () => {
		open = await target.open();
		await loadFixture(open);
		sessionIds = (await open.query<{ id: number }>('select id from sessions order by id')).map(
			(r) => r.id
		);
		const [board] = await open.db
			.insert(boards)
			.values({
				name: 'ENT test',
				specialtyCode: '120',
				horizonStart: CENSUS,
				horizonEnd: addDays(CENSUS, 41)
			})
			.returning();
		boardId = board.id;
		live = await startLiveServer(open);
		// One colleague watches throughout (each scenario has an editor of its own) and one admin acts.
		watcher = await signedInUser(open, 'coordinator');
		admin = (await signedInUser(open, 'admin')).user;
	});
	afterAll(async () => {
		for (const c of cleanups) c();
		await live?.close();
		await open?.close();
	});

	function socketFor(cookie: string): Socket {
		const socket = connectSocketAs(live.url, cookie);
		cleanups.push(() => socket.disconnect());
		return socket;
	}
	function board(cookie: string) {
		const c = connectBoard(live.wsUrl, boardId, cookie);
		cleanups.push(() => c.provider.destroy());
		return c;
	}
	const allocations = (doc: import('yjs').Doc) => doc.getMap<Allocation>('allocations');
	const allocate = (doc: import('yjs').Doc, pathwayId: number, by: { id: number; name: string }) =>
		allocations(doc).set(String(pathwayId), {
			sessionId: sessionIds[0],
			by: { id: by.id, name: by.name },
			at: new Date().toISOString()
		});
	/** The board as the database holds it (snapshot and log), as a fresh load would see it. */
	const stored = async () => {
		const doc = new Y.Doc();
		await applyStoredBoard(open.db, boardId, doc, null);
		return allocations(doc);
	};
	let nextKey = 9000;
	const tokenOf = (cookie: string) => cookie.slice(SESSION_COOKIE.length + 1);

	/** A coordinator with an open board and socket, and a colleague watching the same board. */
	async function editorAndWatcher() {
		const editor = await signedInUser(open, 'coordinator');
		const mine = board(editor.cookie);
		const theirs = board(watcher.cookie);
		const socket = socketFor(editor.cookie);
		await Promise.all([synced(mine.provider), synced(theirs.provider)]);
		await eventually(() => socket.connected, 'the socket.io connection');
		const first = String(++nextKey);
		allocate(mine.doc, Number(first), editor.user);
		await eventually(() => allocations(theirs.doc).has(first), 'the watcher sees the first edit');
		return { editor, watcher, mine, theirs, socket, first };
	}

	/** After the end, an edit must reach neither the database nor the watcher. */
	async function expectCutOff(s: Awaited<ReturnType<typeof editorAndWatcher>>) {
		let closedAfter = 0;
		const ended = Date.now();
		await eventually(
			() => !s.mine.provider.wsconnected && !s.socket.connected,
			'both connections close'
		);
		closedAfter = Date.now() - ended;
		// The first edit was accepted before the end: it is stored (after its batched write).
		for (let i = 0; i < 100 && !(await stored()).has(s.first); i++)
			await new Promise((r) => setTimeout(r, 20));
		expect((await stored()).has(s.first)).toBe(true);
		const late = String(++nextKey);
		allocate(s.mine.doc, Number(late), s.editor.user);
		// The provider keeps trying to reconnect meanwhile; every try is refused.
		await new Promise((r) => setTimeout(r, 600));
		expect(allocations(s.theirs.doc).has(late)).toBe(false);
		expect((await stored()).has(late)).toBe(false);
		return closedAfter;
	}

	it('closes /yjs and socket.io when the user signs out, and a later edit goes nowhere', async () => {
		const s = await editorAndWatcher();
		await endSession(open.db, tokenOf(s.editor.cookie));
		const ms = await expectCutOff(s);
		console.log(`[sessions] sign-out closed the connections after ${ms} ms`);
		// The watcher's own session is untouched.
		expect(s.theirs.provider.wsconnected).toBe(true);
	});

	it('closes them when an admin disables the account, or ends the session', async () => {
		const s = await editorAndWatcher();
		await setAccountActive(open.db, admin, s.editor.user.id, false);
		await expectCutOff(s);

		const t = await editorAndWatcher();
		const [{ id }] = await open.db
			.select({ id: authSessions.id })
			.from(authSessions)
			.where(eq(authSessions.userId, t.editor.user.id));
		await endSessionOf(open.db, admin, t.editor.user.id, id);
		await expectCutOff(t);
	});

	it('closes them when the role changes, and the socket comes back under the new role', async () => {
		const s = await editorAndWatcher();
		await setAccountRole(open.db, admin, s.editor.user.id, 'manager');
		await eventually(
			() => !s.mine.provider.wsconnected && !s.socket.connected,
			'both connections close'
		);
		// The session itself lives on: a new socket opens, now in the manager's rooms.
		const again = socketFor(s.editor.cookie);
		await eventually(() => again.connected, 'a new socket under the new role');
		const rooms = [...(live.realtime.io.of('/').sockets.get(again.id!)?.rooms ?? [])];
		expect(rooms).toContain('role:manager');
		expect(rooms).not.toContain('role:coordinator');
	});

	it('closes the connections of a session that goes idle (the sweep)', async () => {
		const s = await editorAndWatcher();
		await open.db
			.update(authSessions)
			.set({ lastSeenAt: sql`now() - interval '2 hours'` })
			.where(eq(authSessions.userId, s.editor.user.id));
		await expectCutOff(s);
	});
});
