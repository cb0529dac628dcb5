import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { followClusterChanges } from '../../src/lib/server/changes';
import { startCluster, type Cluster } from '../../src/lib/server/cluster/redis';
import { onDashboardsChanged } from '../../src/lib/server/dashboards/live';
import { dropPrefix, ensureRedis, testRedisPrefix } from './redis';

describe('the instances’ pub/sub on Redis', () => {
	let url: string;
	let a: Cluster;
	let b: Cluster;
	let other: Cluster;
	const prefix = testRedisPrefix('bus');

	beforeAll(async () => {
		url = await ensureRedis();
		a = await startCluster({ redisUrl: url, prefix, instanceId: 'a' }, () => {});
		b = await startCluster({ redisUrl: url, prefix, instanceId: 'b' }, () => {});
		other = await startCluster(
			{ redisUrl: url, prefix: `${prefix}-other`, instanceId: 'c' },
			() => {}
		);
	});
	afterAll(async () => {
		await Promise.all([a?.close(), b?.close(), other?.close()]);
		await dropPrefix(url, prefix);
	});

	it('delivers a message to every instance on the channel, and none under another prefix', async () => {
		const heard: string[] = [];
		const offA = a.subscribe('test', (m) => heard.push(`a:${JSON.stringify(m)}`));
		const offB = b.subscribe('test', (m) => heard.push(`b:${JSON.stringify(m)}`));
		const offOther = other.subscribe('test', (m) => heard.push(`other:${JSON.stringify(m)}`));
		await new Promise((r) => setTimeout(r, 100)); // subscriptions are asynchronous
		await a.publish('test', { n: 1 });
		await other.publish('elsewhere', { n: 2 });
		await expect.poll(() => heard.length).toBe(2);
		await new Promise((r) => setTimeout(r, 100));
		expect(heard.sort()).toEqual(['a:{"n":1}', 'b:{"n":1}']);
		offA();
		offB();
		offOther();
	});

	/** Cuts one instance's subscriber connection, as a Redis restart or a network blip would. */
	async function cutSubscriber(instanceId: string): Promise<void> {
		const admin = new Redis(url);
		try {
			const list = (await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
			const line = list
				.split('\n')
				.find((l) => l.includes(` name=${prefix}:${instanceId}:subscriber `));
			if (!line)
				throw new Error(`no subscriber connection named ${prefix}:${instanceId}:subscriber`);
			await admin.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(line)![1]);
		} finally {
			admin.disconnect();
		}
	}

	it('hears messages again once its subscription is back, and tells its listeners', async () => {
		const heard: unknown[] = [];
		let back = 0;
		const off = b.subscribe('again', (m) => heard.push(m));
		const offBack = b.onResubscribed(() => back++);
		await new Promise((r) => setTimeout(r, 100));
		await cutSubscriber('b');
		await expect.poll(() => back, { timeout: 10_000 }).toBe(1);
		await a.publish('again', { n: 3 });
		await expect.poll(() => heard).toEqual([{ n: 3 }]);
		off();
		offBack();
	});

	it('takes everything as changed after its subscription was down: the dashboards recompute', async () => {
		const stale: string[][] = [];
		const offDashboards = onDashboardsChanged((scopes) => stale.push([...scopes].sort()));
		const unfollow = followClusterChanges(b);
		try {
			await new Promise((r) => setTimeout(r, 100));
			await cutSubscriber('b');
			// the changes sent while it was down are gone; both kinds of figures are stale
			await expect.poll(() => stale, { timeout: 10_000 }).toEqual([['records', 'waitlist']]);
		} finally {
			unfollow();
			offDashboards();
		}
	});

	it('names keys under its own prefix', () => {
		expect(a.key('board', 3)).toBe(`${prefix}:board:3`);
	});
});
