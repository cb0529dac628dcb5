/**
 * Why a plan books each patient where it does, in words a coordinator can check, and the figures
 * that compare two plans. Pure: the proposal view and its tests call it with the problem and
 * the bookings.
 */
import { counted } from '../../format/plural';
import { ukDate } from '../../format/date';
import { dayNumber, rttDeadline, RTT_STANDARD_DAYS } from '../rtt';
import type { Booking } from './solution';
import type { ParsedProblem, Patient, Session } from './problem';

export interface PlanMetrics {
	objective: number;
	booked: number;
	unbooked: number;
	/** Booked after clock start + 126 days. */
	bookedPast18Weeks: number;
	/** Booked after their P-code date. */
	bookedPastPriority: number;
	/** Longest wait at booking, in days, over booked patients. */
	longestWaitBooked: number;
	/** Booked minutes over session minutes. */
	utilisation: number;
	/*
	 * The figures a coordinator compares, counted over every patient on the list and every minute
	 * of the sessions, so that a plan's before and after are on the same basis: a patient given a
	 * date counts at that date, one without at the plan's end (horizon.end), when they are still
	 * waiting. Giving someone a date can then only improve them.
	 */
	/** Patients waiting over 18 weeks at their date, or by the plan's end if they have none. */
	over18Weeks: number;
	/** Patients past their P-code date at their date, or by the plan's end if they have none. */
	pastPriority: number;
	/** Longest wait in days, at their date or by the plan's end. */
	longestWait: number;
	/** Minutes booked elsewhere plus minutes placed, over the sessions' whole minutes. */
	sessionUse: number;
}

/** Rules 2–5 for one patient and session, capacity aside: could this session take them at all? */
export function fits(p: Patient, s: Session): boolean {
	if (p.specialty !== s.specialty) return false;
	if (p.slotType !== undefined && s.slotTypes !== undefined && !s.slotTypes.includes(p.slotType))
		return false;
	if (p.clinicianId != null && s.clinicianId != null && p.clinicianId !== s.clinicianId)
		return false;
	if (p.earliest !== undefined && s.date < p.earliest) return false;
	return !(p.unavailable ?? []).some((u) => u.from <= s.date && s.date <= u.to);
}

/**
 * `bookedElsewhere`: minutes of each session already booked outside the problem (a board's
 * sessions offer only what is left), so that session use counts them too.
 */
export function planMetrics(
	problem: ParsedProblem,
	bookings: readonly Booking[],
	objective: number,
	bookedElsewhere: ReadonlyMap<string, number> = new Map()
): PlanMetrics {
	const sessions = new Map(problem.sessions.map((s) => [s.id, s]));
	const booked = new Map(bookings.map((b) => [b.patientId, sessions.get(b.sessionId)]));
	let past18 = 0;
	let pastPriority = 0;
	let longest = 0;
	let minutes = 0;
	let over18 = 0;
	let pastDue = 0;
	let longestAll = 0;
	const end = problem.horizon.end;
	for (const p of problem.patients) {
		const s = booked.get(p.id);
		const at = s?.date ?? end;
		const waited = dayNumber(at) - dayNumber(p.clockStart);
		if (waited > RTT_STANDARD_DAYS) over18++;
		if (p.priorityDue && at > p.priorityDue) pastDue++;
		longestAll = Math.max(longestAll, waited);
		if (!s) continue;
		const wait = dayNumber(s.date) - dayNumber(p.clockStart);
		if (wait > RTT_STANDARD_DAYS) past18++;
		if (p.priorityDue && s.date > p.priorityDue) pastPriority++;
		longest = Math.max(longest, wait);
		minutes += p.durationMinutes;
	}
	const capacity = problem.sessions.reduce((t, s) => t + s.minutes, 0);
	const elsewhere = problem.sessions.reduce((t, s) => t + (bookedElsewhere.get(s.id) ?? 0), 0);
	return {
		objective,
		booked: booked.size,
		unbooked: problem.patients.length - booked.size,
		bookedPast18Weeks: past18,
		bookedPastPriority: pastPriority,
		longestWaitBooked: longest,
		utilisation: capacity === 0 ? 0 : minutes / capacity,
		over18Weeks: over18,
		pastPriority: pastDue,
		longestWait: longestAll,
		sessionUse: capacity + elsewhere === 0 ? 0 : (minutes + elsewhere) / (capacity + elsewhere)
	};
}

