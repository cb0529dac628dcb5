import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProjectionInput } from './project';
import {
	capacityNeeded,
	countOver,
	countWithin,
	multipliers,
	scaledInput,
	targetHolds,
	waitQuantile,
	withinShare,
	type CapacityTarget,
	type RampMode
} from './targets';
import { projectEnd } from './project';
import { PROPERTY_RUNS, projectionInput } from './testModel';

/** 18 weeks in months of 487/16 days (spec, "Bins and periods"). */
const EIGHTEEN_WEEKS_IN_MONTHS = 126 / 30.4375;

describe('performance within a threshold', () => {
	const list = [10, 20, 30, 40];

	it('reads each bin as uniform: linear interpolation in the bin holding the threshold', () => {
		expect(countWithin(list, 0)).toBe(0);
		expect(countWithin(list, 1)).toBe(10);
		expect(countWithin(list, 1.25)).toBe(15);
		expect(countWithin(list, 2.5)).toBe(45);
		expect(countOver(list, 1.25)).toBe(85);
		expect(withinShare(list, 1.25)).toBe(0.15);
	});

	it('counts the open last bin ("M or more") wholly over, and refuses thresholds beyond M', () => {
		expect(countWithin(list, 3)).toBe(60);
		expect(countOver(list, 3)).toBe(40);
		expect(() => countWithin(list, 3.5)).toThrow(/0\.\.3 periods/);
		expect(() => countOver(list, -1)).toThrow(RangeError);
	});

	it('puts 18 weeks 0.1396 of the way into month 4', () => {
		const months = [100, 100, 100, 100, 100, 100];
		expect(countWithin(months, EIGHTEEN_WEEKS_IN_MONTHS)).toBeCloseTo(400 + 100 * 0.1396, 2);
	});

	it('counts an empty list as meeting any share, and over-counts come to exactly 0', () => {
		expect(withinShare([0, 0, 0], 1)).toBe(1);
		expect(countOver([5, 0.1, 0, 0], 2)).toBe(0);
	});

	it('adds within and over up to the list', () => {
		fc.assert(
			fc.property(
				fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 30 }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				(w, at) => {
					const threshold = at * (w.length - 1);
					const total = w.reduce((a, b) => a + b, 0);
					expect(countWithin(w, threshold) + countOver(w, threshold)).toBeCloseTo(total, 6);
				}
			),
			PROPERTY_RUNS
		);
	});
});

describe('wait quantiles', () => {
	it('interpolates within the bin that holds the quantile', () => {
		// 10 in [0,1), 20 in [1,2), 10 in [2,3), 0 open: the 20th of 40 is halfway through bin 1.
		expect(waitQuantile([10, 20, 10, 0], 0.5)).toBe(1.5);
		expect(waitQuantile([10, 20, 10, 0], 0.25)).toBe(1);
		expect(waitQuantile([10, 20, 10, 0], 0.92)).toBeCloseTo(2 + (36.8 - 30) / 10, 12);
	});

	it('skips empty bins, reports the open bin by its lower edge and has none for an empty list', () => {
		expect(waitQuantile([0, 0, 4, 0], 0.5)).toBe(2.5);
		expect(waitQuantile([1, 0, 0, 9], 0.5)).toBe(3);
		expect(waitQuantile([0, 0, 0], 0.5)).toBeNull();
		expect(() => waitQuantile([1], 1)).toThrow(/strictly between 0 and 1/);
	});

	it('is the threshold that counts exactly that share within', () => {
		fc.assert(
			fc.property(
				fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 2, maxLength: 30 }),
				fc.double({ min: 0.01, max: 0.99, noNaN: true }),
				(w, p) => {
					const total = w.reduce((a, b) => a + b, 0);
					const q = waitQuantile([...w, 0], p);
					if (total === 0) expect(q).toBeNull();
					else expect(countWithin([...w, 0], q!)).toBeCloseTo(p * total, 4);
				}
			),
			PROPERTY_RUNS
		);
	});
});

