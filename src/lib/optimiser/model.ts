/**
 * The optimiser's working form of a problem: day numbers instead of dates, indices instead of
 * ids, and the running loads behind hard rules 6 (session minutes) and 7 (clinician minutes per
 * day). The checker does not use any of this; it re-reads the problem on its own. Rules 2–7 are
 * written again here on purpose, for speed over indices: live bookings and board allocations
 * are checked by domain/bookingRules.ts instead, which says the same.
 */
import {
	bookedCost,
	costPatient,
	type CostPatient,
	unbookedCost
} from '../domain/planning/objective';
import type { ParsedProblem } from '../domain/planning/problem';
import { dayNumber } from '../domain/rtt';

export interface ModelSession {
	index: number;
	id: string;
	day: number;
	minutes: number;
	specialty: string;
	clinician: string | null;
	/** Null when the session takes any slot type (rule 3). */
	slotTypes: ReadonlySet<string> | null;
	/** Sessions with the same signature and day are interchangeable but for their minutes. */
	signature: string;
}

export interface ModelPatient {
	index: number;
	id: string;
	specialty: string;
	duration: number;
	slotType: string | null;
	clinician: string | null;
	/** Index of the patient's clinician among those with limits (rule 7), or −1. */
	limited: number;
	cost: CostPatient;
	earliest: number;
	/** Inclusive [from, to] day pairs, flattened. */
	unavailable: number[];
	/** Rule 8 applies; cleared when the optimiser has had to give up on it. */
	mandatory: boolean;
	latest: number;
	/** Index of the pinned session, or −1. */
	pinned: number;
	/** What leaving the patient unbooked costs. */
	unbooked: number;
}

export class Model {
	readonly problem: ParsedProblem;
	readonly start: number;
	readonly end: number;
	/** Days in the horizon; day offsets run 0 .. days − 1. */
	readonly days: number;
	readonly sessions: ModelSession[];
	readonly patients: ModelPatient[];
	readonly sessionIndex: Map<string, number>;
	/** Ids of clinicians with a limit of some kind, indexed as `ModelPatient.limited`. */
	readonly limitedClinicians: string[];
	/** Limit per limited clinician and day offset (Infinity when none applies). */
	readonly limits: Float64Array;

	constructor(problem: ParsedProblem) {
		this.problem = problem;
		this.start = dayNumber(problem.horizon.start);
		this.end = dayNumber(problem.horizon.end);
		this.days = this.end - this.start + 1;
		const { weights } = problem;

		this.sessions = problem.sessions.map((s, index) => {
			const slotTypes = s.slotTypes === undefined ? null : new Set(s.slotTypes);
			return {
				index,
				id: s.id,
				day: dayNumber(s.date),
				minutes: s.minutes,
				specialty: s.specialty,
				clinician: s.clinicianId ?? null,
				slotTypes,
				signature: JSON.stringify([
					s.specialty,
					s.clinicianId ?? null,
					slotTypes === null ? null : [...slotTypes].sort()
				])
			};
		});
		this.sessionIndex = new Map(this.sessions.map((s) => [s.id, s.index]));

		this.limitedClinicians = [];
		const limitedIndex = new Map<string, number>();
		for (const c of problem.clinicians) {
			const byDate = Object.keys(c.maxMinutesByDate ?? {}).length > 0;
			if (c.maxMinutesPerDay !== undefined || byDate) {
				limitedIndex.set(c.id, this.limitedClinicians.length);
				this.limitedClinicians.push(c.id);
			}
		}
		this.limits = new Float64Array(this.limitedClinicians.length * this.days).fill(Infinity);
		for (const c of problem.clinicians) {
			const li = limitedIndex.get(c.id);
			if (li === undefined) continue;
			for (let d = 0; d < this.days; d++) {
				this.limits[li * this.days + d] = c.maxMinutesPerDay ?? Infinity;
			}
			for (const [date, minutes] of Object.entries(c.maxMinutesByDate ?? {})) {
				const d = dayNumber(date) - this.start;
				if (d >= 0 && d < this.days) this.limits[li * this.days + d] = minutes;
			}
		}

		this.patients = problem.patients.map((p, index) => {
			const cost = costPatient(p);
			const unavailable: number[] = [];
			for (const r of p.unavailable ?? []) unavailable.push(dayNumber(r.from), dayNumber(r.to));
			const clinician = p.clinicianId ?? null;
			return {
				index,
				id: p.id,
				specialty: p.specialty,
				duration: p.durationMinutes,
				slotType: p.slotType ?? null,
				clinician,
				limited: clinician === null ? -1 : (limitedIndex.get(clinician) ?? -1),
				cost,
				earliest: p.earliest === undefined ? -Infinity : dayNumber(p.earliest),
				unavailable,
				mandatory: p.mandatory === true,
				latest: p.latest == null ? Infinity : dayNumber(p.latest),
				pinned: p.pinnedSessionId == null ? -1 : (this.sessionIndex.get(p.pinnedSessionId) ?? -1),
				unbooked: unbookedCost(weights, cost, this.start, this.end)
			};
		});
	}

