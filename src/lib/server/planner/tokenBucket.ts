/** A token bucket: `burst` tokens at most, refilled at `perSecond`; `take` says whether they were there. */
export class TokenBucket {
	private tokens: number;
	private last = Date.now();

	constructor(
		private readonly burst: number,
		private readonly perSecond: number
	) {
		this.tokens = burst;
	}

	take(amount: number, now = Date.now()): boolean {
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
		this.last = now;
		this.tokens -= amount;
		return this.tokens >= 0;
	}
}
