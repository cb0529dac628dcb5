/**
 * MIP-based large-neighbourhood search: keep most of a component's plan, free a part of it (the
 * patients of a window of days, of a random set of days, or of a few clinicians) and let HiGHS
 * re-optimise that part exactly, from the current plan, so a step never makes it worse. The size
 * of the part adapts: it grows while HiGHS closes the parts well inside their time, and shrinks
 * when it does not. Where the local search (improve.ts) stops in a packing local optimum, this
 * moves many patients between sessions, days and clinicians' lists at once.
 */
import type { ComponentMip, Neighbourhood } from './mip';
import type { Rng } from './rng';

export interface LnsOptions {
	/** Wall-clock instant (ms) to stop by. */
	deadline: number;
	rng: Rng;
	seed: number;
	/** Called after each improvement, with the component's new cost. */
	onImprove?: (value: number) => void;
	/** Only book the mandatory patients the plan is missing, then stop. */
	repairOnly?: boolean;
}

export interface LnsResult {
	steps: number;
	improvements: number;
}

/** Free columns in the first neighbourhoods, and the bounds the size adapts within. */
const FIRST_SIZE = 600;
const MIN_SIZE = 200;
const MAX_SIZE = 40_000;
/** Longest one step may take (seconds): many small exact steps beat a few cut-off ones. */
const STEP_SECONDS = 1.5;
/**
 * Kinds of neighbourhood (a window of days, a sample of days, a few surgeons, where the LP
 * disagrees), chosen in proportion to how well each did lately (adaptive LNS): its weight moves
 * by this share towards its last step's improvements per second, and never falls below the floor,
 * a share of the total, so every kind is still tried now and then.
 */
const KINDS = 4;
const WEIGHT_STEP = 0.2;
const WEIGHT_FLOOR = 0.05;

/**
 * The days of the windows of the mandatory patients the plan has not placed (the construction
 * and search work by minutes and can miss a packing that also respects clinicians' daily
 * limits), or null when it has them all. Re-optimising those days books them (mip.ts adopts a
 * plan with every mandatory patient over one without, whatever the cost).
 */
export function repairDays(mip: ComponentMip): Uint8Array | null {
	const { plan } = mip;
	let days: Uint8Array | null = null;
	for (let p = 0; p < plan.n; p++) {
		if (!plan.mandatory[p] || plan.at[p] >= 0) continue;
		days ??= new Uint8Array(plan.days.length);
		for (let i = mip.patientCols[p]; i < mip.patientCols[p + 1]; i++)
			days[plan.sessionDay[mip.colSession[i]]] = 1;
	}
	return days;
}

