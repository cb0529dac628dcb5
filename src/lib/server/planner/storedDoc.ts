import { and, asc, eq, gt, lte, max } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../../../../db';
import { boardSnapshots, boardUpdates } from '../../../../db/schema';
import { checkEpoch } from './boardOwner';

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

/**
 * Folds a board's persisted updates into one snapshot of `doc`. The state is taken after the last
 * row id is read: every row up to it was applied to the doc before it was written, so the
 * snapshot holds it.
 */
export async function compactStoredBoard(
	db: Database,
	boardId: number,
	doc: Y.Doc,
	fence: number | null = null
): Promise<void> {
	await db.transaction(async (tx) => {
		// a replaced owner's doc may lack what the new one wrote: it must not fold those rows away
		if (fence !== null) await checkEpoch(tx, boardId, fence);
		const [{ through }] = await tx
			.select({ through: max(boardUpdates.id) })
			.from(boardUpdates)
			.where(eq(boardUpdates.boardId, boardId));
		if (through == null) return;
		const state = Y.encodeStateAsUpdate(doc);
		await tx
			.insert(boardSnapshots)
			.values({ boardId, state, throughUpdateId: through })
			.onConflictDoUpdate({
				target: boardSnapshots.boardId,
				set: { state, throughUpdateId: through, at: new Date() }
			});
		await tx
			.delete(boardUpdates)
			.where(and(eq(boardUpdates.boardId, boardId), lte(boardUpdates.id, through)));
	});
}
