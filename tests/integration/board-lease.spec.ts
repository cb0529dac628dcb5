/**
 * A board's lease (boardOwner.ts) on real Redis: an owner whose own event loop was held up for
 * longer than the renewal margin (a burst of work on a busy machine) keeps the board as long as
 * the lease is still its own in Redis; it steps down when another instance holds it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, type Cluster } from '../../src/lib/server/cluster/redis';
import { BoardLease, LEASE_MS } from '../../src/lib/server/planner/boardOwner';
import { dropPrefix, ensureRedis, testRedisPrefix } from './redis';

/** Holds this process's event loop, as a long synchronous burst of work would. */
function holdEventLoop(ms: number): void {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		// busy
	}
}

describe('a board lease on Redis', () => {
	let url: string;
	let cluster: Cluster;
	const prefix = testRedisPrefix('lease');

	beforeAll(async () => {
		url = await ensureRedis();
		cluster = await startCluster({ redisUrl: url, prefix, instanceId: 'a' }, () => {});
	});
	afterAll(async () => {
		await cluster?.close();
		await dropPrefix(url, prefix);
	});

	it('is kept through a held-up event loop while Redis still holds it for this instance', async () => {
		// The case: the owner sends a renewal, then its event loop is held up (a burst of work)
		// past the step-down margin; Redis renewed the lease, but the answer is still waiting
		// behind the hold when the first late tick runs. That tick must not drop the board.
		// Here the answer is held back for longer than a tick, so the tick comes first every time.
		const evalInRedis = cluster.redis.eval.bind(cluster.redis) as (
			...args: unknown[]
		) => Promise<unknown>;
		let renewals = 0;
		const spy = vi.spyOn(cluster.redis, 'eval').mockImplementation(((...args: unknown[]) => {
			const answer = evalInRedis(...args);
			if (!String(args[0]).includes('pexpire') || ++renewals > 1) return answer;
			setTimeout(() => holdEventLoop(LEASE_MS - 1000), 50); // ends just past the margin
			return answer.then((a) => new Promise((r) => setTimeout(() => r(a), 500)));
		}) as typeof cluster.redis.eval);
		try {
			const lease = await BoardLease.take(cluster, 1);
			let lost = false;
			lease.onLost = () => (lost = true);
			// a renewal after the hold, or the step-down, whichever comes first
			await expect.poll(() => lost || renewals > 1, { timeout: 10_000 }).toBe(true);
			expect(lost).toBe(false);
			await new Promise((r) => setTimeout(r, 1500)); // the ticks after it
			expect(lost).toBe(false);
			expect(await cluster.redis.get(cluster.key('board', 1, 'owner'))).toMatch(/^a /);
			lease.release();
			await expect.poll(() => cluster.redis.get(cluster.key('board', 1, 'owner'))).toBeNull();
		} finally {
			spy.mockRestore();
		}
	});

	it('steps down once another instance holds it', async () => {
		const lease = await BoardLease.take(cluster, 2);
		let lost = false;
		lease.onLost = () => (lost = true);
		await cluster.redis.set(cluster.key('board', 2, 'owner'), 'b http://elsewhere');
		await expect.poll(() => lost, { timeout: 5000 }).toBe(true);
		expect(await cluster.redis.get(cluster.key('board', 2, 'owner'))).toBe('b http://elsewhere');
	});
});
