/**
 * May this pathway go in this session, and if not, why: the boards' hard rules
 * (shared/spec/planning-problem.md, rules 2–7), written once. The live board's conflict check
 * (domain/board/conflicts.ts), a booking's move and the sessions offered for a move
 * (server/records/bookings.ts) all ask these functions, and word a refusal with `refusalMessage`,
 * so a patient refused in one place is refused, for the same reason in the same words, in all.
 *
 * Deliberately written again elsewhere: the optimiser (src/lib/optimiser) keeps its own
 * bookkeeping for speed, and the plan checker (domain/planning/check.ts) writes the rules out
 * plainly so that a bug in either cannot hide itself. Those two speak the planning-problem format;
 * everything that checks a live booking or a board allocation comes here.
 */
import { ukDate } from '../format/date';

/** The kind of session a pathway's list books into: outpatients to clinics, admitted to theatres. */
export function sessionKindFor(listType: 'outpatient' | 'admitted'): 'clinic' | 'theatre' {
	return listType === 'admitted' ? 'theatre' : 'clinic';
}

export interface DateRange {
	from: string;
	to: string;
}

/** What the rules need to know of the patient's pathway. */
export interface PlacedPathway {
	specialty: string;
	slotType: string | null;
	/** The patient's own consultant, if they are under one. */
	clinicianId: number | null;
	minutes: number;
	unavailable: readonly DateRange[];
}

/** What the rules need to know of the session. */
export interface PlacementSession {
	specialty: string;
	date: string;
	/** null: the session takes any slot type. */
	slotTypes: readonly string[] | null;
	clinicianId: number | null;
	/** Bookable minutes. */
	minutes: number;
}

/** What is already booked around the placement, not counting the pathway being placed. */
export interface PlacementLoad {
	/** Minutes booked in the session. */
	sessionMinutes: number;
	/** The patient's consultant's limit and the minutes of their patients booked that day. */
	consultantDay?: { minutes: number; limit: number | null };
}

export type BookingRule =
	'specialty' | 'slot-type' | 'clinician' | 'unavailable' | 'session-minutes' | 'clinician-day';

export type BookingRefusal =
	| { rule: 'specialty'; needs: string; takes: string }
	| { rule: 'slot-type'; needs: string; takes: readonly string[] }
	| { rule: 'clinician' }
	| { rule: 'unavailable'; range: DateRange }
	| { rule: 'session-minutes'; booked: number; capacity: number }
	| { rule: 'clinician-day'; booked: number; limit: number; date: string };

/** Rule 3: when both are given, the patient's slot type is one the session takes. */
export function slotTypeFits(slotType: string | null, takes: readonly string[] | null): boolean {
	return !slotType || !takes || takes.includes(slotType);
}

/** Rule 4: a patient under a consultant goes only to that consultant's lists (or unnamed ones). */
export function consultantFits(own: number | null, runs: number | null): boolean {
	return own === null || runs === null || own === runs;
}

/** Rule 5: the range of dates the patient cannot attend that holds `date`, if any. */
export function unavailableOn(
	unavailable: readonly DateRange[],
	date: string
): DateRange | undefined {
	return unavailable.find((u) => u.from <= date && date <= u.to);
}

/** Rule 6: whether `booked` minutes (everyone in the session, the placed patient included) fit. */
export function sessionOverFilled(booked: number, capacity: number): boolean {
	return booked > capacity;
}

/** Rule 7: whether a consultant's patients' minutes on one day break their daily limit. */
export function consultantDayOver(booked: number, limit: number | null | undefined): boolean {
	return limit != null && booked > limit;
}

/**
 * Rules 2–5: what the pathway and the session alone decide, whatever else is booked. Rule 2 is
 * checked only when both specialties are known (a board holds one specialty by construction).
 */
export function placementRefusals(p: PlacedPathway, s: PlacementSession): BookingRefusal[] {
	const found: BookingRefusal[] = [];
	if (p.specialty !== s.specialty)
		found.push({ rule: 'specialty', needs: p.specialty, takes: s.specialty });
	if (!slotTypeFits(p.slotType, s.slotTypes))
		found.push({ rule: 'slot-type', needs: p.slotType!, takes: s.slotTypes! });
	if (!consultantFits(p.clinicianId, s.clinicianId)) found.push({ rule: 'clinician' });
	const off = unavailableOn(p.unavailable, s.date);
	if (off) found.push({ rule: 'unavailable', range: off });
	return found;
}

/**
 * Rules 2–7 for one placement: every reason the pathway may not go in the session with `load`
 * already booked, in rule order; empty when it may.
 */
export function bookingRefusals(
	p: PlacedPathway,
	s: PlacementSession,
	load: PlacementLoad
): BookingRefusal[] {
	const found = placementRefusals(p, s);
	const booked = load.sessionMinutes + p.minutes;
	if (sessionOverFilled(booked, s.minutes))
		found.push({ rule: 'session-minutes', booked, capacity: s.minutes });
	if (p.clinicianId !== null && load.consultantDay) {
		const day = load.consultantDay.minutes + p.minutes;
		if (consultantDayOver(day, load.consultantDay.limit))
			found.push({
				rule: 'clinician-day',
				booked: day,
				limit: load.consultantDay.limit!,
				date: s.date
			});
	}
	return found;
}

/** The words a refusal is told in. */
export interface RefusalNames {
	/** The patient: "the patient", or a reference the client renders. */
	patient: string;
	/** The session as people know it: "2027-01-05 09:00 clinic (Mr Other)". */
	session: string;
	/** The patient's own consultant. */
	consultant: string;
}

/** The session as a refusal names it: date, start, kind and, when it has one, its consultant. */
export function sessionLabel(s: {
	date: string;
	start: string;
	kind: string;
	clinicianName: string | null;
}): string {
	return `${ukDate(s.date)} ${s.start} ${s.kind}${s.clinicianName ? ` (${s.clinicianName})` : ''}`;
}

/** One refusal in words, the same on the board, in a move's refusal and anywhere else. */
export function refusalMessage(r: BookingRefusal, names: RefusalNames): string {
	switch (r.rule) {
		case 'specialty':
			return `${names.patient} waits under specialty ${r.needs}; ${names.session} is for specialty ${r.takes}`;
		case 'slot-type':
			return `${names.patient} needs a ${r.needs} slot; ${names.session} takes ${r.takes.join(', ') || 'no typed slots'}`;
		case 'clinician':
			return `${names.patient} is under ${names.consultant}; ${names.session} is another consultant's list`;
		case 'unavailable':
			return `${names.patient} cannot attend ${ukDate(r.range.from)} to ${ukDate(r.range.to)}; ${names.session} is in that range`;
		case 'session-minutes':
			return sessionOverFilledMessage(names.session, r.booked, r.capacity);
		case 'clinician-day':
			return consultantDayMessage(names.consultant, r.booked, r.date, r.limit);
	}
}

export function sessionOverFilledMessage(session: string, booked: number, capacity: number) {
	return `${session} is over-filled: ${booked} of ${capacity} minutes booked`;
}

export function consultantDayMessage(
	consultant: string,
	booked: number,
	date: string,
	limit: number
) {
	return `${consultant} has ${booked} minutes booked on ${ukDate(date)}, over their limit of ${limit}`;
}
