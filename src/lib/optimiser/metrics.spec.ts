import { describe, expect, it } from 'vitest';
import { parseProblem } from '../domain/planning/problem';
import { planMetrics } from './metrics';

describe('planMetrics', () => {
	const problem = parseProblem({
		version: 1,
		horizon: { start: '2026-01-05', end: '2026-01-11' },
		sessions: [
			{ id: 'S1', date: '2026-01-06', minutes: 60, specialty: '130' },
			{ id: 'S2', date: '2026-01-08', minutes: 60, specialty: '130' }
		],
		patients: [
			{ id: 'old', specialty: '130', durationMinutes: 30, clockStart: '2025-06-01' },
			{
				id: 'mid',
				specialty: '130',
				durationMinutes: 30,
				clockStart: '2025-10-01',
				priorityDue: '2026-01-07'
			},
			{ id: 'new', specialty: '130', durationMinutes: 30, clockStart: '2025-12-20' }
		]
	});

	it('counts breaches, utilisation, longest waits and bookings out of turn', () => {
		const m = planMetrics(
			problem,
			[
				{ patientId: 'new', sessionId: 'S1' },
				{ patientId: 'old', sessionId: 'S2' },
				{ patientId: 'mid', sessionId: 'S2' }
			],
			{ old: 'routine', mid: 'P2', new: 'routine' }
		);
		expect(m.booked).toBe(3);
		expect(m.bookedPast18Weeks).toBe(1);
		expect(m.bookedPastDue).toBe(1);
		expect(m.utilisation).toBe(0.75);
		expect(m.longestWait.routine).toBe(221);
		// "new" went before "old", who needs the same and has waited longer.
		expect(m.outOfTurn).toBe(1);
	});

	it('counts a booking as out of turn when a longer waiter is left unbooked', () => {
		const m = planMetrics(problem, [{ patientId: 'new', sessionId: 'S1' }]);
		expect(m.outOfTurn).toBe(1);
		expect(m.unbooked).toBe(2);
	});
});
