import { describe, expect, it } from 'vitest';
import { checkSolution } from '../domain/planning/check';
import { parseProblem } from '../domain/planning/problem';
import { unmetIsProven } from '../domain/planning/solution';
import { generateProblem } from './generate';
import { greedyPlan } from './greedy';

describe('greedyPlan', () => {
	it('names a pinned session that cannot take its patient by reference, for the screen to word', () => {
		const problem = parseProblem({
			version: 1,
			horizon: { start: '2026-01-05', end: '2026-01-20' },
			sessions: [{ id: 'S7', date: '2026-01-06', minutes: 20, specialty: '130' }],
			patients: [
				{
					id: 'long',
					specialty: '130',
					durationMinutes: 30,
					clockStart: '2025-12-01',
					pinnedSessionId: 'S7'
				}
			]
		});
		const solution = greedyPlan(problem);
		expect(solution.unmet).toEqual([
			{ patientId: 'long', reason: 'pinned to {session:S7}, which cannot take them' }
		]);
	});

	it('books in priority-then-wait order into the earliest session that takes them', () => {
		const problem = parseProblem({
			version: 1,
			horizon: { start: '2026-01-05', end: '2026-01-20' },
			sessions: [
				{ id: 'late', date: '2026-01-09', minutes: 60, specialty: '130' },
				{ id: 'early', date: '2026-01-06', minutes: 60, specialty: '130' }
			],
			patients: [
				{ id: 'routine-short', specialty: '130', durationMinutes: 30, clockStart: '2025-12-01' },
				{ id: 'routine-long', specialty: '130', durationMinutes: 30, clockStart: '2025-06-01' },
				{
					id: 'p2',
					specialty: '130',
					durationMinutes: 30,
					clockStart: '2025-12-20',
					priorityDue: '2026-01-10'
				},
				{
					id: 'blocked',
					specialty: '130',
					durationMinutes: 30,
					clockStart: '2025-01-01',
					earliest: '2026-01-08'
				}
			]
		});
		const solution = greedyPlan(problem);
		const at = new Map(solution.bookings.map((b) => [b.patientId, b.sessionId]));
		expect(at.get('p2')).toBe('early');
		expect(at.get('blocked')).toBe('late');
		expect(at.get('routine-long')).toBe('early');
		expect(at.get('routine-short')).toBe('late');
		expect(checkSolution(problem, solution).ok).toBe(true);
	});

	it('does not claim a proof when the baseline misses a mandatory patient', () => {
		// First come, first served puts the longer waiter in the early list, where only the
		// hour-long patient fits; swapped, both are booked.
		const problem = parseProblem({
			version: 1,
			horizon: { start: '2026-01-05', end: '2026-01-20' },
			sessions: [
				{ id: 'early', date: '2026-01-06', minutes: 60, specialty: '130' },
				{ id: 'next', date: '2026-01-07', minutes: 30, specialty: '130' }
			],
			patients: [
				{
					id: 'short',
					specialty: '130',
					durationMinutes: 30,
					clockStart: '2025-06-01',
					mandatory: true,
					latest: '2026-01-07'
				},
				{
					id: 'long',
					specialty: '130',
					durationMinutes: 60,
					clockStart: '2025-12-01',
					mandatory: true,
					latest: '2026-01-07'
				}
			]
		});
		const solution = greedyPlan(problem);
		expect(solution.status).toBe('infeasible');
		expect(solution.unmet?.map((u) => u.patientId)).toEqual(['long']);
		const reason = solution.unmet?.[0].reason ?? '';
		expect(unmetIsProven(reason)).toBe(false);
		expect(reason).toMatch(/^not placed/);
		expect(reason).toMatch(/does not prove/);
	});

	it('gives plans the checker accepts on generated lists', () => {
		for (const kind of ['clinic', 'theatre', 'mixed'] as const) {
			const problem = parseProblem(generateProblem({ patients: 500, kind, seed: 3 }).problem);
			const report = checkSolution(problem, greedyPlan(problem));
			expect(report.violations).toEqual([]);
			expect(report.objectiveMatches).toBe(true);
		}
	});
});
