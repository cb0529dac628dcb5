import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../src/lib/server/cluster/redis';
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

	it('names keys under its own prefix', () => {
		expect(a.key('board', 3)).toBe(`${prefix}:board:3`);
	});
});