	/** Cost of seeing the patient on `day` (spec: C(day) − C(horizon.start)). */
	costOn(p: ModelPatient, day: number): number {
		return bookedCost(this.problem.weights, p.cost, day, this.start);
	}

	/** Rules 2–4: the session is of a kind the patient can use, whatever the date. */
	suits(p: ModelPatient, s: ModelSession): boolean {
		if (p.specialty !== s.specialty) return false;
		if (p.slotType !== null && s.slotTypes !== null && !s.slotTypes.has(p.slotType)) return false;
		return p.clinician === null || s.clinician === null || p.clinician === s.clinician;
	}

	/** Rule 5: not before earliest, not on an unavailable date. */
	available(p: ModelPatient, day: number): boolean {
		if (day < p.earliest) return false;
		const u = p.unavailable;
		for (let i = 0; i < u.length; i += 2) if (day >= u[i] && day <= u[i + 1]) return false;
		return true;
	}

	/** Rule 5, plus rule 8's latest date while the patient is treated as mandatory. */
	canAttendOn(p: ModelPatient, day: number): boolean {
		return !(p.mandatory && day > p.latest) && this.available(p, day);
	}

	/** The clinician-day slot of rule 7 a patient's minutes count towards on `day`, or −1. */
	clinicianDay(p: ModelPatient, day: number): number {
		return p.limited < 0 ? -1 : p.limited * this.days + (day - this.start);
	}
}

/** Minutes used per session (rule 6) and per limited clinician and day (rule 7). */
export class Loads {
	readonly model: Model;
	readonly sessionUsed: Int32Array;
	readonly clinicianUsed: Float64Array;

	constructor(model: Model) {
		this.model = model;
		this.sessionUsed = new Int32Array(model.sessions.length);
		this.clinicianUsed = new Float64Array(model.limits.length);
	}

	free(s: number): number {
		return this.model.sessions[s].minutes - this.sessionUsed[s];
	}

	/** Room left under rule 7 for patient p's clinician on day `day` (Infinity when unlimited). */
	clinicianRoom(p: ModelPatient, day: number): number {
		const cd = this.model.clinicianDay(p, day);
		return cd < 0 ? Infinity : this.model.limits[cd] - this.clinicianUsed[cd];
	}

	/** Rules 6 and 7 allow adding patient p to session s. */
	fits(p: ModelPatient, s: number): boolean {
		const session = this.model.sessions[s];
		if (this.sessionUsed[s] + p.duration > session.minutes) return false;
		return this.clinicianRoom(p, session.day) >= p.duration;
	}

	add(p: ModelPatient, s: number): void {
		this.sessionUsed[s] += p.duration;
		const cd = this.model.clinicianDay(p, this.model.sessions[s].day);
		if (cd >= 0) this.clinicianUsed[cd] += p.duration;
	}

	remove(p: ModelPatient, s: number): void {
		this.sessionUsed[s] -= p.duration;
		const cd = this.model.clinicianDay(p, this.model.sessions[s].day);
		if (cd >= 0) this.clinicianUsed[cd] -= p.duration;
	}
}
