/**
 * A loaded board's reference data and its hard-rule checks: what the board shows beside the doc
 * (sessions, waiting list, consultants; loaded from the database) and the conflicts the rules
 * (planner/conflicts.ts, on domain/bookingRules.ts) find in its allocations, written into the
 * doc's `conflicts` map for everyone to see. The room (room.ts) owns the doc and says when to look.
 */
import type { Database } from '../../../../db';
import { trustToday } from '../trustCalendar';
import { conflictId, findConflicts } from '../../domain/board/conflicts';
import type { Allocation, BoardDoc } from '../../contracts/planner/doc';
import type { BoardReference } from '../../contracts/planner/reference';
import { loadBoardReference } from './boards';

/** Rule checks run once a burst of edits settles, so a burst costs one conflicts update. */
const CHECK_DELAY_MS = 30;

export class BoardChecks {
	reference: BoardReference | null = null;
	private scheduled = false;
	private stopped = false;

	constructor(
		private readonly boardId: number,
		private readonly db: Database,
		private readonly board: BoardDoc,
		/** Writes to the doc as the server (so the room keeps its record of server-owned maps). */
		private readonly serverChange: (fn: (board: BoardDoc) => void) => void
	) {}

	/** Reloads reference data (sessions, waiting list) after it changed in the database. */
	async load(): Promise<void> {
		this.reference = await loadBoardReference(this.db, this.boardId, await trustToday(this.db));
	}

	schedule(): void {
		if (this.scheduled) return;
		this.scheduled = true;
		setTimeout(() => {
			this.scheduled = false;
			if (!this.stopped) this.check();
		}, CHECK_DELAY_MS);
	}

	stop(): void {
		this.stopped = true;
	}

	/** Recomputes rule conflicts; unchanged ones keep their key and `since`. */
	check(): void {
		if (!this.reference) return;
		const allocations = new Map<number, Allocation>();
		for (const [key, value] of this.board.allocations) allocations.set(Number(key), value);
		const found = new Map(
			findConflicts(this.reference, allocations).map((c) => [conflictId(c), c])
		);
		const existing = this.board.conflicts;
		// concurrent-move conflicts are the room's: they go when acknowledged
		const stale = [...existing.keys()].filter(
			(k) => !k.startsWith('concurrent-move') && !found.has(k)
		);
		const fresh = [...found].filter(([k, c]) => existing.get(k)?.message !== c.message);
		if (stale.length === 0 && fresh.length === 0) return;
		const since = new Date().toISOString();
		this.serverChange((board) => {
			for (const k of stale) board.conflicts.delete(k);
			for (const [k, c] of fresh)
				board.conflicts.set(k, { ...c, since: existing.get(k)?.since ?? since });
		});
	}
}
