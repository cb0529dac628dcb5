/**
 * Min-cost transportation by successive shortest paths, specialised for the planner's shape: many
 * patients, few sinks (sessions pooled by date and eligibility), and an "unbooked" option for
 * every patient who is not mandatory.
 *
 * Each patient p holds `supply[p]` units: 1 when every patient of the component lasts the same
 * (sinks then count whole slots, floor(minutes / duration), and the optimum is integral, so it is
 * the exact plan), or its minutes otherwise (sinks count minutes, and the optimum is the LP
 * relaxation used as a lower bound). Unplaced units cost `unbooked[p] / supply[p]` each.
 *
 * Flow starts with everyone unbooked at the source S. Each step finds the cheapest way to put one
 * more unit into a sink with room: S → p → j, or a chain S → p → j → p' → k where p' moves over
 * to make room. Such chains are shortest paths in a graph whose nodes are the sinks; the edge
 * j → k costs the cheapest move of a patient now in j over to k. Potentials keep reduced costs
 * non-negative, so Dijkstra applies; the augmenting cost never decreases, and the first time it
 * is not negative the flow is optimal. Mandatory patients carry a huge unbooked cost, so they are
 * routed first whenever that is possible at all.
 */

export interface TransportProblem {
	nPatients: number;
	nSinks: number;
	/** Units each patient places: 1 (slot mode) or its minutes (minute mode). Positive integers. */
	supply: Int32Array;
	/** Cost of leaving the whole patient unplaced; ignored for mandatory patients. */
	unbooked: Float64Array;
	mandatory: Uint8Array;
	/** Units each sink takes (integers >= 0). */
	capacity: Float64Array;
	/** Arcs of patient p are `arcStart[p]` .. `arcStart[p + 1] - 1`. */
	arcStart: Int32Array;
	arcSink: Int32Array;
	/** Cost of placing the whole patient in the arc's sink. */
	arcCost: Float64Array;
}

export interface TransportResult {
	/** Units sent along each arc. */
	flow: Float64Array;
	/** Units of each patient left unplaced. */
	unplaced: Float64Array;
	/** Cost of this flow (unplaced units at their unbooked cost), mandatory patients included. */
	value: number;
	/**
	 * A valid lower bound on the relaxation whatever happened (Lagrangian bound from the final
	 * sink prices: weak duality); equal to `value` up to rounding when `complete`.
	 */
	bound: number;
	/** The search ran to optimality (it was not stopped by the deadline). */
	complete: boolean;
	/** Mandatory patients that could not be placed in full. */
	unrouted: number[];
	/** Dual price of a unit of each sink (the prices behind `bound`). */
	price: Float64Array;
	augmentations: number;
}

export interface TransportOptions {
	/** `Date.now()` value after which the search stops early (the bound stays valid). */
	deadline?: number;
}

const INF = Number.POSITIVE_INFINITY;

