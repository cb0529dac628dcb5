/**
 * The plan checker: recomputes feasibility rule by rule and the objective from scratch
 * (shared/spec/planning-problem.md, "Feasibility" and "Objective"). It shares only parsing and
 * the objective arithmetic with the optimiser; the rules are written out again here, plainly, so
 * that a bug in the optimiser's bookkeeping cannot hide itself. A third copy, for live bookings
 * and board allocations (not plans), is domain/bookingRules.ts: that one is deliberate too.
 */
import { dayNumber } from '../rtt';
import { objectiveBreakdown, type ObjectiveBreakdown, withinTolerance } from './objective';
import type { ParsedProblem, Patient, Session } from './problem';
import type { PlanningSolution, SolutionStatus } from './solution';

export type RuleNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export interface Violation {
	rule: RuleNumber;
	patientId?: string;
	sessionId?: string;
	clinicianId?: string;
	date?: string;
	message: string;
}

export interface CheckReport {
	status: SolutionStatus;
	/** Every broken hard rule, ordered by rule then by where it was found. */
	violations: Violation[];
	/** All nine rules hold. */
	feasible: boolean;
	/**
	 * Status `infeasible`, rules 1-7 hold and every violation of rules 8-9 concerns a patient the
	 * solution lists in `unmet` (spec: what an honest infeasible answer looks like).
	 */
	consistentInfeasibility: boolean;
	objective: ObjectiveBreakdown;
	statedObjective: number;
	objectiveMatches: boolean;
	/** Things the spec asks of a solution that do not decide the verdict (e.g. a bound above the objective). */
	warnings: string[];
	/** The verdict for `plan:check`'s exit code 0: a usable plan whose stated objective is right. */
	ok: boolean;
}

