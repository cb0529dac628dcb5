import { describe, expect, it } from 'vitest';
import { parseCapacityCalibrateInput, parseCapacitySolveInput } from '../../contracts/capacity';
import { answerCalibrate, answerSolve } from './exchange';
import { WORKED_EXAMPLE } from './testModel';

const horizon = { ...WORKED_EXAMPLE, referrals: [120, 120, 120], treatments: [80, 80, 80] };

describe('solve answers', () => {
	it('says when the cap is not enough, with the figures at the cap and no steady state for counts', () => {
		const answer = answerSolve(
			parseCapacitySolveInput({
				version: 1,
				model: horizon,
				target: { overPeriods: 1, max: 0 },
				mode: 'flat',
				cap: 1.2
			})
		);
		expect(answer).toMatchObject({ reached: false, k: null, cap: 1.2, tolerance: 0.001 });
		expect(answer.atK.k).toBe(1.2);
		expect(answer.atK.countOver).toBeGreaterThan(0);
		expect(answer.atK.withinShare).toBeUndefined();
		expect(answer.treatments).toEqual([96, 96, 96]);
		expect(answer.atBase.k).toBe(1);
		expect(answer.steadyState).toBeNull();
	});

	it('gives the steady state of a share target, demand being the mean referrals', () => {
		const answer = answerSolve(
			parseCapacitySolveInput({
				version: 1,
				model: { ...horizon, referrals: [100, 120, 140] },
				target: { withinPeriods: 1.5, share: 0.92 },
				mode: 'ramp'
			})
		);
		expect(answer.steadyState).toMatchObject({ demandPerPeriod: 120, targetPeriods: 1.5 });
		expect(answer.steadyState?.listSize).toBeCloseTo((120 * 1.5) / -Math.log(0.08), 9);
		expect(answer.treatments[0]).toBe(80);
	});
});

describe('calibrate answers', () => {
	it('flags negative parameters by bin and names unobserved bins', () => {
		const answer = answerCalibrate(
			parseCapacityCalibrateInput({
				version: 1,
				maxBin: 3,
				waitingAtStart: [{ bin: 0, count: 100 }],
				periods: [
					{
						referrals: 0,
						treatments: [{ bin: 1, count: 10 }],
						waiting: [{ bin: 1, count: 100 }]
					}
				]
			})
		);
		expect(answer.flagged).toEqual([
			{ bin: 1, parameter: 'renege', value: expect.closeTo(-0.1, 12) }
		]);
		expect(answer.unobserved).toEqual([0, 2, 3]);
		expect(answer.validation).toBeNull();
		expect(answer.calibration).toEqual({ fromPeriod: 1, toPeriod: 1 });
	});
});
