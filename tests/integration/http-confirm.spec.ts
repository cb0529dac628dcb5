/**
 * The board's confirm endpoint, called as SvelteKit calls it, on a real database: a body that is
 * not the JSON it asks for is a 400 and books nothing (a truncated body once read as "confirm all").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { registerDatabase, type OpenDatabase } from '../../db';
import { bookings } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth';
import * as Y from 'yjs';
import { closeAllRooms, roomFor } from '../../src/lib/server/planner/room';
import { applyStoredBoard } from '../../src/lib/server/planner/storedDoc';
import { POST as confirm } from '../../src/routes/api/boards/[id=id]/confirm/+server';
import { addEntBoard, addEntClinics, addUser, loadFixture } from './fixtures';
import { requestEvent } from './requestEvent';
import { targets } from './databases';

describe.each(targets)('POST /api/boards/<id>/confirm on $name', (target) => {
	let open: OpenDatabase;
	let coordinator: SessionUser;
	let boardId: number;
	let ids: Record<string, number>;

	const call = (body: string) =>
		confirm(
			requestEvent(`/api/boards/${boardId}/confirm`, {
				raw: body,
				user: coordinator,
				params: { id: String(boardId) }
			}) as unknown as RequestEvent<{ id: string }, '/api/boards/[id=id]/confirm'>
		);
	const bookingCount = async () => (await open.db.select().from(bookings)).length;

	beforeAll(async () => {
		open = await target.open();
		registerDatabase(open);
		ids = await loadFixture(open);
		const [big] = await addEntClinics(open, [{ day: 3, minutes: 240 }]);
		boardId = await addEntBoard(open);
		coordinator = await addUser(open, 'coordinator', 'Cara Coordinator', 'example.test');
		const room = await roomFor(open, boardId);
		room.serverChange((b) => {
			for (const key of ['a', 'b']) {
				b.allocations.set(String(ids[key]), {
					sessionId: big,
					by: { id: coordinator.id, name: coordinator.name },
					at: new Date().toISOString()
				});
			}
		});
	});
	afterAll(async () => {
		await closeAllRooms();
		await open?.close();
	});

	it.each([
		['truncated', `{"pathwayIds":[765]`],
		['not JSON', 'confirm everything'],
		['empty', ''],
		['a list, not an object', '[1]'],
		['wrong type', '{"pathwayIds":"all"}'],
		['an id out of range', '{"pathwayIds":[99999999999]}'],
		['a NUL byte', '{"pathwayIds":[1],"x":"\\u0000"}']
	])('a %s body is a 400 and books nothing', async (_, body) => {
		const before = await bookingCount();
		const res = await call(body);
		expect(res.status).toBe(400);
		// refused for what the body is, not because an earlier call had booked everything
		expect(((await res.json()) as { message: string }).message).not.toMatch(
			/Nothing to confirm|Not allocated/
		);
		expect(await bookingCount()).toBe(before);
	});

	it('books only the listed pathway', async () => {
		const before = await bookingCount();
		const res = await call(JSON.stringify({ pathwayIds: [ids.a] }));
		expect(res.status).toBe(200);
		expect(await bookingCount()).toBe(before + 1);
		// the answer is an acknowledgement: the board's lock on the booked allocation is stored by then
		const stored = new Y.Doc();
		await applyStoredBoard(open.db, boardId, stored, 'test');
		expect(stored.getMap('confirmed').has(String(ids.a))).toBe(true);
	});
});
