/**
 * A pathway's history as far as the data records it today (issue 12, the patient page): its RTT
 * clock, decision and priority, offers, bookings and the letters sent, and validations, in date
 * order. No clock-event table exists yet, so the clock's events are read from the pathway's own
 * dates and status.
 */
import { ATTENDANCE_LABELS, reasonLabel, type AttendanceCode } from './attendance';
import { isClockRunning, RTT_STATUS, type Priority } from './rtt';
import { OUTCOME_LABELS, type ValidationOutcome } from './validationOutcome';
import type { BookingStatus } from '../../../db/schema';
import {
	OFFER_METHOD_LABELS,
	REASONABLE_OFFER_DAYS,
	type OfferMethod,
	type OfferOutcome
} from './offers';

/** What the history is made from; instants already turned into the trust's calendar dates. */
export interface PathwayFacts {
	clockStart: string;
	rttStatus: string;
	clockStoppedOn: string | null;
	priority: Priority | null;
	decisionDate: string | null;
	validations: readonly {
		on: string;
		outcome: ValidationOutcome;
		by: string | null;
		note: string | null;
	}[];
	bookings: readonly {
		bookedOn: string;
		sessionDate: string;
		status: BookingStatus;
		/** When it was cancelled, missed or attended; null when not recorded. */
		changedOn: string | null;
		/** How it ended in the national codes, why it was cancelled and what was added; absent or null on bookings ended before codes were kept. */
		attendanceCode?: string | null;
		cancellationReason?: string | null;
		note?: string | null;
	}[];
	/** Dates offered to the patient (DOMAIN.md: when, for when, how, declined or accepted). */
	offers: readonly {
		offeredOn: string;
		offeredFor: string;
		method: OfferMethod;
		reasonable: boolean;
		outcome: OfferOutcome;
		by: string | null;
	}[];
	/** Appointment / TCI letters sent, with the appointment each was about. */
	letters: readonly { sentOn: string; appointment: string }[];
}

export interface HistoryEvent {
	/** ISO calendar date. */
	on: string;
	what: string;
	/** The appointment a booking event is about (ISO date), shown as the screen shows dates. */
	appointment: string | null;
	detail: string | null;
}

const BOOKING_ENDS: Record<Exclude<BookingStatus, 'booked'>, string> = {
	cancelled: 'Booking cancelled',
	dna: 'Did not attend',
	attended: 'Attended'
};

/** The events in date order; events on one day keep the pathway's natural order. */
export function pathwayHistory(p: PathwayFacts): HistoryEvent[] {
	const events: HistoryEvent[] = [];
	const add = (
		on: string,
		what: string,
		detail: string | null = null,
		appointment = null as string | null
	) => events.push({ on, what, appointment, detail });
	add(p.clockStart, 'Clock started');
	if (p.decisionDate) {
		add(
			p.decisionDate,
			p.priority ? `Decision to treat, priority ${p.priority}` : 'Decision to treat'
		);
	}
	for (const o of p.offers) {
		const why = o.reasonable
			? 'reasonable offer'
			: `not a reasonable offer (under ${REASONABLE_OFFER_DAYS} days)`;
		add(
			o.offeredOn,
			o.outcome === 'accepted' ? 'Offer accepted' : 'Offer declined',
			[OFFER_METHOD_LABELS[o.method], why, o.by && `by ${o.by}`].filter(Boolean).join('; '),
			o.offeredFor
		);
	}
	for (const b of p.bookings) {
		add(b.bookedOn, 'Booked', null, b.sessionDate);
		if (b.status === 'booked') continue;
		const code = b.attendanceCode as AttendanceCode | null | undefined;
		const detail = [b.cancellationReason && reasonLabel(b.cancellationReason), b.note]
			.filter(Boolean)
			.join('; ');
		add(
			b.changedOn ?? b.sessionDate,
			code ? `${ATTENDANCE_LABELS[code]} (code ${code})` : BOOKING_ENDS[b.status],
			detail || null,
			b.sessionDate
		);
	}
	for (const l of p.letters) add(l.sentOn, 'Letter sent', null, l.appointment);
	for (const v of p.validations) {
		add(
			v.on,
			`Validated: ${OUTCOME_LABELS[v.outcome]}`,
			[v.by && `by ${v.by}`, v.note].filter(Boolean).join('; ') || null
		);
	}
	if (!isClockRunning(p.rttStatus) && p.clockStoppedOn) {
		add(p.clockStoppedOn, `Clock stopped (${p.rttStatus})`, RTT_STATUS[p.rttStatus] ?? null);
	}
	// a stable sort: same-day events stay in the order pushed above
	return events
		.map((e, i) => ({ e, i }))
		.sort((a, b) => a.e.on.localeCompare(b.e.on) || a.i - b.i)
		.map(({ e }) => e);
}
