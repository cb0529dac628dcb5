/**
 * Case-note requests moved along their lifecycle, one at a time, as a pull list or by scanning a
 * volume, with every movement recorded (who, where, when). The lifecycle rules are in
 * src/lib/domain/caseNoteLifecycle.ts; this module applies them to the database, one transaction
 * per change, audited in it.
 */
import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema, parseInput } from '../input';
import type { Database, Executor, Tx } from '../../../../db';
import { caseNoteMovements, caseNoteRequests, locations, patients } from '../../../../db/schema';
import {
	caseNoteRequestLabel,
	checkTransition,
	CLOSED_STATUSES,
	isCaseNoteStatus,
	STATUS_STAMP,
	stampsUndoneBy,
	transitionKind,
	type CaseNoteStatus
} from '../../domain/caseNoteLifecycle';
import { patientName } from '../../domain/patient';
import { writeAudit } from '../audit';
import { AppError } from '../errors';
import { announceRecords } from './live';
import { readRecordsSettings } from './settings';
import { dayIn } from '../trustCalendar';
import { dateTime } from '../../format/date';
import type { Actor } from './staff';

/** Requests still being worked: everything but filed, merged and withdrawn. */
export const isOpen = notInArray(caseNoteRequests.status, [...CLOSED_STATUSES]);

export interface TransitionInput {
	to: CaseNoteStatus;
	reason?: string | null;
	/** Where the notes are now; defaults to where that step normally leaves them. */
	locationId?: number | null;
	/** The status the person saw; a request someone else has moved since is refused (409). */
	expectedFrom?: CaseNoteStatus;
}

export interface TransitionResult {
	id: number;
	/** The request as records staff know it, for messages: "request for volume CN0001234-01". */
	request: string;
	from: CaseNoteStatus;
	to: CaseNoteStatus;
	locationId: number | null;
}

type RequestRow = typeof caseNoteRequests.$inferSelect;

/** caseNoteRequestLabel for a row with the patient's names. */
export function requestLabel(r: {
	volumeBarcode: string | null;
	familyName: string;
	givenName: string;
}): string {
	return caseNoteRequestLabel({ volumeBarcode: r.volumeBarcode, patient: patientName(r) });
}

/** The request with this id as records staff know it (requestLabel), for a message after an action. */
export async function describeRequest(db: Executor, id: number): Promise<string> {
	const [r] = await db
		.select({
			volumeBarcode: caseNoteRequests.volumeBarcode,
			familyName: patients.familyName,
			givenName: patients.givenName
		})
		.from(caseNoteRequests)
		.innerJoin(patients, eq(patients.id, caseNoteRequests.patientId))
		.where(eq(caseNoteRequests.id, id));
	if (!r) throw new AppError('not-found', `No case-note request ${id}`);
	return requestLabel(r);
}

async function requestName(tx: Tx, r: RequestRow): Promise<string> {
	const [p] = await tx
		.select({ familyName: patients.familyName, givenName: patients.givenName })
		.from(patients)
		.where(eq(patients.id, r.patientId));
	return requestLabel({ ...p, volumeBarcode: r.volumeBarcode });
}

/** Where a step leaves the notes, unless the person says otherwise. */
function defaultLocation(r: RequestRow, to: CaseNoteStatus): number | null {
	switch (to) {
		case 'available':
		case 'temporary':
			return r.destinationLocationId ?? r.currentLocationId;
		case 'dispatched':
		case 'missing':
		case 'withdrawn':
			return r.currentLocationId ?? r.homeLocationId;
		default:
			return r.homeLocationId ?? r.currentLocationId;
	}
}

/** Moves one request, in the caller's transaction: checked, recorded as a movement, audited. */
export async function applyTransition(
	tx: Tx,
	actor: Actor,
	id: number,
	input: TransitionInput,
	now = new Date()
): Promise<TransitionResult> {
	const [r] = await tx
		.select()
		.from(caseNoteRequests)
		.where(eq(caseNoteRequests.id, id))
		.for('update');
	if (!r) throw new AppError('not-found', `No case-note request ${id}`);
	const request = await requestName(tx, r);
	if (input.expectedFrom && r.status !== input.expectedFrom) {
		throw new AppError(
			'conflict',
			`The ${request} is now '${r.status}', not '${input.expectedFrom}': someone else has moved it. Refresh and try again`
		);
	}
	const check = checkTransition(request, r.status, input.to, input.reason);
	if (!check.ok) throw new AppError('conflict', check.message);

	let locationId = input.locationId ?? null;
	if (locationId !== null) {
		const [loc] = await tx
			.select({ id: locations.id })
			.from(locations)
			.where(eq(locations.id, locationId));
		if (!loc) throw new AppError('invalid', `locationId: no location ${locationId}`);
	} else {
		locationId = defaultLocation(r, input.to);
	}

	const set: Partial<typeof caseNoteRequests.$inferInsert> = {
		status: input.to,
		currentLocationId: locationId
	};
	if (input.to in STATUS_STAMP) set[STATUS_STAMP[input.to as keyof typeof STATUS_STAMP]] = now;
	for (const column of stampsUndoneBy(r.status, input.to)) set[column] = null;
	if (input.to === 'missing') set.missing = true;
	if (input.to === 'temporary') set.temporaryNotes = true;
	// Records staff working an unassigned request take it on.
	if (r.assignedTo === null && actor.role === 'records') set.assignedTo = actor.id;
	await tx.update(caseNoteRequests).set(set).where(eq(caseNoteRequests.id, id));
	await tx.insert(caseNoteMovements).values({
		requestId: id,
		at: now,
		byUserId: actor.id,
		status: input.to,
		locationId,
		note: check.reason
	});
	await writeAudit(tx, {
		userId: actor.id,
		action: 'case-note-transition',
		entity: 'case_note_request',
		entityId: id,
		before: { status: r.status, locationId: r.currentLocationId },
		after: { status: input.to, locationId, kind: check.kind, reason: check.reason }
	});
	return { id, request, from: r.status, to: input.to, locationId };
}

