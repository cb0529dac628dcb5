/**
 * Local search on a component's plan, for the parts the relaxation does not settle exactly
 * (theatre lists are bin packing with day-dependent costs; clinician limits; opening costs).
 *
 * - Repack: empty one session and refill it optimally (a knapsack over its minutes) from its
 *   members, unbooked patients and patients booked later who would gain by coming forward;
 *   patients it drops are re-inserted elsewhere if that pays. An ejection chain of depth two; it
 *   does the plain moves (insert, pull forward, swap with an unbooked patient) as special cases.
 * - Repack a pair: the same over two sessions at once (a two-dimensional knapsack), which moves
 *   a long, urgent patient forward in exchange for shorter ones — no pairwise swap can.
 * - Reassign by length: keep how many patients of each length each pool holds and reassign the
 *   patients of each length optimally (a transportation problem, solved exactly): all swaps and
 *   chains of swaps among same-length patients at once, i.e. "treat in turn" among them.
 * - Swap: exchange two booked patients between an earlier and a later session.
 *
 * Every move is applied, its exact effect read from the plan, and rolled back unless it pays, so
 * the search only ever improves and every plan it holds satisfies rules 1–7.
 */
import { groupIdentical } from './classes';
import { solveTransport } from './flow';
import type { ComponentPlan } from './plan';
import type { Rng } from './rng';
import { gcd, solveKnapsack, TopByLength } from './select';

export interface ImproveOptions {
	deadline: number;
	rng: Rng;
	maxRounds?: number;
	/** Partner sessions tried with each session per round (default 3). */
	partners?: number;
	/** Rounds in a row without improvement before stopping (default 3). */
	patience?: number;
	/** After the descent, perturb and descend again, keeping improvements (default false). */
	perturb?: boolean;
	/** Perturbations at most (default 50): the search is deterministic when these run out first. */
	maxKicks?: number;
}

export interface ImproveStats {
	rounds: number;
	moves: number;
	/** Perturbations tried by the iterated local search. */
	kicks: number;
}

/** The most candidates of one length a knapsack considers. */
const MAX_PER_LENGTH = 48;
/** Limits on the two-session knapsack: items, and items × cells. */
const MAX_PAIR_ITEMS = 40;
const MAX_PAIR_WORK = 150_000;

export function improve(plan: ComponentPlan, options: ImproveOptions): ImproveStats {
	const search = new Search(plan);
	const stats: ImproveStats = { rounds: 0, moves: 0, kicks: 0 };
	descend(plan, search, options, stats);
	if (!options.perturb) return stats;
	// Iterated local search: shake up a few days' sessions, descend again, keep the result only
	// if it is better. Local optima of packing problems are often a few exchanges away.
	let best = plan.snapshot();
	let bestValue = plan.value;
	while (Date.now() < options.deadline && stats.kicks < (options.maxKicks ?? 50)) {
		stats.kicks++;
		kick(plan, search, options.rng);
		descend(plan, search, options, stats);
		if (plan.value < bestValue - search.eps) {
			best = plan.snapshot();
			bestValue = plan.value;
		} else plan.restore(best);
	}
	return stats;
}

/** Rounds of moves until a few rounds in a row bring nothing, or time runs out. */
function descend(
	plan: ComponentPlan,
	search: Search,
	options: ImproveOptions,
	stats: ImproveStats
): void {
	const order = Array.from({ length: plan.nSessions }, (_, s) => s);
	const partners = options.partners ?? 3;
	let quiet = 0;
	for (let round = 0; round < (options.maxRounds ?? 30); round++) {
		stats.rounds++;
		const before = plan.value;
		if (reassignByLength(plan, options.deadline)) stats.moves++;
		options.rng.shuffle(order);
		for (const s of order) {
			if (Date.now() > options.deadline) return;
			if (search.repack(s)) stats.moves++;
			for (let k = 0; k < partners; k++) {
				const partner = pickPartner(plan, s, options.rng);
				if (partner >= 0 && search.repackPair(s, partner)) stats.moves++;
			}
		}
		stats.moves += swapPass(plan, search.eps, options.deadline);
		// Partners are drawn at random, so a quiet round does not prove a local optimum; give up
		// after a few in a row.
		if (plan.value >= before - search.eps) {
			if (++quiet >= (options.patience ?? 3)) return;
		} else quiet = 0;
	}
}

