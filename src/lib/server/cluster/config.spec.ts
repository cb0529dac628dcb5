import { describe, expect, it } from 'vitest';
import { clusterConfig, redisKey } from './config';

const pg = 'postgres://postgres@127.0.0.1:5432/test';

describe('clusterConfig', () => {
	it('is off without REDIS_URL, whatever the database', () => {
		expect(clusterConfig({})).toBeNull();
		expect(clusterConfig({ DATABASE_URL: pg, REDIS_URL: '  ' })).toBeNull();
	});

	it('reads the URL, the prefix and the instance name', () => {
		expect(
			clusterConfig({
				DATABASE_URL: pg,
				REDIS_URL: 'redis://127.0.0.1:6379',
				REDIS_PREFIX: 'trust-a',
				INSTANCE_ID: 'web-1'
			})
		).toEqual({ redisUrl: 'redis://127.0.0.1:6379', prefix: 'trust-a', instanceId: 'web-1' });
		const config = clusterConfig({ DATABASE_URL: pg, REDIS_URL: 'redis://r:6379' });
		expect(config?.prefix).toBe('waitwise');
		expect(config?.instanceId).toMatch(/-\d+-[0-9a-f]{6}$/);
	});

	it('refuses Redis beside an embedded database, with the reason', () => {
		expect(() => clusterConfig({ REDIS_URL: 'redis://r:6379' })).toThrow(
			/needs DATABASE_URL to point at PostgreSQL/
		);
		expect(() => clusterConfig({ REDIS_URL: 'redis://r:6379', DATABASE_URL: 'memory://' })).toThrow(
			/PostgreSQL/
		);
	});

	it('refuses a URL that is not Redis and a prefix that would split keys', () => {
		expect(() => clusterConfig({ DATABASE_URL: pg, REDIS_URL: 'http://r' })).toThrow(/redis:\/\//);
		expect(() =>
			clusterConfig({ DATABASE_URL: pg, REDIS_URL: 'redis://r', REDIS_PREFIX: 'a:b' })
		).toThrow(/REDIS_PREFIX/);
	});

	it('refuses an instance name with a space or a colon (it is written into leases and names)', () => {
		for (const INSTANCE_ID of ['web 1', 'web:1'])
			expect(() =>
				clusterConfig({ DATABASE_URL: pg, REDIS_URL: 'redis://r', INSTANCE_ID })
			).toThrow(/INSTANCE_ID may hold only letters, digits/);
	});

	it('names keys under the prefix', () => {
		expect(redisKey({ prefix: 'p' }, 'board', 7, 'owner')).toBe('p:board:7:owner');
	});
});
