import { describe, expect, it } from 'vitest';
import { parseProblem, type PlanningProblem } from '../domain/planning/problem';
import { addDays } from '../domain/rtt';
import { buildComponents, buildPools, PoolIndex } from './components';
import { insertPatients, priceSweep, relax, type Relaxation, sweepRelaxation } from './construct';
import { groupIdentical } from './classes';
import { generateProblem } from './generate';
import { knapsackBound, pricesFromLp } from './lagrange';
import { ComponentMip, solveComponentMip } from './mip';
import { Loads, Model } from './model';
import { ComponentPlan } from './plan';

/**
 * A plan per component of a problem (pinned patients left out), each seeded from the minutes LP;
 * they share one set of loads, so each is emptied again before the next is used.
 */
function componentPlans(
	problem: PlanningProblem
): { plan: ComponentPlan; relaxation: Relaxation }[] {
	const model = new Model(parseProblem(problem));
	const loads = new Loads(model);
	const index = new PoolIndex(model, loads, buildPools(model, loads));
	const free = model.patients.filter((p) => p.pinned < 0).map((p) => p.index);
	return buildComponents(index, model, free).components.map((component) => {
		const plan = new ComponentPlan(model, loads, index, component);
		return { plan, relaxation: relax(plan, undefined) };
	});
}

/** The seeded component plans of a small generated theatre list without pins (seed 21). */
function* theatrePlans(
	patients: number,
	mandatoryShare: number
): Generator<{ plan: ComponentPlan; relaxation: Relaxation }> {
	const generated = generateProblem({
		patients,
		kind: 'theatre',
		seed: 21,
		pinnedShare: 0,
		mandatoryShare
	});
	for (const work of componentPlans(generated.problem)) {
		seed(work.plan, work.relaxation);
		yield work;
	}
}

function seed(plan: ComponentPlan, relaxation: Relaxation): void {
	insertPatients(plan, sweepRelaxation(plan, relaxation));
}

function empty(plan: ComponentPlan): void {
	for (let p = 0; p < plan.n; p++) if (plan.at[p] >= 0) plan.unplace(p);
	plan.commit();
}

