import { describe, expect, it } from 'vitest';
import { steadyState } from './steadyState';

describe('steady state', () => {
	it('sizes the list as demand × w / f with f = −ln(1 − p), and capacity as demand less reneges', () => {
		const s = steadyState({
			demandPerPeriod: 100,
			renegesPerPeriod: 4,
			targetPeriods: 18,
			share: 0.92
		});
		expect(s.factor).toBeCloseTo(2.5257, 4);
		expect(s.listSize).toBeCloseTo((100 * 18) / 2.5257286443, 6);
		expect(s.capacityPerPeriod).toBe(96);
		expect(s.assumptions.join(' ')).toMatch(/exponential/);
	});

	it('reads the package default factor 4 as about 98% within target', () => {
		expect(
			steadyState({
				demandPerPeriod: 1,
				renegesPerPeriod: 0,
				targetPeriods: 1,
				share: 1 - Math.exp(-4)
			}).factor
		).toBeCloseTo(4, 12);
		expect(1 - Math.exp(-4)).toBeCloseTo(0.98, 2);
	});

	it('refuses shares of 0 or 1, where the factor is 0 or infinite', () => {
		for (const share of [0, 1, 1.2]) {
			expect(() =>
				steadyState({ demandPerPeriod: 1, renegesPerPeriod: 0, targetPeriods: 1, share })
			).toThrow(RangeError);
		}
	});
});
