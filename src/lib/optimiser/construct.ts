/**
 * From the transportation relaxation to a first plan. When every patient of the component lasts
 * the same, the relaxation counts whole slots and its optimum is integral: placing it is the
 * exact plan (unless a clinician's daily limit, which it ignores, gets in the way). Otherwise it
 * counts minutes; patients it places whole go into their pool's sessions best-fit decreasing, and
 * the rest are inserted where they cost least.
 */
import { groupIdentical } from './classes';
import { solveTransport } from './flow';
import type { ComponentPlan } from './plan';

export interface Relaxation {
	/** Sinks counted whole slots (every patient the same length), so the flow is integral. */
	slots: boolean;
	/** Units each patient sends to each usable pool (arcs as `plan.eligStart` / `plan.eligPool`). */
	flow: Float64Array;
	/** Cost of the relaxation's optimum (when complete). */
	value: number;
	/** A valid lower bound on the component's cost. */
	bound: number;
	complete: boolean;
	augmentations: number;
	/** Dual price of a unit (slot or minute) of each pool. */
	price: Float64Array;
	/** Mandatory patients the relaxation could not place in full. */
	unrouted: number[];
}

export function relax(plan: ComponentPlan, deadline: number | undefined): Relaxation {
	const slots = plan.duration.every((d) => d === plan.duration[0]);
	const capacity = new Float64Array(plan.nPools);
	const openShare = new Float64Array(plan.nPools);
	for (let j = 0; j < plan.nPools; j++) {
		let most = 0;
		let anyOpen = false;
		for (const s of plan.poolSessions[j]) {
			const units = slots ? Math.floor(plan.capacity[s] / plan.duration[0]) : plan.capacity[s];
			capacity[j] += units;
			most = Math.max(most, units);
			if (plan.fixedOpen[s]) anyOpen = true;
		}
		// Opening costs shared per unit over the largest session: a valid under-estimate.
		openShare[j] = plan.openCost > 0 && !anyOpen && most > 0 ? plan.openCost / most : 0;
	}
	const all = Array.from({ length: plan.n }, (_, p) => p);
	const { members } = groupIdentical(plan, all);
	const nc = members.length;
	const supply = new Int32Array(nc);
	const unbooked = new Float64Array(nc);
	const mandatory = new Uint8Array(nc);
	const arcStart = new Int32Array(nc + 1);
	const arcSinks: number[] = [];
	const arcCosts: number[] = [];
	members.forEach((list, c) => {
		const p = list[0];
		const unit = slots ? 1 : plan.duration[p];
		supply[c] = unit * list.length;
		unbooked[c] = plan.unbooked[p] * list.length;
		mandatory[c] = plan.mandatory[p];
		for (let k = plan.eligStart[p]; k < plan.eligStart[p + 1]; k++) {
			const j = plan.eligPool[k];
			arcSinks.push(j);
			arcCosts.push((plan.costOnDay(p, plan.poolDay[j]) + openShare[j] * unit) * list.length);
		}
		arcStart[c + 1] = arcSinks.length;
	});
	const result = solveTransport(
		{
			nPatients: nc,
			nSinks: plan.nPools,
			supply,
			unbooked,
			mandatory,
			capacity,
			arcStart,
			arcSink: Int32Array.from(arcSinks),
			arcCost: Float64Array.from(arcCosts)
		},
		{ deadline }
	);

	// Back to patients: each class's units go to its members whole, in order, any remainder to
	// the next member (members are interchangeable, so any split is an optimal one).
	const flow = new Float64Array(plan.eligPool.length);
	const unrouted: number[] = [];
	members.forEach((list, c) => {
		const unit = slots ? 1 : plan.duration[list[0]];
		const given = new Float64Array(list.length);
		let m = 0;
		for (let k = arcStart[c]; k < arcStart[c + 1]; k++) {
			let f = result.flow[k];
			const offset = k - arcStart[c];
			while (f > 1e-9 && m < list.length) {
				const take = Math.min(f, unit - given[m]);
				flow[plan.eligStart[list[m]] + offset] += take;
				given[m] += take;
				f -= take;
				if (given[m] >= unit - 1e-9) m++;
			}
		}
		if (mandatory[c]) list.forEach((p, i) => given[i] < unit - 1e-9 && unrouted.push(p));
	});
	return {
		slots,
		flow,
		value: result.value,
		bound: result.bound,
		complete: result.complete,
		augmentations: result.augmentations,
		price: result.price,
		unrouted
	};
}

