/**
 * Parameters from history, and how well they project a hold-out span
 * (shared/spec/capacity-model.md, "Calibration" and "Validation").
 *
 * Observed treatments are by the bin of the inflow they came from: the bin a patient would have
 * been in at the end of the period had they not been treated (the same indexing as `I[t][m]`).
 */
import { inflow, project, type BinParams } from './project';

/** One observed period `t`: `R[t]`, `X_obs[t][m]` and `W_obs[t][m]` by bin. */
export interface ObservedPeriod {
	referrals: number;
	treatments: readonly number[];
	waiting: readonly number[];
}

export interface Calibration extends BinParams {
	renege: number[];
	capacity: number[];
	/** For each bin, how many periods had inflow there (`I[t][m] > 0`) and so fed its means. */
	observations: number[];
}

/**
 * `r[m] = mean_t(G_obs/I)` and `c[m] = mean_t(X_obs/I)` over the periods with `I[t][m] > 0`, where
 * `G_obs = I − X_obs − W_obs`. A bin no period reached gets 0 for both (and 0 observations).
 * Negative results are kept as they are: the caller flags them.
 */
export function calibrate(
	start: readonly number[],
	periods: readonly ObservedPeriod[]
): Calibration {
	const bins = start.length;
	const renegeSum = new Array<number>(bins).fill(0);
	const capacitySum = new Array<number>(bins).fill(0);
	const observations = new Array<number>(bins).fill(0);
	let previous = start;
	for (const period of periods) {
		const into = inflow(previous, period.referrals);
		for (let m = 0; m < bins; m++) {
			if (!(into[m] > 0)) continue;
			const reneged = into[m] - period.treatments[m] - period.waiting[m];
			renegeSum[m] += reneged / into[m];
			capacitySum[m] += period.treatments[m] / into[m];
			observations[m]++;
		}
		previous = period.waiting;
	}
	return {
		renege: renegeSum.map((s, m) => (observations[m] > 0 ? s / observations[m] : 0)),
		capacity: capacitySum.map((s, m) => (observations[m] > 0 ? s / observations[m] : 0)),
		observations
	};
}

export interface Validation {
	/** Mean absolute percentage error, in percent; null when no observed cell was above 0. */
	mapePercent: number | null;
	/** How many (period, bin) cells it averages over: those observed > 0. */
	cells: number;
	/** Total negative stock redistributed over the span (see `removeNegativeStock`). */
	redistributed: number;
}

/**
 * Projects `periods` from the observed list `start` with the observed referrals and total
 * treatments (`T[t] = Σ_m X_obs[t][m]`), and compares the projected `W[t][m]` with the observed
 * over the cells observed > 0.
 */
export function validate(
	params: BinParams,
	start: readonly number[],
	periods: readonly ObservedPeriod[]
): Validation {
	const flows = project({
		params,
		start,
		referrals: periods.map((p) => p.referrals),
		treatments: periods.map((p) => p.treatments.reduce((a, b) => a + b, 0))
	});
	let errorSum = 0;
	let cells = 0;
	let redistributed = 0;
	flows.forEach((f, t) => {
		redistributed += f.redistributed;
		const observed = periods[t].waiting;
		for (let m = 0; m < observed.length; m++) {
			if (observed[m] > 0) {
				errorSum += Math.abs(f.waiting[m] - observed[m]) / observed[m];
				cells++;
			}
		}
	});
	return { mapePercent: cells > 0 ? (100 * errorSum) / cells : null, cells, redistributed };
}
