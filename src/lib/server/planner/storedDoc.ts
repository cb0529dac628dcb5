import { and, asc, eq, gt } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../../../../db';
import { boardSnapshots, boardUpdates } from '../../../../db/schema';

/**
 * Applies a board's stored state to a doc: its latest snapshot, then the updates written since.
 * Returns how many updates that tail held (the room compacts after enough of them).
 */
export async function applyStoredBoard(
	db: Database,
	boardId: number,
	doc: Y.Doc,
	origin: unknown
): Promise<number> {
	const [snapshot] = await db
		.select()
		.from(boardSnapshots)
		.where(eq(boardSnapshots.boardId, boardId));
	const tail = await db
		.select({ update: boardUpdates.update })
		.from(boardUpdates)
		.where(
			and(eq(boardUpdates.boardId, boardId), gt(boardUpdates.id, snapshot?.throughUpdateId ?? 0))
		)
		.orderBy(asc(boardUpdates.id));
	doc.transact(() => {
		if (snapshot) Y.applyUpdate(doc, snapshot.state, origin);
		for (const row of tail) Y.applyUpdate(doc, row.update, origin);
	}, origin);
	return tail.length;
}