/** Patients the relaxation could not place whole, and those rules 6–7 turned away. */
export function placeRelaxation(plan: ComponentPlan, relaxation: Relaxation): number[] {
	const { flow, slots } = relaxation;
	const byPool: number[][] = Array.from({ length: plan.nPools }, () => []);
	const leftover: number[] = [];
	for (let p = 0; p < plan.n; p++) {
		const whole = slots ? 1 : plan.duration[p];
		let pool = -1;
		let partial = false;
		for (let k = plan.eligStart[p]; k < plan.eligStart[p + 1]; k++) {
			const f = flow[k];
			if (f <= 0) continue;
			if (f >= whole - 1e-9 && pool < 0) pool = plan.eligPool[k];
			else partial = true;
		}
		if (pool >= 0 && !partial) byPool[pool].push(p);
		else if (pool >= 0 || partial) leftover.push(p);
	}
	for (let j = 0; j < plan.nPools; j++) {
		const list = byPool[j];
		// Longest first packs best; among equals, the ones losing most if left out go first.
		list.sort(
			(a, b) =>
				plan.duration[b] - plan.duration[a] ||
				plan.mandatory[b] - plan.mandatory[a] ||
				savings(plan, b, plan.poolDay[j]) - savings(plan, a, plan.poolDay[j]) ||
				a - b
		);
		for (const p of list) {
			let best = -1;
			let bestFree = Infinity;
			for (const s of plan.poolSessions[j]) {
				const free = plan.free(s);
				if (free >= plan.duration[p] && free < bestFree && plan.canPlace(p, s)) {
					best = s;
					bestFree = free;
				}
			}
			if (best >= 0) plan.place(p, best);
			else leftover.push(p);
		}
	}
	plan.commit();
	return leftover;
}

/**
 * Rounds a minutes relaxation day by day, as a coordinator would: each pool's sessions are
 * filled, largest first, by a knapsack over the patients the relaxation put there (wholly or in
 * part) and those carried over from earlier days, valued by what booking them saves. Patients
 * who do not fit carry over to their next usable day. Returns those never placed.
 */
export function sweepRelaxation(plan: ComponentPlan, relaxation: Relaxation): number[] {
	const { flow } = relaxation;
	const target: number[][] = Array.from({ length: plan.nPools }, () => []);
	for (let p = 0; p < plan.n; p++) {
		let best = -1;
		let most = 0;
		for (let k = plan.eligStart[p]; k < plan.eligStart[p + 1]; k++) {
			if (flow[k] > most) {
				most = flow[k];
				best = plan.eligPool[k];
			}
		}
		if (best >= 0) target[best].push(p);
	}
	const poolsByDay = Array.from({ length: plan.nPools }, (_, j) => j).sort(
		(a, b) => plan.poolDay[a] - plan.poolDay[b] || a - b
	);
	let carried: number[] = [];
	for (const j of poolsByDay) {
		const day = plan.poolDay[j];
		const here: number[] = [];
		const later: number[] = [];
		// Anyone already placed (by an earlier day's gap filling) is no longer a candidate.
		for (const p of carried) {
			if (plan.at[p] >= 0) continue;
			if (plan.eligiblePool(p, j)) here.push(p);
			else later.push(p);
		}
		for (const p of target[j]) if (plan.at[p] < 0) here.push(p);
		// Mandatory patients first, wherever they fit best.
		const rest: number[] = [];
		for (const p of here) {
			if (!plan.mandatory[p]) {
				rest.push(p);
				continue;
			}
			const s = tightestFit(plan, p, plan.poolSessions[j]);
			if (s >= 0) plan.place(p, s);
			else later.push(p);
		}
		const value = (p: number): number => plan.unbooked[p] - plan.costOnDay(p, day);
		let open = rest.filter((p) => plan.unbooked[p] - plan.costOnDay(p, day) > 0);
		const sessions = [...plan.poolSessions[j]].sort((a, b) => plan.free(b) - plan.free(a) || a - b);
		for (const s of sessions) {
			if (open.length === 0) break;
			const chosen = knapsack(plan, open, plan.free(s), value);
			const placed = new Set<number>();
			for (const p of chosen) {
				if (plan.canPlace(p, s)) {
					plan.place(p, s);
					placed.add(p);
				}
			}
			open = open.filter((p) => !placed.has(p));
		}
		// Fill what is left of each session from anyone who could use it and is still unplaced.
		for (const s of sessions) {
			if (plan.free(s) <= 0) continue;
			const unplaced = Array.from(plan.poolPatients[j]).filter(
				(p) => plan.at[p] < 0 && !plan.mandatory[p]
			);
			for (const p of knapsack(plan, unplaced, plan.free(s), value))
				if (plan.canPlace(p, s)) plan.place(p, s);
		}
		for (const p of rest) if (plan.at[p] < 0) later.push(p);
		// Those with no later usable day drop out here.
		carried = later.filter((p) => hasLaterPool(plan, p, day));
	}
	plan.commit();
	const left: number[] = [];
	for (let p = 0; p < plan.n; p++) if (plan.at[p] < 0) left.push(p);
	return left;
}

