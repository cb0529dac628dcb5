/**
 * Making, moving and cancelling a booking, and the case-note request that follows it. Every
 * booking is made by `bookIn` (a board's confirm, src/lib/server/planner/confirm.ts, and a
 * booking from the PTL, ./book.ts); the sessions a patient may go to are found by
 * `sessionCandidates` and checked by `checkedTarget`, for a move and a new booking alike. Each
 * change is one transaction with its audit entries.
 */
import { and, asc, eq, gte, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema, parseInput } from '../input';
import type { Database, Executor, Tx } from '../../../../db';
import {
	bookings,
	clinicians,
	pathwayUnavailability,
	pathways,
	sessions,
	sites,
	type SessionKind
} from '../../../../db/schema';
import {
	bookingRefusals,
	refusalMessage,
	sessionLabel,
	type BookingRefusal,
	type PlacedPathway
} from '../../domain/bookingRules';
import {
	CANCELLED_BY,
	cancellationCode,
	reasonLabel,
	REASON_SIDE,
	type CancellationReason,
	type CancelledBy
} from '../../domain/attendance';
import { isClockRunning } from '../../domain/rtt';
import type { CandidateSession, MoveCandidates } from '../../contracts/bookings/move';
import { writeAudit } from '../audit';
import { AppError } from '../errors';
import { announceRecords, announceWaitlist } from './live';
import { rescheduleForBooking, withdrawForBooking } from './requestsFromBookings';
import type { Actor } from './staff';
import { trustToday } from '../trustCalendar';

/** A start time inside a session, as the booking dialogs send it. */
export const startTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

export const moveBookingSchema = z
	.object({
		sessionId: idSchema,
		startTime: startTimeSchema.optional()
	})
	.strict();

/** Reasons a person picks; the validation's own is recorded by the validation. */
const PICKED_REASONS = [...REASON_SIDE.keys()].filter((r) => r !== 'removed-at-validation');

export const cancelBookingSchema = z
	.object({
		by: z.enum(CANCELLED_BY, { message: `who cancelled: ${CANCELLED_BY.join(' or ')}` }),
		reason: z.enum(PICKED_REASONS as [string, ...string[]], {
			message: `one of ${PICKED_REASONS.join(', ')}`
		}),
		note: z.string().trim().max(500, 'at most 500 characters').optional()
	})
	.strict()
	.refine((c) => REASON_SIDE.get(c.reason) === c.by, {
		path: ['reason'],
		message: 'not a reason for the side that cancelled'
	})
	.transform((c): Cancellation => ({
		by: c.by,
		reason: c.reason as CancellationReason,
		note: c.note || null
	}));

/** Who stood a booking down, why (a key of CANCELLATION_REASONS) and what they added. */
export interface Cancellation {
	by: CancelledBy;
	reason: CancellationReason;
	note: string | null;
}

async function lockedBooking(tx: Tx, id: number) {
	const [b] = await tx
		.select({
			id: bookings.id,
			status: bookings.status,
			sessionId: bookings.sessionId,
			startTime: bookings.startTime,
			pathwayId: bookings.pathwayId,
			specialty: pathways.specialtyCode,
			minutes: pathways.expectedMinutes,
			rttStatus: pathways.rttStatus
		})
		.from(bookings)
		.innerJoin(pathways, eq(pathways.id, bookings.pathwayId))
		.where(eq(bookings.id, id))
		.for('update', { of: bookings });
	return liveOnly(id, b);
}

/**
 * The booking if it is live; otherwise the refusal: 404 for no booking, 409 for an old one. The
 * person has the booking in front of them, so the message does not name it by its id.
 */
export function liveOnly<T extends { status: string }>(id: number, b: T | undefined): T {
	if (!b) throw new AppError('not-found', `No booking ${id}`);
	if (b.status !== 'booked')
		throw new AppError(
			'conflict',
			`This booking is '${b.status}'; only a live booking can be changed`
		);
	return b;
}

/** A booked pathway as the booking rules (domain/bookingRules.ts) see it, and its consultant. */
interface Placing {
	pathway: PlacedPathway;
	consultant: { name: string; limit: number | null } | null;
	/** Minutes of the consultant's patients booked on each date, this booking left out. */
	consultantDays: Map<string, number>;
}