export function largeNeighbourhoodSearch(mip: ComponentMip, options: LnsOptions): LnsResult {
	const { plan } = mip;
	const { rng } = options;
	const clinicians = new Map<string, number[]>();
	for (let p = 0; p < plan.n; p++) {
		const c = plan.patient(p).clinician;
		if (c === null) continue;
		const theirs = clinicians.get(c);
		if (theirs) theirs.push(p);
		else clinicians.set(c, [p]);
	}
	const clinicianLists = [...clinicians.values()];
	const nDays = plan.days.length;
	let size = Math.min(FIRST_SIZE, Math.max(MIN_SIZE, mip.colPatient.length / 4));
	let steps = 0;
	let improvements = 0;
	let sinceImprovement = 0;

	const freeColumns = (hood: Neighbourhood): number => {
		let count = 0;
		for (let p = 0; p < plan.n; p++) {
			if (!hood.freePatient[p]) continue;
			for (let i = mip.patientCols[p]; i < mip.patientCols[p + 1]; i++)
				if (hood.allowedSession[mip.colSession[i]]) count++;
		}
		return count;
	};

	/** Frees the patients in or wanting the given days' sessions (booked elsewhere stay put). */
	const byDays = (days: Uint8Array): Neighbourhood => {
		const allowedSession = new Uint8Array(plan.nSessions);
		for (let s = 0; s < plan.nSessions; s++) allowedSession[s] = days[plan.sessionDay[s]];
		const freePatient = new Uint8Array(plan.n);
		for (let p = 0; p < plan.n; p++) {
			if (plan.at[p] >= 0) freePatient[p] = allowedSession[plan.at[p]];
			else {
				for (let i = mip.patientCols[p]; i < mip.patientCols[p + 1]; i++) {
					if (allowedSession[mip.colSession[i]]) {
						freePatient[p] = 1;
						break;
					}
				}
			}
		}
		return { freePatient, allowedSession };
	};

	const dayWindow = (): Neighbourhood => {
		const days = new Uint8Array(nDays);
		let from = rng.int(0, nDays - 1);
		let to = from;
		days[from] = 1;
		let hood = byDays(days);
		while (freeColumns(hood) < size && (from > 0 || to < nDays - 1)) {
			if (to < nDays - 1 && (from === 0 || rng.chance(0.5))) days[++to] = 1;
			else days[--from] = 1;
			hood = byDays(days);
		}
		return hood;
	};

	const daySample = (): Neighbourhood => {
		const order = rng.shuffle(Array.from({ length: nDays }, (_, d) => d));
		const days = new Uint8Array(nDays);
		let hood = byDays(days);
		for (const d of order) {
			days[d] = 1;
			hood = byDays(days);
			if (freeColumns(hood) >= size) break;
		}
		return hood;
	};

	/** A few clinicians' patients, free to use any session (each other's days and lists). */
	const clinicianSample = (): Neighbourhood => {
		const freePatient = new Uint8Array(plan.n);
		const allowedSession = new Uint8Array(plan.nSessions).fill(1);
		const hood = { freePatient, allowedSession };
		for (const list of rng.shuffle([...clinicianLists])) {
			for (const p of list) freePatient[p] = 1;
			if (freeColumns(hood) >= size) break;
		}
		return hood;
	};

	/**
	 * Relaxation-induced: patients whose place in the plan the LP relaxation does not share
	 * (a random selection of them, up to the size), free to use any session.
	 */
	const lp = mip.lpSolution;
	const disagreeing: number[] = [];
	const lpDisagrees = (): number[] => {
		disagreeing.length = 0;
		if (lp === null) return disagreeing;
		for (let p = 0; p < plan.n; p++) {
			let booked = 0;
			let here = 0;
			for (let i = mip.patientCols[p]; i < mip.patientCols[p + 1]; i++) {
				booked += lp[i];
				if (plan.at[p] === mip.colSession[i]) here = lp[i];
			}
			if (plan.at[p] >= 0 ? here < 0.99 : booked > 0.01) disagreeing.push(p);
		}
		return disagreeing;
	};
	const lpInduced = (): Neighbourhood => {
		const freePatient = new Uint8Array(plan.n);
		const allowedSession = new Uint8Array(plan.nSessions).fill(1);
		const hood = { freePatient, allowedSession };
		let count = 0;
		for (const p of rng.shuffle(lpDisagrees())) {
			freePatient[p] = 1;
			count += mip.patientCols[p + 1] - mip.patientCols[p];
			if (count >= size) break;
		}
		return hood;
	};

	const weights = new Float64Array(KINDS).fill(1);
	const pickKind = (): number => {
		const total = weights.reduce((a, b) => a + b, 0);
		const floored = weights.map((w) => Math.max(w, WEIGHT_FLOOR * total));
		let r = rng.next() * floored.reduce((a, b) => a + b, 0);
		for (let k = 0; k < KINDS - 1; k++) {
			r -= floored[k];
			if (r < 0) return k;
		}
		return KINDS - 1;
	};

	while (Date.now() < options.deadline - 20) {
		const missing = repairDays(mip);
		if (!missing && options.repairOnly) break;
		const kind = missing ? -1 : pickKind();
		const hood = missing
			? byDays(missing)
			: kind === 0
				? dayWindow()
				: kind === 1
					? daySample()
					: kind === 2 && clinicianLists.length > 1
						? clinicianSample()
						: lp !== null
							? lpInduced()
							: dayWindow();
		const left = (options.deadline - Date.now()) / 1000;
		const limit = Math.min(STEP_SECONDS, left);
		const t0 = Date.now();
		const before = plan.value;
		const improved = mip.reoptimise(hood, {
			timeLimitSeconds: limit,
			seed: options.seed + steps,
			deadline: options.deadline
		});
		const took = (Date.now() - t0) / 1000;
		steps++;
		if (missing) {
			// The repair failed (out of time, or no room in those days): no use repeating it.
			if (!improved) break;
			continue;
		}
		const gained = improved && plan.value < before;
		weights[kind] += WEIGHT_STEP * ((gained ? 1 / Math.max(took, 0.1) : 0) - weights[kind]);
		if (gained) {
			improvements++;
			sinceImprovement = 0;
			options.onImprove?.(plan.value);
		} else sinceImprovement++;
		// Closed well inside its time: try bigger parts. Cut off: smaller ones.
		if (took < limit * 0.3) size = Math.min(MAX_SIZE, size * (sinceImprovement > 3 ? 1.3 : 1.1));
		else if (took >= limit * 0.9) size = Math.max(MIN_SIZE, size * 0.75);
		if (size >= mip.colPatient.length && took < limit * 0.3 && sinceImprovement > 5) break;
	}
	return { steps, improvements };
}
