/**
 * Moving and cancelling a booking, and the case-note request that follows it. A booking made by
 * a board's confirm raises its request there (src/lib/server/planner/confirm.ts); these are the
 * other changes a booking goes through, each in one transaction with its audit entries.
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
	sites
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
import type { MoveCandidates } from '../../contracts/bookings/move';
import { writeAudit } from '../audit';
import { AppError } from '../errors';
import { announceRecords, announceWaitlist } from './live';
import { rescheduleForBooking, withdrawForBooking } from './requestsFromBookings';
import type { Actor } from './staff';
import { trustToday } from '../trustCalendar';

export const moveBookingSchema = z
	.object({
		sessionId: idSchema,
		startTime: z
			.string()
			.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM')
			.optional()
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
	.transform(
		(c): Cancellation => ({
			by: c.by,
			reason: c.reason as CancellationReason,
			note: c.note || null
		})
	);

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

/** `from`: today on the trust's clocks; no move goes into the past, so earlier days are not read. */
async function placing(
	db: Executor,
	bookingId: number,
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
					ne(bookings.id, bookingId),
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

interface TargetSession {
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

/** The boards' hard rules for putting this booking's patient in `s`. */
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

function refusedMove(placed: Placing, s: TargetSession & { site: string }, why: BookingRefusal[]) {
	// the message names the session once, at the start; each reason refers back to it
	const names = {
		patient: 'the patient',
		session: 'that session',
		consultant: placed.consultant?.name ?? ''
	};
	return new AppError(
		'conflict',
		`Cannot move the booking to ${sessionWhere(s)}: ${why.map((r) => refusalMessage(r, names)).join('; ')}`
	);
}

/** Minutes of the live bookings in a session, `except` one. */
const usedMinutes = (except: number) =>
	sql<number>`(select coalesce(sum(${pathways.expectedMinutes}), 0) from ${bookings} inner join ${pathways} on ${pathways.id} = ${bookings.pathwayId} where ${bookings.sessionId} = ${sessions.id} and ${bookings.status} = 'booked' and ${bookings.id} <> ${except})::int`;

/** Sessions as moves see them (`where` picks them), with what is booked there besides `bookingId`. */
function targetSessions(db: Executor, bookingId: number, where: SQL | undefined) {
	return db
		.select(targetColumns(bookingId))
		.from(sessions)
		.innerJoin(sites, eq(sites.id, sessions.siteId))
		.leftJoin(clinicians, eq(clinicians.id, sessions.clinicianId))
		.where(where)
		.orderBy(asc(sessions.date), asc(sessions.startTime), asc(sessions.id));
}

const targetColumns = (bookingId: number) => ({
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
	used: usedMinutes(bookingId)
});

/**
 * Where a live booking could move: open sessions of its kind and specialty, today or later, that
 * break none of the boards' hard rules (domain/bookingRules.ts: room for the patient's expected
 * minutes, slot type, consultant and their daily limit, a day the patient can attend). The query
 * narrows to open sessions of the kind with room; each one left is then asked the same question
 * moveBooking asks, so a session listed here is refused only if someone fills or cancels it first.
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
	const placed = await placing(db, bookingId, pathwayId, today);
	const used = usedMinutes(bookingId);
	const rows = await targetSessions(
		db,
		bookingId,
		and(
			eq(sessions.specialtyCode, booking.specialty),
			eq(sessions.kind, booking.kind),
			eq(sessions.status, 'open'),
			gte(sessions.date, today),
			ne(sessions.id, booking.sessionId),
			gte(sql`${sessions.bookableMinutes} - ${used}`, booking.minutes)
		)
	);
	const fitting = rows.filter((r) => refusalsFor(placed, r).length === 0);
	return {
		booking,
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
		// Lock the target session: moves and confirms into one list serialise here.
		const [locked] = await tx
			.select({ id: sessions.id })
			.from(sessions)
			.where(eq(sessions.id, data.sessionId))
			.for('update');
		if (!locked) throw new AppError('invalid', `sessionId: no session ${data.sessionId}`);
		const [target] = await targetSessions(tx, bookingId, eq(sessions.id, data.sessionId));
		const [from] = await tx.select().from(sessions).where(eq(sessions.id, b.sessionId));
		if (
			target.id === b.sessionId &&
			(data.startTime ?? null) === (b.startTime?.slice(0, 5) ?? null)
		) {
			throw new AppError(
				'conflict',
				`The booking is already in ${sessionWhere(target)}${data.startTime ? `, at ${data.startTime}` : ''}`
			);
		}
		if (target.status !== 'open')
			throw new AppError('conflict', `${sessionWhere(target)} is cancelled`);
		if (target.kind !== from.kind)
			throw new AppError(
				'conflict',
				`${sessionWhere(target)} is a ${target.kind} list; the booking is for a ${from.kind}`
			);
		const today = await trustToday(tx, now);
		if (target.date < today)
			throw new AppError('conflict', `${sessionWhere(target)} is in the past`);
		// the planning boards' hard rules (planning-problem.md rules 2–7) hold for moves too
		const placed = await placing(tx, bookingId, b.pathwayId, today);
		// a new start time in the same session takes no more of it than the patient has already
		const refusals = refusalsFor(placed, target).filter(
			(r) => r.rule !== 'session-minutes' || target.id !== b.sessionId
		);
		if (refusals.length) throw refusedMove(placed, target, refusals);
		if (
			data.startTime &&
			(data.startTime < target.startTime.slice(0, 5) ||
				data.startTime >= target.endTime.slice(0, 5))
		) {
			throw new AppError(
				'invalid',
				`startTime: ${data.startTime} is outside the session's hours (${target.startTime.slice(0, 5)}–${target.endTime.slice(0, 5)})`
			);
		}
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
