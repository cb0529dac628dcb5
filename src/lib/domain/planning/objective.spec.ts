import { describe, expect, it } from 'vitest';
import { dayNumber } from '../rtt';
import {
	bookedCostTerms,
	objectiveBreakdown,
	unbookedCost,
	waitIntegral,
	withinTolerance
} from './objective';
import { defaultWeights, parseProblem } from './problem';

const W = defaultWeights();

describe('waitIntegral', () => {
	it('follows the default slopes', () => {
		expect(waitIntegral(W.waitSlopes, -5)).toBe(0);
		expect(waitIntegral(W.waitSlopes, 0)).toBe(0);
		expect(waitIntegral(W.waitSlopes, 100)).toBe(100);
		expect(waitIntegral(W.waitSlopes, 126)).toBe(126);
		expect(waitIntegral(W.waitSlopes, 127)).toBe(128);
		expect(waitIntegral(W.waitSlopes, 364)).toBe(126 + 2 * 238);
		expect(waitIntegral(W.waitSlopes, 455)).toBe(126 + 2 * 238 + 4 * 91);
		expect(waitIntegral(W.waitSlopes, 460)).toBe(126 + 2 * 238 + 4 * 91 + 8 * 5);
	});

	it('is zero before the first fromDay and with no slopes', () => {
		expect(waitIntegral([[10, 3]], 10)).toBe(0);
		expect(waitIntegral([[10, 3]], 15)).toBe(15);
		expect(waitIntegral([], 1000)).toBe(0);
	});
});

describe('patient cost', () => {
	it('reproduces the worked example in the spec (cost 184)', () => {
		const patient = {
			clockStartDay: dayNumber('2025-08-01'),
			priorityDueDay: dayNumber('2026-01-10')
		};
		const start = dayNumber('2026-01-05');
		expect(start - patient.clockStartDay).toBe(157);
		const t = bookedCostTerms(W, patient, dayNumber('2026-01-12'), start);
		expect(t).toEqual({ wait: 14, rttLate: 70, priorityLate: 100 });
		expect(t.wait + t.rttLate + t.priorityLate).toBe(184);
	});

	it('re-bases each term on its own', () => {
		// Due date before the horizon starts: only the days after the start count.
		const patient = {
			clockStartDay: dayNumber('2026-01-01'),
			priorityDueDay: dayNumber('2026-01-03')
		};
		const t = bookedCostTerms(W, patient, dayNumber('2026-01-07'), dayNumber('2026-01-05'));
		expect(t).toEqual({ wait: 2, rttLate: 0, priorityLate: 100 });
	});

	it('charges an unbooked patient as if seen the day after the horizon', () => {
		const patient = { clockStartDay: dayNumber('2025-08-01'), priorityDueDay: null };
		const start = dayNumber('2026-01-05');
		const end = dayNumber('2026-01-11');
		// 157 → 164 days: wait 14, RTT 70.
		expect(unbookedCost(W, patient, start, end)).toBe(84);
		expect(unbookedCost({ ...W, unbookedPenalty: 5 }, patient, start, end)).toBe(89);
		expect(
			unbookedCost({ ...W, unbookedPenalty: 5, unbookedAccrues: false }, patient, start, end)
		).toBe(5);
	});
});

describe('objectiveBreakdown', () => {
	const problem = parseProblem({
		version: 1,
		horizon: { start: '2026-01-05', end: '2026-01-11' },
		weights: { sessionOpenCost: 3 },
		sessions: [
			{ id: 'S1', date: '2026-01-09', minutes: 60, specialty: 'X' },
			{ id: 'S2', date: '2026-01-10', minutes: 60, specialty: 'X' }
		],
		patients: [
			{
				id: 'A',
				specialty: 'X',
				durationMinutes: 30,
				clockStart: '2025-08-01',
				priorityDue: '2026-01-07'
			},
			{ id: 'B', specialty: 'X', durationMinutes: 30, clockStart: '2025-12-05' },
			{ id: 'C', specialty: 'X', durationMinutes: 30, clockStart: '2025-12-05' }
		]
	});

	it('splits the objective by term and counts sessions opened', () => {
		const o = objectiveBreakdown(problem, [
			{ patientId: 'A', sessionId: 'S1' },
			{ patientId: 'B', sessionId: 'S1' }
		]);
		// A on 01-09: 157 → 161 days: wait 8, RTT 10·4 = 40, priority 50·2 = 100.
		// B on 01-09: 31 → 35 days: wait 4.  C unbooked: 31 → 38 days: 7.
		expect(o.wait).toBe(12);
		expect(o.rttLate).toBe(40);
		expect(o.priorityLate).toBe(100);
		expect(o.unbooked).toBe(7);
		expect(o.sessionOpen).toBe(3);
		expect(o.total).toBe(162);
		expect(o.bookedPatients).toBe(2);
		expect(o.openSessions).toBe(1);
	});

	it('ignores bookings naming unknown ids and repeated bookings of a patient', () => {
		const o = objectiveBreakdown(problem, [
			{ patientId: 'B', sessionId: 'S2' },
			{ patientId: 'B', sessionId: 'S1' },
			{ patientId: 'Z', sessionId: 'S1' },
			{ patientId: 'C', sessionId: 'S9' }
		]);
		expect(o.bookedPatients).toBe(1);
		expect(o.openSessions).toBe(1);
	});
});

describe('withinTolerance', () => {
	it('uses the relative tolerance of the spec', () => {
		expect(withinTolerance(1e6, 1e6 + 1e-4)).toBe(true);
		expect(withinTolerance(1e6, 1e6 + 1e-2)).toBe(false);
		expect(withinTolerance(0, 5e-10)).toBe(true);
		expect(withinTolerance(0, 2e-9)).toBe(false);
	});
});