/**
 * `from`: today on the trust's clocks; no booking goes into the past, so earlier days are not
 * read. `except`: the booking being moved (null for a new one), left out of what is booked.
 */
async function placing(
	db: Executor,
	except: number | null,
	pathwayId: number,
	from: string
): Promise<Placing> {
	const [p] = await db
		.select({
			specialty: pathways.specialtyCode,
			slotType: pathways.slotType,
			clinicianId: pathways.clinicianId,
			minutes: pathways.expectedMinutes,
			consultant: clinicians.name,
			limit: clinicians.maxMinutesPerDay
		})
		.from(pathways)
		.leftJoin(clinicians, eq(clinicians.id, pathways.clinicianId))
		.where(eq(pathways.id, pathwayId));
	const unavailable = await db
		.select({ from: pathwayUnavailability.fromDate, to: pathwayUnavailability.toDate })
		.from(pathwayUnavailability)
		.where(eq(pathwayUnavailability.pathwayId, pathwayId));
	const consultantDays = new Map<string, number>();
	if (p.clinicianId !== null) {
		const days = await db
			.select({
				date: sessions.date,
				minutes: sql<number>`sum(${pathways.expectedMinutes})::int`
			})
			.from(bookings)
			.innerJoin(pathways, eq(pathways.id, bookings.pathwayId))
			.innerJoin(sessions, eq(sessions.id, bookings.sessionId))
			.where(
				and(
					eq(pathways.clinicianId, p.clinicianId),
					eq(bookings.status, 'booked'),
					except === null ? undefined : ne(bookings.id, except),
					gte(sessions.date, from)
				)
			)
			.groupBy(sessions.date);
		for (const d of days) consultantDays.set(d.date, Number(d.minutes));
	}
	return {
		pathway: {
			specialty: p.specialty,
			slotType: p.slotType,
			clinicianId: p.clinicianId,
			minutes: p.minutes,
			unavailable
		},
		consultant:
			p.clinicianId === null
				? null
				: { name: p.consultant ?? `clinician ${p.clinicianId}`, limit: p.limit },
		consultantDays
	};
}

export interface TargetSession {
	id: number;
	date: string;
	startTime: string;
	kind: string;
	specialty: string;
	slotTypes: string[] | null;
	clinicianId: number | null;
	clinicianName: string | null;
	bookableMinutes: number;
	/** Minutes of the live bookings there, the moving one left out. */
	used: number;
}

/** The boards' hard rules for putting the placed patient in `s`. */
function refusalsFor(placed: Placing, s: TargetSession): BookingRefusal[] {
	return bookingRefusals(
		placed.pathway,
		{ ...s, minutes: s.bookableMinutes },
		{
			sessionMinutes: s.used,
			consultantDay: placed.consultant
				? { minutes: placed.consultantDays.get(s.date) ?? 0, limit: placed.consultant.limit }
				: undefined
		}
	);
}

/** A session as the person planning knows it: "2027-01-05 09:00 clinic (Ms Test) at Test General". */
function sessionWhere(s: TargetSession & { site: string }): string {
	return `${sessionLabel({ ...s, start: s.startTime.slice(0, 5) })} at ${s.site}`;
}

/** What a refused placement says it could not do: "Cannot move the booking to" a session. */
export type PlacementVerb = 'Cannot move the booking to' | 'Cannot book the patient into';

function refused(
	verb: PlacementVerb,
	placed: Placing,
	s: TargetSession & { site: string },
	why: BookingRefusal[]
) {
	// the message names the session once, at the start; each reason refers back to it
	const names = {
		patient: 'the patient',
		session: 'that session',
		consultant: placed.consultant?.name ?? ''
	};
	return new AppError(
		'conflict',
		`${verb} ${sessionWhere(s)}: ${why.map((r) => refusalMessage(r, names)).join('; ')}`
	);
}

/** Minutes of the live bookings in a session, `except` one (null: all of them). */
const usedMinutes = (except: number | null) =>
	sql<number>`(select coalesce(sum(${pathways.expectedMinutes}), 0) from ${bookings} inner join ${pathways} on ${pathways.id} = ${bookings.pathwayId} where ${bookings.sessionId} = ${sessions.id} and ${bookings.status} = 'booked'${except === null ? sql`` : sql` and ${bookings.id} <> ${except}`})::int`;