export interface PatientLabel {
	priority: string | null;
	specialtyName: string;
	/** The patient's consultant by name, for a reason that turns on them. */
	consultant?: string | null;
}

/** One sentence per patient: where the plan puts them and why there. */
export function explainPatient(
	problem: ParsedProblem,
	patientId: string,
	sessionId: string | null,
	label: PatientLabel
): string {
	const p = problem.patients.find((x) => x.id === patientId);
	if (!p) return 'Not on this board';
	const suitable = problem.sessions
		.filter((s) => fits(p, s))
		.sort((a, b) => a.date.localeCompare(b.date));
	const due = p.priorityDue
		? `${label.priority ?? 'P-code'} due ${ukDate(p.priorityDue)}; `
		: label.priority
			? `${label.priority}; `
			: '';
	if (sessionId === null) {
		if (suitable.length > 0) {
			const full =
				suitable.length === 1
					? `the one suitable ${label.specialtyName} session is`
					: `all ${suitable.length} suitable ${label.specialtyName} sessions are`;
			return `${due}not booked: ${full} full with patients of higher priority or longer waits`;
		}
		return `${due}not booked: ${noSessionReason(problem, p, label.consultant)}`;
	}
	const s = problem.sessions.find((x) => x.id === sessionId);
	if (!s) return `${due}booked into an unknown session`;
	const late: string[] = [];
	if (p.priorityDue && s.date > p.priorityDue)
		late.push(
			`${counted(dayNumber(s.date) - dayNumber(p.priorityDue), 'day')} after the P-code date`
		);
	const deadline = rttDeadline(p.clockStart);
	if (s.date > deadline) late.push('past 18 weeks');
	const first = suitable[0];
	const earliest = !first || first.date === s.date;
	const why = earliest ? 'the earliest suitable session' : 'no earlier suitable session had room';
	const tail = late.length ? ` (${late.join(', ')}: ${why})` : '';
	if (p.pinnedSessionId === s.id)
		return `${due}kept on ${ukDate(s.date)}: pinned by a coordinator${tail}`;
	if (earliest) {
		const after = (p.unavailable ?? []).some((u) => u.to < s.date && u.to >= problem.horizon.start)
			? ' after their unavailable dates'
			: '';
		const own = p.clinicianId != null && s.clinicianId != null ? ' with their consultant' : '';
		return `${due}booked ${ukDate(s.date)}: first ${label.specialtyName} session${own} with room${after}${tail}`;
	}
	return `${due}booked ${ukDate(s.date)}: earlier suitable sessions (from ${ukDate(first?.date ?? s.date)}) went to patients of higher priority or longer waits${tail}`;
}

function noSessionReason(
	problem: ParsedProblem,
	p: Patient,
	consultant: string | null | undefined
): string {
	const same = problem.sessions.filter((s) => s.specialty === p.specialty);
	if (same.length === 0) return 'no session for this specialty in the horizon';
	const typed = same.filter(
		(s) => p.slotType === undefined || s.slotTypes === undefined || s.slotTypes.includes(p.slotType)
	);
	if (typed.length === 0) return `no session in the horizon takes a ${p.slotType} slot`;
	const theirs = typed.filter(
		(s) => p.clinicianId == null || s.clinicianId == null || s.clinicianId === p.clinicianId
	);
	if (theirs.length === 0)
		return `no session in the horizon with ${consultant ?? 'their consultant'}`;
	return 'unavailable or not yet bookable on every date with a suitable session';
}