/** Empties the sessions of a couple of consecutive days and refills them greedily. */
function kick(plan: ComponentPlan, search: Search, rng: Rng): void {
	const days = plan.days.length;
	const first = rng.int(0, Math.max(0, days - 2));
	const chosen: number[] = [];
	for (let s = 0; s < plan.nSessions; s++) {
		const d = plan.sessionDay[s];
		if (d >= first && d < first + 2) chosen.push(s);
	}
	for (const s of chosen)
		for (const q of [...plan.members[s]]) if (!plan.mandatory[q]) plan.unplace(q);
	plan.commit();
	for (const s of rng.shuffle(chosen)) search.fill(s);
}

/**
 * A session to pair with s: one that a patient of s (or, if s is empty, a patient who could use
 * it) could also use, picked at random so rounds explore different pairs.
 */
function pickPartner(plan: ComponentPlan, s: number, rng: Rng): number {
	const members = plan.members[s];
	const pool = plan.sessionPool[s];
	const patients = plan.poolPatients[pool];
	const p =
		members.length > 0
			? members[rng.int(0, members.length - 1)]
			: patients.length > 0
				? patients[rng.int(0, patients.length - 1)]
				: -1;
	if (p < 0) return -1;
	const from = plan.eligStart[p];
	const count = plan.eligStart[p + 1] - from;
	if (count === 0) return -1;
	const sessions = plan.poolSessions[plan.eligPool[from + rng.int(0, count - 1)]];
	const t = sessions[rng.int(0, sessions.length - 1)];
	return t === s ? -1 : t;
}

/** The repack moves, with scratch space reused from call to call. */
class Search {
	readonly plan: ComponentPlan;
	readonly eps: number;
	private readonly top: TopByLength;
	private readonly weights: Int32Array;
	private readonly values: Float64Array;
	private readonly chosen: Uint8Array;
	private readonly mark: Uint8Array;

	constructor(plan: ComponentPlan) {
		this.plan = plan;
		this.eps = 1e-9 * Math.max(1, Math.abs(plan.value));
		this.top = new TopByLength(plan.duration, MAX_PER_LENGTH);
		// Room for every candidate the selection can keep.
		const most = this.top.lengths.length * MAX_PER_LENGTH;
		this.weights = new Int32Array(most);
		this.values = new Float64Array(most);
		this.chosen = new Uint8Array(most);
		this.mark = new Uint8Array(plan.n);
	}

	/** Refills session s as a knapsack over its minutes; true when the plan improved. */
	repack(s: number): boolean {
		const plan = this.plan;
		const day = plan.sessionDay[s];
		let room = plan.capacity[s];
		let current = 0;
		for (const q of plan.members[s]) {
			if (plan.mandatory[q]) room -= plan.duration[q];
			else current += plan.unbooked[q] - plan.costOnDay(q, day);
		}
		const top = this.top;
		top.reset(room);
		for (const q of plan.members[s]) {
			if (!plan.mandatory[q])
				top.offer(q, plan.duration[q], plan.unbooked[q] - plan.costOnDay(q, day));
		}
		for (const q of plan.poolPatients[plan.sessionPool[s]]) {
			const at = plan.at[q];
			if (at === s) continue;
			let v: number;
			if (at < 0) {
				if (plan.mandatory[q]) continue;
				v = plan.unbooked[q] - plan.costOnDay(q, day);
			} else {
				if (plan.sessionDay[at] <= day) continue;
				v = plan.cost(q, at) - plan.costOnDay(q, day);
			}
			if (v > this.eps) top.offer(q, plan.duration[q], v);
		}
		const items: number[] = [];
		let g = room;
		top.forEach((p, length, v) => {
			this.values[items.length] = v;
			this.weights[items.length] = length;
			items.push(p);
			g = gcd(g, length);
		});
		if (items.length === 0 || g <= 0) return false;
		for (let i = 0; i < items.length; i++) this.weights[i] /= g;
		const best = solveKnapsack(
			this.weights,
			this.values,
			items.length,
			Math.floor(room / g),
			this.chosen
		);
		if (best <= current + this.eps) return false;
		const target = new Map<number, number>();
		items.forEach((p, i) => {
			if (this.chosen[i]) target.set(p, s);
		});
		return this.apply([s], target);
	}