export function checkSolution(problem: ParsedProblem, solution: PlanningSolution): CheckReport {
	const violations: Violation[] = [];
	const patients = new Map<string, Patient>();
	for (const p of problem.patients) patients.set(p.id, p);
	const sessions = new Map<string, Session>();
	for (const s of problem.sessions) sessions.set(s.id, s);

	// Rule 1: p and s exist; p is booked at most once.
	const valid: { patient: Patient; session: Session }[] = [];
	const bookingsOf = new Map<string, Session[]>();
	for (const b of solution.bookings) {
		const patient = patients.get(b.patientId);
		const session = sessions.get(b.sessionId);
		if (!patient) {
			violations.push({
				rule: 1,
				patientId: b.patientId,
				sessionId: b.sessionId,
				message: `booking names patient ${q(b.patientId)}, which is not in the problem`
			});
		}
		if (!session) {
			violations.push({
				rule: 1,
				patientId: b.patientId,
				sessionId: b.sessionId,
				message: `booking names session ${q(b.sessionId)}, which is not in the problem`
			});
		}
		if (!patient || !session) continue;
		const earlier = bookingsOf.get(patient.id);
		if (earlier) {
			violations.push({
				rule: 1,
				patientId: patient.id,
				sessionId: session.id,
				message: `patient ${q(patient.id)} is booked more than once (also in ${earlier.map((s) => q(s.id)).join(', ')})`
			});
			earlier.push(session);
		} else {
			bookingsOf.set(patient.id, [session]);
		}
		valid.push({ patient, session });
	}

	for (const { patient: p, session: s } of valid) {
		const where = { patientId: p.id, sessionId: s.id };
		// Rule 2: same specialty.
		if (p.specialty !== s.specialty) {
			violations.push({
				rule: 2,
				...where,
				message: `patient ${q(p.id)} (specialty ${q(p.specialty)}) is in session ${q(s.id)} of specialty ${q(s.specialty)}`
			});
		}
		// Rule 3: when both are given, the patient's slot type is among the session's.
		if (
			p.slotType !== undefined &&
			s.slotTypes !== undefined &&
			!s.slotTypes.includes(p.slotType)
		) {
			violations.push({
				rule: 3,
				...where,
				message: `patient ${q(p.id)} needs slot type ${q(p.slotType)}; session ${q(s.id)} offers ${JSON.stringify(s.slotTypes)}`
			});
		}
		// Rule 4: when both clinicians are non-null they are the same.
		if (p.clinicianId != null && s.clinicianId != null && p.clinicianId !== s.clinicianId) {
			violations.push({
				rule: 4,
				...where,
				message: `patient ${q(p.id)} is under clinician ${q(p.clinicianId)}; session ${q(s.id)} is run by ${q(s.clinicianId)}`
			});
		}
		// Rule 5: not before earliest, not on an unavailable date.
		const day = dayNumber(s.date);
		if (p.earliest !== undefined && day < dayNumber(p.earliest)) {
			violations.push({
				rule: 5,
				...where,
				message: `patient ${q(p.id)} is booked on ${s.date}, before their earliest date ${p.earliest}`
			});
		}
		for (const range of p.unavailable ?? []) {
			if (day >= dayNumber(range.from) && day <= dayNumber(range.to)) {
				violations.push({
					rule: 5,
					...where,
					message: `patient ${q(p.id)} is booked on ${s.date}, inside their unavailable dates ${range.from} to ${range.to}`
				});
			}
		}
	}

	// Rule 6: per session, booked minutes <= session minutes.
	const used = new Map<string, number>();
	for (const { patient, session } of valid) {
		used.set(session.id, (used.get(session.id) ?? 0) + patient.durationMinutes);
	}
	for (const s of problem.sessions) {
		const minutes = used.get(s.id) ?? 0;
		if (minutes > s.minutes) {
			violations.push({
				rule: 6,
				sessionId: s.id,
				date: s.date,
				message: `session ${q(s.id)} on ${s.date} has ${minutes} minutes booked but only ${s.minutes} available`
			});
		}
	}

	// Rule 7: per clinician and day, minutes of the clinician's own patients within their limit.
	const limits = new Map(problem.clinicians.map((c) => [c.id, c]));
	const byClinicianDay = new Map<
		string,
		{ clinicianId: string; date: string; minutes: number; patients: string[] }
	>();
	for (const { patient, session } of valid) {
		const c = patient.clinicianId;
		if (c == null || !limits.has(c)) continue;
		const key = JSON.stringify([c, session.date]);
		const entry = byClinicianDay.get(key) ?? {
			clinicianId: c,
			date: session.date,
			minutes: 0,
			patients: []
		};
		entry.minutes += patient.durationMinutes;
		entry.patients.push(patient.id);
		byClinicianDay.set(key, entry);
	}
	for (const entry of byClinicianDay.values()) {
		const clinician = limits.get(entry.clinicianId);
		const limit = clinician?.maxMinutesByDate?.[entry.date] ?? clinician?.maxMinutesPerDay;
		if (limit !== undefined && entry.minutes > limit) {
			violations.push({
				rule: 7,
				clinicianId: entry.clinicianId,
				date: entry.date,
				message: `clinician ${q(entry.clinicianId)} has ${entry.minutes} minutes of their patients booked on ${entry.date}, over their limit of ${limit} (patients ${entry.patients.map(q).join(', ')})`
			});
		}
	}

	// Rule 8: mandatory patients are booked, by `latest` when given.
	for (const p of problem.patients) {
		if (!p.mandatory) continue;
		const booked = bookingsOf.get(p.id);
		if (!booked) {
			violations.push({
				rule: 8,
				patientId: p.id,
				message: `mandatory patient ${q(p.id)} is not booked`
			});
			continue;
		}
		if (p.latest != null) {
			const latest = dayNumber(p.latest);
			for (const s of booked) {
				if (dayNumber(s.date) > latest) {
					violations.push({
						rule: 8,
						patientId: p.id,
						sessionId: s.id,
						message: `mandatory patient ${q(p.id)} is booked on ${s.date}, after their latest date ${p.latest}`
					});
				}
			}
		}
	}

	// Rule 9: a pinned patient is booked in exactly the pinned session.
	for (const p of problem.patients) {
		if (p.pinnedSessionId == null) continue;
		const booked = bookingsOf.get(p.id) ?? [];
		if (booked.length === 0) {
			violations.push({
				rule: 9,
				patientId: p.id,
				sessionId: p.pinnedSessionId,
				message: `patient ${q(p.id)} is pinned to session ${q(p.pinnedSessionId)} but not booked`
			});
		}
		for (const s of booked) {
			if (s.id !== p.pinnedSessionId) {
				violations.push({
					rule: 9,
					patientId: p.id,
					sessionId: s.id,
					message: `patient ${q(p.id)} is pinned to session ${q(p.pinnedSessionId)} but booked in ${q(s.id)}`
				});
			}
		}
	}

	violations.sort((a, b) => a.rule - b.rule);

	const objective = objectiveBreakdown(problem, solution.bookings);
	const objectiveMatches = withinTolerance(solution.objective, objective.total);
	const feasible = violations.length === 0;

	const unmetIds = new Set((solution.unmet ?? []).map((u) => u.patientId));
	const consistentInfeasibility =
		solution.status === 'infeasible' &&
		violations.every((v) => v.rule >= 8 && v.patientId !== undefined && unmetIds.has(v.patientId));

	const warnings: string[] = [];
	if (solution.status === 'infeasible' && feasible) {
		warnings.push('status is "infeasible" but the bookings satisfy all nine rules');
	}
	if (solution.status !== 'infeasible' && (solution.unmet?.length ?? 0) > 0) {
		warnings.push(`"unmet" lists patients although the status is "${solution.status}"`);
	}
	for (const u of solution.unmet ?? []) {
		if (!patients.has(u.patientId))
			warnings.push(`"unmet" names patient ${q(u.patientId)}, which is not in the problem`);
	}
	const bound = solution.lowerBound;
	if (bound != null) {
		if (bound > solution.objective && !withinTolerance(bound, solution.objective)) {
			warnings.push(`lowerBound ${bound} is above the stated objective ${solution.objective}`);
		}
		if (solution.status === 'optimal' && !withinTolerance(bound, solution.objective)) {
			warnings.push(
				`status is "optimal" but lowerBound ${bound} differs from the objective ${solution.objective}`
			);
		}
	}

	return {
		status: solution.status,
		violations,
		feasible,
		consistentInfeasibility,
		objective,
		statedObjective: solution.objective,
		objectiveMatches,
		warnings,
		ok: feasible && solution.status !== 'infeasible' && objectiveMatches
	};
}

