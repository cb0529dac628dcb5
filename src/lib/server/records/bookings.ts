/**
 * Moving and cancelling a booking, and the case-note request that follows it. A booking made by
 * a board's confirm raises its request there (src/lib/server/planner/confirm.ts); these are the
 * other changes a booking goes through, each in one transaction with its audit entries.
 */
import { and, asc, eq, gte, lte, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema, parseInput } from '../input';
import type { Database, Executor } from '../../../../db';
import {
	bookings,
	clinicians,
	pathwayUnavailability,
	pathways,
	sessions,
	sites,
	type SessionKind
} from '../../../../db/schema';
import { isClockRunning } from '../../domain/rtt';
import { writeAudit } from '../audit';
import { AppError } from '../errors';
import { announceRecords, announceWaitlist } from './live';
import { rescheduleForBooking, withdrawForBooking, type Actor } from './requests';
import { trustToday } from './settings';

export const moveBookingSchema = z
	.object({
		sessionId: idSchema,
		startTime: z
			.string()
			.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM')
			.optional()
	})
	.strict();

export const cancelBookingSchema = z
	.object({
		reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500)
	})
	.strict();

async function lockedBooking(
	tx: Parameters<Parameters<Database['transaction']>[0]>[0],
	id: number
) {
	const [b] = await tx
		.select({
			id: bookings.id,
			status: bookings.status,
			sessionId: bookings.sessionId,
			startTime: bookings.startTime,
			pathwayId: bookings.pathwayId,
			specialty: pathways.specialtyCode,
			minutes: pathways.expectedMinutes,
			rttStatus: pathways.rttStatus,
			slotType: pathways.slotType,
			clinicianId: pathways.clinicianId
		})
		.from(bookings)
		.innerJoin(pathways, eq(pathways.id, bookings.pathwayId))
		.where(eq(bookings.id, id))
		.for('update', { of: bookings });
	return liveOnly(id, b);
}

/** The booking if it is live; otherwise the refusal: 404 for no booking, 409 for an old one. */
function liveOnly<T extends { status: string }>(id: number, b: T | undefined): T {
	if (!b) throw new AppError('not-found', `No booking ${id}`);
	if (b.status !== 'booked')
		throw new AppError(
			'conflict',
			`Booking ${id} is '${b.status}'; only a live booking can be changed`
		);
	return b;
}

export interface CandidateSession {
	id: number;
	date: string;
	/** "09:00" */
	startTime: string;
	endTime: string;
	clinician: string | null;
	site: string;
	freeMinutes: number;
}

export interface MoveCandidates {
	booking: {
		id: number;
		sessionId: number;
		date: string;
		kind: SessionKind;
		specialty: string;
		minutes: number;
	};
	/** Soonest first. */
	sessions: CandidateSession[];
	/** More sessions would fit than `sessions` lists. */
	more: boolean;
}