/**
 * A second start for the local search, built from Lagrangian prices ρ (lagrange.ts) rather than
 * from the minutes LP: pools in date order, each session filled by the knapsack that is best at
 * ρ, i.e. valuing patient p at ρ_p − c_p(day). ρ_p prices what p is worth to the rest of the
 * plan, so an early session no longer grabs patients who would lose little by going later (the
 * minutes LP's rounding does, valuing everyone at what they save over not being booked). Those
 * it leaves out are then inserted where they cost least. Returns the mandatory patients still
 * unplaced.
 */
export function priceSweep(plan: ComponentPlan, rho: Float64Array): number[] {
	const pools = Array.from({ length: plan.nPools }, (_, j) => j).sort(
		(a, b) => plan.poolDay[a] - plan.poolDay[b] || a - b
	);
	const candidates: number[] = [];
	for (const j of pools) {
		const day = plan.poolDay[j];
		const value = (p: number): number =>
			Math.min(rho[p], plan.unbooked[p]) - plan.costOnDay(p, day);
		const sessions = [...plan.poolSessions[j]].sort((a, b) => plan.free(b) - plan.free(a) || a - b);
		for (const s of sessions) {
			candidates.length = 0;
			for (const p of plan.poolPatients[j]) if (plan.at[p] < 0) candidates.push(p);
			for (const p of knapsack(plan, candidates, plan.free(s), value))
				if (plan.canPlace(p, s)) plan.place(p, s);
		}
	}
	plan.commit();
	const left: number[] = [];
	for (let p = 0; p < plan.n; p++) if (plan.at[p] < 0) left.push(p);
	return insertPatients(plan, left);
}

function hasLaterPool(plan: ComponentPlan, p: number, day: number): boolean {
	for (let k = plan.eligStart[p + 1] - 1; k >= plan.eligStart[p]; k--) {
		if (plan.poolDay[plan.eligPool[k]] > day) return true;
	}
	return false;
}

function tightestFit(plan: ComponentPlan, p: number, sessions: Int32Array): number {
	let best = -1;
	let bestFree = Infinity;
	for (const s of sessions) {
		const free = plan.free(s);
		if (free < bestFree && plan.canPlace(p, s)) {
			best = s;
			bestFree = free;
		}
	}
	return best;
}

/**
 * The patients (a subset of `candidates`) of greatest total value that fit in `room` minutes.
 * Only the best floor(room / d) candidates of each length d can matter, so the others are
 * dropped before the dynamic programme.
 */
