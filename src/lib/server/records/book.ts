/**
 * Booking an unbooked pathway from the PTL (issue 12), and the offer every booking records
 * (DOMAIN.md, "Offers, cancellations and attendance"). The sessions offered and the checks on the
 * one chosen are a move's (./bookings.ts `sessionCandidates`, `checkedTarget`), the booking itself
 * and its case-note request a board confirm's (`bookIn`, raiseForBookings): one copy of each.
 */
import { and, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor, Tx } from '../../../../db';
import { bookingLetters, bookings, offers, pathways } from '../../../../db/schema';
import type { BookCandidates, BookResult } from '../../contracts/bookings/book';
import { sessionKindFor } from '../../domain/bookingRules';
import {
	DECLINED_OFFERS_FOR_REVIEW,
	isReasonableOffer,
	OFFER_METHODS,
	OFFER_OUTCOMES
} from '../../domain/offers';
import { isClockRunning, isIsoDate } from '../../domain/rtt';
import { writeAudit } from '../audit';
import { AppError } from '../errors';
import { idSchema, parseInput } from '../input';
import { trustToday } from '../trustCalendar';
import {
	bookIn,
	checkedTarget,
	checkStartTime,
	sessionCandidates,
	startTimeSchema
} from './bookings';
import { announceRecords, announceWaitlist } from './live';
import { raiseForBookings } from './requestsFromBookings';
import type { Actor } from './staff';

const isoDate = z.string().refine(isIsoDate, 'a date as YYYY-MM-DD');

export const bookPathwaySchema = z
	.object({
		sessionId: idSchema,
		startTime: startTimeSchema.optional(),
		method: z.enum(OFFER_METHODS, {
			error: `how the offer was made: one of ${OFFER_METHODS.join(', ')}`
		}),
		outcome: z.enum(OFFER_OUTCOMES, {
			error: `the patient's answer: ${OFFER_OUTCOMES.join(' or ')}`
		}),
		offeredOn: isoDate.optional()
	})
	.strict();

export const letterSentSchema = z.object({ sentOn: isoDate.optional() }).strict();

/** The pathway as booking needs it, locked when `tx` asks; 404 when there is none. */
async function pathwayToBook(db: Executor, pathwayId: number, lock: boolean) {
	const query = db
		.select({
			id: pathways.id,
			specialty: pathways.specialtyCode,
			listType: pathways.listType,
			minutes: pathways.expectedMinutes,
			rttStatus: pathways.rttStatus
		})
		.from(pathways)
		.where(eq(pathways.id, pathwayId));
	const [p] = lock ? await query.for('update') : await query;
	if (!p) throw new AppError('not-found', `No pathway ${pathwayId}`);
	if (!isClockRunning(p.rttStatus))
		throw new AppError(
			'conflict',
			"This pathway's clock has stopped: it is not on the list to book"
		);
	const [live] = await db
		.select({ id: bookings.id })
		.from(bookings)
		.where(and(eq(bookings.pathwayId, pathwayId), eq(bookings.status, 'booked')));
	if (live)
		throw new AppError(
			'conflict',
			'The patient already has a live booking on this pathway: move it instead'
		);
	return { ...p, kind: sessionKindFor(p.listType) };
}

/** Where an unbooked pathway could be booked: the sessions a move would offer it. */
export async function bookCandidates(
	db: Executor,
	pathwayId: number,
	now = new Date(),
	limit = 100
): Promise<BookCandidates> {
	const p = await pathwayToBook(db, pathwayId, false);
	const today = await trustToday(db, now);
	const where = await sessionCandidates(
		db,
		{ ...p, pathwayId, except: null, notSession: null },
		today,
		limit
	);
	return {
		pathway: { id: p.id, kind: p.kind, specialty: p.specialty, minutes: p.minutes },
		today,
		...where
	};
}

/** How many declined reasonable offers the pathway has: DOMAIN.md's count for a clinical review. */
async function declinedReasonable(db: Executor, pathwayId: number): Promise<number> {
	const [{ n }] = await db
		.select({ n: count() })
		.from(offers)
		.where(
			and(
				eq(offers.pathwayId, pathwayId),
				eq(offers.outcome, 'declined'),
				eq(offers.reasonable, true)
			)
		);
	return Number(n);
}

