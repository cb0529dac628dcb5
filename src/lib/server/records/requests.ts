/**
 * Case-note requests: raised by bookings (and moved or withdrawn with them) or ad hoc by records
 * staff, moved along their lifecycle with every movement recorded (who, where, when), and shown
 * as the day's pull lists. The lifecycle rules are in src/lib/domain/caseNoteLifecycle.ts; this
 * module applies them to the database, one transaction per change, audited in it.
 */
import {
	and,
	asc,
	desc,
	eq,
	gte,
	inArray,
	isNotNull,
	isNull,
	lt,
	notInArray,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { idSchema, parseInput } from '../input';
import type { Database, Executor, Tx } from '../../../../db';
import {
	bookings,
	caseNoteMovements,
	caseNoteRequests,
	locations,
	pathways,
	patients,
	sessions,
	sites,
	users,
	type CaseNoteUrgency
} from '../../../../db/schema';
import {
	checkTransition,
	CLOSED_STATUSES,
	isCaseNoteStatus,
	STATUS_STAMP,
	stampsUndoneBy,
	transitionKind,
	type CaseNoteStatus
} from '../../domain/caseNoteLifecycle';
import { lateness, pullDate, slaDueAt, type Lateness } from '../../domain/caseNoteSla';
import { addDays, isValidNhsNumber, maskNhsNumber } from '../../domain/rtt';
import { minutesOf, wallDate, wallTime } from '../../domain/workingTime';
import { writeAudit } from '../audit';
import type { SessionUser } from '../auth';
import { AppError } from '../errors';
import { announceTakeOvers, checkHandOn, type HandOnResult } from './handOn';
import { announceRecords } from './live';
import { leadTimeFor, readRecordsSettings, type RecordsSettings } from './settings';

export type Actor = Pick<SessionUser, 'id' | 'name' | 'role'>;

/** Requests still being worked: everything but filed, merged and withdrawn. */
const isOpen = notInArray(caseNoteRequests.status, [...CLOSED_STATUSES]);

/** A request's pull list day: its pull date, else the day it was requested. */
const pullDay = (timeZone: string) =>
	sql<string>`coalesce(${caseNoteRequests.pullOn}, (${caseNoteRequests.requestedAt} at time zone ${timeZone})::date)`;

// ---------------------------------------------------------------- requests raised by bookings

interface BookingFacts {
	bookingId: number;
	status: string;
	startTime: string | null;
	date: string;
	sessionStart: string;
	kind: 'clinic' | 'theatre';
	siteId: number;
	siteCode: string;
	locationId: number | null;
	patientId: number;
}

async function bookingFacts(tx: Executor, bookingId: number): Promise<BookingFacts | null> {
	const [row] = await tx
		.select({
			bookingId: bookings.id,
			status: bookings.status,
			startTime: bookings.startTime,
			date: sessions.date,
			sessionStart: sessions.startTime,
			kind: sessions.kind,
			siteId: sessions.siteId,
			siteCode: sites.code,
			locationId: sessions.locationId,
			patientId: pathways.patientId
		})
		.from(bookings)
		.innerJoin(sessions, eq(sessions.id, bookings.sessionId))
		.innerJoin(sites, eq(sites.id, sessions.siteId))
		.innerJoin(pathways, eq(pathways.id, bookings.pathwayId))
		.where(eq(bookings.id, bookingId));
	return row ?? null;
}

/** When and where a booking's notes are needed, and which pull list they go on. */
function planForBooking(b: BookingFacts, settings: RecordsSettings, now: Date) {
	const { timeZone, holidays } = settings.calendar;
	const today = wallDate(now.getTime(), timeZone);
	const { pullOn, insideLeadTime } = pullDate(
		b.date,
		leadTimeFor(settings, b.siteCode),
		today,
		holidays
	);
	return {
		reason: b.kind === 'clinic' ? ('clinic' as const) : ('admission' as const),
		neededBy: new Date(wallTime(b.date, minutesOf(b.startTime ?? b.sessionStart), timeZone)),
		pullOn,
		// Booked inside the lead time: the notes are wanted sooner than a routine pull.
		urgency: (insideLeadTime ? 'urgent' : 'routine') as CaseNoteUrgency,
		destinationLocationId: b.locationId
	};
}

/**
 * Where a patient's notes live and their volume barcode: as the last request for them recorded
 * it, else the records library of the site they are wanted at.
 */
async function notesHome(tx: Executor, patientId: number, siteId: number | null) {
	const [last] = await tx
		.select({ home: caseNoteRequests.homeLocationId, barcode: caseNoteRequests.volumeBarcode })
		.from(caseNoteRequests)
		.where(
			and(eq(caseNoteRequests.patientId, patientId), isNotNull(caseNoteRequests.homeLocationId))
		)
		.orderBy(desc(caseNoteRequests.requestedAt), desc(caseNoteRequests.id))
		.limit(1);
	if (last) return { homeLocationId: last.home, volumeBarcode: last.barcode };
	if (siteId === null) return { homeLocationId: null, volumeBarcode: null };
	const [library] = await tx
		.select({ id: locations.id })
		.from(locations)
		.where(and(eq(locations.siteId, siteId), eq(locations.kind, 'library')))
		.orderBy(asc(locations.id))
		.limit(1);
	return { homeLocationId: library?.id ?? null, volumeBarcode: null };
}

/**
 * Raises the case-note request for a new booking, in the booking's transaction. Idempotent: a
 * booking with an open request keeps it. Returns the request id, or null for a booking that is
 * not live.
 */
export async function raiseForBooking(
	tx: Tx,
	bookingId: number,
	actor: Pick<Actor, 'id'>,
	options: { settings?: RecordsSettings; now?: Date } = {}
): Promise<number | null> {
	const b = await bookingFacts(tx, bookingId);
	if (!b || b.status !== 'booked') return null;
	const [existing] = await tx
		.select({ id: caseNoteRequests.id })
		.from(caseNoteRequests)
		.where(and(eq(caseNoteRequests.bookingId, bookingId), isOpen));
	if (existing) return existing.id;
	const settings = options.settings ?? (await readRecordsSettings(tx));
	const now = options.now ?? new Date();
	const plan = planForBooking(b, settings, now);
	const home = await notesHome(tx, b.patientId, b.siteId);
	const [row] = await tx
		.insert(caseNoteRequests)
		.values({
			patientId: b.patientId,
			bookingId,
			reason: plan.reason,
			urgency: plan.urgency,
			status: 'requested',
			neededBy: plan.neededBy,
			requestedAt: now,
			requestedBy: actor.id,
			homeLocationId: home.homeLocationId,
			currentLocationId: home.homeLocationId,
			destinationLocationId: plan.destinationLocationId,
			volumeBarcode: home.volumeBarcode,
			pullOn: plan.pullOn
		})
		.returning({ id: caseNoteRequests.id });
	await tx.insert(caseNoteMovements).values({
		requestId: row.id,
		at: now,
		byUserId: actor.id,
		status: 'requested',
		locationId: home.homeLocationId,
		note: `Raised by booking ${bookingId}`
	});
	await writeAudit(tx, {
		userId: actor.id,
		action: 'raise-case-note-request',
		entity: 'case_note_request',
		entityId: row.id,
		after: {
			bookingId,
			reason: plan.reason,
			urgency: plan.urgency,
			neededBy: plan.neededBy.toISOString(),
			pullOn: plan.pullOn
		}
	});
	return row.id;
}

/** Raises the requests for bookings just made (a board's confirm), in their transaction. */
export async function raiseForBookings(
	tx: Tx,
	bookingIds: number[],
	actor: Pick<Actor, 'id'>,
	now = new Date()
): Promise<number[]> {
	if (bookingIds.length === 0) return [];
	const settings = await readRecordsSettings(tx);
	const ids: number[] = [];
	for (const bookingId of bookingIds) {
		const id = await raiseForBooking(tx, bookingId, actor, { settings, now });
		if (id !== null) ids.push(id);
	}
	return ids;
}

/** A booking moved: its open request follows it (new date, time, place and pull list). */
export async function rescheduleForBooking(
	tx: Tx,
	bookingId: number,
	actor: Pick<Actor, 'id'>,
	options: { settings?: RecordsSettings; now?: Date } = {}
): Promise<number[]> {
	const b = await bookingFacts(tx, bookingId);
	if (!b) return [];
	const open = await tx
		.select()
		.from(caseNoteRequests)
		.where(and(eq(caseNoteRequests.bookingId, bookingId), isOpen))
		.for('update');
	if (open.length === 0)
		return [await raiseForBooking(tx, bookingId, actor, options)].filter(
			(id): id is number => id !== null
		);
	const settings = options.settings ?? (await readRecordsSettings(tx));
	const plan = planForBooking(b, settings, options.now ?? new Date());
	for (const r of open) {
		const after = {
			neededBy: plan.neededBy,
			pullOn: plan.pullOn,
			destinationLocationId: plan.destinationLocationId,
			// Never downgrade: an urgent request stays urgent.
			urgency: r.urgency === 'routine' ? plan.urgency : r.urgency
		};
		await tx.update(caseNoteRequests).set(after).where(eq(caseNoteRequests.id, r.id));
		await writeAudit(tx, {
			userId: actor.id,
			action: 'reschedule-case-note-request',
			entity: 'case_note_request',
			entityId: r.id,
			before: {
				neededBy: r.neededBy.toISOString(),
				pullOn: r.pullOn,
				destinationLocationId: r.destinationLocationId,
				urgency: r.urgency
			},
			after: { ...after, neededBy: after.neededBy.toISOString(), bookingId }
		});
	}
	return open.map((r) => r.id);
}

/** Statuses in which a cancelled booking's request is withdrawn: the notes have not left the library. */
const WITHDRAW_ON_CANCEL: readonly CaseNoteStatus[] = ['requested', 'located'];

/**
 * A booking was cancelled: its request is withdrawn if the notes are still in the library. Notes
 * already on their way or at the clinic stay tracked until they are returned and filed.
 */
export async function withdrawForBooking(
	tx: Tx,
	bookingId: number,
	actor: Actor,
	reason = 'Appointment cancelled',
	now = new Date()
): Promise<{ withdrawn: number[]; stillOut: number[] }> {
	const open = await tx
		.select({ id: caseNoteRequests.id, status: caseNoteRequests.status })
		.from(caseNoteRequests)
		.where(and(eq(caseNoteRequests.bookingId, bookingId), isOpen));
	const withdrawn: number[] = [];
	const stillOut: number[] = [];
	for (const r of open) {
		if (WITHDRAW_ON_CANCEL.includes(r.status)) {
			await applyTransition(tx, actor, r.id, { to: 'withdrawn', reason }, now);
			withdrawn.push(r.id);
		} else {
			stillOut.push(r.id);
		}
	}
	return { withdrawn, stillOut };
}

// ---------------------------------------------------------------- ad-hoc requests

export const AD_HOC_REASONS = ['ward', 'emergency', 'correspondence'] as const;

export const adHocRequestSchema = z
	.object({
		nhsNumber: z
			.string()
			.trim()
			.refine(isValidNhsNumber, 'a valid 10-digit NHS number (e.g. 943 476 5919)'),
		reason: z.enum(AD_HOC_REASONS),
		urgency: z.enum(['emergency', 'urgent', 'routine']),
		destinationLocationId: idSchema,
		note: z.string().trim().max(500).optional()
	})
	.strict();

/** A ward, emergency or correspondence request, due by the SLA for its urgency. */
export async function raiseAdHoc(
	db: Database,
	actor: Actor,
	input: unknown,
	now = new Date()
): Promise<number> {
	const data = parseInput(adHocRequestSchema, input);
	const id = await db.transaction(async (tx) => {
		const nhs = data.nhsNumber.replaceAll(' ', '');
		const [patient] = await tx
			.select({ id: patients.id })
			.from(patients)
			.where(eq(patients.nhsNumber, nhs));
		if (!patient)
			throw new AppError('invalid', `nhsNumber: no patient with NHS number ${data.nhsNumber}`);
		const [destination] = await tx
			.select({ id: locations.id, siteId: locations.siteId })
			.from(locations)
			.where(eq(locations.id, data.destinationLocationId));
		if (!destination)
			throw new AppError(
				'invalid',
				`destinationLocationId: no location ${data.destinationLocationId}`
			);
		const settings = await readRecordsSettings(tx);
		const neededBy = new Date(
			slaDueAt(data.urgency, now.getTime(), settings.sla, settings.calendar)
		);
		const home = await notesHome(tx, patient.id, destination.siteId);
		const [row] = await tx
			.insert(caseNoteRequests)
			.values({
				patientId: patient.id,
				reason: data.reason,
				urgency: data.urgency,
				status: 'requested',
				neededBy,
				requestedAt: now,
				requestedBy: actor.id,
				homeLocationId: home.homeLocationId,
				currentLocationId: home.homeLocationId,
				destinationLocationId: destination.id,
				volumeBarcode: home.volumeBarcode,
				pullOn: wallDate(now.getTime(), settings.calendar.timeZone)
			})
			.returning({ id: caseNoteRequests.id });
		await tx.insert(caseNoteMovements).values({
			requestId: row.id,
			at: now,
			byUserId: actor.id,
			status: 'requested',
			locationId: home.homeLocationId,
			note: data.note ?? null
		});
		await writeAudit(tx, {
			userId: actor.id,
			action: 'raise-case-note-request',
			entity: 'case_note_request',
			entityId: row.id,
			after: {
				reason: data.reason,
				urgency: data.urgency,
				neededBy: neededBy.toISOString(),
				destinationLocationId: destination.id,
				note: data.note ?? null
			}
		});
		return row.id;
	});
	announceRecords('raised', [id]);
	return id;
}

// ---------------------------------------------------------------- transitions

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
	from: CaseNoteStatus;
	to: CaseNoteStatus;
	locationId: number | null;
}