describe('knapsackBound', () => {
	it('lies between the LP bound and the optimum the MIP proves', async () => {
		let checked = 0;
		for (const { plan, relaxation } of theatrePlans(60, 0)) {
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

describe('the bounds HiGHS gives (solve.ts quotes the best of them)', () => {
	it('are at or below the optimum: the LP relaxation, and the dual bound of a MIP cut short', async () => {
		let checked = 0;
		for (const { plan } of theatrePlans(60, 0)) {
			const mip = await ComponentMip.build(plan);
			try {
				const lp = mip.lpBound({ timeLimitSeconds: 20, seed: 1 });
				// a run stopped long before it closes: its bound is still proven
				const short = mip.solve({ timeLimitSeconds: 0.05, seed: 1, warmStart: false });
				const full = mip.solve({ timeLimitSeconds: 20, seed: 1 });
				expect(full.optimal).toBe(true);
				const optimum = plan.value;
				const tolerance = 1e-6 * optimum;
				expect(Number.isFinite(lp)).toBe(true);
				expect(lp).toBeLessThanOrEqual(optimum + tolerance);
				expect(short.bound).toBeLessThanOrEqual(optimum + tolerance);
				expect(full.bound).toBeLessThanOrEqual(optimum + tolerance);
				expect(full.bound).toBeGreaterThanOrEqual(optimum - tolerance);
			} finally {
				mip.dispose();
			}
			checked++;
		}
		expect(checked).toBeGreaterThan(0);
	});
});

const START = '2026-01-05';

/** The single component of a hand-made problem, planned from the minutes LP. */
function planOf(problem: PlanningProblem): { plan: ComponentPlan; relaxation: Relaxation } {
	const plans = componentPlans(problem);
	expect(plans).toHaveLength(1);
	seed(plans[0].plan, plans[0].relaxation);
	return plans[0];
}

describe('knapsackBound on hand-made lists', () => {
	it('is tighter than the minutes LP where whole patients do not fill the session', async () => {
		// One 60-minute list and patients of 40, 40 and 35 minutes: the minutes LP books one and a
		// half of them, whole patients only one. The knapsack bound sees that; the optimum agrees.
		const { plan, relaxation } = planOf({
			version: 1,
			horizon: { start: START, end: addDays(START, 6) },
			sessions: [{ id: 'S', date: addDays(START, 1), minutes: 60, specialty: '130' }],
			patients: ['A', 'B', 'C'].map((id, i) => ({
				id,
				specialty: '130',
				durationMinutes: i === 2 ? 35 : 40,
				clockStart: addDays(START, -100 - 10 * i)
			}))
		});
		const lag = knapsackBound(plan, pricesFromLp(plan, relaxation.price, true), {
			upper: plan.value,
			deadline: Date.now() + 2000
		});
		const mip = await solveComponentMip(plan, { timeLimitSeconds: 20, seed: 1 });
		expect(mip?.optimal).toBe(true);
		const tolerance = 1e-9 * plan.value;
		expect(relaxation.slots).toBe(false);
		expect(lag.bound).toBeGreaterThan(relaxation.bound + 1);
		expect(lag.bound).toBeLessThanOrEqual(plan.value + tolerance);
		expect(lag.bound).toBeCloseTo(plan.value, 6);
	});

	it('stays a bound when a mandatory patient’s price has no cap', async () => {
		// Found by the exhaustive-search test: the deflected steps once threw the price of the
		// mandatory 60-minute patient out to 1e18, where L(ρ) was lost to rounding and came out
		// above the optimum (1024 against 638).
		const { plan, relaxation } = planOf({
			version: 1,
			horizon: { start: START, end: '2026-01-11' },
			weights: { unbookedPenalty: 20 },
			clinicians: [{ id: 'C1', maxMinutesPerDay: 120 }],
			sessions: [
				{ id: 'S0', date: '2026-01-11', minutes: 30, specialty: '130', clinicianId: null },
				{ id: 'S1', date: '2026-01-07', minutes: 90, specialty: '130', clinicianId: null }
			],
			patients: [
				{
					id: 'P0',
					specialty: '130',
					durationMinutes: 90,
					clinicianId: 'C1',
					clockStart: '2025-07-18'
				},
				{
					id: 'P1',
					specialty: '130',
					durationMinutes: 60,
					clinicianId: 'C2',
					clockStart: '2025-09-01',
					earliest: '2026-01-06',
					mandatory: true,
					latest: '2026-01-10'
				},
				{
					id: 'P2',
					specialty: '130',
					durationMinutes: 60,
					clinicianId: 'C2',
					clockStart: '2025-04-21',
					priorityDue: '2026-01-06'
				},
				{
					id: 'P3',
					specialty: '130',
					durationMinutes: 90,
					clinicianId: null,
					clockStart: '2025-02-19',
					earliest: '2026-01-06'
				},
				{
					id: 'P4',
					specialty: '130',
					durationMinutes: 30,
					clinicianId: null,
					clockStart: '2025-12-21',
					mandatory: true,
					latest: '2026-01-11'
				}
			]
		});
		const mip = await solveComponentMip(plan, { timeLimitSeconds: 20, seed: 1 });
		expect(mip?.optimal).toBe(true);
		expect(plan.value).toBe(638);
		// Start from prices far out, as the runaway did, and from the LP's.
		for (const start of [
			pricesFromLp(plan, relaxation.price, true),
			Float64Array.from(pricesFromLp(plan, relaxation.price, true), (r, p) =>
				plan.mandatory[p] ? r + 1e18 : r
			)
		]) {
			const lag = knapsackBound(plan, start, {
				upper: 642,
				deadline: Date.now() + 2000,
				maxIterations: 500
			});
			expect(lag.bound).toBeLessThanOrEqual(638);
		}
	});

	it('carries on from a previous result without losing ground', () => {
		const generated = generateProblem({ patients: 120, kind: 'theatre', seed: 5 });
		for (const { plan, relaxation } of componentPlans(generated.problem)) {
			seed(plan, relaxation);
			const first = knapsackBound(plan, pricesFromLp(plan, relaxation.price, true), {
				upper: plan.value,
				deadline: Date.now() + 2000,
				maxIterations: 20
			});
			const more = knapsackBound(plan, first.rho, {
				upper: plan.value,
				deadline: Date.now() + 2000,
				theta: first.theta
			});
			// The best prices are re-evaluated first, so the bound never drops.
			expect(more.bound).toBeGreaterThanOrEqual(first.bound);
			expect(more.bound).toBeLessThanOrEqual(plan.value);
			empty(plan);
		}
	});
});

describe('knapsackBound over classes of interchangeable patients', () => {
	it('gives the per-patient bound, at the same prices and at the end of the search', async () => {
		let checked = 0;
		for (const { plan, relaxation } of theatrePlans(80, 0.1)) {
			// Not a vacuous comparison: some patients are interchangeable.
			const all = Array.from({ length: plan.n }, (_, p) => p);
			expect(groupIdentical(plan, all).members.length).toBeLessThan(plan.n);
			const start = pricesFromLp(plan, relaxation.price, true);
			const run = (group: boolean, maxIterations: number): number =>
				knapsackBound(plan, start, {
					upper: plan.value,
					deadline: Date.now() + 5000,
					maxIterations,
					group
				}).bound;
			// Interchangeable patients have the same LP price, so the first step evaluates L at the
			// same ρ both ways: the same value up to the order of the sums.
			expect(run(true, 1)).toBeCloseTo(run(false, 1), 6);
			// Searched to the end, both reach the dual optimum (to the subgradient method's accuracy),
			// and neither passes the optimum the MIP proves.
			const grouped = run(true, 1000);
			const single = run(false, 1000);
			const mip = await solveComponentMip(plan, { timeLimitSeconds: 20, seed: 1 });
			expect(mip?.optimal).toBe(true);
			const tolerance = 1e-6 * plan.value;
			expect(Math.abs(grouped - single)).toBeLessThanOrEqual(2e-4 * plan.value);
			expect(grouped).toBeLessThanOrEqual(plan.value + tolerance);
			expect(single).toBeLessThanOrEqual(plan.value + tolerance);
			expect(grouped).toBeGreaterThanOrEqual(relaxation.bound - tolerance);
			empty(plan);
			checked++;
		}
		expect(checked).toBeGreaterThan(0);
	});

	it('prices interchangeable patients alike, below the optimum the MIP proves', async () => {
		// Three identical patients and one different, two lists of 100 minutes.
		const { plan, relaxation } = planOf({
			version: 1,
			horizon: { start: START, end: addDays(START, 13) },
			sessions: [1, 8].map((d) => ({
				id: `S${d}`,
				date: addDays(START, d),
				minutes: 100,
				specialty: '130'
			})),
			patients: [
				...['A', 'B', 'C'].map((id) => ({
					id,
					specialty: '130',
					durationMinutes: 45,
					clockStart: addDays(START, -200)
				})),
				{ id: 'D', specialty: '130', durationMinutes: 60, clockStart: addDays(START, -130) }
			]
		});
		const lag = knapsackBound(plan, pricesFromLp(plan, relaxation.price, true), {
			upper: plan.value,
			deadline: Date.now() + 2000,
			maxIterations: 500
		});
		const same = [0, 1, 2, 3].filter((p) => plan.duration[p] === 45);
		expect(same).toHaveLength(3);
		for (const p of same) expect(lag.rho[p]).toBe(lag.rho[same[0]]);
		const mip = await solveComponentMip(plan, { timeLimitSeconds: 20, seed: 1 });
		expect(mip?.optimal).toBe(true);
		expect(lag.bound).toBeLessThanOrEqual(plan.value + 1e-9 * plan.value);
		expect(lag.bound).toBeGreaterThanOrEqual(relaxation.bound - 1e-9 * plan.value);
	});
});

describe('priceSweep', () => {
	it('builds a plan within every session’s minutes, with the mandatory patients booked', () => {
		const generated = generateProblem({ patients: 300, kind: 'theatre', seed: 9 });
		for (const { plan, relaxation } of componentPlans(generated.problem)) {
			const lag = knapsackBound(plan, pricesFromLp(plan, relaxation.price, true), {
				upper: plan.value,
				deadline: Date.now() + 2000
			});
			expect(priceSweep(plan, lag.rho)).toEqual([]);
			let value = 0;
			for (let p = 0; p < plan.n; p++) {
				if (plan.mandatory[p]) expect(plan.at[p]).toBeGreaterThanOrEqual(0);
				value += plan.at[p] >= 0 ? plan.cost(p, plan.at[p]) : plan.unbooked[p];
			}
			for (let s = 0; s < plan.nSessions; s++) expect(plan.free(s)).toBeGreaterThanOrEqual(0);
			expect(plan.value).toBeCloseTo(value, 6);
			empty(plan);
		}
	});
});