/** Sessions as placements see them (`where` picks them), with what is booked there besides `except`. */
function targetSessions(db: Executor, except: number | null, where: SQL | undefined) {
	return db
		.select(targetColumns(except))
		.from(sessions)
		.innerJoin(sites, eq(sites.id, sessions.siteId))
		.leftJoin(clinicians, eq(clinicians.id, sessions.clinicianId))
		.where(where)
		.orderBy(asc(sessions.date), asc(sessions.startTime), asc(sessions.id));
}

const targetColumns = (except: number | null) => ({
	id: sessions.id,
	date: sessions.date,
	startTime: sessions.startTime,
	endTime: sessions.endTime,
	kind: sessions.kind,
	status: sessions.status,
	specialty: sessions.specialtyCode,
	slotTypes: sessions.slotTypes,
	clinicianId: sessions.clinicianId,
	clinicianName: clinicians.name,
	bookableMinutes: sessions.bookableMinutes,
	site: sites.name,
	used: usedMinutes(except)
});

/** Who is being placed, and where they may not go again (their own session, for a move). */
export interface Placement {
	pathwayId: number;
	kind: SessionKind;
	specialty: string;
	minutes: number;
	/** The booking being moved; null for a new booking. */
	except: number | null;
	/** The session the booking is in now, not offered again. */
	notSession: number | null;
}

/**
 * Where a patient could go: open sessions of the kind and specialty, from `today`, that break
 * none of the boards' hard rules (domain/bookingRules.ts: room for the patient's expected
 * minutes, slot type, consultant and their daily limit, a day the patient can attend). The query
 * narrows to open sessions of the kind with room; each one left is then asked the same question
 * `checkedTarget` asks, so a session listed here is refused only if someone fills or cancels it
 * first. A move and a new booking both ask here.
 */
export async function sessionCandidates(
	db: Executor,
	p: Placement,
	today: string,
	limit: number
): Promise<{ sessions: CandidateSession[]; more: boolean }> {
	const placed = await placing(db, p.except, p.pathwayId, today);
	const used = usedMinutes(p.except);
	const rows = await targetSessions(
		db,
		p.except,
		and(
			eq(sessions.specialtyCode, p.specialty),
			eq(sessions.kind, p.kind),
			eq(sessions.status, 'open'),
			gte(sessions.date, today),
			p.notSession === null ? undefined : ne(sessions.id, p.notSession),
			gte(sql`${sessions.bookableMinutes} - ${used}`, p.minutes)
		)
	);
	const fitting = rows.filter((r) => refusalsFor(placed, r).length === 0);
	return {
		sessions: fitting.slice(0, limit).map((r) => ({
			id: r.id,
			date: r.date,
			startTime: r.startTime.slice(0, 5),
			endTime: r.endTime.slice(0, 5),
			clinician: r.clinicianName,
			site: r.site,
			freeMinutes: r.bookableMinutes - r.used
		})),
		more: fitting.length > limit
	};
}

/**
 * Where a live booking could move: open sessions of its kind and specialty, today or later, but
 * its own, that break none of the boards' hard rules (`sessionCandidates`).
 */
export async function moveCandidates(
	db: Executor,
	bookingId: number,
	now = new Date(),
	limit = 100
): Promise<MoveCandidates> {
	const [found] = await db
		.select({
			id: bookings.id,
			status: bookings.status,
			sessionId: bookings.sessionId,
			date: sessions.date,
			kind: sessions.kind,
			specialty: pathways.specialtyCode,
			minutes: pathways.expectedMinutes,
			pathwayId: pathways.id
		})
		.from(bookings)
		.innerJoin(pathways, eq(pathways.id, bookings.pathwayId))
		.innerJoin(sessions, eq(sessions.id, bookings.sessionId))
		.where(eq(bookings.id, bookingId));
	const { status: _status, pathwayId, ...booking } = liveOnly(bookingId, found);
	const today = await trustToday(db, now);
	const where = await sessionCandidates(
		db,
		{ ...booking, pathwayId, except: bookingId, notSession: booking.sessionId },
		today,
		limit
	);
	return { booking, ...where };
}

