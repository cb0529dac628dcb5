/**
 * An ended session takes its open connections with it: sign-out, expiry by the clock, a disabled
 * account or a changed role close the user's /yjs and socket.io connections, and an edit made
 * after that reaches neither the database nor anyone else. Real y-websocket and socket.io clients
 * against the app's realtime server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { OpenDatabase } from '../../db';
import { authSessions, boardUpdates, boards } from '../../db/schema';
import type { Allocation } from '../../src/lib/planner/doc';
import { addDays } from '../../src/lib/domain/rtt';
import { endSession, SESSION_COOKIE } from '../../src/lib/server/auth';
import { CENSUS, loadFixture } from './fixtures';
import { targets } from './databases';
import {
	connectBoard,
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
	});
	afterAll(async () => {
		for (const c of cleanups) c();
		await live?.close();
		await open?.close();
	});

	function socketFor(cookie: string): Socket {
		const socket = connectSocket(live.url, {
			path: '/socket.io',
			transports: ['websocket'],
			extraHeaders: { cookie },
			reconnection: false,
			forceNew: true
		});
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
	/** The editor's updates in the board's log (the server writes conflicts of its own). */
	const storedUpdates = async (userId: number) =>
		(
			await open.db
				.select({ id: boardUpdates.id })
				.from(boardUpdates)
				.where(and(eq(boardUpdates.boardId, boardId), eq(boardUpdates.userId, userId)))
		).length;
	const tokenOf = (cookie: string) => cookie.slice(SESSION_COOKIE.length + 1);

	/** A coordinator with an open board and socket, and a colleague watching the same board. */
	async function editorAndWatcher() {
		const editor = await signedInUser(open, 'coordinator');
		const watcher = await signedInUser(open, 'coordinator');
		const mine = board(editor.cookie);
		const theirs = board(watcher.cookie);
		const socket = socketFor(editor.cookie);
		await Promise.all([synced(mine.provider), synced(theirs.provider)]);
		await eventually(() => socket.connected, 'the socket.io connection');
		allocate(mine.doc, 9001, editor.user);
		await eventually(() => allocations(theirs.doc).has('9001'), 'the watcher sees the first edit');
		return { editor, watcher, mine, theirs, socket };
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
		const before = await storedUpdates(s.editor.user.id);
		expect(before).toBeGreaterThan(0);
		allocate(s.mine.doc, 9002, s.editor.user);
		// The provider keeps trying to reconnect meanwhile; every try is refused.
		await new Promise((r) => setTimeout(r, 600));
		expect(allocations(s.theirs.doc).has('9002')).toBe(false);
		expect(await storedUpdates(s.editor.user.id)).toBe(before);
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

	it('closes the connections of a session that goes idle (the sweep)', async () => {
		const s = await editorAndWatcher();
		await open.db
			.update(authSessions)
			.set({ lastSeenAt: sql`now() - interval '2 hours'` })
			.where(eq(authSessions.userId, s.editor.user.id));
		await expectCutOff(s);
	});
});