/**
 * Where a live booking could move: open sessions of its kind and specialty, today or later, with
 * room for the patient's expected minutes, the right slot type and consultant, on a day the
 * patient can attend. The same rules moveBooking checks, so a session listed
 * here is refused only if someone fills or cancels it first.
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
			pathwayId: pathways.id,
			slotType: pathways.slotType,
			clinicianId: pathways.clinicianId
		})
		.from(bookings)
		.innerJoin(pathways, eq(pathways.id, bookings.pathwayId))
		.innerJoin(sessions, eq(sessions.id, bookings.sessionId))
		.where(eq(bookings.id, bookingId));
	const {
		status: _status,
		pathwayId,
		slotType,
		clinicianId,
		...booking
	} = liveOnly(bookingId, found);
	const used = sql<number>`(select coalesce(sum(${pathways.expectedMinutes}), 0) from ${bookings} inner join ${pathways} on ${pathways.id} = ${bookings.pathwayId} where ${bookings.sessionId} = ${sessions.id} and ${bookings.status} = 'booked')`;
	const free = sql<number>`(${sessions.bookableMinutes} - ${used})::int`;
	const rows = await db
		.select({
			id: sessions.id,
			date: sessions.date,
			startTime: sessions.startTime,
			endTime: sessions.endTime,
			clinician: clinicians.name,
			site: sites.name,
			freeMinutes: free
		})
		.from(sessions)
		.innerJoin(sites, eq(sites.id, sessions.siteId))
		.leftJoin(clinicians, eq(clinicians.id, sessions.clinicianId))
		.where(
			and(
				eq(sessions.specialtyCode, booking.specialty),
				eq(sessions.kind, booking.kind),
				eq(sessions.status, 'open'),
				gte(sessions.date, await trustToday(db, now)),
				ne(sessions.id, booking.sessionId),
				gte(free, booking.minutes),
				// the same hard rules moveBooking checks: slot type, consultant, unavailable dates
				slotType
					? sql`(${sessions.slotTypes} is null or ${slotType} = any(${sessions.slotTypes}))`
					: undefined,
				clinicianId !== null
					? sql`(${sessions.clinicianId} is null or ${sessions.clinicianId} = ${clinicianId})`
					: undefined,
				sql`not exists (select 1 from ${pathwayUnavailability} where ${pathwayUnavailability.pathwayId} = ${pathwayId} and ${sessions.date} between ${pathwayUnavailability.fromDate} and ${pathwayUnavailability.toDate})`
			)
		)
		.orderBy(asc(sessions.date), asc(sessions.startTime), asc(sessions.id))
		.limit(limit + 1);
	return {
		booking,
		sessions: rows.slice(0, limit).map((r) => ({
			...r,
			startTime: r.startTime.slice(0, 5),
			endTime: r.endTime.slice(0, 5)
		})),
		more: rows.length > limit
	};
}

/**
 * Moves a live booking to another session of the same kind and specialty with room for it, that
 * breaks none of the boards' hard rules (slot type, consultant, unavailable dates). The
 * case-note request moves with it: new date, place and pull list.
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
		const [target] = await tx
			.select()
			.from(sessions)
			.where(eq(sessions.id, data.sessionId))
			.for('update');
		if (!target) throw new AppError('invalid', `sessionId: no session ${data.sessionId}`);
		const [from] = await tx.select().from(sessions).where(eq(sessions.id, b.sessionId));
		if (
			target.id === b.sessionId &&
			(data.startTime ?? null) === (b.startTime?.slice(0, 5) ?? null)
		) {
			throw new AppError(
				'conflict',
				`Booking ${bookingId} is already in session ${target.id}${data.startTime ? ` at ${data.startTime}` : ''}`
			);
		}
		if (target.status !== 'open')
			throw new AppError('conflict', `Session ${target.id} is cancelled`);
		if (target.kind !== from.kind)
			throw new AppError(
				'conflict',
				`Session ${target.id} is a ${target.kind} list; booking ${bookingId} is for a ${from.kind}`
			);
		if (target.specialtyCode !== b.specialty) {
			throw new AppError(
				'conflict',
				`Session ${target.id} is for specialty ${target.specialtyCode}; the patient waits under ${b.specialty}`
			);
		}
		if (target.date < (await trustToday(tx, now)))
			throw new AppError('conflict', `Session ${target.id} was on ${target.date}, in the past`);
		// the planning boards' hard rules (planning-problem.md rules 3–5) hold for moves too
		if (b.slotType && target.slotTypes && !target.slotTypes.includes(b.slotType))
			throw new AppError(
				'conflict',
				`Session ${target.id} takes ${target.slotTypes.join(', ')} slots; this patient needs a ${b.slotType} slot`
			);
		if (
			b.clinicianId !== null &&
			target.clinicianId !== null &&
			b.clinicianId !== target.clinicianId
		)
			throw new AppError(
				'conflict',
				`Session ${target.id} is another consultant's list; this patient is under their own consultant`
			);
		const [away] = await tx
			.select({ from: pathwayUnavailability.fromDate, to: pathwayUnavailability.toDate })
			.from(pathwayUnavailability)
			.where(
				and(
					eq(pathwayUnavailability.pathwayId, b.pathwayId),
					lte(pathwayUnavailability.fromDate, target.date),
					gte(pathwayUnavailability.toDate, target.date)
				)
			);
		if (away)
			throw new AppError(
				'conflict',
				`The patient cannot attend ${target.date}: unavailable ${away.from} to ${away.to}`
			);
		if (
			data.startTime &&
			(data.startTime < target.startTime.slice(0, 5) ||
				data.startTime >= target.endTime.slice(0, 5))
		) {
			throw new AppError(
				'invalid',
				`startTime: ${data.startTime} is outside session ${target.id} (${target.startTime.slice(0, 5)}–${target.endTime.slice(0, 5)})`
			);
		}
		if (target.id !== b.sessionId) {
			const [{ used }] = await tx
				.select({ used: sql<number>`coalesce(sum(${pathways.expectedMinutes}), 0)::int` })
				.from(bookings)
				.innerJoin(pathways, eq(pathways.id, bookings.pathwayId))
				.where(
					and(
						eq(bookings.sessionId, target.id),
						eq(bookings.status, 'booked'),
						ne(bookings.id, bookingId)
					)
				);
			if (used + b.minutes > target.bookableMinutes) {
				throw new AppError(
					'conflict',
					`Session ${target.id} has ${target.bookableMinutes - used} of ${target.bookableMinutes} minutes free; this patient needs ${b.minutes}`
				);
			}
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
		return { bookingId, sessionId: target.id, requestIds, specialty: b.specialty };
	});
	announceWaitlist('booking-moved', result.specialty);
	announceRecords('booking-moved', result.requestIds);
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
	const data = parseInput(cancelBookingSchema, input);
	const result = await db.transaction((tx) =>
		cancelBookingIn(tx, actor, bookingId, data.reason, now)
	);
	announceWaitlist('booking-cancelled', result.specialty);
	announceRecords('booking-cancelled', [...result.withdrawn, ...result.stillOut]);
	return { bookingId, withdrawn: result.withdrawn, stillOut: result.stillOut };
}

/** Cancels in the caller's transaction (validation outcomes that take a patient off the list). */
export async function cancelBookingIn(
	tx: Parameters<Parameters<Database['transaction']>[0]>[0],
	actor: Actor,
	bookingId: number,
	reason: string,
	now: Date
) {
	const b = await lockedBooking(tx, bookingId);
	await tx
		.update(bookings)
		.set({ status: 'cancelled', statusChangedAt: now })
		.where(eq(bookings.id, bookingId));
	await writeAudit(tx, {
		userId: actor.id,
		action: 'cancel-booking',
		entity: 'booking',
		entityId: bookingId,
		before: { status: 'booked', sessionId: b.sessionId },
		after: { status: 'cancelled', reason, clockRunning: isClockRunning(b.rttStatus) }
	});
	const { withdrawn, stillOut } = await withdrawForBooking(
		tx,
		bookingId,
		actor,
		`Booking cancelled: ${reason}`,
		now
	);
	return { withdrawn, stillOut, specialty: b.specialty };
}