/**
 * The session a patient is to be placed in, locked (moves, bookings and confirms into one list
 * serialise on it) and checked: open, of the kind wanted, not in the past, and breaking none of
 * the boards' hard rules (planning-problem.md rules 2–7), each refusal a 409 in the rules' own
 * words after `verb`. `ignoreMinutes`: the patient already sits in this session (a new start time
 * in the same session takes no more of it).
 */
export async function checkedTarget(
	tx: Tx,
	p: Omit<Placement, 'notSession' | 'minutes' | 'specialty'>,
	sessionId: number,
	verb: PlacementVerb,
	now: Date,
	ignoreMinutes = false
) {
	const [locked] = await tx
		.select({ id: sessions.id })
		.from(sessions)
		.where(eq(sessions.id, sessionId))
		.for('update');
	if (!locked) throw new AppError('invalid', `sessionId: no session ${sessionId}`);
	const [target] = await targetSessions(tx, p.except, eq(sessions.id, sessionId));
	if (target.status !== 'open')
		throw new AppError('conflict', `${sessionWhere(target)} is cancelled`);
	if (target.kind !== p.kind)
		throw new AppError(
			'conflict',
			`${sessionWhere(target)} is a ${target.kind} list; the booking is for a ${p.kind}`
		);
	const today = await trustToday(tx, now);
	if (target.date < today) throw new AppError('conflict', `${sessionWhere(target)} is in the past`);
	const placed = await placing(tx, p.except, p.pathwayId, today);
	const refusals = refusalsFor(placed, target).filter(
		(r) => r.rule !== 'session-minutes' || !ignoreMinutes
	);
	if (refusals.length) throw refused(verb, placed, target, refusals);
	return { ...target, today };
}

/** A start time must fall inside its session's hours. */
export function checkStartTime(
	startTime: string | undefined,
	target: { startTime: string; endTime: string }
) {
	if (
		startTime &&
		(startTime < target.startTime.slice(0, 5) || startTime >= target.endTime.slice(0, 5))
	) {
		throw new AppError(
			'invalid',
			`startTime: ${startTime} is outside the session's hours (${target.startTime.slice(0, 5)}–${target.endTime.slice(0, 5)})`
		);
	}
}

/**
 * Books a pathway into a session, in the caller's transaction, with its audit entry (`audit`
 * says where the booking came from). The database's unique index keeps one live booking per
 * pathway; a second is refused naming `who`. The caller raises the case-note request
 * (raiseForBookings) and announces the change once it commits.
 */
export async function bookIn(
	tx: Tx,
	actor: Pick<Actor, 'id'>,
	b: { pathwayId: number; sessionId: number; startTime: string | null },
	who: string,
	audit: Record<string, unknown>
): Promise<number> {
	const [row] = await tx
		.insert(bookings)
		.values({ ...b, bookedBy: actor.id })
		.onConflictDoNothing()
		.returning({ id: bookings.id });
	if (!row) throw new AppError('conflict', `${who} already has a live booking elsewhere`);
	await writeAudit(tx, {
		userId: actor.id,
		action: 'book',
		entity: 'booking',
		entityId: row.id,
		after: { pathwayId: b.pathwayId, sessionId: b.sessionId, ...audit }
	});
	return row.id;
}

/**
 * Moves a live booking to another open session of the same kind, today or later, that breaks
 * none of the boards' hard rules (domain/bookingRules.ts). The case-note request moves with it:
 * new date, place and pull list.
 */
