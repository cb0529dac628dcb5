import { describe, expect, it } from 'vitest';
import { checkSolution, formatCheckReport } from './check';
import { objectiveBreakdown } from './objective';
import { parseProblem, type PlanningProblem } from './problem';
import type { Booking, PlanningSolution } from './solution';

/** Two clinics and a handful of patients, each with one constraint to break. */
function fixture(): PlanningProblem {
	return {
		version: 1,
		horizon: { start: '2026-01-05', end: '2026-01-16' },
		clinicians: [{ id: 'DR1', maxMinutesPerDay: 60, maxMinutesByDate: { '2026-01-09': 0 } }],
		sessions: [
			{
				id: 'S1',
				date: '2026-01-06',
				minutes: 60,
				specialty: '130',
				clinicianId: 'DR1',
				slotTypes: ['new']
			},
			{ id: 'S2', date: '2026-01-07', minutes: 60, specialty: '130', clinicianId: null },
			{ id: 'S3', date: '2026-01-08', minutes: 60, specialty: '110', clinicianId: 'DR2' },
			{ id: 'S4', date: '2026-01-09', minutes: 60, specialty: '130' }
		],
		patients: [
			{ id: 'A', specialty: '130', durationMinutes: 30, slotType: 'new', clockStart: '2025-10-01' },
			{
				id: 'B',
				specialty: '130',
				durationMinutes: 30,
				slotType: 'follow-up',
				clockStart: '2025-11-01'
			},
			{
				id: 'C',
				specialty: '110',
				durationMinutes: 30,
				clinicianId: 'DR3',
				clockStart: '2025-11-01'
			},
			{
				id: 'D',
				specialty: '130',
				durationMinutes: 30,
				earliest: '2026-01-07',
				clockStart: '2025-11-01'
			},
			{
				id: 'E',
				specialty: '130',
				durationMinutes: 30,
				clockStart: '2025-11-01',
				unavailable: [{ from: '2026-01-07', to: '2026-01-07' }]
			},
			{
				id: 'F',
				specialty: '130',
				durationMinutes: 30,
				clinicianId: 'DR1',
				clockStart: '2025-11-01'
			},
			{
				id: 'G',
				specialty: '130',
				durationMinutes: 30,
				clinicianId: 'DR1',
				clockStart: '2025-11-01',
				mandatory: true,
				latest: '2026-01-06'
			},
			{
				id: 'H',
				specialty: '110',
				durationMinutes: 30,
				clockStart: '2025-11-01',
				pinnedSessionId: 'S3'
			}
		]
	};
}

/** A plan satisfying all nine rules for the fixture. */
const GOOD: Booking[] = [
	{ patientId: 'A', sessionId: 'S1' },
	{ patientId: 'G', sessionId: 'S1' },
	{ patientId: 'D', sessionId: 'S2' },
	{ patientId: 'B', sessionId: 'S2' },
	{ patientId: 'H', sessionId: 'S3' }
];

function solution(bookings: Booking[], extra: Partial<PlanningSolution> = {}): PlanningSolution {
	const problem = parseProblem(fixture());
	return {
		version: 1,
		status: 'feasible',
		objective: objectiveBreakdown(problem, bookings).total,
		bookings,
		...extra
	};
}

function check(bookings: Booking[], extra: Partial<PlanningSolution> = {}) {
	return checkSolution(parseProblem(fixture()), solution(bookings, extra));
}

function without(...patientIds: string[]): Booking[] {
	return GOOD.filter((b) => !patientIds.includes(b.patientId));
}

