/**
 * The relay between instances (cluster/relay.ts) on real Redis: a message sent by one instance
 * reaches every other instance's listener once, and never comes back to the sender (which
 * delivered it to its own listeners itself); without a cluster, sending does nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster, startCluster, type Cluster } from '../../src/lib/server/cluster/redis';
import { relay } from '../../src/lib/server/cluster/relay';
import { dropPrefix, ensureRedis, testRedisPrefix } from './redis';

const isNote = (m: unknown): m is { n: number } =>
	typeof (m as { n?: unknown } | null)?.n === 'number';

describe('the relay between instances', () => {
	let url: string;
	let a: Cluster;
	let b: Cluster;
	const prefix = testRedisPrefix('relay');

	beforeAll(async () => {
		url = await ensureRedis();
	});
	afterAll(async () => {
		await Promise.all([a?.close(), b?.close()]);
		await dropPrefix(url, prefix);
	});

	it('sends nothing in single-instance mode', () => {
		expect(cluster()).toBeUndefined();
		expect(() => relay('notes', isNote).send({ n: 0 })).not.toThrow();
	});

	it('hands a message to the other instances once, and not back to the sender', async () => {
		const notes = relay('notes', isNote);
		a = await startCluster({ redisUrl: url, prefix, instanceId: 'a' }, () => {});
		b = await startCluster({ redisUrl: url, prefix, instanceId: 'b' }, () => {});
		// the registry holds the last started: b is "this instance" for `send`
		expect(cluster()).toBe(b);
		const heard: string[] = [];
		const offA = notes.follow(a, (m) => heard.push(`a:${m.n}`));
		const offB = notes.follow(b, (m) => heard.push(`b:${m.n}`));
		// and a stranger's message on the channel is refused, not handed on
		const raw = a.subscribe('notes', () => heard.push('raw'));
		await new Promise((r) => setTimeout(r, 100)); // subscriptions are asynchronous
		await a.publish('notes', { from: 'c', message: { nope: true } });
		notes.send({ n: 1 });
		notes.send({ n: 2 });
		await expect.poll(() => heard.filter((h) => h === 'a:2').length).toBe(1);
		expect(heard).toEqual(['raw', 'a:1', 'raw', 'a:2', 'raw']);
		offA();
		offB();
		raw();
	});
});
