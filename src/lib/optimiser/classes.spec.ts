import { describe, expect, it } from 'vitest';
import { parseProblem, type PlanningProblem } from '../domain/planning/problem';
import { addDays } from '../domain/rtt';
import { groupIdentical, treatInTurn } from './classes';
import type { ComponentPlan } from './plan';
import { solve } from './solve';
import { firstComponentPlan } from './testPlan';

const START = '2026-01-05';

function planOf(problem: PlanningProblem): ComponentPlan {
	return firstComponentPlan(problem);
}

/** Three routine patients on the same slope: any order costs the same. */
const TIES: PlanningProblem = {
	version: 1,
	horizon: { start: START, end: addDays(START, 13) },
	sessions: [
		{ id: 'D1', date: addDays(START, 1), minutes: 30, specialty: '130' },
		{ id: 'D8', date: addDays(START, 8), minutes: 30, specialty: '130' }
	],
	patients: [
		{ id: 'recent', specialty: '130', durationMinutes: 30, clockStart: addDays(START, -10) },
		{ id: 'middle', specialty: '130', durationMinutes: 30, clockStart: addDays(START, -40) },
		{
			id: 'longest',
			specialty: '130',
			durationMinutes: 30,
			clockStart: addDays(START, -70),
			unavailable: [{ from: addDays(START, 8), to: addDays(START, 8) }]
		}
	]
};

describe('treatInTurn', () => {
	it('gives the earliest place to the longest waiter at no cost', () => {
		const plan = planOf(TIES);
		const id = (p: number): string => plan.patient(p).id;
		const local = (name: string): number =>
			Array.from({ length: plan.n }, (_, p) => p).find((p) => id(p) === name) ?? -1;
		const d1 = plan.sessions.findIndex((s) => plan.model.sessions[s].id === 'D1');
		const d8 = plan.sessions.findIndex((s) => plan.model.sessions[s].id === 'D8');
		plan.place(local('recent'), d1);
		plan.place(local('middle'), d8);
		const before = plan.value;
		treatInTurn(plan);
		expect(plan.value).toBe(before);
		expect(plan.at[local('longest')]).toBe(d1);
		expect(plan.at[local('middle')]).toBe(d8);
		expect(plan.at[local('recent')]).toBe(-1);
	});

	it('comes out of solve too', async () => {
		const solution = await solve(parseProblem(TIES), { seed: 1 });
		expect(solution.bookings).toEqual([
			{ patientId: 'middle', sessionId: 'D8' },
			{ patientId: 'longest', sessionId: 'D1' }
		]);
	});
});

describe('groupIdentical', () => {
	it('merges patients who cost the same on every day and could use the same sessions', () => {
		const plan = planOf({
			...TIES,
			patients: [
				...TIES.patients,
				{ id: 'twin', specialty: '130', durationMinutes: 30, clockStart: addDays(START, -11) },
				{ id: 'breaching', specialty: '130', durationMinutes: 30, clockStart: addDays(START, -120) }
			]
		});
		const groups = groupIdentical(
			plan,
			Array.from({ length: plan.n }, (_, p) => p)
		).members.map((g) => g.map((p) => plan.patient(p).id).sort());
		expect(groups).toContainEqual(['middle', 'recent', 'twin']);
		// Different days available; crosses 18 weeks inside the horizon, so costs differ.
		expect(groups).toContainEqual(['longest']);
		expect(groups).toContainEqual(['breaching']);
	});
});