export function knapsack(
	plan: ComponentPlan,
	candidates: readonly number[],
	room: number,
	value: (p: number) => number
): number[] {
	if (room <= 0) return [];
	const buckets = new Map<number, { p: number; v: number }[]>();
	for (const p of candidates) {
		const d = plan.duration[p];
		if (d > room) continue;
		const v = value(p);
		if (v <= 0) continue;
		const list = buckets.get(d);
		if (list) list.push({ p, v });
		else buckets.set(d, [{ p, v }]);
	}
	const items: { p: number; v: number; d: number }[] = [];
	let g = room;
	for (const [d, list] of buckets) {
		const keep = Math.floor(room / d);
		if (list.length > keep) list.sort((a, b) => b.v - a.v || a.p - b.p);
		for (let i = 0; i < Math.min(keep, list.length); i++)
			items.push({ p: list[i].p, v: list[i].v, d });
		g = gcd(g, d);
	}
	if (items.length === 0) return [];
	const W = Math.floor(room / g);
	const best = new Float64Array(W + 1);
	const take = new Uint8Array(items.length * (W + 1));
	for (let i = 0; i < items.length; i++) {
		const w0 = items[i].d / g;
		const v = items[i].v;
		const base = i * (W + 1);
		for (let w = W; w >= w0; w--) {
			const candidate = best[w - w0] + v;
			if (candidate > best[w]) {
				best[w] = candidate;
				take[base + w] = 1;
			}
		}
	}
	const chosen: number[] = [];
	for (let i = items.length - 1, w = W; i >= 0; i--) {
		if (take[i * (W + 1) + w]) {
			chosen.push(items[i].p);
			w -= items[i].d / g;
		}
	}
	return chosen;
}

function gcd(a: number, b: number): number {
	while (b !== 0) {
		const t = a % b;
		a = b;
		b = t;
	}
	return a;
}

function savings(plan: ComponentPlan, p: number, d: number): number {
	return plan.unbooked[p] - plan.costOnDay(p, d);
}

/**
 * Inserts each patient where it costs least, if that beats leaving it unbooked (always, for a
 * mandatory patient, making room by moving others out when it must). Returns the mandatory
 * patients that still could not be placed.
 */
export function insertPatients(plan: ComponentPlan, patients: readonly number[]): number[] {
	const bestSaving = (p: number): number => {
		let best = -Infinity;
		for (let k = plan.eligStart[p]; k < plan.eligStart[p + 1]; k++) {
			best = Math.max(best, savings(plan, p, plan.poolDay[plan.eligPool[k]]));
		}
		return best;
	};
	const order = [...new Set(patients)]
		.filter((p) => plan.at[p] < 0)
		.map((p) => ({ p, key: bestSaving(p) }))
		.sort((a, b) => plan.mandatory[b.p] - plan.mandatory[a.p] || b.key - a.key || a.p - b.p);
	const failed: number[] = [];
	for (const { p } of order) {
		// Making room for a mandatory patient can re-insert others already.
		if (plan.at[p] >= 0) continue;
		const s = plan.bestSession(p);
		if (s >= 0 && (plan.mandatory[p] || plan.placeDelta(p, s) < 0)) plan.place(p, s);
		else if (plan.mandatory[p] && !makeRoomFor(plan, p)) failed.push(p);
	}
	plan.commit();
	return failed;
}

/**
 * Places mandatory patient p by moving out patients who are not mandatory, least valuable first,
 * from the session where that hurts least; those moved out are re-inserted elsewhere if they
 * can be. False when no session can be cleared enough.
 */
export function makeRoomFor(plan: ComponentPlan, p: number): boolean {
	let best = -1;
	let bestValue = Infinity;
	for (let k = plan.eligStart[p]; k < plan.eligStart[p + 1]; k++) {
		for (const s of plan.poolSessions[plan.eligPool[k]]) {
			const mark = plan.mark();
			if (clearAndPlace(plan, p, s) && plan.value < bestValue) {
				bestValue = plan.value;
				best = s;
			}
			plan.rollback(mark);
		}
	}
	return best >= 0 && clearAndPlace(plan, p, best);
}

function clearAndPlace(plan: ComponentPlan, p: number, s: number): boolean {
	const day = plan.sessionDay[s];
	const evictable = plan.members[s]
		.filter((q) => !plan.mandatory[q])
		.sort((a, b) => savings(plan, a, day) - savings(plan, b, day) || a - b);
	const evicted: number[] = [];
	while (!plan.canPlace(p, s) && evicted.length < evictable.length) {
		const q = evictable[evicted.length];
		plan.unplace(q);
		evicted.push(q);
	}
	if (!plan.canPlace(p, s)) return false;
	plan.place(p, s);
	for (const q of evicted) {
		const t = plan.bestSession(q);
		if (t >= 0 && plan.placeDelta(q, t) < 0) plan.place(q, t);
	}
	return true;
}
