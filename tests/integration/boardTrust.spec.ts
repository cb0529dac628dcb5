/**
 * What a live board trusts from a client, with real y-websocket and ws clients: authorship is the
 * server's, presence belongs to whoever first used a client id, only the documented doc shape is
 * accepted, a board has a size limit, and upgrades from another origin are refused.
 */
import { request } from 'node:http';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { OpenDatabase } from '../../db';
import type { Allocation, Conflict } from '../../src/lib/contracts/planner/doc';
import {
	MESSAGE_AWARENESS,
	MESSAGE_NOTICE,
	MESSAGE_QUERY_AWARENESS,
	type Notice
} from '../../src/lib/contracts/planner/protocol';
import { closeAllRooms, roomFor } from '../../src/lib/server/planner/room';
import { DISPLAY_NAMESPACE } from '../../src/lib/contracts/realtime/display';
import { upgradeStatusAt } from '../upgradeStatus';
import { targets } from './databases';
import { addEntBoard, addEntClinics, loadFixture } from './fixtures';
import {
	connectBoard,
	eventually,
	signedInUser,
	startLiveServer,
	synced,
	type LiveServer
} from './liveServer';

const EVIL = 'http://evil.example';
/** A small limit, so filling a board takes a few dozen notes rather than two megabytes. */
const TEST_BOARD_BYTES = 48 * 1024;