export function solveTransport(
	tp: TransportProblem,
	options: TransportOptions = {}
): TransportResult {
	const {
		nPatients: n,
		nSinks: m,
		supply,
		unbooked,
		mandatory,
		capacity,
		arcStart,
		arcSink,
		arcCost
	} = tp;
	const nArcs = arcStart[n];
	const arcPatient = new Int32Array(nArcs);
	const unit = new Float64Array(nArcs);
	let scale = 1;
	for (let p = 0; p < n; p++) {
		for (let k = arcStart[p]; k < arcStart[p + 1]; k++) {
			arcPatient[k] = p;
			unit[k] = arcCost[k] / supply[p];
			scale = Math.max(scale, Math.abs(unit[k]));
		}
		if (!mandatory[p]) scale = Math.max(scale, Math.abs(unbooked[p] / supply[p]));
	}
	// Large enough that any path routing a mandatory unit beats every path that does not.
	const big = 4 * scale * (m + 2);
	const eps = 1e-9 * scale;
	const unbookedUnit = new Float64Array(n);
	for (let p = 0; p < n; p++) unbookedUnit[p] = mandatory[p] ? big : unbooked[p] / supply[p];

	const atSource = new Float64Array(n);
	for (let p = 0; p < n; p++) atSource[p] = supply[p];
	const flow = new Float64Array(nArcs);
	const spare = Float64Array.from(capacity);

	// Source edges: for each sink, its arcs sorted by the cost of taking a unit from S. Units
	// never return to S (that would close a cycle, and there are none), so a cursor suffices.
	const sourceArcs: Int32Array[] = [];
	const sourceKey = new Float64Array(nArcs);
	{
		const counts = new Int32Array(m);
		for (let k = 0; k < nArcs; k++) counts[arcSink[k]]++;
		for (let j = 0; j < m; j++) sourceArcs.push(new Int32Array(counts[j]));
		const fill = new Int32Array(m);
		for (let k = 0; k < nArcs; k++) {
			const j = arcSink[k];
			sourceArcs[j][fill[j]++] = k;
			sourceKey[k] = unit[k] - unbookedUnit[arcPatient[k]];
		}
		for (let j = 0; j < m; j++) sourceArcs[j].sort((a, b) => sourceKey[a] - sourceKey[b] || a - b);
	}
	const cursor = new Int32Array(m);
	const sourceTop = (j: number): number => {
		const list = sourceArcs[j];
		let c = cursor[j];
		while (c < list.length && atSource[arcPatient[list[c]]] <= 0) c++;
		cursor[j] = c;
		return c < list.length ? list[c] : -1;
	};

	// Sink-to-sink edges: for v → w, the cheapest arc pair (p in v, p may go to w).
	const members: number[][] = Array.from({ length: m }, () => []);
	const memberPos = new Int32Array(nArcs).fill(-1);
	const bestKey = new Float64Array(m * m).fill(INF);
	const bestFrom = new Int32Array(m * m);
	const bestTo = new Int32Array(m * m);
	const dirty = new Uint8Array(m);
	const refresh = (v: number): void => {
		const row = v * m;
		bestKey.fill(INF, row, row + m);
		for (const k of members[v]) {
			const p = arcPatient[k];
			const base = unit[k];
			for (let k2 = arcStart[p]; k2 < arcStart[p + 1]; k2++) {
				const w = arcSink[k2];
				if (w === v) continue;
				const key = unit[k2] - base;
				if (key < bestKey[row + w]) {
					bestKey[row + w] = key;
					bestFrom[row + w] = k;
					bestTo[row + w] = k2;
				}
			}
		}
		dirty[v] = 0;
	};
	const addFlow = (k: number, delta: number): void => {
		const before = flow[k];
		flow[k] = before + delta;
		const j = arcSink[k];
		if (before <= 0 && flow[k] > 0) {
			memberPos[k] = members[j].length;
			members[j].push(k);
			dirty[j] = 1;
		} else if (before > 0 && flow[k] <= 0) {
			flow[k] = 0;
			const list = members[j];
			const pos = memberPos[k];
			const last = list[list.length - 1];
			list[pos] = last;
			memberPos[last] = pos;
			list.pop();
			memberPos[k] = -1;
			dirty[j] = 1;
		}
	};

	// Node m is the super-sink T that every sink with room reaches at cost 0; the search stops
	// when T is settled, and its predecessor is the sink the unit goes into.
	const T = m;
	const phi = new Float64Array(m + 1);
	phi[T] = 0;
	for (let j = 0; j < m; j++) {
		const k = sourceTop(j);
		phi[j] = k >= 0 ? sourceKey[k] : 0;
		phi[T] = Math.min(phi[T], phi[j]);
	}

	const dist = new Float64Array(m + 1);
	const settled = new Uint8Array(m + 1);
	const predSink = new Int32Array(m + 1);
	const predFrom = new Int32Array(m);
	const predTo = new Int32Array(m);

	/** Dijkstra from S over sinks and T; returns true when T was reached. */
	// Unsettled nodes are kept in a compact list, so each step scans only those.
	const openList = new Int32Array(m + 1);
	const shortestPaths = (stopAtT: boolean): boolean => {
		dist.fill(INF);
		settled.fill(0);
		let open = 0;
		for (let j = 0; j < m; j++) {
			const k = sourceTop(j);
			if (k >= 0) {
				dist[j] = Math.max(0, sourceKey[k] - phi[j]);
				predSink[j] = -1;
				predTo[j] = k;
			}
			openList[open++] = j;
		}
		openList[open++] = T;
		// The node to settle next: the open one nearest S. After the first, it is found in the
		// same pass over the open nodes that relaxes their distances.
		const nearest = (): number => {
			let at = -1;
			let best = INF;
			for (let i = 0; i < open; i++) {
				const d = dist[openList[i]];
				if (d < best) {
					best = d;
					at = i;
				}
			}
			return at;
		};
		let at = nearest();
		while (at >= 0) {
			const v = openList[at];
			openList[at] = openList[--open];
			settled[v] = 1;
			if (v === T) {
				if (stopAtT) return true;
				at = nearest();
				continue;
			}
			const dv = dist[v];
			if (spare[v] > 0 && !settled[T]) {
				const nd = dv + Math.max(0, phi[v] - phi[T]);
				if (nd < dist[T]) {
					dist[T] = nd;
					predSink[T] = v;
				}
			}
			if (dirty[v]) refresh(v);
			const row = v * m;
			const base = dv + phi[v];
			let best = INF;
			at = -1;
			for (let i = 0; i < open; i++) {
				const w = openList[i];
				if (w !== T) {
					const key = bestKey[row + w];
					if (key !== INF) {
						const nd = Math.max(dv, base + key - phi[w]);
						if (nd < dist[w]) {
							dist[w] = nd;
							predSink[w] = v;
							predFrom[w] = bestFrom[row + w];
							predTo[w] = bestTo[row + w];
						}
					}
				}
				const d = dist[w];
				if (d < best) {
					best = d;
					at = i;
				}
			}
		}
		return settled[T] === 1;
	};

	/**
	 * Dual prices of the sinks from potentials that are valid on the whole residual graph, found
	 * by Bellman–Ford from a virtual root (no negative cycles exist, the flow being optimal for
	 * its value). Node m + 1 is the unplaced pool S, joined to T both ways once the flow is optimal
	 * so that its potential equals T's. Price = y(T) − y(j) when positive. Any prices >= 0 give a
	 * valid (Lagrangian) lower bound; these give the LP optimum when the search completed.
	 */
	const sinkPrices = (optimal: boolean): Float64Array => {
		const S = m + 1;
		const size = m + 2;
		const y = new Float64Array(size);
		const inQueue = new Uint8Array(size).fill(1);
		const queue: number[] = Array.from({ length: size }, (_, i) => i);
		let anyUnplaced = false;
		for (let p = 0; p < n; p++) if (atSource[p] > 0 && !mandatory[p]) anyUnplaced = true;
		const bump = new Float64Array(m).fill(INF);
		for (let j = 0; j < m; j++) {
			if (dirty[j]) refresh(j);
			for (const k of members[j]) {
				const p = arcPatient[k];
				if (!mandatory[p]) bump[j] = Math.min(bump[j], unbookedUnit[p] - unit[k]);
			}
		}
		const relax = (to: number, d: number): void => {
			if (d < y[to] - eps) {
				y[to] = d;
				if (!inQueue[to]) {
					inQueue[to] = 1;
					queue.push(to);
				}
			}
		};
		let steps = 0;
		const limit = size * size * 4 + 1000;
		for (let head = 0; head < queue.length; head++) {
			if (++steps > limit) return new Float64Array(m);
			const v = queue[head];
			inQueue[v] = 0;
			const yv = y[v];
			if (v === S) {
				for (let j = 0; j < m; j++) {
					const k = sourceTop(j);
					if (k >= 0) relax(j, yv + sourceKey[k]);
				}
				relax(T, yv);
			} else if (v === T) {
				for (let j = 0; j < m; j++) if (spare[j] < capacity[j]) relax(j, yv);
				if (optimal && anyUnplaced) relax(S, yv);
			} else {
				const row = v * m;
				for (let w = 0; w < m; w++) {
					const key = bestKey[row + w];
					if (key !== INF) relax(w, yv + key);
				}
				if (bump[v] !== INF) relax(S, yv + bump[v]);
				if (spare[v] > 0) relax(T, yv);
			}
		}
		const price = new Float64Array(m);
		for (let j = 0; j < m; j++) price[j] = Math.max(0, y[T] - y[j]);
		return price;
	};

	let complete = true;
	let augmentations = 0;
	for (;;) {
		if (
			options.deadline !== undefined &&
			(augmentations & 31) === 31 &&
			Date.now() > options.deadline
		) {
			complete = false;
			break;
		}
		if (!shortestPaths(true)) break;
		if (dist[T] + phi[T] >= -eps) break;
		const t = predSink[T];
		// Bottleneck: room at t, and the units each moved patient has where it moves from.
		let delta = spare[t];
		for (let w = t; ;) {
			const from = predSink[w];
			if (from < 0) {
				delta = Math.min(delta, atSource[arcPatient[predTo[w]]]);
				break;
			}
			delta = Math.min(delta, flow[predFrom[w]]);
			w = from;
		}
		for (let w = t; ;) {
			const from = predSink[w];
			if (from < 0) {
				atSource[arcPatient[predTo[w]]] -= delta;
				addFlow(predTo[w], delta);
				break;
			}
			addFlow(predFrom[w], -delta);
			addFlow(predTo[w], delta);
			w = from;
		}
		spare[t] -= delta;
		const dt = dist[T];
		for (let j = 0; j <= m; j++) phi[j] += Math.min(dist[j], dt);
		augmentations++;
	}

	const price = sinkPrices(complete);

	let value = 0;
	let bound = 0;
	const unrouted: number[] = [];
	for (let p = 0; p < n; p++) {
		let best = mandatory[p] ? INF : unbooked[p];
		for (let k = arcStart[p]; k < arcStart[p + 1]; k++) {
			value += flow[k] * unit[k];
			best = Math.min(best, arcCost[k] + supply[p] * price[arcSink[k]]);
		}
		bound += best;
		if (atSource[p] > 0) {
			if (mandatory[p]) unrouted.push(p);
			else value += atSource[p] * unbookedUnit[p];
		}
	}
	for (let j = 0; j < m; j++) bound -= capacity[j] * price[j];

	return { flow, unplaced: atSource, value, bound, complete, unrouted, augmentations, price };
}