describe('checkSolution', () => {
	it('passes a feasible plan with the right objective', () => {
		const report = check(GOOD);
		expect(report.violations).toEqual([]);
		expect(report.feasible).toBe(true);
		expect(report.objectiveMatches).toBe(true);
		expect(report.ok).toBe(true);
	});

	it.each<
		[number, string, Booking[], { patientId?: string; sessionId?: string; clinicianId?: string }]
	>([
		[
			1,
			'a booking of an unknown patient',
			[...GOOD, { patientId: 'Z', sessionId: 'S2' }],
			{ patientId: 'Z' }
		],
		[
			1,
			'a booking into an unknown session',
			[...GOOD, { patientId: 'E', sessionId: 'S9' }],
			{ sessionId: 'S9' }
		],
		[
			1,
			'a patient booked twice',
			[...without('D'), { patientId: 'A', sessionId: 'S2' }],
			{ patientId: 'A', sessionId: 'S2' }
		],
		[
			2,
			'a patient in another specialty’s session',
			[...without('B'), { patientId: 'C', sessionId: 'S2' }],
			{ patientId: 'C', sessionId: 'S2' }
		],
		[
			3,
			'a slot type the session does not offer',
			[...without('A', 'B'), { patientId: 'B', sessionId: 'S1' }],
			{ patientId: 'B', sessionId: 'S1' }
		],
		[
			4,
			'a session run by another clinician',
			[...GOOD, { patientId: 'C', sessionId: 'S3' }],
			{ patientId: 'C', sessionId: 'S3' }
		],
		[
			5,
			'a booking before earliest',
			[...without('A', 'D'), { patientId: 'D', sessionId: 'S1' }],
			{ patientId: 'D', sessionId: 'S1' }
		],
		[
			5,
			'a booking on an unavailable date',
			[...without('B'), { patientId: 'E', sessionId: 'S2' }],
			{ patientId: 'E', sessionId: 'S2' }
		],
		[6, 'an overfull session', [...GOOD, { patientId: 'E', sessionId: 'S1' }], { sessionId: 'S1' }],
		[
			7,
			'a clinician over their per-date limit',
			[...GOOD, { patientId: 'F', sessionId: 'S4' }],
			{ clinicianId: 'DR1' }
		],
		[8, 'a mandatory patient left unbooked', without('G'), { patientId: 'G' }],
		[
			8,
			'a mandatory patient booked after latest',
			[...without('G', 'B'), { patientId: 'G', sessionId: 'S2' }],
			{ patientId: 'G', sessionId: 'S2' }
		],
		[9, 'a pinned patient left unbooked', without('H'), { patientId: 'H', sessionId: 'S3' }]
	])('catches rule %i: %s', (rule, _name, bookings, about) => {
		const report = check(bookings);
		expect(report.feasible).toBe(false);
		expect(report.ok).toBe(false);
		const found = report.violations.filter((v) => v.rule === rule);
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject(about);
		// Only the rule under test is broken.
		expect(report.violations.map((v) => v.rule)).toEqual([rule]);
	});

	it('catches rule 7 on the daily limit too, and only counts the clinician’s own patients', () => {
		const problem = fixture();
		problem.clinicians = [{ id: 'DR1', maxMinutesPerDay: 30 }];
		const parsed = parseProblem(problem);
		// S1 is DR1's clinic, but A has no clinician of their own, so only G counts towards DR1.
		const ok = checkSolution(parsed, {
			...solution(GOOD),
			objective: objectiveBreakdown(parsed, GOOD).total
		});
		expect(ok.violations).toEqual([]);
		const both = [...without('A'), { patientId: 'F', sessionId: 'S1' }];
		const bad = checkSolution(parsed, {
			...solution(both),
			objective: objectiveBreakdown(parsed, both).total
		});
		expect(bad.violations.map((v) => v.rule)).toEqual([7]);
		expect(bad.violations[0].message).toContain('"F"');
	});

	it('catches rule 9 when a pinned patient is booked elsewhere', () => {
		const problem = fixture();
		problem.patients[7].specialty = '130';
		problem.sessions[2].specialty = '130';
		problem.sessions[2].clinicianId = null;
		const bookings = [...without('H', 'B'), { patientId: 'H', sessionId: 'S2' }];
		const report = checkSolution(parseProblem(problem), {
			...solution(bookings),
			objective: objectiveBreakdown(parseProblem(problem), bookings).total
		});
		expect(report.violations.map((v) => v.rule)).toEqual([9]);
		expect(report.violations[0]).toMatchObject({ patientId: 'H', sessionId: 'S2' });
	});

	it('reports a wrong stated objective, within the spec tolerance', () => {
		const right = solution(GOOD).objective;
		expect(check(GOOD, { objective: right + 1 }).objectiveMatches).toBe(false);
		expect(check(GOOD, { objective: right + 1 }).ok).toBe(false);
		expect(check(GOOD, { objective: right * (1 + 5e-10) }).objectiveMatches).toBe(true);
		expect(check(GOOD, { objective: right * (1 + 5e-9) }).objectiveMatches).toBe(false);
	});

	it('recognises a consistent infeasibility, and still fails it', () => {
		const bookings = without('G');
		const honest = check(bookings, {
			status: 'infeasible',
			unmet: [{ patientId: 'G', reason: 'no room' }]
		});
		expect(honest.consistentInfeasibility).toBe(true);
		expect(honest.ok).toBe(false);
		const silent = check(bookings, { status: 'infeasible', unmet: [] });
		expect(silent.consistentInfeasibility).toBe(false);
		const broken = check([...bookings, { patientId: 'E', sessionId: 'S2' }], {
			status: 'infeasible',
			unmet: [{ patientId: 'G', reason: 'no room' }]
		});
		expect(broken.consistentInfeasibility).toBe(false);
	});

	it('warns about a bound above the objective or an optimal status without a matching bound', () => {
		const right = solution(GOOD).objective;
		expect(check(GOOD, { lowerBound: right + 10 }).warnings.join()).toMatch(
			/above the stated objective/
		);
		expect(check(GOOD, { status: 'optimal', lowerBound: right - 10 }).warnings.join()).toMatch(
			/optimal/
		);
		expect(check(GOOD, { status: 'optimal', lowerBound: right }).warnings).toEqual([]);
	});

	it('formats each violation with patient and session, and the objective by term', () => {
		const text = formatCheckReport(check([...GOOD, { patientId: 'E', sessionId: 'S2' }]));
		expect(text).toMatch(/rule 5 violated \[patient "E", session "S2"\]/);
		expect(text).toMatch(/rule 6 violated \[session "S2", date 2026-01-07\]/);
		for (const term of ['wait', 'rttLate', 'priorityLate', 'unbooked', 'sessionOpen', 'total']) {
			expect(text).toMatch(new RegExp(`^  ${term} `, 'm'));
		}
		expect(text).toMatch(/NOT FEASIBLE/);
	});
});
