/**
 * A lower bound stronger than the LP relaxation for components whose patients differ in length
 * (theatre lists): Lagrangian relaxation of "each patient at most once" (exactly once when
 * mandatory), which leaves one knapsack per session.
 *
 * With a price ρ_p per patient (ρ_p <= unbooked cost when not mandatory),
 *
 *   L(ρ) = Σ_p ρ_p − Σ_s max { Σ_{p in K} (ρ_p − c_p(day_s)) : K fits in s }   (− opening cost)
 *
 * is a lower bound on the component's cost for any such ρ (weak duality), and at the LP's prices
 * it is at least the LP bound, because each session's knapsack is solved in whole patients.
 * Subgradient steps then raise it. Rule 7 is relaxed, which keeps the bound valid.
 */
import type { ComponentPlan } from './plan';
import { groupIdentical } from './classes';
import { gcd, TopByLength } from './select';

export interface LagrangeOptions {
	/** Known plan cost, for the step size. */
	upper: number;
	deadline: number;
	maxIterations?: number;
	/** Initial step scale (default 1); pass a previous result's `theta` to carry on from it. */
	theta?: number;
	/**
	 * One price per class of interchangeable patients (default true) rather than per patient:
	 * the same bound at its best, for a fraction of the work per step.
	 */
	group?: boolean;
}

/** Iterations without a better bound before the step is halved. */
const PATIENCE = 10;
/** Share of the previous direction kept in the next. */
const DEFLECTION = 0.5;

export interface LagrangeResult {
	bound: number;
	iterations: number;
	/** The prices behind `bound`. */
	rho: Float64Array;
	/** The step scale reached, to resume from. */
	theta: number;
}

/**
 * LP prices per patient from the relaxation's sink prices: ρ_p = min(u_p, min_j c_pj + d_p π_j).
 */
export function pricesFromLp(
	plan: ComponentPlan,
	poolPrice: Float64Array,
	perMinute: boolean
): Float64Array {
	const rho = new Float64Array(plan.n);
	for (let p = 0; p < plan.n; p++) {
		let best = plan.mandatory[p] ? Infinity : plan.unbooked[p];
		const units = perMinute ? plan.duration[p] : 1;
		for (let k = plan.eligStart[p]; k < plan.eligStart[p + 1]; k++) {
			const j = plan.eligPool[k];
			best = Math.min(best, plan.costOnDay(p, plan.poolDay[j]) + units * poolPrice[j]);
		}
		rho[p] = Number.isFinite(best) ? best : 0;
	}
	return rho;
}

/**
 * The rows the multipliers live on: classes of interchangeable patients (classes.ts), or single
 * patients. L(ρ) does not change when the prices of two interchangeable patients are swapped, and
 * it is concave, so averaging their prices never lowers it: the best ρ gives every member of a
 * class the same price, and searching over one price per class loses nothing. It makes each step
 * cheaper in proportion (a class is offered to each knapsack once, with its members as copies).
 */
class Rows {
	readonly count: number;
	/** A representative local patient of each row. */
	readonly first: Int32Array;
	/** Patients in each row. */
	readonly size: Int32Array;
	/** Row of each local patient. */
	readonly rowOf: Int32Array;
	/** Rows that could use each pool. */
	readonly poolRows: Int32Array[];

	constructor(plan: ComponentPlan, group: boolean) {
		const members = group
			? groupIdentical(
					plan,
					Array.from({ length: plan.n }, (_, p) => p)
				).members
			: Array.from({ length: plan.n }, (_, p) => [p]);
		this.count = members.length;
		this.first = Int32Array.from(members, (m) => m[0]);
		this.size = Int32Array.from(members, (m) => m.length);
		this.rowOf = new Int32Array(plan.n);
		members.forEach((list, r) => list.forEach((p) => (this.rowOf[p] = r)));
		const counts = new Int32Array(plan.nPools);
		for (const p of this.first)
			for (let k = plan.eligStart[p]; k < plan.eligStart[p + 1]; k++) counts[plan.eligPool[k]]++;
		this.poolRows = Array.from(counts, (c) => new Int32Array(c));
		const fill = new Int32Array(plan.nPools);
		for (let r = 0; r < this.count; r++) {
			const p = this.first[r];
			for (let k = plan.eligStart[p]; k < plan.eligStart[p + 1]; k++) {
				const j = plan.eligPool[k];
				this.poolRows[j][fill[j]++] = r;
			}
		}
	}
}