describe('capacity multipliers', () => {
	it('flat is k throughout; ramp runs linearly from 1 in the first period to k in the last', () => {
		expect(multipliers('flat', 1.5, 3)).toEqual([1.5, 1.5, 1.5]);
		expect(multipliers('ramp', 1.5, 3)).toEqual([1, 1.25, 1.5]);
		expect(multipliers('ramp', 2, 1)).toEqual([2]);
	});
});

/** A monthly list of 24 bins with a steady inflow and too little capacity. */
function monthlyList(): ProjectionInput {
	const bins = 25;
	return {
		params: {
			renege: Array.from({ length: bins }, (_, m) => (m < 2 ? 0 : 0.01)),
			capacity: Array.from({ length: bins }, (_, m) => (m < 4 ? 1 : 1.5))
		},
		start: Array.from({ length: bins }, (_, m) => Math.max(0, 200 - 8 * m)),
		referrals: new Array<number>(12).fill(400),
		treatments: new Array<number>(12).fill(380)
	};
}

describe('capacity needed', () => {
	const within92: CapacityTarget = {
		kind: 'within',
		thresholdPeriods: EIGHTEEN_WEEKS_IN_MONTHS,
		share: 0.92
	};

	for (const mode of ['flat', 'ramp'] as RampMode[]) {
		it(`finds the smallest k within the tolerance (${mode})`, () => {
			const input = monthlyList();
			const answer = capacityNeeded({ input, target: within92, mode, tolerance: 1e-4, cap: 10 });
			if (!answer.reached) throw new Error('expected the target to be reachable');
			const at = (k: number) => projectEnd(scaledInput(input, mode, k)).waiting;
			expect(targetHolds(at(answer.k), within92)).toBe(true);
			expect(targetHolds(at(answer.k - 1e-4), within92)).toBe(false);
			expect(answer.k).toBeGreaterThan(1);
		});
	}

	it('says when no k up to the cap reaches the target, and gives 0 when nothing is needed', () => {
		const input = monthlyList();
		const nobodyOver = { kind: 'over', thresholdPeriods: 1, max: 0 } as const;
		expect(
			capacityNeeded({ input, target: nobodyOver, mode: 'ramp', tolerance: 0.01, cap: 1.1 })
		).toMatchObject({ reached: false, k: null });
		const anything = { kind: 'over', thresholdPeriods: 1, max: 1e9 } as const;
		expect(
			capacityNeeded({ input, target: anything, mode: 'flat', tolerance: 0.01, cap: 2 })
		).toMatchObject({ reached: true, k: 0 });
	});

	it('never asks less of capacity for a stricter target (random models)', () => {
		const question = fc.record({
			input: projectionInput,
			mode: fc.constantFrom<RampMode>('flat', 'ramp'),
			at: fc.double({ min: 0, max: 1, noNaN: true }),
			shares: fc.tuple(
				fc.double({ min: 0, max: 1, noNaN: true }),
				fc.double({ min: 0, max: 1, noNaN: true })
			),
			maxes: fc.tuple(
				fc.double({ min: 0, max: 500, noNaN: true }),
				fc.double({ min: 0, max: 500, noNaN: true })
			)
		});
		const needed = (a: ReturnType<typeof capacityNeeded>) => (a.reached ? a.k : Infinity);
		fc.assert(
			fc.property(question, ({ input, mode, at, shares, maxes }) => {
				const thresholdPeriods = at * (input.start.length - 1);
				const solve = (target: CapacityTarget) =>
					needed(capacityNeeded({ input, target, mode, tolerance: 0.01, cap: 5 }));
				const [loose, strict] = [Math.min(...shares), Math.max(...shares)];
				expect(solve({ kind: 'within', thresholdPeriods, share: loose })).toBeLessThanOrEqual(
					solve({ kind: 'within', thresholdPeriods, share: strict })
				);
				const [few, many] = [Math.min(...maxes), Math.max(...maxes)];
				expect(solve({ kind: 'over', thresholdPeriods, max: many })).toBeLessThanOrEqual(
					solve({ kind: 'over', thresholdPeriods, max: few })
				);
			}),
			{ ...PROPERTY_RUNS, numRuns: 60 }
		);
	});
});
