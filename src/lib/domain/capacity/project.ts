/**
 * One period forward of the stock-and-flow model of the waiting list by time waited
 * (shared/spec/capacity-model.md, "One period forward"), and a projection as repeated steps.
 *
 * Bins are whole periods waited, `0 … M`, bin `M` being "M or more"; every array here is indexed
 * by bin. Counts are expected values: nothing is rounded here, only on screen.
 */

/** The model's parameters for each bin `0 … M`: renege rate `r[m]` and capacity weight `c[m]`. */
export interface BinParams {
	renege: readonly number[];
	capacity: readonly number[];
}

/** What a projection starts from and is driven by. */
export interface ProjectionInput {
	params: BinParams;
	/** The waiting list at the end of the period before the first projected one, by bin. */
	start: readonly number[];
	/** Referrals `R` of each projected period (index 0 = period 1). */
	referrals: readonly number[];
	/** Total treatment capacity `T` of each projected period, the same length as `referrals`. */
	treatments: readonly number[];
}

export interface PeriodFlows {
	/** Step 1: referrals into bin 0, everybody else one bin older. */
	inflow: number[];
	/** Step 3: `X[m]`. */
	treatments: number[];
	/** Step 2: `G[m]`. */
	reneges: number[];
	/** Step 4, `I − X − G`, before negative stock is removed (kept so conservation can be checked). */
	waitingBeforeRedistribution: number[];
	/** Step 5: the waiting list at the end of the period, no bin negative. */
	waiting: number[];
	/** See {@link removeNegativeStock}. */
	redistributed: number;
}

/** Step 1: `I[0] = R`, then `I[min(m+1, M)] += W[m]` (bin M is "M or more", so it keeps its own). */
export function inflow(waiting: readonly number[], referrals: number): number[] {
	const last = waiting.length - 1;
	const into = new Array<number>(waiting.length).fill(0);
	into[0] = referrals;
	for (let m = 0; m <= last; m++) into[Math.min(m + 1, last)] += waiting[m];
	return into;
}

/**
 * Step 5, in place: negative bins are set to 0 and their total deficit is taken evenly from the
 * bins still positive, repeated until none is negative; when the list's total is not positive,
 * every bin is 0.
 *
 * Returns the amount redistributed: the total deficit before the first round, `Σ max(0, −W'[m])`,
 * i.e. by how much the period's treatments and reneges overshot the bins they came from. When the
 * total is positive exactly that much is taken from the positive bins (later rounds only move the
 * part a bin could not cover), so the list's total is unchanged; when it is not, the figure is
 * larger than what was there, which is the point: the scenario is not credible.
 */
export function removeNegativeStock(waiting: number[]): number {
	let deficit = 0;
	let total = 0;
	for (const w of waiting) {
		total += w;
		if (w < 0) deficit -= w;
	}
	if (deficit === 0) return 0;
	if (total <= 0) {
		waiting.fill(0);
		return deficit;
	}
	// Each round zeroes at least one more bin, so this ends within M + 1 rounds.
	for (;;) {
		let owed = 0;
		let positive = 0;
		for (let m = 0; m < waiting.length; m++) {
			if (waiting[m] < 0) {
				owed -= waiting[m];
				waiting[m] = 0;
			} else if (waiting[m] > 0) positive++;
		}
		if (owed === 0) break;
		if (positive === 0) {
			// Only rounding can get here (the total was positive): nothing is left to take from.
			waiting.fill(0);
			break;
		}
		const share = owed / positive;
		for (let m = 0; m < waiting.length; m++) if (waiting[m] > 0) waiting[m] -= share;
	}
	return deficit;
}

/** Steps 1–5 for one period: `waiting` at the end of the previous period, `R` and `T` of this one. */
export function stepPeriod(
	waiting: readonly number[],
	referrals: number,
	capacity: number,
	params: BinParams
): PeriodFlows {
	const bins = waiting.length;
	const into = inflow(waiting, referrals);
	const reneges = new Array<number>(bins);
	const weights = new Array<number>(bins);
	let weightSum = 0;
	for (let m = 0; m < bins; m++) {
		reneges[m] = params.renege[m] * into[m];
		weights[m] = params.capacity[m] * into[m];
		weightSum += weights[m];
	}
	const treatments = new Array<number>(bins);
	const before = new Array<number>(bins);
	for (let m = 0; m < bins; m++) {
		// "All zero when the denominator is zero": no one to treat, or no bin weighted. The share
		// is taken first so tiny weights cannot underflow capacity × weight to 0.
		treatments[m] = weightSum === 0 ? 0 : capacity * (weights[m] / weightSum);
		before[m] = into[m] - treatments[m] - reneges[m];
	}
	const after = before.slice();
	const redistributed = removeNegativeStock(after);
	return {
		inflow: into,
		treatments,
		reneges,
		waitingBeforeRedistribution: before,
		waiting: after,
		redistributed
	};
}

/** Every period of the projection, in order (index 0 = period 1). */
export function project(input: ProjectionInput): PeriodFlows[] {
	checkShape(input);
	const out: PeriodFlows[] = [];
	let waiting = input.start;
	for (let t = 0; t < input.referrals.length; t++) {
		const flows = stepPeriod(waiting, input.referrals[t], input.treatments[t], input.params);
		out.push(flows);
		waiting = flows.waiting;
	}
	return out;
}

/**
 * The waiting list at the end of the horizon and the total redistributed on the way, without
 * keeping each period's flows: what solving for capacity evaluates many times over.
 */
export function projectEnd(input: ProjectionInput): { waiting: number[]; redistributed: number } {
	checkShape(input);
	let waiting = input.start.slice();
	let redistributed = 0;
	for (let t = 0; t < input.referrals.length; t++) {
		const flows = stepPeriod(waiting, input.referrals[t], input.treatments[t], input.params);
		waiting = flows.waiting;
		redistributed += flows.redistributed;
	}
	return { waiting, redistributed };
}

/** A programming error, not bad data: the contract has already checked what users send. */
function checkShape(input: ProjectionInput): void {
	const bins = input.start.length;
	if (bins === 0) throw new RangeError('the waiting list needs at least bin 0');
	if (input.params.renege.length !== bins || input.params.capacity.length !== bins) {
		throw new RangeError(`parameters are needed for each of the ${bins} bins`);
	}
	if (input.treatments.length !== input.referrals.length) {
		throw new RangeError('referrals and treatments must cover the same periods');
	}
}