export function knapsackBound(
	plan: ComponentPlan,
	rho0: Float64Array,
	options: LagrangeOptions
): LagrangeResult {
	const rows = new Rows(plan, options.group ?? true);
	const n = rows.count;
	const { first, size } = rows;
	// Each row's price: the mean of its members' (at least as good, by the argument above).
	const rho = new Float64Array(n);
	for (let p = 0; p < plan.n; p++) rho[rows.rowOf[p]] += rho0[p];
	for (let r = 0; r < n; r++) rho[r] /= size[r];
	const bestRho = Float64Array.from(rho);
	const count = new Int32Array(n);
	const direction = new Float64Array(n);
	const unbooked = Float64Array.from(first, (p) => plan.unbooked[p]);
	const mandatory = Uint8Array.from(first, (p) => plan.mandatory[p]);
	let bestBound = -Infinity;
	let theta = options.theta ?? 1;
	let sinceBest = 0;
	const maxIterations = options.maxIterations ?? 200;
	let iterations = 0;
	const poolMax = plan.poolSessions.map((list) =>
		list.reduce((m, s) => Math.max(m, plan.capacity[s]), 0)
	);
	const scratch = new PoolScratch(plan, rows);

	for (; iterations < maxIterations; iterations++) {
		if (iterations > 0 && Date.now() > options.deadline) break;
		count.fill(0);
		const value = lagrangianValue(plan, rows, rho, scratch, poolMax, count);
		if (value > bestBound + 1e-12 * Math.abs(value)) {
			bestBound = value;
			bestRho.set(rho);
			sinceBest = 0;
		} else if (++sinceBest >= PATIENCE) {
			theta /= 2;
			sinceBest = 0;
			if (theta < 1e-4) break;
		}
		// Polyak step towards a target halfway between the best bound and the plan's cost: the
		// optimum lies somewhere in between, and aiming at the plan overshoots.
		const gap = 0.5 * (options.upper - bestBound);
		if (gap <= 1e-9 * Math.max(1, Math.abs(options.upper))) break;
		// Subgradient of L at ρ: 1 − (sessions choosing p) per patient, projected onto ρ_p <= u_p;
		// over a class of k patients with one price, each member's share is (k − chosen) / k, and
		// the class's step is that share (so the steps are those of the per-patient search with
		// its subgradient averaged over each class). Deflected by the previous direction
		// (Camerini–Fratta–Maffioli): plain subgradients zig-zag between the knapsacks' choices
		// and stall well short of the best ρ.
		let subgradientNorm = 0;
		let norm = 0;
		for (let r = 0; r < n; r++) {
			const k = size[r];
			let g = (k - count[r]) / k;
			if (!mandatory[r] && g > 0 && rho[r] >= unbooked[r]) g = 0;
			subgradientNorm += k * g * g;
			direction[r] = g + DEFLECTION * direction[r];
			norm += k * direction[r] * direction[r];
		}
		// A zero subgradient means ρ is optimal. Per patient the subgradient is integral, so its
		// norm is at least 1 otherwise; the deflected one can be tiny, and dividing by it would
		// throw ρ (a mandatory patient's, which nothing caps) out to where L(ρ) is lost to
		// rounding. The floor stays at 1 with classes: averaging only shrinks the norm.
		if (subgradientNorm === 0) break;
		const step = (theta * gap) / Math.max(1, norm);
		for (let r = 0; r < n; r++) {
			let next = rho[r] + step * direction[r];
			if (!mandatory[r]) next = Math.min(next, unbooked[r]);
			rho[r] = next;
		}
	}
	const rhoOut = new Float64Array(plan.n);
	for (let p = 0; p < plan.n; p++) rhoOut[p] = bestRho[rows.rowOf[p]];
	return { bound: bestBound, iterations, rho: rhoOut, theta };
}

/**
 * L(ρ) = Σ_p ρ_p − Σ_s max(0, best knapsack of s at ρ − opening cost): a lower bound on the
 * component's cost whenever ρ_p <= unbooked cost for every patient who is not mandatory.
 * `count` gets 1 for each session choosing a patient of the row (the subgradient).
 */
