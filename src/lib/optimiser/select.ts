/**
 * Candidate selection for the knapsacks: a session of `room` minutes holds at most
 * floor(room / d) patients of length d, so only that many of the best candidates of each length
 * can be in an optimal filling. Keeping just those, without allocating per candidate, is what
 * makes the knapsack moves cheap enough to run thousands of times.
 */
export class TopByLength {
	private readonly index = new Map<number, number>();
	readonly lengths: number[];
	private readonly ids: Int32Array[];
	private readonly ranks: Float64Array[];
	private readonly counts: Int32Array;
	private readonly caps: Int32Array;
	private readonly maxPerLength: number;

	constructor(lengths: Iterable<number>, maxPerLength: number) {
		this.lengths = [...new Set(lengths)].sort((a, b) => a - b);
		this.lengths.forEach((d, i) => this.index.set(d, i));
		this.ids = this.lengths.map(() => new Int32Array(maxPerLength));
		this.ranks = this.lengths.map(() => new Float64Array(maxPerLength));
		this.counts = new Int32Array(this.lengths.length);
		this.caps = new Int32Array(this.lengths.length);
		this.maxPerLength = maxPerLength;
	}

	/** Starts a selection for `room` minutes (as many per length as could fit, within the maximum). */
	reset(room: number): void {
		this.counts.fill(0);
		for (let i = 0; i < this.lengths.length; i++) {
			this.caps[i] = Math.min(this.maxPerLength, Math.max(0, Math.floor(room / this.lengths[i])));
		}
	}

	/**
	 * Offers candidate p of the given length; kept if among the best by `rank` (higher first).
	 * True when kept (for now: a better candidate may push it out later).
	 */
	offer(p: number, length: number, rank: number): boolean {
		const i = this.index.get(length);
		if (i === undefined) return false;
		const cap = this.caps[i];
		if (cap === 0) return false;
		const ids = this.ids[i];
		const ranks = this.ranks[i];
		let n = this.counts[i];
		if (n === cap) {
			if (rank <= ranks[n - 1]) return false;
			n--;
		} else this.counts[i] = n + 1;
		// Insertion into a short list sorted by rank, descending; ties keep arrival order.
		let k = n;
		while (k > 0 && ranks[k - 1] < rank) {
			ranks[k] = ranks[k - 1];
			ids[k] = ids[k - 1];
			k--;
		}
		ranks[k] = rank;
		ids[k] = p;
		return true;
	}

	/** The kept candidates, best first within each length. */
	forEach(visit: (p: number, length: number, rank: number) => void): void {
		for (let i = 0; i < this.lengths.length; i++) {
			for (let k = 0; k < this.counts[i]; k++)
				visit(this.ids[i][k], this.lengths[i], this.ranks[i][k]);
		}
	}

	size(): number {
		let total = 0;
		for (let i = 0; i < this.lengths.length; i++) total += this.counts[i];
		return total;
	}
}

/**
 * 0/1 knapsack over `count` items (weights already divided by their common divisor): returns the
 * best value within `capacity` and marks the chosen items in `chosen`.
 */
export function solveKnapsack(
	weights: ArrayLike<number>,
	values: ArrayLike<number>,
	count: number,
	capacity: number,
	chosen: Uint8Array
): number {
	chosen.fill(0, 0, count);
	if (count === 0 || capacity <= 0) return 0;
	const stride = capacity + 1;
	const best = new Float64Array(stride);
	const take = new Uint8Array(count * stride);
	for (let i = 0; i < count; i++) {
		const w0 = weights[i];
		const v = values[i];
		const base = i * stride;
		for (let w = capacity; w >= w0; w--) {
			const candidate = best[w - w0] + v;
			if (candidate > best[w]) {
				best[w] = candidate;
				take[base + w] = 1;
			}
		}
	}
	for (let i = count - 1, w = capacity; i >= 0; i--) {
		if (take[i * stride + w]) {
			chosen[i] = 1;
			w -= weights[i];
		}
	}
	return best[capacity];
}

export function gcd(a: number, b: number): number {
	while (b !== 0) {
		const t = a % b;
		a = b;
		b = t;
	}
	return a;
}
