import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inflow, project, projectEnd, removeNegativeStock, stepPeriod } from './project';
import { PROPERTY_RUNS, projectionInput } from './testModel';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
/** Equal to within the rounding of sums of this size. */
const close = (a: number, b: number, scale: number) =>
	expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, scale));

describe('one period forward', () => {
	it('reproduces the worked example of the spec', () => {
		const flows = stepPeriod([100, 50, 20], 120, 80, {
			renege: [0, 0.1, 0.2],
			capacity: [0.5, 0.25, 0.25]
		});
		expect(flows.inflow).toEqual([120, 100, 70]);
		expect(flows.reneges[0]).toBe(0);
		expect(flows.reneges[1]).toBeCloseTo(10, 12);
		expect(flows.reneges[2]).toBeCloseTo(14, 12);
		// X = 80 · [60, 25, 17.5] / 102.5
		expect(flows.treatments[0]).toBeCloseTo(46.829268292682926, 12);
		expect(flows.treatments[1]).toBeCloseTo(19.51219512195122, 12);
		expect(flows.treatments[2]).toBeCloseTo(13.658536585365853, 12);
		expect(flows.waiting[0]).toBeCloseTo(73.17073170731707, 12);
		expect(flows.waiting[1]).toBeCloseTo(70.48780487804878, 12);
		expect(flows.waiting[2]).toBeCloseTo(42.34146341463415, 12);
		expect(flows.redistributed).toBe(0);
	});

	it('keeps the open last bin: M or more stays in M, and M = 0 holds everyone', () => {
		expect(inflow([1, 2, 3], 10)).toEqual([10, 1, 5]);
		expect(inflow([7], 10)).toEqual([17]);
	});

	it('treats no one when the weighted inflow is zero, whatever the capacity', () => {
		const flows = stepPeriod([0, 5], 0, 50, { renege: [0, 0], capacity: [1, 0] });
		expect(flows.treatments).toEqual([0, 0]);
		expect(flows.waiting).toEqual([0, 5]);
	});

	it('does not round: a third of a patient stays a third', () => {
		const flows = stepPeriod([0, 0], 1, 1 / 3, { renege: [0, 0], capacity: [1, 1] });
		expect(flows.waiting).toEqual([1 - 1 / 3, 0]);
	});
});

describe('no negative stock (step 5)', () => {
	it('spreads the deficit evenly over the bins still positive, repeating', () => {
		// −6 over three positives takes 2 each; the bin at 1 goes to −1, spread over the other two.
		const w = [-6, 10, 1, 20];
		expect(removeNegativeStock(w)).toBe(6);
		expect(w).toEqual([0, 7.5, 0, 17.5]);
	});

	it('empties every bin when the total is negative', () => {
		const w = [-30, 10, 5];
		expect(removeNegativeStock(w)).toBe(30);
		expect(w).toEqual([0, 0, 0]);
	});

	it('leaves a list with no negative bin alone', () => {
		const w = [0, 3, 4];
		expect(removeNegativeStock(w)).toBe(0);
		expect(w).toEqual([0, 3, 4]);
	});
});

describe('properties on random inputs', () => {
	it('conserves patients: inflow = treatments + reneges + waiting before redistribution', () => {
		fc.assert(
			fc.property(projectionInput, (input) => {
				let previous = input.start;
				project(input).forEach((f, t) => {
					const scale = sum(f.inflow);
					// Step 1 loses no one: last period's list and this period's referrals.
					close(sum(f.inflow), sum(previous) + input.referrals[t], scale);
					for (let m = 0; m < f.inflow.length; m++) {
						close(
							f.inflow[m],
							f.treatments[m] + f.reneges[m] + f.waitingBeforeRedistribution[m],
							scale
						);
					}
					previous = f.waiting;
				});
			}),
			PROPERTY_RUNS
		);
	});

	it('leaves no negative stock, keeps the total when it can, and reports the deficit', () => {
		fc.assert(
			fc.property(projectionInput, (input) => {
				for (const f of project(input)) {
					const before = sum(f.waitingBeforeRedistribution);
					const deficit = sum(f.waitingBeforeRedistribution.map((w) => Math.max(0, -w)));
					expect(f.waiting.every((w) => w >= 0)).toBe(true);
					close(f.redistributed, deficit, deficit);
					close(sum(f.waiting), Math.max(0, before), sum(f.inflow));
					// Bins that were not negative only ever lose patients to the redistribution.
					f.waiting.forEach((w, m) =>
						expect(w).toBeLessThanOrEqual(Math.max(0, f.waitingBeforeRedistribution[m]))
					);
				}
			}),
			PROPERTY_RUNS
		);
	});

	it('uses all the capacity whenever anyone is weighted to receive it', () => {
		fc.assert(
			fc.property(projectionInput, (input) => {
				project(input).forEach((f, t) => {
					const weighted = f.inflow.some((i, m) => i * input.params.capacity[m] > 0);
					close(sum(f.treatments), weighted ? input.treatments[t] : 0, input.treatments[t]);
				});
			}),
			PROPERTY_RUNS
		);
	});

	it('ends where the full projection ends', () => {
		fc.assert(
			fc.property(projectionInput, (input) => {
				const flows = project(input);
				const end = projectEnd(input);
				expect(end.waiting).toEqual(flows[flows.length - 1].waiting);
				close(end.redistributed, sum(flows.map((f) => f.redistributed)), end.redistributed);
			}),
			PROPERTY_RUNS
		);
	});
});