function lagrangianValue(
	plan: ComponentPlan,
	rows: Rows,
	rho: Float64Array,
	scratch: PoolScratch,
	poolMax: readonly number[],
	count: Int32Array
): number {
	let value = 0;
	let magnitude = 0;
	for (let r = 0; r < rows.count; r++) {
		value += rows.size[r] * rho[r];
		magnitude += rows.size[r] * Math.abs(rho[r]);
	}
	for (let j = 0; j < plan.nPools; j++) {
		const best = scratch.poolKnapsacks(j, rho, poolMax[j], count);
		value -= best;
		magnitude += best;
	}
	// A floating-point sum of k terms errs by at most (k − 1)·2⁻⁵³ of their absolute sum (each
	// knapsack adds at most a few dozen more terms, and a class's product one rounding): taking
	// that off keeps the bound proven whatever the size of ρ, and costs nothing measurable when
	// ρ is of the costs' size.
	return value - (plan.n + rows.count + plan.nPools + 64) * 2 ** -52 * magnitude;
}

/** Scratch space for the per-pool knapsacks, reused across pools and iterations. */
class PoolScratch {
	private readonly plan: ComponentPlan;
	private readonly rows: Rows;
	private readonly top: TopByLength;
	private readonly ids: number[] = [];
	private readonly weights: number[] = [];
	private readonly values: number[] = [];

	constructor(plan: ComponentPlan, rows: Rows) {
		this.plan = plan;
		this.rows = rows;
		const most = plan.capacity.reduce((m, c) => Math.max(m, c), 1);
		const shortest = plan.duration.reduce((m, d) => Math.min(m, d), Infinity);
		this.top = new TopByLength(plan.duration, Math.ceil(most / Math.max(1, shortest)));
	}

	/**
	 * Σ over the pool's sessions of their best knapsack at row prices ρ, each row offering as
	 * many copies as it has patients; adds 1 to `count` for each session choosing a patient of
	 * the row. Sessions of a pool share day and candidates, so one dynamic
	 * programme over the largest capacity serves them all.
	 */
	poolKnapsacks(j: number, rho: Float64Array, maxCap: number, count: Int32Array): number {
		const plan = this.plan;
		if (maxCap <= 0) return 0;
		const d = plan.poolDay[j];
		const top = this.top;
		top.reset(maxCap);
		const D = plan.days.length;
		const { first, size } = this.rows;
		for (const row of this.rows.poolRows[j]) {
			const p = first[row];
			const r = rho[row] - plan.costs[p * D + d];
			if (r <= 0) continue;
			// Copies of one row rank equal: once one is turned away, so are the rest.
			for (let c = 0; c < size[row] && top.offer(row, plan.duration[p], r); c++);
		}
		const ids = this.ids;
		const weights = this.weights;
		const values = this.values;
		ids.length = 0;
		weights.length = 0;
		values.length = 0;
		let g = 0;
		for (const s of plan.poolSessions[j]) g = gcd(g, plan.capacity[s]);
		top.forEach((p, length, r) => {
			ids.push(p);
			weights.push(length);
			values.push(r);
			g = gcd(g, length);
		});
		if (ids.length === 0) return 0;
		const W = Math.floor(maxCap / g);
		const best = new Float64Array(W + 1);
		const take = new Uint8Array(ids.length * (W + 1));
		for (let i = 0; i < ids.length; i++) {
			const w0 = weights[i] / g;
			const r = values[i];
			const base = i * (W + 1);
			for (let w = W; w >= w0; w--) {
				const v = best[w - w0] + r;
				if (v > best[w]) {
					best[w] = v;
					take[base + w] = 1;
				}
			}
		}
		let total = 0;
		for (const s of plan.poolSessions[j]) {
			const cap = Math.floor(plan.capacity[s] / g);
			const value = best[cap];
			const open = plan.fixedOpen[s] ? 0 : plan.openCost;
			if (value - open <= 0) continue;
			total += value - open;
			for (let i = ids.length - 1, w = cap; i >= 0; i--) {
				if (take[i * (W + 1) + w]) {
					count[ids[i]]++;
					w -= weights[i] / g;
				}
			}
		}
		return total;
	}
}
