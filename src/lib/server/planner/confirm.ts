import { inArray } from 'drizzle-orm';
import type { OpenDatabase, Database } from '../../../../db';
import { sessions } from '../../../../db/schema';
import { trustToday } from '../trustCalendar';
import { findConflicts, patientRef } from '../../domain/board/conflicts';
import type { Allocation, Author, Confirmation } from '../../contracts/planner/doc';
import type { SessionUser } from '../auth';
import { writeAudit } from '../audit';
import { publish } from '../changes';
import { AppError } from '../errors';
import { bookIn } from '../records/bookings';
import { raiseForBookings } from '../records/requestsFromBookings';
import { loadBoardReference } from './boards';
import { roomFor } from './room';

export interface ConfirmSummary {
	booked: { pathwayId: number; sessionId: number; bookingId: number }[];
}

/**
 * Turns draft allocations into bookings in one database transaction. The hard rules are checked
 * again on fresh data with the sessions locked, and the database's unique index keeps one live
 * booking per pathway even if two boards confirm the same patient at once.
 */
export async function confirmAllocations(
	open: OpenDatabase,
	boardId: number,
	user: SessionUser,
	only?: number[]
): Promise<ConfirmSummary> {
	const room = await roomFor(open, boardId);
	const wanted = new Map<number, Allocation>();
	for (const [key, a] of room.board.allocations) {
		const id = Number(key);
		if (room.board.confirmed.has(key)) continue;
		if (only && !only.includes(id)) continue;
		wanted.set(id, a);
	}
	if (only) {
		const missing = only.filter((id) => !wanted.has(id) && !room.board.confirmed.has(String(id)));
		if (missing.length)
			throw new AppError('invalid', `Not allocated on this board: pathway ${missing.join(', ')}`);
	}
	if (wanted.size === 0)
		throw new AppError('invalid', 'Nothing to confirm: every allocation is already booked');

	const author: Author = { id: user.id, name: user.name };
	const at = new Date().toISOString();
	const booked = await open.db.transaction(async (tx) => {
		const sessionIds = [...new Set([...wanted.values()].map((a) => a.sessionId))];
		// Lock the sessions: two confirms into one list serialise here, so capacity holds.
		await tx
			.select({ id: sessions.id })
			.from(sessions)
			.where(inArray(sessions.id, sessionIds))
			.for('update');
		const ref = await loadBoardReference(tx as unknown as Database, boardId, await trustToday(tx));
		if (!ref) throw new AppError('not-found', `No board ${boardId}`);
		// Check what would be booked, plus what this board has already confirmed.
		const all = new Map(wanted);
		for (const [key, c] of room.board.confirmed)
			all.set(Number(key), { sessionId: c.sessionId, by: c.by, at: c.at });
		const problems = findConflicts(ref, all).filter((c) =>
			c.pathwayIds.some((id) => wanted.has(id))
		);
		if (problems.length) {
			throw new AppError(
				'conflict',
				`Resolve these first: ${problems.map((p) => p.message).join('; ')}`
			);
		}
		const rows: ConfirmSummary['booked'] = [];
		for (const [pathwayId, a] of wanted) {
			const bookingId = await bookIn(
				tx,
				user,
				{ pathwayId, sessionId: a.sessionId, startTime: a.start ?? null },
				patientRef(pathwayId),
				{ boardId }
			);
			rows.push({ pathwayId, sessionId: a.sessionId, bookingId });
		}
		// Each booking raises its case-note request, due the site's lead time before the session.
		await raiseForBookings(
			tx,
			rows.map((r) => r.bookingId),
			user
		);
		return rows;
	});

	room.serverChange((board) => {
		for (const b of booked) {
			const confirmation: Confirmation = {
				bookingId: b.bookingId,
				sessionId: b.sessionId,
				by: author,
				at
			};
			board.confirmed.set(String(b.pathwayId), confirmation);
		}
	});
	// the answer acknowledges the locked allocations too: they are durable before it goes
	await room.flush();
	await publish({
		kind: 'boardConfirmed',
		boardId,
		specialty: room.reference?.board.specialty ?? null,
		sessionIds: [...new Set(booked.map((b) => b.sessionId))],
		pathwayIds: booked.map((b) => b.pathwayId)
	});
	return { booked };
}

/** Acknowledges a concurrent-move conflict (rule conflicts clear when the allocation is fixed). */
export async function resolveConflict(
	open: OpenDatabase,
	boardId: number,
	conflictKey: string,
	user: SessionUser
): Promise<void> {
	const room = await roomFor(open, boardId);
	const conflict = room.board.conflicts.get(conflictKey);
	if (!conflict) throw new AppError('not-found', `No conflict ${conflictKey} on board ${boardId}`);
	if (conflict.kind !== 'concurrent-move') {
		throw new AppError(
			'invalid',
			'This conflict clears itself once the allocation breaks no rule: move or un-allocate the patient'
		);
	}
	room.serverChange((board) => board.conflicts.delete(conflictKey));
	await room.flush();
	await writeAudit(open.db, {
		userId: user.id,
		action: 'resolve-conflict',
		entity: 'board',
		entityId: boardId,
		before: conflict
	});
}
