/** Random models for the property tests of the capacity model (fast-check arbitraries). */
import fc from 'fast-check';
import type { CapacityModelInput } from '../../contracts/capacity';
import type { ProjectionInput } from './project';

/** Fixed seed and a run count a shared 2-core machine gets through quickly. */
export const PROPERTY_RUNS = { seed: 20261207, numRuns: 150 } as const;

/** `length` values from `item`, for arrays indexed by bin or by period. */
export const exactly = <T>(item: fc.Arbitrary<T>, length: number) =>
	fc.array(item, { minLength: length, maxLength: length });

const count = (max: number) => fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true });

/** A projection of 1–12 periods over 1–14 bins, with rates 0–0.3 and some weights 0. */
export const projectionInput: fc.Arbitrary<ProjectionInput> = fc
	.record({ bins: fc.integer({ min: 1, max: 14 }), periods: fc.integer({ min: 1, max: 12 }) })
	.chain(({ bins, periods }) =>
		fc.record({
			params: fc.record({
				renege: exactly(count(0.3), bins),
				capacity: exactly(fc.oneof(fc.constant(0), count(2)), bins)
			}),
			start: exactly(count(500), bins),
			referrals: exactly(count(300), periods),
			// Up to far more than the list holds, so step 5 is exercised often.
			treatments: exactly(count(2000), periods)
		})
	);

/** The worked example of shared/spec/capacity-model.md. */
export const WORKED_EXAMPLE: CapacityModelInput = {
	version: 1,
	maxBin: 2,
	params: [
		{ bin: 0, renege: 0, capacity: 0.5 },
		{ bin: 1, renege: 0.1, capacity: 0.25 },
		{ bin: 2, renege: 0.2, capacity: 0.25 }
	],
	waitingAtStart: [
		{ bin: 0, count: 100 },
		{ bin: 1, count: 50 },
		{ bin: 2, count: 20 }
	],
	referrals: [120],
	treatments: [80]
};
