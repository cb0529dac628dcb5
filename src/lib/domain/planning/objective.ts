/**
 * The planning objective (shared/spec/planning-problem.md, "Objective"). The optimiser states its
 * objective with {@link objectiveBreakdown} and the checker recomputes it with the same function,
 * so a solution written by the optimiser matches the checker to the last bit.
 *
 * Days are UTC day numbers ({@link dayNumber}); the date-string wrappers are for callers outside
 * the hot loops.
 */
import { dayNumber, RTT_STANDARD_DAYS } from '../rtt';
import type { ParsedProblem, Patient, WaitSlope, Weights } from './problem';
import type { Booking } from './solution';

/** The part of a patient the cost depends on, as day numbers. */
export interface CostPatient {
	clockStartDay: number;
	priorityDueDay: number | null;
}

export interface CostTerms {
	wait: number;
	rttLate: number;
	priorityLate: number;
}

/**
 * W(w): the integral from day 0 to `w` of the step function `waitSlopes` (slope 0 before the
 * first fromDay; W(w) = 0 for w <= 0).
 */
export function waitIntegral(slopes: readonly WaitSlope[], w: number): number {
	if (w <= 0) return 0;
	let total = 0;
	for (let i = 0; i < slopes.length; i++) {
		const from = slopes[i][0];
		if (w <= from) break;
		const to = i + 1 < slopes.length ? Math.min(w, slopes[i + 1][0]) : w;
		total += slopes[i][1] * (to - from);
	}
	return total;
}

/** The three terms of C(t), not yet re-based. */
export function costTermsOnDay(weights: Weights, patient: CostPatient, day: number): CostTerms {
	const waited = day - patient.clockStartDay;
	return {
		wait: waitIntegral(weights.waitSlopes, waited),
		rttLate: weights.rttLatePerDay * Math.max(0, waited - RTT_STANDARD_DAYS),
		priorityLate:
			patient.priorityDueDay === null
				? 0
				: weights.priorityLatePerDay * Math.max(0, day - patient.priorityDueDay)
	};
}

/** A patient booked on `day` costs C(day) − C(horizon.start), each term re-based on its own. */
export function bookedCostTerms(
	weights: Weights,
	patient: CostPatient,
	day: number,
	horizonStartDay: number
): CostTerms {
	const at = costTermsOnDay(weights, patient, day);
	const base = costTermsOnDay(weights, patient, horizonStartDay);
	return {
		wait: at.wait - base.wait,
		rttLate: at.rttLate - base.rttLate,
		priorityLate: at.priorityLate - base.priorityLate
	};
}

export function bookedCost(
	weights: Weights,
	patient: CostPatient,
	day: number,
	horizonStartDay: number
): number {
	const t = bookedCostTerms(weights, patient, day, horizonStartDay);
	return t.wait + t.rttLate + t.priorityLate;
}

/**
 * An unbooked patient costs unbookedPenalty + (unbookedAccrues ? C(end + 1) − C(start) : 0); with
 * unbookedAccrues false the flat penalty is not re-based (spec).
 */
export function unbookedCost(
	weights: Weights,
	patient: CostPatient,
	horizonStartDay: number,
	horizonEndDay: number
): number {
	if (!weights.unbookedAccrues) return weights.unbookedPenalty;
	return weights.unbookedPenalty + bookedCost(weights, patient, horizonEndDay + 1, horizonStartDay);
}

export function costPatient(patient: Patient): CostPatient {
	return {
		clockStartDay: dayNumber(patient.clockStart),
		priorityDueDay: patient.priorityDue == null ? null : dayNumber(patient.priorityDue)
	};
}

export interface ObjectiveBreakdown {
	/** Re-based convex wait cost of booked patients. */
	wait: number;
	/** Days booked past clock start + 126, re-based, times rttLatePerDay. */
	rttLate: number;
	/** Days booked past priorityDue, re-based, times priorityLatePerDay. */
	priorityLate: number;
	/** Everything unbooked patients cost: penalty plus, when accruing, C(end + 1) − C(start). */
	unbooked: number;
	/** sessionOpenCost times the sessions receiving at least one patient. */
	sessionOpen: number;
	total: number;
	bookedPatients: number;
	unbookedPatients: number;
	openSessions: number;
}

/**
 * The objective of a set of bookings, term by term. Only bookings whose patient and session both
 * exist count, and only a patient's first such booking: anything else breaks rule 1 and the
 * checker reports it there.
 */
export function objectiveBreakdown(
	problem: ParsedProblem,
	bookings: readonly Booking[]
): ObjectiveBreakdown {
	const { weights } = problem;
	const start = dayNumber(problem.horizon.start);
	const end = dayNumber(problem.horizon.end);
	const sessionDay = new Map<string, number>();
	for (const s of problem.sessions) sessionDay.set(s.id, dayNumber(s.date));
	const patientIds = new Set(problem.patients.map((p) => p.id));

	const bookedOn = new Map<string, number>();
	const open = new Set<string>();
	for (const b of bookings) {
		const day = sessionDay.get(b.sessionId);
		if (day === undefined || !patientIds.has(b.patientId) || bookedOn.has(b.patientId)) continue;
		bookedOn.set(b.patientId, day);
		open.add(b.sessionId);
	}

	let wait = 0;
	let rttLate = 0;
	let priorityLate = 0;
	let unbooked = 0;
	let bookedPatients = 0;
	for (const p of problem.patients) {
		const cp = costPatient(p);
		const day = bookedOn.get(p.id);
		if (day === undefined) {
			unbooked += unbookedCost(weights, cp, start, end);
		} else {
			const t = bookedCostTerms(weights, cp, day, start);
			wait += t.wait;
			rttLate += t.rttLate;
			priorityLate += t.priorityLate;
			bookedPatients++;
		}
	}
	const sessionOpen = weights.sessionOpenCost * open.size;
	return {
		wait,
		rttLate,
		priorityLate,
		unbooked,
		sessionOpen,
		total: wait + rttLate + priorityLate + unbooked + sessionOpen,
		bookedPatients,
		unbookedPatients: problem.patients.length - bookedPatients,
		openSessions: open.size
	};
}

/** The spec's tolerance: |stated − recomputed| <= 1e-9 · max(1, |stated|, |recomputed|). */
export function withinTolerance(stated: number, recomputed: number): boolean {
	return (
		Math.abs(stated - recomputed) <= 1e-9 * Math.max(1, Math.abs(stated), Math.abs(recomputed))
	);
}