export async function moveBooking(
	db: Database,
	actor: Actor,
	bookingId: number,
	input: unknown,
	now = new Date()
): Promise<{ bookingId: number; sessionId: number; requestIds: number[] }> {
	const data = parseInput(moveBookingSchema, input);
	const result = await db.transaction(async (tx) => {
		const b = await lockedBooking(tx, bookingId);
		const [from] = await tx.select().from(sessions).where(eq(sessions.id, b.sessionId));
		if (
			data.sessionId === b.sessionId &&
			(data.startTime ?? null) === (b.startTime?.slice(0, 5) ?? null)
		) {
			const [here] = await targetSessions(tx, bookingId, eq(sessions.id, b.sessionId));
			throw new AppError(
				'conflict',
				`The booking is already in ${sessionWhere(here)}${data.startTime ? `, at ${data.startTime}` : ''}`
			);
		}
		// the planning boards' hard rules (planning-problem.md rules 2–7) hold for moves too
		const target = await checkedTarget(
			tx,
			{ pathwayId: b.pathwayId, kind: from.kind, except: bookingId },
			data.sessionId,
			'Cannot move the booking to',
			now,
			data.sessionId === b.sessionId
		);
		checkStartTime(data.startTime, target);
		await tx
			.update(bookings)
			.set({ sessionId: target.id, startTime: data.startTime ?? null, statusChangedAt: now })
			.where(eq(bookings.id, bookingId));
		await writeAudit(tx, {
			userId: actor.id,
			action: 'move-booking',
			entity: 'booking',
			entityId: bookingId,
			before: { sessionId: b.sessionId, startTime: b.startTime },
			after: { sessionId: target.id, startTime: data.startTime ?? null }
		});
		const requestIds = await rescheduleForBooking(tx, bookingId, actor, { now });
		return {
			bookingId,
			sessionId: target.id,
			from: b.sessionId,
			pathwayId: b.pathwayId,
			requestIds,
			specialty: b.specialty
		};
	});
	announceRecords('booking-moved', result.requestIds);
	// answered once loaded boards count the booking where it now is
	await announceWaitlist('booking-moved', result.specialty, {
		sessionIds: [result.from, result.sessionId],
		pathwayIds: [result.pathwayId]
	});
	return {
		bookingId: result.bookingId,
		sessionId: result.sessionId,
		requestIds: result.requestIds
	};
}

/**
 * Cancels a live booking (by the hospital or the patient: neither stops the RTT clock, DOMAIN.md)
 * and withdraws its case-note request if the notes have not left the library.
 */
export async function cancelBooking(
	db: Database,
	actor: Actor,
	bookingId: number,
	input: unknown,
	now = new Date()
): Promise<{ bookingId: number; withdrawn: number[]; stillOut: number[] }> {
	const cancellation = parseInput(cancelBookingSchema, input);
	const result = await db.transaction((tx) =>
		cancelBookingIn(tx, actor, bookingId, cancellation, now)
	);
	announceRecords('booking-cancelled', [...result.withdrawn, ...result.stillOut]);
	await announceWaitlist('booking-cancelled', result.specialty, {
		sessionIds: [result.sessionId],
		pathwayIds: [result.pathwayId]
	});
	return { bookingId, withdrawn: result.withdrawn, stillOut: result.stillOut };
}

/** Cancels in the caller's transaction (validation outcomes that take a patient off the list). */
export async function cancelBookingIn(
	tx: Tx,
	actor: Actor,
	bookingId: number,
	cancellation: Cancellation,
	now: Date
) {
	const b = await lockedBooking(tx, bookingId);
	const attendanceCode = cancellationCode(cancellation.by);
	await tx
		.update(bookings)
		.set({
			status: 'cancelled',
			statusChangedAt: now,
			attendanceCode,
			cancellationReason: cancellation.reason,
			outcomeNote: cancellation.note
		})
		.where(eq(bookings.id, bookingId));
	await writeAudit(tx, {
		userId: actor.id,
		action: 'cancel-booking',
		entity: 'booking',
		entityId: bookingId,
		before: { status: 'booked', sessionId: b.sessionId },
		after: {
			status: 'cancelled',
			attendanceCode,
			by: cancellation.by,
			reason: cancellation.reason,
			note: cancellation.note,
			clockRunning: isClockRunning(b.rttStatus)
		}
	});
	const said = [reasonLabel(cancellation.reason), cancellation.note].filter(Boolean).join(': ');
	const { withdrawn, stillOut } = await withdrawForBooking(
		tx,
		bookingId,
		actor,
		`Booking cancelled by the ${cancellation.by}: ${said}`,
		now
	);
	return {
		withdrawn,
		stillOut,
		specialty: b.specialty,
		sessionId: b.sessionId,
		pathwayId: b.pathwayId
	};
}
