/**
 * Observed history for calibration (shared/spec/capacity-model.md, "Bins and periods"), from the
 * national statistics' week bands by month and from the trust's own list by week.
 *
 * Monthly rule used: each published band "Gt w To w+1 Weeks" (waits of 7w to 7(w+1) days) goes in
 * the month bin of its midpoint, ⌊(7w + 3.5) / (487/16)⌋, capped at `M`; the open band (over 104
 * weeks) goes in `M`. Completed pathways are binned by the same rule from their wait at the clock
 * stop. Shown next to every figure that depends on it as `MONTHLY_BIN_RULE`.
 */
import type { CapacityCalibrateInput } from '../../contracts/capacity';

/** Days in a month: 487/16 (the spec's "Bins and periods"). */
export const DAYS_PER_MONTH = 487 / 16;

/** Month bins 0…24: the last is "24 months or more", past the last published band (104 weeks). */
export const MONTHLY_MAX_BIN = 24;

export const MONTHLY_BIN_RULE =
	'each weekly band counted in the month of its midpoint (a month is 30.4375 days); over 104 weeks in the last bin';

/** The month bin of week band `w` (0 = "Gt 00 To 01"; the last band is the open one). */
export function monthBinOfBand(w: number, bands: number, maxBin = MONTHLY_MAX_BIN): number {
	if (w === bands - 1) return maxBin;
	return Math.min(maxBin, Math.floor((7 * w + 3.5) / DAYS_PER_MONTH));
}

/** Week bands (blank as 0) to month bins. */
export function bandsToMonthBins(
	bands: readonly (number | null)[],
	maxBin = MONTHLY_MAX_BIN
): number[] {
	const bins = new Array<number>(maxBin + 1).fill(0);
	bands.forEach((n, w) => {
		if (n) bins[monthBinOfBand(w, bands.length, maxBin)] += n;
	});
	return bins;
}

export interface HistoryPeriod {
	/** The period's label: `YYYY-MM` for a month, the census date for a week. */
	label: string;
	referrals: number;
	treatments: readonly number[];
	waiting: readonly number[];
}

/**
 * Consecutive periods as the calibrate command's input: the first period's list is the start,
 * the rest are observed. Bins with nothing in them are left out, as the exchange format allows.
 */
export function calibrateInput(
	maxBin: number,
	periods: readonly HistoryPeriod[],
	validationPeriods?: number
): { input: CapacityCalibrateInput; labels: string[] } {
	const sparse = (bins: readonly number[]) =>
		bins.flatMap((count, bin) => (count > 0 ? [{ bin, count }] : []));
	const [first, ...rest] = periods;
	return {
		input: {
			version: 1,
			maxBin,
			waitingAtStart: first ? sparse(first.waiting) : [],
			periods: rest.map((p) => ({
				referrals: p.referrals,
				treatments: sparse(p.treatments),
				waiting: sparse(p.waiting)
			})),
			...(validationPeriods === undefined ? {} : { validationPeriods })
		},
		labels: rest.map((p) => p.label)
	};
}