/** The human-readable report `plan:check` prints. */
export function formatCheckReport(report: CheckReport): string {
	const lines: string[] = [];
	for (const v of report.violations) {
		const about = [
			v.patientId !== undefined ? `patient ${q(v.patientId)}` : null,
			v.sessionId !== undefined ? `session ${q(v.sessionId)}` : null,
			v.clinicianId !== undefined ? `clinician ${q(v.clinicianId)}` : null,
			v.date !== undefined ? `date ${v.date}` : null
		].filter((x) => x !== null);
		lines.push(`rule ${v.rule} violated [${about.join(', ')}]: ${v.message}`);
	}
	if (report.violations.length === 0) lines.push('all nine feasibility rules hold');

	const o = report.objective;
	lines.push('objective, recomputed:');
	lines.push(`  wait          ${fmt(o.wait)}`);
	lines.push(`  rttLate       ${fmt(o.rttLate)}`);
	lines.push(`  priorityLate  ${fmt(o.priorityLate)}`);
	lines.push(
		`  unbooked      ${fmt(o.unbooked)}   (${o.unbookedPatients} patients unbooked, ${o.bookedPatients} booked)`
	);
	lines.push(`  sessionOpen   ${fmt(o.sessionOpen)}   (${o.openSessions} sessions used)`);
	lines.push(`  total         ${fmt(o.total)}`);
	lines.push(
		`stated objective ${fmt(report.statedObjective)}: ${report.objectiveMatches ? 'matches' : `WRONG (differs by ${fmt(report.statedObjective - o.total)})`}`
	);
	for (const w of report.warnings) lines.push(`warning: ${w}`);

	let verdict: string;
	if (report.ok)
		verdict = `OK: a feasible plan (status "${report.status}") with the right objective`;
	else if (report.consistentInfeasibility) {
		verdict =
			'NOT USABLE: a consistent infeasibility (rules 1-7 hold; every rule 8-9 violation is listed in unmet)';
	} else if (report.status === 'infeasible') verdict = 'NOT USABLE: status "infeasible"';
	else if (!report.feasible) verdict = `NOT FEASIBLE: ${report.violations.length} violation(s)`;
	else
		verdict =
			'WRONG OBJECTIVE: the plan is feasible but its stated objective is not the recomputed one';
	lines.push(verdict);
	return lines.join('\n');
}

function q(id: string): string {
	return JSON.stringify(id);
}

function fmt(x: number): string {
	return Number.isInteger(x) ? String(x) : x.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}