type RequestRow = typeof caseNoteRequests.$inferSelect;

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
	if (input.expectedFrom && r.status !== input.expectedFrom) {
		throw new AppError(
			'conflict',
			`Request ${id} is now '${r.status}', not '${input.expectedFrom}': someone else has moved it. Refresh and try again`
		);
	}
	const check = checkTransition(id, r.status, input.to, input.reason);
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
	return { id, from: r.status, to: input.to, locationId };
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
			.select({ id: caseNoteRequests.id, status: caseNoteRequests.status })
			.from(caseNoteRequests)
			.where(and(eq(sql`upper(${caseNoteRequests.volumeBarcode})`, data.barcode), isOpen))
			.orderBy(asc(caseNoteRequests.neededBy), asc(caseNoteRequests.id));
		if (candidates.length === 0)
			throw new AppError('not-found', `No open request for volume ${data.barcode}`);
		const fits = candidates.filter((c) => transitionKind(c.status, to) === 'step');
		const chosen = fits[0] ?? (candidates.length === 1 ? candidates[0] : null);
		if (!chosen) {
			throw new AppError(
				'conflict',
				`Volume ${data.barcode} has ${candidates.length} open requests (${candidates.map((c) => `${c.id} '${c.status}'`).join(', ')}) and none can go to '${to}' as a next step: choose the request in the list`
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

// ---------------------------------------------------------------- assignment

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
				holderName: users.name
			})
			.from(caseNoteRequests)
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
				`Request ${closed[0].id} is '${closed[0].status}'; only open requests can be assigned`
			);
		}
		const moves = rows.map((r) => ({
			r,
			kind: checkHandOn(
				actor,
				{
					label: `Request ${r.id}`,
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

/** Checks that a user exists, is active and has one of `roles`; a 400 naming `field` if not. */
export async function requireUserWithRole(
	tx: Executor,
	userId: number,
	roles: readonly string[],
	field: string
): Promise<{ id: number; name: string; role: string }> {
	const [u] = await tx
		.select({ id: users.id, name: users.name, role: users.role, active: users.active })
		.from(users)
		.where(eq(users.id, userId));
	if (!u || !u.active) throw new AppError('invalid', `${field}: no active user ${userId}`);
	if (!roles.includes(u.role)) {
		throw new AppError(
			'invalid',
			`${field}: ${u.name} is not one of the people who can take this work (${roles.join(', ')})`
		);
	}
	return u;
}

// ---------------------------------------------------------------- worklists

export interface RequestView {
	id: number;
	patient: string;
	nhsMasked: string;
	volumeBarcode: string | null;
	reason: string;
	urgency: CaseNoteUrgency;
	status: CaseNoteStatus;
	requestedAt: string;
	neededBy: string;
	pullOn: string;
	homeLocationId: number | null;
	home: string | null;
	destination: string | null;
	current: string | null;
	assignee: { id: number; name: string } | null;
	bookingId: number | null;
	late: Lateness;
	/** On today's list because an earlier pull list did not get to it. */
	carriedOver: boolean;
}

const home = alias(locations, 'home');
const destination = alias(locations, 'destination');
const current = alias(locations, 'current');
const assignee = alias(users, 'assignee');

async function selectRequests(db: Executor, where: SQL | undefined, timeZone: string) {
	return db
		.select({
			id: caseNoteRequests.id,
			givenName: patients.givenName,
			familyName: patients.familyName,
			nhsNumber: patients.nhsNumber,
			volumeBarcode: caseNoteRequests.volumeBarcode,
			reason: caseNoteRequests.reason,
			urgency: caseNoteRequests.urgency,
			status: caseNoteRequests.status,
			requestedAt: caseNoteRequests.requestedAt,
			neededBy: caseNoteRequests.neededBy,
			pullOn: pullDay(timeZone),
			returnedAt: caseNoteRequests.returnedAt,
			homeLocationId: caseNoteRequests.homeLocationId,
			home: home.name,
			destination: destination.name,
			current: current.name,
			assigneeId: assignee.id,
			assigneeName: assignee.name,
			bookingId: caseNoteRequests.bookingId
		})
		.from(caseNoteRequests)
		.innerJoin(patients, eq(patients.id, caseNoteRequests.patientId))
		.leftJoin(home, eq(home.id, caseNoteRequests.homeLocationId))
		.leftJoin(destination, eq(destination.id, caseNoteRequests.destinationLocationId))
		.leftJoin(current, eq(current.id, caseNoteRequests.currentLocationId))
		.leftJoin(assignee, eq(assignee.id, caseNoteRequests.assignedTo))
		.where(where)
		.orderBy(asc(home.name), asc(caseNoteRequests.neededBy), asc(caseNoteRequests.id));
}

type SelectedRow = Awaited<ReturnType<typeof selectRequests>>[number];

function toView(r: SelectedRow, settings: RecordsSettings, now: Date, today: string): RequestView {
	const pullOn = String(r.pullOn);
	return {
		id: r.id,
		patient: `${r.familyName.toUpperCase()}, ${r.givenName}`,
		nhsMasked: maskNhsNumber(r.nhsNumber),
		volumeBarcode: r.volumeBarcode,
		reason: r.reason,
		urgency: r.urgency,
		status: r.status,
		requestedAt: r.requestedAt.toISOString(),
		neededBy: r.neededBy.toISOString(),
		pullOn,
		homeLocationId: r.homeLocationId,
		home: r.home,
		destination: r.destination,
		current: r.current,
		assignee:
			r.assigneeId !== null && r.assigneeName !== null
				? { id: r.assigneeId, name: r.assigneeName }
				: null,
		bookingId: r.bookingId,
		late: lateness(
			{
				status: r.status,
				neededBy: r.neededBy.getTime(),
				pullOn,
				returnedAt: r.returnedAt?.getTime() ?? null
			},
			now.getTime(),
			settings.sla,
			settings.calendar
		),
		carriedOver: pullOn < today
	};
}

export interface PullListGroup {
	libraryId: number | null;
	library: string;
	rows: RequestView[];
}

export interface PullList {
	date: string;
	today: string;
	total: number;
	late: number;
	groups: PullListGroup[];
}

/** Statuses a request carries over to today's list in: the notes are not yet on their way. */
const CARRIED_OVER: readonly CaseNoteStatus[] = ['requested', 'located'];

/**
 * The pull list for a day, by library location: every request due to be pulled that day (with
 * how far each has got), and on today's list also earlier ones still not dispatched.
 */
export async function pullList(
	db: Executor,
	date: string,
	now = new Date(),
	settings?: RecordsSettings
): Promise<PullList> {
	const s = settings ?? (await readRecordsSettings(db));
	const tz = s.calendar.timeZone;
	const today = wallDate(now.getTime(), tz);
	const dayStart = new Date(wallTime(date, 0, tz));
	const dayEnd = new Date(wallTime(addDays(date, 1), 0, tz));
	// Written so the pull-date and requested-at indexes can answer it.
	const onDay = or(
		eq(caseNoteRequests.pullOn, date),
		and(
			isNull(caseNoteRequests.pullOn),
			gte(caseNoteRequests.requestedAt, dayStart),
			lt(caseNoteRequests.requestedAt, dayEnd)
		)
	);
	const where =
		date === today
			? or(
					and(onDay, notInArray(caseNoteRequests.status, ['withdrawn'])),
					and(inArray(caseNoteRequests.status, [...CARRIED_OVER]), sql`${pullDay(tz)} < ${today}`)
				)
			: and(onDay, notInArray(caseNoteRequests.status, ['withdrawn']));
	const rows = (await selectRequests(db, where, tz)).map((r) => toView(r, s, now, today));
	const groups = new Map<string, PullListGroup>();
	for (const r of rows) {
		const key = String(r.homeLocationId);
		let g = groups.get(key);
		if (!g) {
			g = { libraryId: r.homeLocationId, library: r.home ?? 'No home library recorded', rows: [] };
			groups.set(key, g);
		}
		g.rows.push(r);
	}
	return {
		date,
		today,
		total: rows.length,
		late: rows.filter((r) => r.late.late).length,
		groups: [...groups.values()].sort((a, b) => a.library.localeCompare(b.library))
	};
}

export interface TrackingLists {
	/** Dispatched or at the clinic or ward: to come back. */
	out: RequestView[];
	/** Returned to the library: to file. */
	toFile: RequestView[];
	/** Missing, or temporary notes awaiting the original. */
	exceptions: RequestView[];
}

/** The open requests past the pull: notes out, returns to file, and missing or temporary notes. */
export async function trackingLists(
	db: Executor,
	now = new Date(),
	settings?: RecordsSettings
): Promise<TrackingLists> {
	const s = settings ?? (await readRecordsSettings(db));
	const today = wallDate(now.getTime(), s.calendar.timeZone);
	const rows = (
		await selectRequests(
			db,
			inArray(caseNoteRequests.status, [
				'dispatched',
				'available',
				'returned',
				'missing',
				'temporary'
			]),
			s.calendar.timeZone
		)
	).map((r) => toView(r, s, now, today));
	const by = (a: RequestView, b: RequestView) =>
		a.neededBy.localeCompare(b.neededBy) || a.id - b.id;
	return {
		out: rows.filter((r) => r.status === 'dispatched' || r.status === 'available').sort(by),
		toFile: rows.filter((r) => r.status === 'returned').sort(by),
		exceptions: rows.filter((r) => r.status === 'missing' || r.status === 'temporary').sort(by)
	};
}

/** One request as the worklists show it, or null. */
export async function requestById(
	db: Executor,
	id: number,
	now = new Date()
): Promise<RequestView | null> {
	const s = await readRecordsSettings(db);
	const [row] = await selectRequests(db, eq(caseNoteRequests.id, id), s.calendar.timeZone);
	return row ? toView(row, s, now, wallDate(now.getTime(), s.calendar.timeZone)) : null;
}

/** The requests raised for a pathway's bookings, newest first. */
export async function requestsForPathway(
	db: Executor,
	pathwayId: number,
	now = new Date()
): Promise<RequestView[]> {
	const s = await readRecordsSettings(db);
	const today = wallDate(now.getTime(), s.calendar.timeZone);
	const rows = await selectRequests(
		db,
		inArray(
			caseNoteRequests.bookingId,
			db.select({ id: bookings.id }).from(bookings).where(eq(bookings.pathwayId, pathwayId))
		),
		s.calendar.timeZone
	);
	return rows.map((r) => toView(r, s, now, today)).sort((a, b) => b.id - a.id);
}

export interface MovementView {
	at: string;
	status: CaseNoteStatus;
	by: string | null;
	location: string | null;
	note: string | null;
}

/** A request's movements, oldest first: the tracking record. */
export async function movementsOf(db: Executor, requestId: number): Promise<MovementView[]> {
	const rows = await db
		.select({
			at: caseNoteMovements.at,
			status: caseNoteMovements.status,
			by: users.name,
			location: locations.name,
			note: caseNoteMovements.note
		})
		.from(caseNoteMovements)
		.leftJoin(users, eq(users.id, caseNoteMovements.byUserId))
		.leftJoin(locations, eq(locations.id, caseNoteMovements.locationId))
		.where(eq(caseNoteMovements.requestId, requestId))
		.orderBy(asc(caseNoteMovements.at), asc(caseNoteMovements.id));
	return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** Locations to choose from when recording where notes are, grouped by site. */
export async function locationChoices(db: Executor) {
	return db
		.select({ id: locations.id, name: locations.name, kind: locations.kind, site: sites.code })
		.from(locations)
		.innerJoin(sites, eq(sites.id, locations.siteId))
		.orderBy(asc(sites.code), asc(locations.kind), asc(locations.name));
}

/** Active records staff, for assignment. */
export async function recordsStaff(db: Executor) {
	return db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(and(eq(users.role, 'records'), eq(users.active, true)))
		.orderBy(asc(users.name));
}
