/**
 * Performance against a waiting-time threshold and the capacity needed to reach a target
 * (shared/spec/capacity-model.md, "Targets and solving for capacity").
 *
 * Bin `m` holds waits in `[m, m + 1)` periods, read as uniform within the bin, so a threshold of
 * `τ` periods counts bins `0 … ⌊τ⌋ − 1` in full and the fraction `τ − ⌊τ⌋` of bin `⌊τ⌋`. Bin `M`
 * is "M or more" and has no upper end to interpolate to: thresholds run from 0 to `M`, and the
 * open bin always counts as over (everyone in it has waited at least `M ≥ τ` periods).
 */
import { projectEnd, type ProjectionInput } from './project';

/** A target read at the end of the horizon. Thresholds are real numbers of periods. */
export type CapacityTarget =
	| { kind: 'within'; thresholdPeriods: number; share: number }
	| { kind: 'over'; thresholdPeriods: number; max: number };

/** Flat: every period `k·T`. Ramp: linear from `1·T` in the first period to `k·T` in the last. */
export type RampMode = 'flat' | 'ramp';

/** Expected patients waiting at most `threshold` periods. */
export function countWithin(waiting: readonly number[], threshold: number): number {
	const open = openBin(waiting, threshold);
	const whole = Math.floor(threshold);
	let within = 0;
	for (let m = 0; m < whole; m++) within += waiting[m];
	if (whole < open) within += (threshold - whole) * waiting[whole];
	return within;
}

/**
 * Expected patients waiting more than `threshold` periods, the open bin included. Summed over the
 * bins themselves rather than as total − within, which would leave rounding dust where the
 * answer is 0 ("no one over 52 weeks").
 */
export function countOver(waiting: readonly number[], threshold: number): number {
	const open = openBin(waiting, threshold);
	const whole = Math.floor(threshold);
	let over = 0;
	for (let m = Math.min(whole + 1, open); m <= open; m++) over += waiting[m];
	if (whole < open) over += (1 - (threshold - whole)) * waiting[whole];
	return over;
}

/** The open bin `M`, after checking the threshold lies in `0 … M`. */
function openBin(waiting: readonly number[], threshold: number): number {
	const open = waiting.length - 1;
	if (!(threshold >= 0 && threshold <= open)) {
		throw new RangeError(`the threshold must lie in 0..${open} periods, not ${threshold}`);
	}
	return open;
}

/** The share of the list within `threshold` periods; an empty list counts as all within (1). */
export function withinShare(waiting: readonly number[], threshold: number): number {
	let total = 0;
	for (const w of waiting) total += w;
	const within = countWithin(waiting, threshold);
	return total > 0 ? within / total : 1;
}

export function targetHolds(waiting: readonly number[], target: CapacityTarget): boolean {
	return target.kind === 'within'
		? withinShare(waiting, target.thresholdPeriods) >= target.share
		: countOver(waiting, target.thresholdPeriods) <= target.max;
}

/** The capacity multiplier of each of `periods` periods for multiplier `k`. */
export function multipliers(mode: RampMode, k: number, periods: number): number[] {
	if (mode === 'flat' || periods === 1) return new Array<number>(periods).fill(k);
	return Array.from({ length: periods }, (_, t) => 1 + ((k - 1) * t) / (periods - 1));
}

/** The projection's treatments scaled by multiplier `k`. */
export function scaledInput(input: ProjectionInput, mode: RampMode, k: number): ProjectionInput {
	const factors = multipliers(mode, k, input.treatments.length);
	return { ...input, treatments: input.treatments.map((t, i) => t * factors[i]) };
}

export interface CapacityQuestion {
	input: ProjectionInput;
	target: CapacityTarget;
	mode: RampMode;
	/** Bisection stops once the bracket is this narrow (absolute, in units of `k`). */
	tolerance: number;
	/** The largest `k` tried. */
	cap: number;
}

export type CapacityAnswer =
	| { reached: true; k: number; evaluations: number }
	| { reached: false; k: null; evaluations: number };

/**
 * The smallest multiplier `k` in `[0, cap]` for which the target holds at the end of the horizon,
 * by bisection to `tolerance`. The answer is always a `k` seen to reach the target (the bracket's
 * upper end), so it errs high by less than `tolerance`. Bisection assumes more capacity never
 * makes the end of the horizon worse; where the model bends that, it still returns a `k` that
 * works, and the same bracket for every target, so a stricter target never gets a smaller `k`.
 */
export function capacityNeeded(question: CapacityQuestion): CapacityAnswer {
	const { input, target, mode, tolerance, cap } = question;
	if (!(tolerance > 0) || !(cap > 0)) throw new RangeError('tolerance and cap must be > 0');
	let evaluations = 0;
	const holds = (k: number) => {
		evaluations++;
		return targetHolds(projectEnd(scaledInput(input, mode, k)).waiting, target);
	};
	if (holds(0)) return { reached: true, k: 0, evaluations };
	if (!holds(cap)) return { reached: false, k: null, evaluations };
	let low = 0;
	let high = cap;
	while (high - low > tolerance) {
		const mid = (low + high) / 2;
		if (mid <= low || mid >= high) break; // the bracket is as narrow as doubles allow
		if (holds(mid)) high = mid;
		else low = mid;
	}
	return { reached: true, k: high, evaluations };
}

/**
 * The wait below which the share `p` (0 < p < 1) of the list falls, reading each bin as uniform
 * over its width (the same reading as `countWithin`): the median is `waitQuantile(w, 0.5)`.
 * Bin `m` spans `[m, m + 1)`; a quantile that falls in the open bin `M` is reported as `M`, the
 * least it can be. `null` for an empty list, which has no quantile.
 */
export function waitQuantile(waiting: readonly number[], p: number): number | null {
	if (!(p > 0 && p < 1))
		throw new RangeError(`the share must lie strictly between 0 and 1, not ${p}`);
	let total = 0;
	for (const w of waiting) total += w;
	if (total <= 0) return null;
	const open = waiting.length - 1;
	const rank = p * total;
	let below = 0;
	for (let m = 0; m < open; m++) {
		if (waiting[m] > 0 && below + waiting[m] >= rank) return m + (rank - below) / waiting[m];
		below += waiting[m];
	}
	return open;
}