	/**
	 * Fills session s from the patients who could use it, knapsack-best by what booking them
	 * here saves, whether or not the plan improves (used to rebuild after a perturbation).
	 */
	fill(s: number): void {
		const plan = this.plan;
		const day = plan.sessionDay[s];
		const room = plan.free(s);
		const top = this.top;
		top.reset(room);
		for (const q of plan.poolPatients[plan.sessionPool[s]]) {
			const at = plan.at[q];
			let v: number;
			if (at < 0) v = plan.unbooked[q] - plan.costOnDay(q, day);
			else if (plan.sessionDay[at] > day && !plan.mandatory[q])
				v = plan.cost(q, at) - plan.costOnDay(q, day);
			else continue;
			if (v > this.eps) top.offer(q, plan.duration[q], v);
		}
		const items: number[] = [];
		let g = room;
		top.forEach((p, length, v) => {
			this.values[items.length] = v;
			this.weights[items.length] = length;
			items.push(p);
			g = gcd(g, length);
		});
		if (items.length === 0 || g <= 0) return;
		for (let i = 0; i < items.length; i++) this.weights[i] /= g;
		solveKnapsack(this.weights, this.values, items.length, Math.floor(room / g), this.chosen);
		items.forEach((p, i) => {
			if (!this.chosen[i]) return;
			const was = plan.at[p];
			if (was >= 0) plan.unplace(p);
			if (plan.canPlace(p, s)) plan.place(p, s);
			else if (was >= 0) plan.place(p, was);
		});
		plan.commit();
	}

	/**
	 * Refills sessions s1 and s2 together: every member and candidate goes to s1, s2 or out,
	 * chosen by a two-dimensional knapsack.
	 */
	repackPair(s1: number, s2: number): boolean {
		const plan = this.plan;
		const day1 = plan.sessionDay[s1];
		const day2 = plan.sessionDay[s2];
		let room1 = plan.capacity[s1];
		let room2 = plan.capacity[s2];
		let current = 0;
		const valueIn = (p: number, s: number, day: number, out: number): number =>
			plan.eligible(p, s) ? out - plan.costOnDay(p, day) : -Infinity;
		for (const q of plan.members[s1]) {
			if (plan.mandatory[q]) room1 -= plan.duration[q];
			else current += plan.unbooked[q] - plan.costOnDay(q, day1);
		}
		for (const q of plan.members[s2]) {
			if (plan.mandatory[q]) room2 -= plan.duration[q];
			else current += plan.unbooked[q] - plan.costOnDay(q, day2);
		}
		if (room1 < 0 || room2 < 0) return false;
		const top = this.top;
		top.reset(room1 + room2);
		const offer = (q: number, out: number): void => {
			const rank = Math.max(valueIn(q, s1, day1, out), valueIn(q, s2, day2, out));
			if (rank > this.eps) top.offer(q, plan.duration[q], rank);
		};
		const members: number[] = [];
		for (const s of [s1, s2]) {
			for (const q of plan.members[s]) {
				if (plan.mandatory[q]) continue;
				members.push(q);
				this.mark[q] = 1;
			}
		}
		const room = Math.max(room1, room2);
		for (const pool of [plan.sessionPool[s1], plan.sessionPool[s2]]) {
			for (const q of plan.poolPatients[pool]) {
				if (this.mark[q] || plan.duration[q] > room) continue;
				this.mark[q] = 1;
				const at = plan.at[q];
				if (at < 0 && plan.mandatory[q]) continue;
				if (at >= 0 && plan.mandatory[q] && at !== s1 && at !== s2) continue;
				offer(q, at < 0 ? plan.unbooked[q] : plan.cost(q, at));
			}
		}
		// Unmark for the next call.
		for (const q of members) this.mark[q] = 0;
		for (const pool of [plan.sessionPool[s1], plan.sessionPool[s2]]) {
			for (const q of plan.poolPatients[pool]) this.mark[q] = 0;
		}

		// Members always take part (leaving them out is a choice the knapsack must see); the
		// best outside candidates fill the rest, by value per minute when there are too many.
		const outside: { p: number; rank: number }[] = [];
		top.forEach((p, _length, rank) => {
			if (plan.at[p] !== s1 && plan.at[p] !== s2) outside.push({ p, rank });
		});
		// The table has one cell per pair of fill levels; with fine-grained lengths it is large,
		// and then fewer outside candidates are taken (those worth most per minute).
		let g = gcd(room1, room2);
		for (const p of members) g = gcd(g, plan.duration[p]);
		for (const o of outside) g = gcd(g, plan.duration[o.p]);
		if (g <= 0) return false;
		const W1 = Math.floor(room1 / g);
		const W2 = Math.floor(room2 / g);
		const stride = W2 + 1;
		const cells = (W1 + 1) * stride;
		const maxItems = Math.min(MAX_PAIR_ITEMS, Math.floor(MAX_PAIR_WORK / cells));
		if (members.length > maxItems) return false;
		if (members.length + outside.length > maxItems) {
			outside.sort(
				(a, b) => b.rank / plan.duration[b.p] - a.rank / plan.duration[a.p] || a.p - b.p
			);
			outside.length = maxItems - members.length;
		}
		const items = [...members, ...outside.map((o) => o.p)];
		if (items.length === 0) return false;
		const best = new Float64Array(cells);
		const choice = new Uint8Array(items.length * cells);
		for (let i = 0; i < items.length; i++) {
			const p = items[i];
			const at = plan.at[p];
			const out = at < 0 || at === s1 || at === s2 ? plan.unbooked[p] : plan.cost(p, at);
			const v1 = valueIn(p, s1, day1, out);
			const v2 = valueIn(p, s2, day2, out);
			const w = plan.duration[p] / g;
			const base = i * cells;
			const shift = w * stride;
			for (let a = W1; a >= 0; a--) {
				const row = a * stride;
				for (let b = W2; b >= 0; b--) {
					const cell = row + b;
					let value = best[cell];
					let pick = 0;
					if (a >= w) {
						const v = best[cell - shift] + v1;
						if (v > value) {
							value = v;
							pick = 1;
						}
					}
					if (b >= w) {
						const v = best[cell - w] + v2;
						if (v > value) {
							value = v;
							pick = 2;
						}
					}
					best[cell] = value;
					choice[base + cell] = pick;
				}
			}
		}
		if (best[cells - 1] <= current + this.eps) return false;
		const target = new Map<number, number>();
		for (let i = items.length - 1, a = W1, b = W2; i >= 0; i--) {
			const pick = choice[i * cells + a * stride + b];
			const w = plan.duration[items[i]] / g;
			if (pick === 1) {
				target.set(items[i], s1);
				a -= w;
			} else if (pick === 2) {
				target.set(items[i], s2);
				b -= w;
			}
		}
		return this.apply([s1, s2], target);
	}

