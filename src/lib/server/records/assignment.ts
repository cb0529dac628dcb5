/** Case-note requests given to records staff, taken, returned to the pool or taken over. */
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../../db';
import { caseNoteRequests, patients, users } from '../../../../db/schema';
import { CLOSED_STATUSES } from '../../domain/caseNoteLifecycle';
import { writeAudit } from '../audit';
import { AppError } from '../errors';
import { announceTakeOvers, checkHandOn, type HandOnResult } from './handOn';
import { announceRecords } from './live';
import { requestLabel } from './requestTransitions';
import { requireUserWithRole, type Actor } from './staff';

/** Gives requests to a records assistant (or back to the pool with null), audited one by one. */
export async function assignRequests(
	db: Database,
	actor: Actor,
	ids: number[],
	assigneeId: number | null,
	options: { takeOver?: boolean } = {}
): Promise<number[]> {
	return (await handOnRequests(db, actor, ids, assigneeId, options)).changed;
}

/**
 * Moves requests to `assigneeId` (or the pool) under the hand-on rules (handOn.ts): all of them
 * or, when any is refused, none. Take-overs are audited as such and their holders told.
 */
export async function handOnRequests(
	db: Database,
	actor: Actor,
	ids: number[],
	assigneeId: number | null,
	options: { takeOver?: boolean } = {}
): Promise<HandOnResult> {
	if (ids.length === 0) throw new AppError('invalid', 'ids: choose at least one request');
	const result = await db.transaction(async (tx) => {
		if (assigneeId !== null) await requireUserWithRole(tx, assigneeId, ['records'], 'assigneeId');
		const rows = await tx
			.select({
				id: caseNoteRequests.id,
				status: caseNoteRequests.status,
				assignedTo: caseNoteRequests.assignedTo,
				holderName: users.name,
				volumeBarcode: caseNoteRequests.volumeBarcode,
				familyName: patients.familyName,
				givenName: patients.givenName
			})
			.from(caseNoteRequests)
			.innerJoin(patients, eq(patients.id, caseNoteRequests.patientId))
			.leftJoin(users, eq(users.id, caseNoteRequests.assignedTo))
			.where(inArray(caseNoteRequests.id, ids))
			.for('update', { of: caseNoteRequests });
		const found = new Set(rows.map((r) => r.id));
		const missing = ids.filter((id) => !found.has(id));
		if (missing.length)
			throw new AppError('not-found', `No case-note request ${missing.join(', ')}`);
		const closed = rows.filter((r) => CLOSED_STATUSES.includes(r.status));
		if (closed.length) {
			throw new AppError(
				'conflict',
				`The ${requestLabel(closed[0])} is '${closed[0].status}'; only open requests can be assigned`
			);
		}
		const moves = rows.map((r) => ({
			r,
			kind: checkHandOn(
				actor,
				{
					label: `The ${requestLabel(r)}`,
					holder: r.assignedTo === null ? null : { id: r.assignedTo, name: r.holderName }
				},
				assigneeId,
				options
			)
		}));
		const result: HandOnResult = { changed: [], takenOver: [] };
		for (const { r, kind } of moves) {
			if (kind === 'unchanged') continue;
			await tx
				.update(caseNoteRequests)
				.set({ assignedTo: assigneeId })
				.where(eq(caseNoteRequests.id, r.id));
			await writeAudit(tx, {
				userId: actor.id,
				action: kind === 'take-over' ? 'take-over-case-note-request' : 'assign-case-note-request',
				entity: 'case_note_request',
				entityId: r.id,
				before: { assignedTo: r.assignedTo },
				after: { assignedTo: assigneeId }
			});
			result.changed.push(r.id);
			if (kind === 'take-over')
				result.takenOver.push({ id: r.id, from: { id: r.assignedTo!, name: r.holderName ?? '' } });
		}
		return result;
	});
	announceRecords('assigned', result.changed);
	announceTakeOvers('request', result.takenOver, actor);
	return result;
}
