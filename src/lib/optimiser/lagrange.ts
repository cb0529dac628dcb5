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
import { gcd, TopByLength } from './select';

export interface LagrangeOptions {
	/** Known plan cost, for the step size. */
	upper: number;
	deadline: number;
	maxIterations?: number;
	/** Initial step scale (default 1); pass a previous result's `theta` to carry on from it. */
	theta?: number;
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

export function knapsackBound(
	plan: ComponentPlan,
	rho0: Float64Array,
	options: LagrangeOptions
): LagrangeResult {
	const n = plan.n;
	const rho = Float64Array.from(rho0);
	const bestRho = Float64Array.from(rho0);
	const count = new Int32Array(n);
	const direction = new Float64Array(n);
	let bestBound = -Infinity;
	let theta = options.theta ?? 1;
	let sinceBest = 0;
	const maxIterations = options.maxIterations ?? 200;
	let iterations = 0;
	const poolMax = plan.poolSessions.map((list) =>
		list.reduce((m, s) => Math.max(m, plan.capacity[s]), 0)
	);
	const scratch = new PoolScratch(plan);

	for (; iterations < maxIterations; iterations++) {
		if (iterations > 0 && Date.now() > options.deadline) break;
		count.fill(0);
		const value = lagrangianValue(plan, rho, scratch, poolMax, count);
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
		// Subgradient of L at ρ: 1 − (sessions choosing p), projected onto ρ_p <= u_p, deflected
		// by the previous direction (Camerini–Fratta–Maffioli): plain subgradients zig-zag
		// between the knapsacks' choices and stall well short of the best ρ.
		let subgradientNorm = 0;
		let norm = 0;
		for (let p = 0; p < n; p++) {
			let g = 1 - count[p];
			if (!plan.mandatory[p] && g > 0 && rho[p] >= plan.unbooked[p]) g = 0;
			subgradientNorm += g * g;
			direction[p] = g + DEFLECTION * direction[p];
			norm += direction[p] * direction[p];
		}
		// A zero subgradient means ρ is optimal. The subgradient is integral, so its norm is at
		// least 1 otherwise; the deflected one can be tiny, and dividing by it would throw ρ
		// (a mandatory patient's, which nothing caps) out to where L(ρ) is lost to rounding.
		if (subgradientNorm === 0) break;
		const step = (theta * gap) / Math.max(1, norm);
		for (let p = 0; p < n; p++) {
			let next = rho[p] + step * direction[p];
			if (!plan.mandatory[p]) next = Math.min(next, plan.unbooked[p]);
			rho[p] = next;
		}
	}
	return { bound: bestBound, iterations, rho: bestRho, theta };
}

/**
 * L(ρ) = Σ_p ρ_p − Σ_s max(0, best knapsack of s at ρ − opening cost): a lower bound on the
 * component's cost whenever ρ_p <= unbooked cost for every patient who is not mandatory.
 * `count` gets 1 for each session choosing a patient (the subgradient).
 */
function lagrangianValue(
	plan: ComponentPlan,
	rho: Float64Array,
	scratch: PoolScratch,
	poolMax: readonly number[],
	count: Int32Array
): number {
	let value = 0;
	let magnitude = 0;
	for (let p = 0; p < plan.n; p++) {
		value += rho[p];
		magnitude += Math.abs(rho[p]);
	}
	for (let j = 0; j < plan.nPools; j++) {
		const best = scratch.poolKnapsacks(j, rho, poolMax[j], count);
		value -= best;
		magnitude += best;
	}
	// A floating-point sum of k terms errs by at most (k − 1)·2⁻⁵³ of their absolute sum (each
	// knapsack adds at most a few dozen more terms): taking that off keeps the bound proven
	// whatever the size of ρ, and costs nothing measurable when ρ is of the costs' size.
	return value - (plan.n + plan.nPools + 64) * 2 ** -52 * magnitude;
}

/** Scratch space for the per-pool knapsacks, reused across pools and iterations. */
class PoolScratch {
	private readonly plan: ComponentPlan;
	private readonly top: TopByLength;
	private readonly ids: number[] = [];
	private readonly weights: number[] = [];
	private readonly values: number[] = [];

	constructor(plan: ComponentPlan) {
		this.plan = plan;
		const most = plan.capacity.reduce((m, c) => Math.max(m, c), 1);
		const shortest = plan.duration.reduce((m, d) => Math.min(m, d), Infinity);
		this.top = new TopByLength(plan.duration, Math.ceil(most / Math.max(1, shortest)));
	}

	/**
	 * Σ over the pool's sessions of their best knapsack at prices ρ; adds 1 to `count` for each
	 * session choosing a patient. Sessions of a pool share day and candidates, so one dynamic
	 * programme over the largest capacity serves them all.
	 */
	poolKnapsacks(j: number, rho: Float64Array, maxCap: number, count: Int32Array): number {
		const plan = this.plan;
		if (maxCap <= 0) return 0;
		const d = plan.poolDay[j];
		const top = this.top;
		top.reset(maxCap);
		const D = plan.days.length;
		for (const p of plan.poolPatients[j]) {
			const r = rho[p] - plan.costs[p * D + d];
			if (r > 0) top.offer(p, plan.duration[p], r);
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