	/**
	 * Makes `target` the non-mandatory content of `sessions`: members not in it leave (and are
	 * re-inserted elsewhere if that pays), targets booked elsewhere move in. Kept only if the plan
	 * improves and no mandatory patient ends up unbooked.
	 */
	private apply(sessions: number[], target: Map<number, number>): boolean {
		const plan = this.plan;
		const before = plan.value;
		const mark = plan.mark();
		const loose: number[] = [];
		const origin = new Map<number, number>();
		for (const s of sessions) {
			for (const q of [...plan.members[s]]) {
				if (plan.mandatory[q] || target.get(q) === s) continue;
				plan.unplace(q);
				if (!target.has(q)) loose.push(q);
			}
		}
		for (const [q, s] of target) {
			const at = plan.at[q];
			if (at === s || at < 0) continue;
			origin.set(q, at);
			plan.unplace(q);
		}
		for (const [q, s] of target) {
			if (plan.at[q] === s) continue;
			if (plan.canPlace(q, s)) plan.place(q, s);
			else {
				// A clinician's daily limit can turn a candidate away: back where it was, if it can.
				const was = origin.get(q);
				if (was !== undefined && plan.canPlace(q, was)) plan.place(q, was);
				else loose.push(q);
			}
		}
		for (const q of loose) {
			if (plan.at[q] >= 0) continue;
			const t = plan.bestSession(q);
			if (t >= 0 && (plan.mandatory[q] || plan.placeDelta(q, t) < 0)) plan.place(q, t);
		}
		const lost = loose.some((q) => plan.mandatory[q] && plan.at[q] < 0);
		if (plan.value < before - this.eps && !lost) {
			plan.commit();
			return true;
		}
		plan.rollback(mark);
		plan.commit();
		return false;
	}
}

/** Exchanges of two booked patients between an earlier and a later session. */
export function swapPass(plan: ComponentPlan, eps: number, deadline: number): number {
	let moves = 0;
	for (let q = 0; q < plan.n; q++) {
		if ((q & 255) === 0 && Date.now() > deadline) break;
		const s2 = plan.at[q];
		if (s2 < 0) continue;
		const d2 = plan.sessionDay[s2];
		const lateQ = plan.costOnDay(q, d2);
		let bestGain = eps;
		let bestP = -1;
		let bestS = -1;
		for (let k = plan.eligStart[q]; k < plan.eligStart[q + 1]; k++) {
			const j = plan.eligPool[k];
			const d1 = plan.poolDay[j];
			if (d1 >= d2) break;
			const gainQ = lateQ - plan.costOnDay(q, d1);
			if (gainQ <= bestGain) continue;
			for (const s1 of plan.poolSessions[j]) {
				const free1 = plan.free(s1);
				for (const p of plan.members[s1]) {
					const gain = gainQ - (plan.costOnDay(p, d2) - plan.costOnDay(p, d1));
					if (gain <= bestGain || !plan.eligible(p, s2)) continue;
					if (free1 + plan.duration[p] < plan.duration[q]) continue;
					if (plan.free(s2) + plan.duration[q] < plan.duration[p]) continue;
					bestGain = gain;
					bestP = p;
					bestS = s1;
				}
			}
		}
		if (bestP < 0) continue;
		const before = plan.value;
		const mark = plan.mark();
		plan.unplace(q);
		plan.unplace(bestP);
		if (plan.canPlace(q, bestS) && plan.canPlace(bestP, s2)) {
			plan.place(q, bestS);
			plan.place(bestP, s2);
			if (plan.value < before - eps) {
				plan.commit();
				moves++;
				continue;
			}
		}
		plan.rollback(mark);
		plan.commit();
	}
	return moves;
}