describe.each(targets)('what a live board trusts, on $name', (target) => {
	let open: OpenDatabase;
	let live: LiveServer;
	let ids: Record<string, number>;
	let boardId: number;
	let fullBoardId: number;
	let small: number;
	let big: number;
	let alice: Awaited<ReturnType<typeof signedInUser>>;
	let bob: Awaited<ReturnType<typeof signedInUser>>;
	let mallory: Awaited<ReturnType<typeof signedInUser>>;
	let manager: Awaited<ReturnType<typeof signedInUser>>;
	const closers: { destroy(): void }[] = [];
	const savedLimit = process.env.WAITWISE_BOARD_MAX_BYTES;

	const connect = (cookie: string, board = boardId, doc = new Y.Doc()) => {
		const c = connectBoard(live.wsUrl, board, cookie, doc);
		closers.push(c.provider);
		const notices: Notice[] = [];
		c.provider.messageHandlers[MESSAGE_NOTICE] = (_e, decoder) => {
			notices.push(JSON.parse(decoding.readVarString(decoder)) as Notice);
		};
		return { ...c, notices };
	};
	/** Alice and Bob on the board, both synced. */
	async function aliceAndBob() {
		const pair = [connect(alice.cookie), connect(bob.cookie)] as const;
		await Promise.all(pair.map((c) => synced(c.provider)));
		return pair;
	}
	const allocationsOf = (doc: Y.Doc) => doc.getMap<Allocation>('allocations');
	const notesOf = (doc: Y.Doc) => doc.getMap<unknown>('notes');
	const origin = () => live.url;

	/** A raw websocket on a board, for messages no y-websocket client would send. */
	async function rawSocket(cookie: string, board = boardId) {
		const ws = new WebSocket(`${live.wsUrl}/${board}`, { headers: { cookie } });
		closers.push({ destroy: () => ws.terminate() });
		await new Promise((r) => ws.on('open', r));
		return ws;
	}

	const upgradeStatus = (path: string, headers: Record<string, string>) =>
		upgradeStatusAt(`${live.url.replace('http', 'ws')}${path}`, headers);

	function httpStatus(path: string, headers: Record<string, string>): Promise<number> {
		return new Promise((resolve, reject) => {
			const req = request(`${live.url}${path}`, { headers }, (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			});
			req.on('error', reject);
			req.end();
		});
	}

	beforeAll(async () => {
		process.env.WAITWISE_BOARD_MAX_BYTES = String(TEST_BOARD_BYTES);
		open = await target.open();
		ids = await loadFixture(open);
		[small, big] = await addEntClinics(open, [
			{ day: 2, minutes: 45 },
			{ day: 3, minutes: 240 }
		]);
		boardId = await addEntBoard(open, 'ENT trust');
		fullBoardId = await addEntBoard(open, 'ENT full');
		alice = await signedInUser(open, 'coordinator', 'Alice Coordinator');
		bob = await signedInUser(open, 'coordinator', 'Bob Coordinator');
		mallory = await signedInUser(open, 'coordinator', 'Mallory Coordinator');
		manager = await signedInUser(open, 'manager', 'Mina Manager');
		live = await startLiveServer(open);
	});
	afterEach(() => {
		while (closers.length) closers.pop()!.destroy();
	});
	afterAll(async () => {
		await live?.close();
		await open?.close();
		if (savedLimit === undefined) delete process.env.WAITWISE_BOARD_MAX_BYTES;
		else process.env.WAITWISE_BOARD_MAX_BYTES = savedLimit;
	});

	describe('origin', () => {
		it('refuses a /yjs upgrade from another origin with 403, even with a valid cookie', async () => {
			expect(await upgradeStatus(`/yjs/${boardId}`, { cookie: alice.cookie, origin: EVIL })).toBe(
				403
			);
			expect(await upgradeStatus(`/yjs/${boardId}`, { cookie: alice.cookie, origin: 'null' })).toBe(
				403
			);
			expect(
				await upgradeStatus(`/yjs/${boardId}`, { cookie: alice.cookie, origin: origin() })
			).toBe(101);
			// non-browser clients send no Origin at all
			expect(await upgradeStatus(`/yjs/${boardId}`, { cookie: alice.cookie })).toBe(101);
		});

		it('refuses a socket.io handshake from another origin, polling or websocket', async () => {
			const handshake = '/socket.io/?EIO=4&transport=polling';
			expect(await httpStatus(handshake, { cookie: alice.cookie, origin: EVIL })).toBe(403);
			expect(await httpStatus(handshake, { cookie: alice.cookie, origin: origin() })).toBe(200);
			expect(await httpStatus(handshake, { cookie: alice.cookie })).toBe(200);
			// engine.io answers every refused websocket upgrade with 400, whatever the reason
			expect(
				await upgradeStatus('/socket.io/?EIO=4&transport=websocket', {
					cookie: alice.cookie,
					origin: EVIL
				})
			).toBe(400);
			expect(
				await upgradeStatus('/socket.io/?EIO=4&transport=websocket', {
					cookie: alice.cookie,
					origin: origin()
				})
			).toBe(101);
		});

		it("keeps the office display's namespace open to the app's own origin only", async () => {
			const attempt = (from: string) =>
				new Promise<string>((resolve) => {
					const socket = connectSocket(`${live.url}${DISPLAY_NAMESPACE}`, {
						path: '/socket.io',
						transports: ['websocket'],
						extraHeaders: { origin: from },
						auth: { displayId: 999_999, token: 'x'.repeat(43) },
						reconnection: false,
						forceNew: true
					});
					closers.push({ destroy: () => socket.disconnect() });
					socket.once('connect_error', (err) => resolve(err.message));
				});
			// the display's own check answers: the handshake itself got through
			expect(await attempt(origin())).toBe('unknown');
			expect(await attempt(EVIL)).not.toBe('unknown');
		});
	});

	describe('authorship', () => {
		it("stamps the signed-in user and the server's time on every allocation, whatever the client wrote", async () => {
			const [a, b] = await aliceAndBob();
			const before = Date.now();
			allocationsOf(a.doc).set(String(ids.a), {
				sessionId: big,
				by: { id: 1, name: 'Alex Admin' },
				at: '2000-01-01T00:00:00.000Z'
			});
			allocationsOf(a.doc).set(String(ids.b), { sessionId: big } as Allocation);
			const stamped = (doc: Y.Doc, key: number) =>
				allocationsOf(doc).get(String(key))?.by?.id === alice.user.id;
			await eventually(
				() => stamped(b.doc, ids.a) && stamped(b.doc, ids.b),
				'B sees both moves under Alice'
			);
			for (const key of [ids.a, ids.b]) {
				const seen = allocationsOf(b.doc).get(String(key))!;
				expect(seen).toMatchObject({
					sessionId: big,
					by: { id: alice.user.id, name: 'Alice Coordinator' }
				});
				expect(Date.parse(seen.at)).toBeGreaterThanOrEqual(before - 1000);
				expect(Date.parse(seen.at)).toBeLessThanOrEqual(Date.now() + 1000);
				expect(seen.at).toBe(new Date(seen.at).toISOString());
			}
			// the writer's own screen converges on the same, true value
			await eventually(
				() => stamped(a.doc, ids.a) && stamped(a.doc, ids.b),
				'A sees the stamped values too'
			);
			allocationsOf(a.doc).delete(String(ids.a));
			allocationsOf(a.doc).delete(String(ids.b));
		});

		it('leaves an honest allocation as written: no second update', async () => {
			const [a, b] = await aliceAndBob();
			const me = { id: alice.user.id, name: alice.user.name };
			allocationsOf(a.doc).set(String(ids.c), {
				sessionId: small,
				by: me,
				at: new Date().toISOString()
			});
			// a forged write after it: once that one is stamped, the honest one has been inspected
			allocationsOf(a.doc).set(String(ids.a), {
				sessionId: small,
				by: { id: 1, name: 'Alex Admin' },
				at: 'yesterday'
			});
			await eventually(
				() => allocationsOf(b.doc).get(String(ids.a))?.by.id === alice.user.id,
				'the forged one is stamped'
			);
			const room = await roomFor(open, boardId);
			const item = room.board.allocations._map.get(String(ids.c))!;
			expect(item.id.client).toBe(a.doc.clientID);
			allocationsOf(a.doc).delete(String(ids.a));
			allocationsOf(a.doc).delete(String(ids.c));
		});

		it("names the real authors in the server's concurrent-move message", async () => {
			const [a, b] = await aliceAndBob();
			a.provider.disconnect();
			b.provider.disconnect();
			const forged = (sessionId: number) => ({
				sessionId,
				by: { id: 1, name: 'Alex Admin' },
				at: new Date().toISOString()
			});
			allocationsOf(a.doc).set(String(ids.c), forged(small));
			allocationsOf(b.doc).set(String(ids.c), forged(big));
			a.provider.connect();
			await synced(a.provider);
			b.provider.connect();
			await synced(b.provider);
			const key = `concurrent-move::${ids.c}`;
			const conflicts = b.doc.getMap<Conflict>('conflicts');
			await eventually(() => conflicts.has(key), 'B sees the conflict');
			expect(conflicts.get(key)!.message).not.toContain('Alex Admin');
			expect(conflicts.get(key)!.message).toMatch(/(Alice|Bob) Coordinator's move was kept/);
			allocationsOf(a.doc).delete(String(ids.c));
		});
	});

	describe('presence', () => {
		function awarenessMessage(clientId: number, clock: number, state: unknown): Buffer {
			const inner = encoding.createEncoder();
			encoding.writeVarUint(inner, 1);
			encoding.writeVarUint(inner, clientId);
			encoding.writeVarUint(inner, clock);
			encoding.writeVarString(inner, JSON.stringify(state));
			const outer = encoding.createEncoder();
			encoding.writeVarUint(outer, MESSAGE_AWARENESS);
			encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
			return Buffer.from(encoding.toUint8Array(outer));
		}

		it("does not let another user claim a reconnecting user's client id", async () => {
			const a = connect(alice.cookie);
			const watcher = connect(manager.cookie);
			await Promise.all([synced(a.provider), synced(watcher.provider)]);
			const aliceId = a.doc.clientID;
			a.provider.awareness.setLocalStateField('viewing', 'week-a');
			const seen = () =>
				watcher.provider.awareness.getStates().get(aliceId) as
					{ user?: { id: number }; viewing?: string } | undefined;
			await eventually(() => seen()?.user?.id === alice.user.id, 'the watcher sees Alice');

			a.provider.disconnect();
			await eventually(() => seen() === undefined, "Alice's presence goes when she drops");
			const m = await rawSocket(mallory.cookie);
			m.send(awarenessMessage(aliceId, 1_000_000, { viewing: 'forged' }));
			// Mallory's own presence, after the claim: once it shows, the claim has been handled
			const malloryId = 424_242;
			m.send(awarenessMessage(malloryId, 1, { viewing: 'marker' }));
			await eventually(
				() => watcher.provider.awareness.getStates().has(malloryId),
				"the watcher sees Mallory's own presence"
			);
			expect(seen()).toBeUndefined();

			a.provider.connect();
			await eventually(
				() => seen()?.user?.id === alice.user.id && seen()?.viewing === 'week-a',
				'Alice gets her presence back'
			);
		});

		it("keeps a client id that wrote allocations its author's after the server restarts", async () => {
			const a = connect(alice.cookie);
			await synced(a.provider);
			const aliceId = a.doc.clientID;
			allocationsOf(a.doc).set(String(ids.d), {
				sessionId: big,
				by: { id: alice.user.id, name: alice.user.name },
				at: new Date().toISOString()
			});
			let room = await roomFor(open, boardId);
			await eventually(() => room.board.allocations.has(String(ids.d)), 'the server has the move');
			a.provider.disconnect();
			await live.close();
			await closeAllRooms();
			live = await startLiveServer(open);

			const watcher = connect(manager.cookie);
			await synced(watcher.provider);
			const seen = () =>
				watcher.provider.awareness.getStates().get(aliceId) as
					{ user?: { id: number } } | undefined;
			const m = await rawSocket(mallory.cookie);
			m.send(awarenessMessage(aliceId, 1, { viewing: 'forged' }));
			const malloryId = 434_343;
			m.send(awarenessMessage(malloryId, 1, { viewing: 'marker' }));
			await eventually(
				() => watcher.provider.awareness.getStates().has(malloryId),
				"the watcher sees Mallory's own presence"
			);
			expect(seen()).toBeUndefined();

			// the same tab (same doc, same client id) reconnects to the restarted server
			a.provider.destroy();
			const again = connect(alice.cookie, boardId, a.doc);
			again.provider.awareness.setLocalStateField('viewing', 'back');
			await eventually(() => seen()?.user?.id === alice.user.id, 'Alice has her presence');
			room = await roomFor(open, boardId);
			allocationsOf(a.doc).delete(String(ids.d));
			await eventually(() => !room.board.allocations.has(String(ids.d)), 'tidied');
		});

		it('gives a reconnecting user their presence back while the old connection lingers', async () => {
			const doc = new Y.Doc();
			const first = await rawSocket(alice.cookie);
			first.send(awarenessMessage(doc.clientID, 5, { viewing: 'old tab' }));
			const watcher = connect(manager.cookie);
			await synced(watcher.provider);
			const seen = () =>
				watcher.provider.awareness.getStates().get(doc.clientID) as
					{ user?: { id: number }; viewing?: string } | undefined;
			await eventually(
				() => seen()?.viewing === 'old tab',
				'the watcher sees the first connection'
			);
			// the same user, same client id, on a new connection before the old one is noticed gone
			const second = await rawSocket(alice.cookie);
			second.send(awarenessMessage(doc.clientID, 1, { viewing: 'new tab' }));
			await eventually(
				() => seen()?.viewing === 'new tab',
				'the new connection speaks for the client id'
			);
			const room = await roomFor(open, boardId);
			const connections = room.conns.size;
			first.terminate();
			await eventually(
				() => room.conns.size === connections - 1,
				'the server sees the old connection go'
			);
			expect(room.awareness.getStates().get(doc.clientID)).toMatchObject({
				viewing: 'new tab',
				user: { id: alice.user.id }
			});
			expect(seen()?.viewing).toBe('new tab');
		});
	});

	describe('document shape', () => {
		it('refuses a made-up top-level type, and none of it reaches anyone', async () => {
			const [a, b] = await aliceAndBob();
			a.doc.getText('evil').insert(0, 'x'.repeat(100_000));
			a.doc.getMap('extra').set('k', 'v');
			// an honest edit after it, from the same client: it must still go through
			notesOf(a.doc).set(String(ids.a), 'call first');
			await eventually(
				() => notesOf(b.doc).get(String(ids.a)) === 'call first',
				'B sees the honest note'
			);
			await eventually(() => a.notices.some((n) => n.kind === 'invalid'), 'A is told');
			expect(b.doc.share.has('evil') ? b.doc.getText('evil').length : 0).toBe(0);
			expect(b.doc.share.has('extra') ? b.doc.getMap('extra').size : 0).toBe(0);
			const room = await roomFor(open, boardId);
			expect(Y.encodeStateAsUpdate(room.doc).byteLength).toBeLessThan(10_000);
			await eventually(
				() => a.doc.getText('evil').length === 0,
				"the refused text is taken out of A's doc"
			);
			expect(a.doc.getMap('extra').size).toBe(0);
			notesOf(a.doc).delete(String(ids.a));
		});

		it('refuses nested types, long notes and notes that are not strings, and accepts the next honest one', async () => {
			const [a, b] = await aliceAndBob();
			const key = String(ids.b);
			notesOf(a.doc).set(key, 'first version');
			allocationsOf(a.doc).set(String(ids.a), { sessionId: big } as Allocation);
			await eventually(
				() =>
					notesOf(b.doc).get(key) === 'first version' && allocationsOf(b.doc).has(String(ids.a)),
				'B sees the first note and allocation'
			);
			notesOf(a.doc).set(key, 'x'.repeat(300_000));
			notesOf(a.doc).set(String(ids.c), { huge: 'y'.repeat(1000) });
			notesOf(a.doc).set(String(ids.d), new Y.Map());
			allocationsOf(a.doc).set(String(ids.a), new Y.Map() as unknown as Allocation);
			notesOf(a.doc).set('not-a-pathway', 'hello');
			await eventually(() => a.notices.filter((n) => n.kind === 'invalid').length > 0, 'A is told');
			// what a refused write replaced is put back, for everyone
			await eventually(() => notesOf(a.doc).get(key) === 'first version', "A's note is back");
			await eventually(
				() => allocationsOf(a.doc).get(String(ids.a))?.sessionId === big,
				"A's allocation is back"
			);
			expect(notesOf(b.doc).get(key)).toBe('first version');
			expect(allocationsOf(b.doc).get(String(ids.a))?.sessionId).toBe(big);
			notesOf(a.doc).set(key, 'ring on Tuesday');
			await eventually(
				() => notesOf(b.doc).get(key) === 'ring on Tuesday',
				'the honest note arrives'
			);
			expect(notesOf(b.doc).has(String(ids.c))).toBe(false);
			expect(notesOf(b.doc).has(String(ids.d))).toBe(false);
			expect(notesOf(b.doc).has('not-a-pathway')).toBe(false);
			await eventually(
				() => !notesOf(a.doc).has(String(ids.c)) && !notesOf(a.doc).has(String(ids.d)),
				'A converges'
			);
			const room = await roomFor(open, boardId);
			expect(Y.encodeStateAsUpdate(room.doc).byteLength).toBeLessThan(10_000);
			expect(notesOf(a.doc).get(key)).toBe('ring on Tuesday');
			notesOf(a.doc).delete(key);
			allocationsOf(a.doc).delete(String(ids.a));
		});

		it('refuses an update that would take a board past its size limit, with a board-full notice', async () => {
			const a = connect(alice.cookie, fullBoardId);
			const b = connect(bob.cookie, fullBoardId);
			await Promise.all([synced(a.provider), synced(b.provider)]);
			const note = (i: number) => `${i}:`.padEnd(1000, 'n');
			let i = 0;
			while (!a.notices.some((n) => n.kind === 'board-full')) {
				expect(i).toBeLessThan(200);
				notesOf(a.doc).set(String(1000 + i), note(i));
				i++;
				await new Promise((r) => setTimeout(r, 2));
			}
			const room = await roomFor(open, fullBoardId);
			expect(Y.encodeStateAsUpdate(room.doc).byteLength).toBeLessThanOrEqual(TEST_BOARD_BYTES);
			expect(i).toBeGreaterThan(20);
			// deleting is always allowed, and makes room again
			for (let k = 0; k < 10; k++) notesOf(a.doc).delete(String(1000 + k));
			notesOf(a.doc).set('1', 'fits now');
			await eventually(
				() => notesOf(b.doc).get('1') === 'fits now',
				'a note fits once others are gone'
			);
			expect(Y.encodeStateAsUpdate(room.doc).byteLength).toBeLessThanOrEqual(TEST_BOARD_BYTES);
		});
	});

	describe('rate limit', () => {
		it('counts bytes as well as messages', async () => {
			const ws = await rawSocket(alice.cookie);
			const notices: string[] = [];
			ws.on('message', (data: Buffer) => {
				const d = decoding.createDecoder(new Uint8Array(data));
				if (decoding.readVarUint(d) === MESSAGE_NOTICE)
					notices.push((JSON.parse(decoding.readVarString(d)) as Notice).kind);
			});
			const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
			// a few large, well-formed messages: far under the message count limit
			const big = Buffer.concat([
				Buffer.from([MESSAGE_QUERY_AWARENESS]),
				Buffer.alloc(900 * 1024, 7)
			]);
			for (let k = 0; k < 8; k++) ws.send(big);
			expect(await closed).toBe(1008);
			expect(notices).toContain('rate-limit');
		});
	});
});
