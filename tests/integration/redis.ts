/**
 * Redis for the tests that need it: the machine's (TEST_REDIS_URL, else 127.0.0.1:6379), started
 * with the same command as the machine's when it is not running. Each caller gets its own
 * REDIS_PREFIX, so test runs sharing one Redis never see each other's keys.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at `url` (no retries). */
export async function answers(url: string): Promise<boolean> {
	const redis = new Redis(url, {
		lazyConnect: true,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null
	});
	redis.on('error', () => {});
	try {
		await redis.connect();
		return (await redis.ping()) === 'PONG';
	} catch {
		return false;
	} finally {
		redis.disconnect();
	}
}

/** Makes sure Redis answers at TEST_REDIS_URL (starting the local one if it is the default). */
export async function ensureRedis(): Promise<string> {
	if (await answers(TEST_REDIS_URL)) return TEST_REDIS_URL;
	if (process.env.TEST_REDIS_URL) throw new Error(`Redis does not answer at ${TEST_REDIS_URL}`);
	mkdirSync('/var/lib/redis', { recursive: true });
	mkdirSync('/var/log/redis', { recursive: true });
	execFileSync('redis-server', [
		'--daemonize',
		'yes',
		'--bind',
		'127.0.0.1',
		'-::1',
		'--port',
		'6379',
		'--save',
		'',
		'--appendonly',
		'no',
		'--dir',
		'/var/lib/redis',
		'--logfile',
		'/var/log/redis/ci.log'
	]);
	for (let i = 0; i < 50; i++) {
		if (await answers(TEST_REDIS_URL)) return TEST_REDIS_URL;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('Redis did not start on 127.0.0.1:6379');
}

/** A prefix of the test's own (REDIS_PREFIX), so runs sharing one Redis do not meet. */
export function testRedisPrefix(name: string): string {
	return `waitwise-test-${name}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under a prefix (after a test). */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
	const redis = new Redis(url);
	try {
		let cursor = '0';
		do {
			const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
			cursor = next;
			if (keys.length) await redis.del(...keys);
		} while (cursor !== '0');
	} finally {
		redis.disconnect();
	}
}
