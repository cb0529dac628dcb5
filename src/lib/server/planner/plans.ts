import * as Y from 'yjs';
import type { Database } from '../../../../db';
import { boards } from '../../../../db/schema';
import { boardDoc } from '../../contracts/planner/doc';
import { loadedRooms } from './room';
import { applyStoredBoard } from './storedDoc';

/** A patient placed in a session on a board and not yet booked by a confirm. */
export interface PlannedAllocation {
	boardId: number;
	pathwayId: number;
	sessionId: number;
}

/**
 * What every board plans but has not confirmed: from the live doc of a board someone has open,
 * else from its stored state (the same state the room would load).
 */
export async function plannedAllocations(db: Database): Promise<PlannedAllocation[]> {
	const live = new Map(loadedRooms().map((room) => [room.boardId, room]));
	const planned: PlannedAllocation[] = [];
	for (const { id } of await db.select({ id: boards.id }).from(boards)) {
		let room = live.get(id);
		// a room still loading (or failed to) is read from storage instead
		if (room) await room.ready.catch(() => (room = undefined));
		let board = room?.board;
		if (!board) {
			const doc = new Y.Doc({ gc: true });
			await applyStoredBoard(db, id, doc, null);
			board = boardDoc(doc);
		}
		for (const [key, allocation] of board.allocations) {
			if (board.confirmed.has(key)) continue;
			planned.push({ boardId: id, pathwayId: Number(key), sessionId: allocation.sessionId });
		}
		if (!room) board.doc.destroy();
	}
	return planned;
}
