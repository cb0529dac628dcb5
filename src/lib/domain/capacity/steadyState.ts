/**
 * The queueing rule of thumb for a list in balance (shared/spec/capacity-model.md, "Steady
 * state", after Fong et al., "Understanding waiting list pressures"): capacity equals demand less
 * reneges, and with waits roughly exponential, a list meeting "a share `p` within `w`" holds
 * about `demand × w / f` patients, `f = −ln(1 − p)`. Units are the caller's: demand per period
 * and `w` in periods (per week and weeks in the spec's wording) give a list size in patients.
 */

export interface SteadyStateQuestion {
	demandPerPeriod: number;
	renegesPerPeriod: number;
	targetPeriods: number;
	/** `p`, strictly between 0 and 1 (at 1 the factor is infinite and the list would be empty). */
	share: number;
}

export interface SteadyState {
	/** `f = −ln(1 − p)`: about 2.53 for 92%; 4 corresponds to about 98%. */
	factor: number;
	/** `demand × w / f`: the list size that meets the target with exponential waits. */
	listSize: number;
	/** `demand − reneges`: the treatments per period that hold the list in balance. */
	capacityPerPeriod: number;
	/** Said next to the figures every time they are shown. */
	assumptions: string[];
}

export const STEADY_STATE_ASSUMPTIONS: readonly string[] = [
	'the list is in balance: demand, reneges and capacity stay as they are, period after period',
	'waits are roughly exponential, so the share within w is 1 − exp(−w / mean wait) and the mean wait is list size / demand (Little)',
	'capacity must equal demand less reneges; it says nothing of how long it takes to get there'
];

export function steadyState(question: SteadyStateQuestion): SteadyState {
	const { demandPerPeriod, renegesPerPeriod, targetPeriods, share } = question;
	if (!(share > 0 && share < 1))
		throw new RangeError(`the share must lie strictly between 0 and 1`);
	// −ln(1 − p) through log1p keeps its precision for small p.
	const factor = -Math.log1p(-share);
	return {
		factor,
		listSize: (demandPerPeriod * targetPeriods) / factor,
		capacityPerPeriod: demandPerPeriod - renegesPerPeriod,
		assumptions: [...STEADY_STATE_ASSUMPTIONS]
	};
}
