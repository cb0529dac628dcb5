/**
 * Patients who are interchangeable — same length, same pools, same cost on every day, same
 * unbooked cost, both mandatory or both not, same limited clinician — are merged into one source
 * with their supplies added. On a waiting list many are: every routine patient whose wait stays in one
 * slope band over the horizon costs the same per day. The optimum is unchanged (it is the same
 * LP) and the flow has far fewer sources and augmenting paths.
 */
import type { ComponentPlan } from './plan';

export interface PatientClasses {
	/** Local patients of each class, ascending. */
	members: number[][];
}

export function groupIdentical(plan: ComponentPlan, who: readonly number[]): PatientClasses {
	const D = plan.days.length;
	const bits = new Float64Array(1);
	const words = new Uint32Array(bits.buffer);
	const byKey = new Map<string, number[][]>();
	const members: number[][] = [];
	for (const p of who) {
		let h1 = 0x811c9dc5;
		let h2 = 0x01000193 ^ plan.duration[p];
		const mix = (x: number): void => {
			h1 = Math.imul(h1 ^ x, 0x01000193) >>> 0;
			h2 = Math.imul(h2 ^ x, 0x5bd1e995) >>> 0;
			h2 ^= h2 >>> 13;
		};
		mix(plan.duration[p]);
		mix(plan.mandatory[p]);
		mix(plan.patient(p).limited + 1);
		for (let k = plan.eligStart[p]; k < plan.eligStart[p + 1]; k++) mix(plan.eligPool[k]);
		const row = p * D;
		for (let d = 0; d <= D; d++) {
			bits[0] = d < D ? plan.costs[row + d] : plan.unbooked[p];
			mix(words[0]);
			mix(words[1]);
		}
		const key = `${h1}:${h2}`;
		let candidates = byKey.get(key);
		if (!candidates) {
			candidates = [];
			byKey.set(key, candidates);
		}
		const same = candidates.find((c) => identical(plan, c[0], p));
		if (same) same.push(p);
		else {
			const fresh = [p];
			candidates.push(fresh);
			members.push(fresh);
		}
	}
	return { members };
}

function identical(plan: ComponentPlan, a: number, b: number): boolean {
	if (plan.duration[a] !== plan.duration[b] || plan.mandatory[a] !== plan.mandatory[b])
		return false;
	// Same clinician under a daily limit, so that trading places never moves minutes between limits.
	if (plan.patient(a).limited !== plan.patient(b).limited) return false;
	if (plan.unbooked[a] !== plan.unbooked[b]) return false;
	const na = plan.eligStart[a + 1] - plan.eligStart[a];
	if (na !== plan.eligStart[b + 1] - plan.eligStart[b]) return false;
	for (let k = 0; k < na; k++) {
		if (plan.eligPool[plan.eligStart[a] + k] !== plan.eligPool[plan.eligStart[b] + k]) return false;
	}
	const D = plan.days.length;
	for (let d = 0; d < D; d++) if (plan.costs[a * D + d] !== plan.costs[b * D + d]) return false;
	return true;
}

/**
 * Settles ties the way coordinators do (DOMAIN.md, "Treat in turn"): going through the booked
 * places in date order, each goes to the longest waiter who could take it and is not yet booked
 * earlier, the occupant taking that patient's later place (or leaving the list unbooked), among
 * patients of the same length, limited clinician, due date (or none) and mandatory flag.
 *
 * This never costs anything. Each patient's cost is a convex function of days waited plus a due
 * date term the two share, so a longer waiter loses at least as much as a shorter one from any
 * delay (the exchange argument). Unbooked counts as the day after the horizon, which is exactly
 * the unbooked cost when it accrues; when it does not, booked and unbooked are not exchanged.
 * Rules 5 (both must be able to attend their new day), 6 (same length) and 7 (same clinician,
 * so minutes per day do not change) keep holding.
 */
export function treatInTurn(plan: ComponentPlan): void {
	const accrues = plan.model.problem.weights.unbookedAccrues;
	const before = plan.value;
	const mark = plan.mark();
	const groupOf = new Int32Array(plan.n);
	const keys = new Map<string, number>();
	const groups: number[][] = [];
	for (let p = 0; p < plan.n; p++) {
		const mp = plan.patient(p);
		const key = `${plan.duration[p]}:${mp.limited}:${plan.mandatory[p]}:${mp.cost.priorityDueDay}`;
		let g = keys.get(key);
		if (g === undefined) {
			g = groups.length;
			keys.set(key, g);
			groups.push([]);
		}
		groupOf[p] = g;
		// Local patients are numbered longest waiter first (see ComponentPlan), so this is in turn.
		groups[g].push(p);
	}
	const settled = new Uint8Array(plan.n);
	for (const [g, order] of groups.entries()) {
		if (order.length < 2) continue;
		const places = order.filter((p) => plan.at[p] >= 0).map((p) => plan.at[p]);
		places.sort((a, b) => plan.sessionDay[a] - plan.sessionDay[b] || a - b);
		let first = 0;
		for (const s of places) {
			const occupant = plan.members[s].find((q) => groupOf[q] === g && !settled[q]);
			if (occupant === undefined) continue;
			while (first < order.length && settled[order[first]]) first++;
			let chosen = occupant;
			for (let i = first; i < order.length; i++) {
				const a = order[i];
				if (a === occupant) break;
				if (settled[a]) continue;
				const was = plan.at[a];
				if (was < 0 && !accrues) continue;
				if (!plan.eligible(a, s)) continue;
				if (was >= 0 ? !plan.eligible(occupant, was) : plan.mandatory[occupant]) continue;
				plan.unplace(occupant);
				if (was >= 0) plan.unplace(a);
				plan.place(a, s);
				if (was >= 0) plan.place(occupant, was);
				chosen = a;
				break;
			}
			settled[chosen] = 1;
		}
	}
	// The argument above is exact; this only guards against rounding.
	if (plan.value > before + 1e-9 * Math.max(1, Math.abs(before))) plan.rollback(mark);
	plan.commit();
}