/**
 * Records an offer of a session to the patient and, when they accept, books it. The session must
 * be one the boards' hard rules allow (a refusal says why, in a move's words, and changes
 * nothing). A declined offer books nothing; two declined reasonable offers flag the pathway for
 * clinical review, never more.
 */
export async function bookPathway(
	db: Database,
	actor: Actor,
	pathwayId: number,
	input: unknown,
	now = new Date()
): Promise<BookResult> {
	const data = parseInput(bookPathwaySchema, input);
	const result = await db.transaction(async (tx) => {
		// Lock the pathway: two offers for one patient serialise here.
		const p = await pathwayToBook(tx, pathwayId, true);
		const target = await checkedTarget(
			tx,
			{ pathwayId, kind: p.kind, except: null },
			data.sessionId,
			'Cannot book the patient into',
			now
		);
		checkStartTime(data.startTime, target);
		const offeredOn = data.offeredOn ?? target.today;
		if (offeredOn > target.today)
			throw new AppError('invalid', 'offeredOn: an offer cannot be recorded before it is made');
		const reasonable = isReasonableOffer(offeredOn, target.date);
		let bookingId: number | null = null;
		let requestIds: number[] = [];
		if (data.outcome === 'accepted') {
			bookingId = await bookIn(
				tx,
				actor,
				{ pathwayId, sessionId: target.id, startTime: data.startTime ?? null },
				'The patient',
				{ from: 'ptl', method: data.method }
			);
			requestIds = await raiseForBookings(tx, [bookingId], actor, now);
		}
		const offerId = await recordOffer(tx, actor, {
			pathwayId,
			sessionId: target.id,
			bookingId,
			offeredOn,
			offeredFor: target.date,
			method: data.method,
			reasonable,
			outcome: data.outcome
		});
		const declined = await declinedReasonable(tx, pathwayId);
		return {
			offerId,
			outcome: data.outcome,
			reasonable,
			bookingId,
			sessionId: target.id,
			date: target.date,
			requestIds,
			clinicalReview: declined >= DECLINED_OFFERS_FOR_REVIEW,
			specialty: p.specialty
		};
	});
	const { specialty, ...answer } = result;
	announceRecords('booked', answer.requestIds);
	// answered once loaded boards and the PTL count the booking (or the offer's flag)
	await announceWaitlist(answer.bookingId ? 'booked' : 'offer-declined', specialty, {
		sessionIds: answer.bookingId ? [answer.sessionId] : [],
		pathwayIds: [pathwayId]
	});
	return answer;
}

async function recordOffer(
	tx: Tx,
	actor: Pick<Actor, 'id'>,
	offer: Omit<typeof offers.$inferInsert, 'offeredBy' | 'id' | 'recordedAt'>
): Promise<number> {
	const [row] = await tx
		.insert(offers)
		.values({ ...offer, offeredBy: actor.id })
		.returning({ id: offers.id });
	await writeAudit(tx, {
		userId: actor.id,
		action: 'record-offer',
		entity: 'pathway',
		entityId: offer.pathwayId,
		after: { offerId: row.id, ...offer }
	});
	return row.id;
}

/**
 * Records that the appointment / TCI letter for a booking was sent, and when (DOMAIN.md: the
 * letter and its sending date are part of the pathway record). `sentOn` defaults to today and
 * may not be in the future.
 */
export async function recordLetterSent(
	db: Database,
	actor: Actor,
	bookingId: number,
	input: unknown,
	now = new Date()
): Promise<{ letterId: number; sentOn: string }> {
	const data = parseInput(letterSentSchema, input);
	return db.transaction(async (tx) => {
		const [b] = await tx
			.select({ id: bookings.id, bookedAt: bookings.bookedAt })
			.from(bookings)
			.where(eq(bookings.id, bookingId));
		if (!b) throw new AppError('not-found', `No booking ${bookingId}`);
		const today = await trustToday(tx, now);
		const sentOn = data.sentOn ?? today;
		if (sentOn > today)
			throw new AppError('invalid', 'sentOn: a letter cannot be recorded as sent before it is');
		const [row] = await tx
			.insert(bookingLetters)
			.values({ bookingId, sentOn, recordedBy: actor.id })
			.returning({ id: bookingLetters.id });
		await writeAudit(tx, {
			userId: actor.id,
			action: 'record-letter-sent',
			entity: 'booking',
			entityId: bookingId,
			after: { letterId: row.id, sentOn }
		});
		return { letterId: row.id, sentOn };
	});
}