const statusSchema = z
	.string()
	.refine(
		isCaseNoteStatus,
		'one of requested, located, dispatched, available, returned, filed, missing, temporary, merged, withdrawn'
	);

export const transitionSchema = z
	.object({
		to: statusSchema,
		reason: z.string().trim().max(500).optional(),
		locationId: idSchema.optional(),
		expectedFrom: statusSchema.optional()
	})
	.strict();

/** One transition in a transaction of its own. */
export async function transitionRequest(
	db: Database,
	actor: Actor,
	id: number,
	input: unknown,
	now = new Date()
): Promise<TransitionResult> {
	const data = parseInput(transitionSchema, input);
	const result = await db.transaction((tx) =>
		applyTransition(
			tx,
			actor,
			id,
			{
				...data,
				to: data.to as CaseNoteStatus,
				expectedFrom: data.expectedFrom as CaseNoteStatus | undefined
			},
			now
		)
	);
	announceRecords('moved', [id]);
	return result;
}

export const bulkTransitionSchema = transitionSchema.extend({
	ids: z.array(idSchema).min(1, 'choose at least one request').max(500)
});

/**
 * The same step for a whole pull list, all or nothing: if any request cannot take it, nothing
 * changes and the message names that request.
 */
export async function bulkTransition(
	db: Database,
	actor: Actor,
	input: unknown,
	now = new Date()
): Promise<TransitionResult[]> {
	const data = parseInput(bulkTransitionSchema, input);
	const ids = [...new Set(data.ids)].sort((a, b) => a - b);
	const done = await db.transaction(async (tx) => {
		const done: TransitionResult[] = [];
		for (const id of ids) {
			done.push(
				await applyTransition(
					tx,
					actor,
					id,
					{
						to: data.to as CaseNoteStatus,
						reason: data.reason,
						locationId: data.locationId,
						expectedFrom: data.expectedFrom as CaseNoteStatus | undefined
					},
					now
				)
			);
		}
		return done;
	});
	announceRecords('moved', ids);
	return done;
}

export const scanSchema = z
	.object({
		barcode: z
			.string()
			.trim()
			.toUpperCase()
			.regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'a volume barcode such as CN0001234-01'),
		to: statusSchema,
		reason: z.string().trim().max(500).optional(),
		locationId: idSchema.optional()
	})
	.strict();

/**
 * A movement recorded by scanning (or typing) a volume's barcode: finds the volume's open
 * request that the step fits, and moves it.
 */
export async function scanTransition(
	db: Database,
	actor: Actor,
	input: unknown,
	now = new Date()
): Promise<TransitionResult> {
	const data = parseInput(scanSchema, input);
	const to = data.to as CaseNoteStatus;
	const result = await db.transaction(async (tx) => {
		const candidates = await tx
			.select({
				id: caseNoteRequests.id,
				status: caseNoteRequests.status,
				reason: caseNoteRequests.reason,
				neededBy: caseNoteRequests.neededBy
			})
			.from(caseNoteRequests)
			.where(and(eq(sql`upper(${caseNoteRequests.volumeBarcode})`, data.barcode), isOpen))
			.orderBy(asc(caseNoteRequests.neededBy), asc(caseNoteRequests.id));
		if (candidates.length === 0)
			throw new AppError('not-found', `No open request for volume ${data.barcode}`);
		const fits = candidates.filter((c) => transitionKind(c.status, to) === 'step');
		const chosen = fits[0] ?? (candidates.length === 1 ? candidates[0] : null);
		if (!chosen) {
			// each told apart as the list shows it (what for, when needed), not by its id
			const { timeZone } = (await readRecordsSettings(tx)).calendar;
			const today = dayIn(timeZone, now).today;
			const described = candidates.map(
				(c) =>
					`${c.reason} needed ${dateTime(c.neededBy.toISOString(), timeZone, today)}, '${c.status}'`
			);
			throw new AppError(
				'conflict',
				`Volume ${data.barcode} has ${candidates.length} open requests (${described.join('; ')}) and none can go to '${to}' as a next step: choose the request in the list`
			);
		}
		return applyTransition(
			tx,
			actor,
			chosen.id,
			{ to, reason: data.reason, locationId: data.locationId },
			now
		);
	});
	announceRecords('moved', [result.id]);
	return result;
}
