/**
 * How a booked appointment or admission went, recorded on or after its day in the national codes
 * (domain/attendance.ts), and the RTT rule that follows a DNA at the first appointment: the clock
 * is nullified (the pathway leaves the list's figures) until the hospital decides to offer another
 * appointment, when a new clock starts that day. Each change is one transaction with its audit
 * entries, announced once committed so the PTL, boards and dashboards follow.
 */
import { and, eq, gte, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../../db';
import { bookings, pathways, sessions } from '../../../../db/schema';
import {
	ATTENDANCE_LABELS,
	clockEffect,
	DAY_OUTCOMES,
	FIRST_DNA_STATUS,
	mayRestartAfterDna,
	RESTARTED_AFTER_DNA_STATUS,
	statusAfter
} from '../../domain/attendance';
import { isClockRunning, RTT_STATUS } from '../../domain/rtt';
import type { OutcomeRecorded } from '../../contracts/bookings/outcome';
import { ukDate } from '../../format/date';
import { writeAudit } from '../audit';
import { AppError } from '../errors';
import { parseInput } from '../input';
import { trustToday } from '../trustCalendar';
import { liveOnly } from './bookings';
import { announceWaitlist } from './live';
import type { Actor } from './staff';

export const outcomeSchema = z
	.object({
		code: z.enum(DAY_OUTCOMES, {
			message: `one of ${DAY_OUTCOMES.map((c) => `${c} (${ATTENDANCE_LABELS[c]})`).join(', ')}`
		}),
		note: z.string().trim().max(500, 'at most 500 characters').optional()
	})
	.strict();

/** Records the day's outcome of a live booking whose day has come. */
export async function recordOutcome(
	db: Database,
	actor: Actor,
	bookingId: number,
	input: unknown,
	now = new Date()
): Promise<OutcomeRecorded> {
	const { code, note } = parseInput(outcomeSchema, input);
	const today = await trustToday(db, now);
	const done = await db.transaction(async (tx) => {
		const [found] = await tx
			.select({
				status: bookings.status,
				sessionId: bookings.sessionId,
				pathwayId: bookings.pathwayId,
				date: sessions.date,
				specialty: pathways.specialtyCode,
				listType: pathways.listType,
				rttStatus: pathways.rttStatus,
				clockStart: pathways.clockStart
			})
			.from(bookings)
			.innerJoin(sessions, eq(sessions.id, bookings.sessionId))
			.innerJoin(pathways, eq(pathways.id, bookings.pathwayId))
			.where(eq(bookings.id, bookingId))
			.for('update', { of: [bookings, pathways] });
		const b = liveOnly(bookingId, found);
		if (b.date > today) {
			throw new AppError(
				'conflict',
				`This appointment is on ${ukDate(b.date)}: how it went is recorded on or after the day`
			);
		}
		const attendedBefore = await tx
			.select({ id: bookings.id })
			.from(bookings)
			.innerJoin(sessions, eq(sessions.id, bookings.sessionId))
			.where(
				and(
					eq(bookings.pathwayId, b.pathwayId),
					eq(bookings.status, 'attended'),
					ne(bookings.id, bookingId),
					gte(sessions.date, b.clockStart)
				)
			)
			.limit(1);
		const status = statusAfter(code);
		const clock = clockEffect({
			code,
			listType: b.listType,
			clockRunning: isClockRunning(b.rttStatus),
			attendedSinceClockStart: attendedBefore.length > 0
		});
		await tx
			.update(bookings)
			.set({ status, statusChangedAt: now, attendanceCode: code, outcomeNote: note || null })
			.where(eq(bookings.id, bookingId));
		await writeAudit(tx, {
			userId: actor.id,
			action: 'record-attendance',
			entity: 'booking',
			entityId: bookingId,
			before: { status: 'booked' },
			after: { status, attendanceCode: code, note: note || null }
		});
		if (clock === 'nullified') {
			await tx
				.update(pathways)
				.set({ rttStatus: FIRST_DNA_STATUS, clockStoppedOn: b.date })
				.where(eq(pathways.id, b.pathwayId));
			await writeAudit(tx, {
				userId: actor.id,
				action: 'first-appointment-dna',
				entity: 'pathway',
				entityId: b.pathwayId,
				before: { rttStatus: b.rttStatus, clockStoppedOn: null },
				after: { rttStatus: FIRST_DNA_STATUS, clockStoppedOn: b.date, bookingId }
			});
		}
		return { status, clock, b };
	});
	await announceWaitlist('booking-outcome', done.b.specialty, {
		sessionIds: [done.b.sessionId],
		pathwayIds: [done.b.pathwayId]
	});
	return { bookingId, status: done.status, clock: done.clock };
}

export interface ClockRestarted {
	pathwayId: number;
	clockStart: string;
	rttStatus: string;
}

/**
 * The hospital decides to offer another appointment after a first-appointment DNA: a new clock
 * starts at 0 today, and the pathway is back on the list, unbooked, to be booked as any other.
 */
export async function restartClockAfterDna(
	db: Database,
	actor: Actor,
	pathwayId: number,
	now = new Date()
): Promise<ClockRestarted> {
	const today = await trustToday(db, now);
	const specialty = await db.transaction(async (tx) => {
		const [p] = await tx
			.select({
				rttStatus: pathways.rttStatus,
				clockStart: pathways.clockStart,
				clockStoppedOn: pathways.clockStoppedOn,
				specialty: pathways.specialtyCode
			})
			.from(pathways)
			.where(eq(pathways.id, pathwayId))
			.for('update');
		if (!p) throw new AppError('not-found', `No pathway ${pathwayId}`);
		if (!mayRestartAfterDna(p.rttStatus)) {
			throw new AppError(
				'conflict',
				`Only a clock stopped by a DNA at the first appointment starts again this way; this pathway is ${p.rttStatus} (${RTT_STATUS[p.rttStatus] ?? 'unknown status'})`
			);
		}
		await tx
			.update(pathways)
			.set({ rttStatus: RESTARTED_AFTER_DNA_STATUS, clockStart: today, clockStoppedOn: null })
			.where(eq(pathways.id, pathwayId));
		await writeAudit(tx, {
			userId: actor.id,
			action: 'restart-clock-after-dna',
			entity: 'pathway',
			entityId: pathwayId,
			before: {
				rttStatus: p.rttStatus,
				clockStart: p.clockStart,
				clockStoppedOn: p.clockStoppedOn
			},
			after: { rttStatus: RESTARTED_AFTER_DNA_STATUS, clockStart: today, clockStoppedOn: null }
		});
		return p.specialty;
	});
	await announceWaitlist('clock-restarted', specialty, { pathwayIds: [pathwayId] });
	return { pathwayId, clockStart: today, rttStatus: RESTARTED_AFTER_DNA_STATUS };
}
