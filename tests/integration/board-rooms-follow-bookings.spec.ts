/**
 * A loaded board room follows bookings changed outside it: a coordinator moving or cancelling a
 * booking from the PTL (the same functions the /api/bookings routes call) reaches every loaded
 * room through the change bus, and the room's capacity check counts the new numbers. Before the
 * bus, only a board's confirm refreshed rooms, so a room kept counting a moved booking in the
 * session it had left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { bookings } from '../../db/schema';
import type { Conflict } from '../../src/lib/contracts/planner/doc';
import { closeAllRooms, roomFor, type BoardRoom } from '../../src/lib/server/planner/room';
import { cancelBooking, moveBooking } from '../../src/lib/server/records/bookings';
import { targets } from './databases';
import { addEntBoard, addEntClinics, CENSUS, loadFixture } from './fixtures';
import { eventually, signedInUser } from './liveServer';

/** Ten in the morning on the census day: the fixture's clinics are in the days after it. */
const NOW = new Date(`${CENSUS}T10:00:00Z`);

describe.each(targets)('board rooms follow bookings changed elsewhere, on $name', (target) => {
	let open: OpenDatabase;
	let ids: Record<string, number>;
	let room: BoardRoom;
	let small: number; // 45 minutes
	let big: number;
	let coordinator: Awaited<ReturnType<typeof signedInUser>>['user'];

	const overFilled = (sessionId: number): Conflict | undefined =>
		[...room.board.conflicts.values()].find(
			(c) => c.kind === 'session-minutes' && c.sessionId === sessionId
		);

	/** Books `pathwayId` into `small` outside the board, and drafts another patient in beside it. */
	async function overFillSmall(booked: string, drafted: string): Promise<number> {
		const [b] = await open.db
			.insert(bookings)
			.values({ pathwayId: ids[booked], sessionId: small })
			.returning({ id: bookings.id });
		await room.refreshReference();
		room.serverChange((board) =>
			board.allocations.set(String(ids[drafted]), {
				sessionId: small,
				by: { id: coordinator.id, name: coordinator.name },
				at: NOW.toISOString()
			})
		);
		await eventually(() => overFilled(small) !== undefined, 'the room sees 60 of 45 minutes');
		return b.id;
	}

	beforeAll(async () => {
		open = await target.open();
		ids = await loadFixture(open);
		[small, big] = await addEntClinics(open, [
			{ day: 2, minutes: 45 },
			{ day: 3, minutes: 240 }
		]);
		room = await roomFor(open, await addEntBoard(open));
		coordinator = (await signedInUser(open, 'coordinator', 'Cara Coordinator')).user;
	});
	afterAll(async () => {
		await closeAllRooms();
		await open?.close();
	});

	it('a booking moved out of an over-filled session clears its conflict', async () => {
		const bookingId = await overFillSmall('a', 'b');
		expect(overFilled(small)?.message).toMatch(/60 of 45 minutes/);
		await moveBooking(open.db, coordinator, bookingId, { sessionId: big }, NOW);
		await eventually(() => overFilled(small) === undefined, 'the conflict clears');
		room.serverChange((board) => board.allocations.delete(String(ids.b)));
	});

	it('a booking cancelled from an over-filled session clears its conflict', async () => {
		const bookingId = await overFillSmall('c', 'b');
		await cancelBooking(
			open.db,
			coordinator,
			bookingId,
			{ by: 'patient', reason: 'patient-other', note: 'moved away' },
			NOW
		);
		await eventually(() => overFilled(small) === undefined, 'the conflict clears');
		room.serverChange((board) => board.allocations.delete(String(ids.b)));
	});
});
