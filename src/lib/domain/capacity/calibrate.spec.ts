import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calibrate, validate, type ObservedPeriod } from './calibrate';
import { project, type ProjectionInput } from './project';
import { exactly, PROPERTY_RUNS } from './testModel';

/** What the model itself says happened: its treatments and waiting list, period by period. */
function observe(input: ProjectionInput): ObservedPeriod[] {
	return project(input).map((f, t) => ({
		referrals: input.referrals[t],
		treatments: f.treatments,
		waiting: f.waiting
	}));
}

/** Credible lists: everyone weighted, capacity well under the list, so step 5 never acts. */
const credible: fc.Arbitrary<ProjectionInput> = fc
	.record({ bins: fc.integer({ min: 1, max: 12 }), periods: fc.integer({ min: 2, max: 24 }) })
	.chain(({ bins, periods }) =>
		fc.record({
			params: fc.record({
				renege: exactly(fc.double({ min: 0, max: 0.2, noNaN: true }), bins),
				capacity: exactly(fc.double({ min: 0.1, max: 3, noNaN: true }), bins)
			}),
			start: exactly(fc.double({ min: 50, max: 500, noNaN: true }), bins),
			referrals: exactly(fc.double({ min: 50, max: 300, noNaN: true }), periods),
			treatments: exactly(fc.double({ min: 0, max: 40, noNaN: true }), periods)
		})
	);

describe('calibration', () => {
	it('recovers renege rates exactly and capacity weights up to a common factor', () => {
		fc.assert(
			fc.property(credible, (input) => {
				const observed = observe(input);
				fc.pre(project(input).every((f) => f.redistributed === 0));
				const fit = calibrate(input.start, observed);
				expect(fit.observations).toEqual(input.start.map(() => observed.length));
				fit.renege.forEach((r, m) => expect(r).toBeCloseTo(input.params.renege[m], 9));
				// Only the weights' ratios share out capacity (step 3), and that is all the data fix.
				const factor = fit.capacity[0] / input.params.capacity[0];
				fit.capacity.forEach((c, m) =>
					expect(c / input.params.capacity[m] / factor).toBeCloseTo(1, 9)
				);
				// So the recovered parameters project the same history back.
				const check = validate(fit, input.start, observed);
				expect(check.mapePercent).toBeCloseTo(0, 6);
				expect(check.cells).toBe(observed.length * input.start.length);
			}),
			PROPERTY_RUNS
		);
	});

	it('keeps negative parameters and gives bins no inflow reached 0 with no observations', () => {
		// More left bin 1 than came in: the observed reneges are negative (-10 of 100).
		const fit = calibrate(
			[100, 0, 0],
			[{ referrals: 0, treatments: [0, 10, 0], waiting: [0, 100, 0] }]
		);
		expect(fit.renege[1]).toBeCloseTo(-0.1, 12);
		expect(fit.capacity[1]).toBeCloseTo(0.1, 12);
		expect(fit.observations).toEqual([0, 1, 0]);
		expect(fit.renege[0]).toBe(0);
		expect(fit.capacity[2]).toBe(0);
	});

	it('averages the per-period ratios over the periods with inflow', () => {
		const fit = calibrate(
			[0, 0],
			[
				{ referrals: 100, treatments: [20, 0], waiting: [70, 0] },
				{ referrals: 0, treatments: [0, 35], waiting: [0, 30] }
			]
		);
		// Bin 0: period 1 only (no inflow in period 2): r = 10/100, c = 20/100.
		expect(fit.renege[0]).toBeCloseTo(0.1, 12);
		expect(fit.capacity[0]).toBeCloseTo(0.2, 12);
		// Bin 1 (open): period 2 only, inflow 70: r = 5/70, c = 35/70.
		expect(fit.renege[1]).toBeCloseTo(5 / 70, 12);
		expect(fit.capacity[1]).toBeCloseTo(0.5, 12);
	});
});

describe('validation', () => {
	it('is the mean absolute percentage error over the cells observed above 0', () => {
		const params = { renege: [0, 0], capacity: [1, 1] };
		// Projected: inflow [100, 50], no capacity → [100, 50]; observed [80, 50] and a 0 cell.
		const v = validate(params, [50, 0], [{ referrals: 100, treatments: [0, 0], waiting: [80, 0] }]);
		expect(v.cells).toBe(1);
		expect(v.mapePercent).toBeCloseTo(25, 12);
		const none = validate(params, [0, 0], [{ referrals: 0, treatments: [0, 0], waiting: [0, 0] }]);
		expect(none.mapePercent).toBeNull();
	});
});
