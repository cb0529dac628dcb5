import { describe, expect, it } from 'vitest';
import { explainPatient, fits, planMetrics } from './explain';
import { parseProblem } from './problem';

const problem = parseProblem({
	version: 1,
	horizon: { start: '2026-01-05', end: '2026-01-30' },
	sessions: [
		{ id: 's1', date: '2026-01-06', minutes: 30, specialty: '120', slotTypes: ['new'] },
		{
			id: 's2',
			date: '2026-01-13',
			minutes: 60,
			specialty: '120',
			slotTypes: ['new'],
			clinicianId: 'c1'
		},
		{ id: 's3', date: '2026-01-20', minutes: 60, specialty: '120', slotTypes: ['procedure'] }
	],
	patients: [
		{
			id: 'a',
			specialty: '120',
			durationMinutes: 30,
			slotType: 'new',
			clockStart: '2025-06-01',
			priorityDue: '2026-01-10'
		},
		{
			id: 'b',
			specialty: '120',
			durationMinutes: 30,
			slotType: 'new',
			clockStart: '2025-12-01',
			unavailable: [{ from: '2026-01-05', to: '2026-01-08' }]
		},
		{
			id: 'c',
			specialty: '120',
			durationMinutes: 30,
			slotType: 'follow-up',
			clockStart: '2025-12-01'
		},
		{
			id: 'd',
			specialty: '120',
			durationMinutes: 30,
			slotType: 'new',
			clockStart: '2025-12-01',
			clinicianId: 'c2'
		}
	]
});
const label = { priority: 'P2', specialtyName: 'ENT' };

describe('fits', () => {
	it('applies rules 2 to 5, capacity aside', () => {
		const [a, b, c, d] = problem.patients;
		const [s1, s2, s3] = problem.sessions;
		expect(fits(a, s1)).toBe(true);
		expect(fits(b, s1)).toBe(false); // unavailable
		expect(fits(c, s1)).toBe(false); // slot type
		expect(fits(d, s2)).toBe(false); // another consultant
		expect(fits(a, s3)).toBe(false);
	});
});

describe('explainPatient', () => {
	it('names the first suitable session and the P-code date', () => {
		expect(explainPatient(problem, 'a', 's1', label)).toBe(
			'P2 due 10/01/2026; booked 06/01/2026: first ENT session with room (past 18 weeks: the earliest suitable session)'
		);
		expect(explainPatient(problem, 'b', 's2', { priority: null, specialtyName: 'ENT' })).toMatch(
			/^booked 13\/01\/2026: first ENT session/
		);
	});

	it('says when earlier sessions went to others, and counts days late', () => {
		expect(explainPatient(problem, 'a', 's2', label)).toBe(
			'P2 due 10/01/2026; booked 13/01/2026: earlier suitable sessions (from 06/01/2026) went to patients of higher priority or longer waits (3 days after the P-code date, past 18 weeks: no earlier suitable session had room)'
		);
	});

	it('mentions unavailable dates when they pushed the booking later', () => {
		expect(explainPatient(problem, 'b', 's2', { priority: 'P4', specialtyName: 'ENT' })).toBe(
			'P4; booked 13/01/2026: first ENT session with room after their unavailable dates'
		);
	});

	it('explains why a patient stays unbooked', () => {
		expect(explainPatient(problem, 'c', null, { priority: null, specialtyName: 'ENT' })).toBe(
			'not booked: no session in the horizon takes a follow-up slot'
		);
		expect(explainPatient(problem, 'a', null, label)).toMatch(
			/all 2 suitable ENT sessions are full/
		);
	});
	it('writes one day and one session in the singular (issue 13: "1 days")', () => {
		const dueMonday = parseProblem({
			version: 1,
			horizon: { start: '2026-01-05', end: '2026-01-30' },
			sessions: [
				{ id: 's2', date: '2026-01-13', minutes: 60, specialty: '120', slotTypes: ['new'] }
			],
			patients: [
				{
					id: 'e',
					specialty: '120',
					durationMinutes: 30,
					slotType: 'new',
					clockStart: '2025-12-01',
					priorityDue: '2026-01-12'
				}
			]
		});
		expect(explainPatient(dueMonday, 'e', 's2', label)).toMatch(/\(1 day after the P-code date: /);
		expect(explainPatient(dueMonday, 'e', null, label)).toMatch(
			/not booked: the one suitable ENT session is full/
		);
	});
});

describe('planMetrics', () => {
	it('counts what a coordinator compares', () => {
		const m = planMetrics(
			problem,
			[
				{ patientId: 'a', sessionId: 's2' },
				{ patientId: 'b', sessionId: 's2' }
			],
			123
		);
		expect(m).toEqual({
			objective: 123,
			booked: 2,
			unbooked: 2,
			bookedPast18Weeks: 1, // a: 226 days
			bookedPastPriority: 1,
			longestWaitBooked: 226,
			utilisation: 60 / 150,
			over18Weeks: 1, // a, as above; c and d have waited 60 days by the plan's end
			pastPriority: 1,
			longestWait: 226,
			sessionUse: 60 / 150
		});
	});

	it('counts before and after on the same basis: every patient, and every minute of the sessions', () => {
		// s2 has 600 minutes, 540 of them booked elsewhere: the problem offers the 60 left.
		const elsewhere = new Map([['s2', 540]]);
		const before = planMetrics(problem, [], 500, elsewhere);
		const after = planMetrics(
			problem,
			[
				{ patientId: 'a', sessionId: 's2' },
				{ patientId: 'b', sessionId: 's2' }
			],
			400,
			elsewhere
		);
		// a has waited past 18 weeks whether booked (226 days on 2026-01-13) or not (243 days
		// by the plan's end, 2026-01-30): giving them a date does not make the figure worse.
		expect([before.over18Weeks, after.over18Weeks]).toEqual([1, 1]);
		// a's P-code date (2026-01-10) passes either way.
		expect([before.pastPriority, after.pastPriority]).toEqual([1, 1]);
		// The longest wait: a's, by the plan's end before, at their date after.
		expect([before.longestWait, after.longestWait]).toEqual([243, 226]);
		// Session use counts the bookings made elsewhere: 540 of 690 minutes, then 600.
		expect(before.sessionUse).toBeCloseTo(540 / 690, 12);
		expect(after.sessionUse).toBeCloseTo(600 / 690, 12);
	});
});
