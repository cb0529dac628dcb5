import { describe, expect, it } from 'vitest';
import { checkSolution } from '../domain/planning/check';
import { insertPatients } from './construct';
import { generateProblem } from './generate';
import { largeNeighbourhoodSearch, repairDays } from './lns';
import { ComponentMip } from './mip';
import type { Model } from './model';
import type { ComponentPlan } from './plan';
import { createRng } from './rng';
import { firstComponentPlan } from './testPlan';

function ihtcPlan(patients: number, seed: number): { plan: ComponentPlan; model: Model } {
	const plan = firstComponentPlan(generateProblem({ patients, kind: 'ihtc', seed }).problem);
	return { plan, model: plan.model };
}

describe('large-neighbourhood search', () => {
	it('only ever improves the plan, keeps it feasible, and books the mandatory patients', async () => {
		const { plan, model } = ihtcPlan(80, 3);
		// A poor start: patients in order, wherever they first fit.
		insertPatients(
			plan,
			Array.from({ length: plan.n }, (_, p) => p)
		);
		const start = plan.value;
		const mip = await ComponentMip.build(plan);
		try {
			const values: number[] = [];
			const result = largeNeighbourhoodSearch(mip, {
				deadline: Date.now() + 1500,
				rng: createRng(1),
				seed: 1,
				onImprove: (v) => values.push(v)
			});
			expect(result.steps).toBeGreaterThan(0);
			expect(repairDays(mip)).toBeNull();
			expect(plan.value).toBeLessThanOrEqual(start);
			for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1]);
		} finally {
			mip.dispose();
		}
		const bookings = [];
		for (let p = 0; p < plan.n; p++)
			if (plan.at[p] >= 0)
				bookings.push({
					patientId: plan.patient(p).id,
					sessionId: model.sessions[plan.sessions[plan.at[p]]].id
				});
		const report = checkSolution(model.problem, {
			version: 1,
			status: 'feasible',
			objective: 0,
			bookings
		});
		expect(report.violations).toEqual([]);
	});

	it('gives an LP bound, below the MIP’s dual bound and the plan', async () => {
		const { plan } = ihtcPlan(30, 4);
		insertPatients(
			plan,
			Array.from({ length: plan.n }, (_, p) => p)
		);
		const mip = await ComponentMip.build(plan);
		try {
			const lp = mip.lpBound({ timeLimitSeconds: 5, seed: 1 });
			expect(lp).toBeGreaterThan(-Infinity);
			// Theatres alike make even 30 patients hard to close: the dual bound after 2 s is
			// above the LP's here, and both lie below the plan it found.
			const whole = mip.solve({ timeLimitSeconds: 2, seed: 1 });
			expect(whole.bound).toBeGreaterThanOrEqual(lp - 1e-6);
			expect(whole.bound).toBeLessThanOrEqual(plan.value + 1e-6);
		} finally {
			mip.dispose();
		}
	});
});
