/**
 * A small seeded pseudo-random generator for the demo trust. The demo must be identical for the
 * same (seed, pathways, today) on every machine, so nothing here touches Math.random or the clock.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) passes PractRand to terabytes and
 * needs only 32-bit integer arithmetic, which JavaScript does exactly; its state is filled from the
 * seed with splitmix32 so that nearby seeds (1, 2, 3…) give unrelated streams.
 */
export class Random {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: number) {
		// Integers beyond 32 bits keep their high bits rather than being truncated away.
		let s = (seed >>> 0) ^ Math.floor(Math.abs(seed) / 2 ** 32);
		const splitmix32 = () => {
			s = (s + 0x9e3779b9) | 0;
			let z = s;
			z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
			z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
			return (z ^ (z >>> 16)) >>> 0;
		};
		this.a = splitmix32();
		this.b = splitmix32();
		this.c = splitmix32();
		this.d = splitmix32();
		for (let i = 0; i < 12; i++) this.uint32();
	}

	/**
	 * An independent stream for one part of the generator. Deriving it from the seed and a label,
	 * not from this stream's position, means a change to how one table is generated leaves every
	 * other table exactly as it was.
	 */
	static stream(seed: number, label: string): Random {
		// FNV-1a over the label, mixed with the seed.
		let h = 0x811c9dc5;
		for (let i = 0; i < label.length; i++) {
			h ^= label.charCodeAt(i);
			h = Math.imul(h, 0x01000193);
		}
		return new Random(((seed >>> 0) ^ h ^ Math.floor(Math.abs(seed) / 2 ** 32)) >>> 0);
	}

	uint32(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		return this.uint32() / 4294967296;
	}

	/** Uniform in [min, max). */
	uniform(min: number, max: number): number {
		return min + (max - min) * this.next();
	}

	/** A whole number from min to max inclusive. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new RangeError('pick from an empty list');
		return items[Math.floor(this.next() * items.length)];
	}

	/** One item, each with probability proportional to its weight. */
	weighted<T>(items: readonly T[], weights: readonly number[]): T {
		let total = 0;
		for (const w of weights) total += w;
		let r = this.next() * total;
		for (let i = 0; i < items.length; i++) {
			r -= weights[i];
			if (r < 0) return items[i];
		}
		return items[items.length - 1];
	}

	/** Normal deviate (Box–Muller). */
	normal(mean: number, sd: number): number {
		const u = 1 - this.next();
		const v = this.next();
		return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/** Gumbel deviate: adding one to log-weights and sorting draws a weighted order. */
	gumbel(): number {
		const u = (this.uint32() + 0.5) / 4294967296; // strictly inside (0, 1)
		return -Math.log(-Math.log(u));
	}

	/** Fisher–Yates, in place. */
	shuffle<T>(items: T[]): T[] {
		for (let i = items.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			const t = items[i];
			items[i] = items[j];
			items[j] = t;
		}
		return items;
	}
}
