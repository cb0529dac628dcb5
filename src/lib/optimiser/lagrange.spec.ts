import { describe, expect, it } from 'vitest';
import { parseProblem } from '../domain/planning/problem';
import { buildComponents, buildPools, PoolIndex } from './components';
import { insertPatients, relax, sweepRelaxation } from './construct';
import { generateProblem } from './generate';
import { knapsackBound, pricesFromLp } from './lagrange';
import { solveComponentMip } from './mip';
import { Loads, Model } from './model';
import { ComponentPlan } from './plan';

describe('knapsackBound', () => {
	it('lies between the LP bound and the optimum the MIP proves', async () => {
		const generated = generateProblem({
			patients: 60,
			kind: 'theatre',
			seed: 21,
			pinnedShare: 0,
			mandatoryShare: 0
		});
		const model = new Model(parseProblem(generated.problem));
		const loads = new Loads(model);
		const index = new PoolIndex(model, loads, buildPools(model, loads));
		const { components } = buildComponents(
			index,
			model,
			model.patients.map((p) => p.index)
		);
		let checked = 0;
		for (const component of components) {
			const plan = new ComponentPlan(model, loads, index, component);
			const relaxation = relax(plan, undefined);
			insertPatients(plan, sweepRelaxation(plan, relaxation));
			const lag = knapsackBound(plan, pricesFromLp(plan, relaxation.price, true), {
				upper: plan.value,
				deadline: Date.now() + 2000,
				maxIterations: 300
			});
			const mip = await solveComponentMip(plan, { timeLimitSeconds: 20, seed: 1 });
			expect(mip?.optimal).toBe(true);
			const tolerance = 1e-6 * plan.value;
			expect(lag.bound).toBeGreaterThanOrEqual(relaxation.bound - tolerance);
			expect(lag.bound).toBeLessThanOrEqual(plan.value + tolerance);
			expect(relaxation.bound).toBeLessThanOrEqual(plan.value + tolerance);
			checked++;
		}
		expect(checked).toBeGreaterThan(0);
	});
});
