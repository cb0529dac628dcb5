/**
 * Issue 17: the confirm and resolve routes act on the loaded room, so an instance that does not
 * own the board hands the request to the owner (`ownerAnswer`), real Redis for the lease and a
 * real HTTP server standing in for the owner instance.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../src/lib/server/cluster/redis';
import { FORWARDED_HEADER, ownerAnswer } from '../../src/lib/server/planner/boardOwner';
import { dropPrefix, ensureRedis, testRedisPrefix } from './redis';

describe('a board route on an instance that does not own the board', () => {
	const prefix = testRedisPrefix('owner-answer');
	let url: string;
	let here: Cluster;
	let owner: Server;
	let ownerUrl: string;
	const heard: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];

	beforeAll(async () => {
		url = await ensureRedis();
		here = await startCluster({ redisUrl: url, prefix, instanceId: 'here' }, () => {});
		owner = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString()));
			req.on('end', () => {
				heard.push({ method: req.method, url: req.url, headers: req.headers, body });
				res.writeHead(409, { 'content-type': 'application/json', 'x-other': 'not copied' });
				res.end(JSON.stringify({ message: 'from the owner' }));
			});
		});
		await new Promise<void>((resolve) => owner.listen(0, '127.0.0.1', resolve));
		ownerUrl = `http://127.0.0.1:${(owner.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await here?.close();
		await new Promise((resolve) => owner?.close(resolve));
		await dropPrefix(url, prefix);
	});

	const confirm = (boardId: number, headers: Record<string, string> = {}) =>
		new Request(`http://waitwise.test/api/boards/${boardId}/confirm?x=1`, {
			method: 'POST',
			headers: {
				cookie: 'waitwise_session=abc',
				origin: 'http://waitwise.test',
				'content-type': 'application/json',
				...headers
			},
			body: JSON.stringify({ pathwayIds: [7] })
		});

	it('acts itself when no instance owns the board (its roomFor takes it)', async () => {
		expect(await ownerAnswer(confirm(41), 41)).toBeNull();
	});

	it('acts itself when it holds the lease', async () => {
		await here.redis.set(here.key('board', 42, 'owner'), `here http://127.0.0.1:1`, 'PX', 5000);
		expect(await ownerAnswer(confirm(42), 42)).toBeNull();
	});

	it("returns the owner's answer to the same request, cookie and body included", async () => {
		await here.redis.set(here.key('board', 43, 'owner'), `there ${ownerUrl}`, 'PX', 5000);
		const answer = await ownerAnswer(confirm(43), 43);
		expect(answer?.status).toBe(409);
		expect(await answer?.json()).toEqual({ message: 'from the owner' });
		expect(answer?.headers.get('x-other')).toBeNull();
		expect(heard).toHaveLength(1);
		expect(heard[0]).toMatchObject({
			method: 'POST',
			url: '/api/boards/43/confirm?x=1',
			body: JSON.stringify({ pathwayIds: [7] }),
			headers: {
				cookie: 'waitwise_session=abc',
				origin: 'http://waitwise.test',
				host: 'waitwise.test',
				[FORWARDED_HEADER]: 'here'
			}
		});
	});

	it('never sends on a request another instance sent it', async () => {
		await here.redis.set(here.key('board', 44, 'owner'), `there ${ownerUrl}`, 'PX', 5000);
		expect(await ownerAnswer(confirm(44, { [FORWARDED_HEADER]: 'there' }), 44)).toBeNull();
		expect(heard).toHaveLength(1);
	});

	it('answers 503 when the owner cannot be reached', async () => {
		await here.redis.set(here.key('board', 45, 'owner'), `gone http://127.0.0.1:1`, 'PX', 5000);
		await expect(ownerAnswer(confirm(45), 45)).rejects.toMatchObject({ kind: 'unavailable' });
	});
});