/**
 * Keeps the packing (how many patients of each length each pool's sessions hold) and reassigns
 * the patients of each length optimally among those places and "unbooked": a transportation
 * problem with unit supplies, solved exactly.
 */
export function reassignByLength(plan: ComponentPlan, deadline: number): boolean {
	const eps = 1e-9 * Math.max(1, Math.abs(plan.value));
	const lengths = [...new Set(plan.duration)].sort((a, b) => b - a);
	let improved = false;
	for (const length of lengths) {
		if (Date.now() > deadline) break;
		const slots = new Float64Array(plan.nPools);
		const who: number[] = [];
		for (let p = 0; p < plan.n; p++) {
			if (plan.duration[p] !== length) continue;
			who.push(p);
			if (plan.at[p] >= 0) slots[plan.sessionPool[plan.at[p]]]++;
		}
		// Interchangeable patients travel together (classes.ts): far fewer sources.
		const classes = groupIdentical(plan, who).members;
		const arcStart = new Int32Array(classes.length + 1);
		const sinks: number[] = [];
		const costs: number[] = [];
		classes.forEach((members, c) => {
			const p = members[0];
			for (let k = plan.eligStart[p]; k < plan.eligStart[p + 1]; k++) {
				const j = plan.eligPool[k];
				if (slots[j] === 0) continue;
				sinks.push(j);
				costs.push(plan.costOnDay(p, plan.poolDay[j]) * members.length);
			}
			arcStart[c + 1] = sinks.length;
		});
		if (sinks.length === 0) continue;
		const result = solveTransport(
			{
				nPatients: classes.length,
				nSinks: plan.nPools,
				supply: Int32Array.from(classes, (m) => m.length),
				unbooked: Float64Array.from(classes, (m) => plan.unbooked[m[0]] * m.length),
				mandatory: Uint8Array.from(classes, (m) => plan.mandatory[m[0]]),
				capacity: slots,
				arcStart,
				arcSink: Int32Array.from(sinks),
				arcCost: Float64Array.from(costs)
			},
			{ deadline }
		);
		if (!result.complete || result.unrouted.length > 0) continue;
		// Each class's places go to its members, longest waiters (lowest local index) first.
		const targetOf = new Map<number, number>();
		classes.forEach((members, c) => {
			let m = 0;
			for (let k = arcStart[c]; k < arcStart[c + 1]; k++) {
				for (let f = Math.round(result.flow[k]); f > 0 && m < members.length; f--)
					targetOf.set(members[m++], sinks[k]);
			}
		});
		const targetPool = Int32Array.from(who, (p) => targetOf.get(p) ?? -1);
		let changes = 0;
		who.forEach((p, i) => {
			const now = plan.at[p] >= 0 ? plan.sessionPool[plan.at[p]] : -1;
			if (now !== targetPool[i]) changes++;
		});
		if (changes === 0) continue;
		const value = plan.value;
		const mark = plan.mark();
		// Free the places of the movers, then put each mover into a freed place of its pool.
		const freed: number[][] = Array.from({ length: plan.nPools }, () => []);
		who.forEach((p, i) => {
			const s = plan.at[p];
			if (s >= 0 && plan.sessionPool[s] !== targetPool[i]) {
				freed[plan.sessionPool[s]].push(s);
				plan.unplace(p);
			}
		});
		let failed = false;
		who.forEach((p, i) => {
			const j = targetPool[i];
			if (failed || j < 0 || plan.at[p] >= 0) return;
			const places = freed[j];
			const k = places.findIndex((s) => plan.canPlace(p, s));
			if (k < 0) {
				failed = true;
				return;
			}
			plan.place(p, places[k]);
			places.splice(k, 1);
		});
		if (failed || plan.value > value - eps) plan.rollback(mark);
		else improved = true;
		plan.commit();
	}
	return improved;
}
