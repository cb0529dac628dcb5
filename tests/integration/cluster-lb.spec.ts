/**
 * The load balancer: deploy/haproxy.cfg is valid as committed and as `npm run cluster` fills it,
 * and a cluster of two instances behind HAProxy answers /healthz through it, round-robin, and
 * keeps answering when one instance is killed with SIGKILL (the request goes to the other) until
 * the restarted instance is back in the rotation.
 *
 * The instances run tests/chaos/boardServer.ts (the production services without SvelteKit), as
 * `npm run test:unit` runs before the build. The cluster needs PostgreSQL, so it runs in the
 * PostgreSQL pass (TEST_DATABASE_URL); everything here needs HAProxy (Debian: `haproxy`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	fillHaproxyConfig,
	haproxyBinary,
	HAPROXY_TEMPLATE,
	startLocalCluster,
	type LocalCluster
} from '../../scripts/cluster';
import { FORWARDED_HEADER } from '../../src/lib/server/planner/boardOwner';
import { freePort } from '../chaos/serverProcess';
import { createPostgresDatabase } from './databases';
import { dropPrefix, ensureRedis, testRedisPrefix } from './redis';

const haproxy = haproxyBinary();
const pgUrl = process.env.TEST_DATABASE_URL;
if (!haproxy)
	console.warn('cluster-lb: skipped, HAProxy is not installed (apt-get install haproxy)');
else if (!pgUrl) console.warn('cluster-lb: the two-instance cluster needs TEST_DATABASE_URL');

function check(config: string): { status: number | null; output: string } {
	const result = spawnSync(haproxy!, ['-c', '-f', config], { encoding: 'utf8' });
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(!haproxy)('deploy/haproxy.cfg', () => {
	it('is valid as committed', () => {
		const result = check(HAPROXY_TEMPLATE);
		expect(result.status, result.output).toBe(0);
	});

	it('is valid with the server lines npm run cluster writes', () => {
		const dir = mkdtempSync(join(tmpdir(), 'ww-lb-'));
		try {
			const filled = fillHaproxyConfig(readFileSync(HAPROXY_TEMPLATE, 'utf8'), [
				{ id: 'inst1', address: '127.0.0.1:3101' },
				{ id: 'inst2', address: '127.0.0.1:3102' }
			]);
			expect(filled).toMatch(/^\tserver inst2 127\.0\.0\.1:3102$/m);
			writeFileSync(join(dir, 'haproxy.cfg'), filled);
			const result = check(join(dir, 'haproxy.cfg'));
			expect(result.status, result.output).toBe(0);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe.skipIf(!haproxy)('HAProxy in front of an instance', () => {
	it('drops the header instances use between themselves, so a client cannot send it', async () => {
		// A stand-in instance that answers the health check and echoes the headers it was sent.
		const seen: IncomingHttpHeaders[] = [];
		const instance = createServer((req, res) => {
			if (req.url === '/healthz') {
				res.setHeader('content-type', 'application/json');
				res.end('{"status":"ok"}');
				return;
			}
			seen.push(req.headers);
			res.end('seen');
		});
		await new Promise<void>((r) => instance.listen(0, '127.0.0.1', r));
		const { port: instancePort } = instance.address() as AddressInfo;
		const dir = mkdtempSync(join(tmpdir(), 'ww-lb-header-'));
		const lbPort = await freePort();
		writeFileSync(
			join(dir, 'haproxy.cfg'),
			fillHaproxyConfig(readFileSync(HAPROXY_TEMPLATE, 'utf8'), [
				{ id: 'inst1', address: `127.0.0.1:${instancePort}` }
			])
		);
		const lb = spawn(haproxy!, ['-db', '-f', join(dir, 'haproxy.cfg')], {
			env: {
				...process.env,
				WAITWISE_LB_BIND: `127.0.0.1:${lbPort}`,
				WAITWISE_LB_STATS: `127.0.0.1:${await freePort()}`
			},
			stdio: 'ignore'
		});
		try {
			await expect
				.poll(
					() =>
						fetch(`http://127.0.0.1:${lbPort}/ping`).then(
							(r) => r.status,
							() => 0
						),
					{
						timeout: 10_000
					}
				)
				.toBe(200);
			const res = await fetch(`http://127.0.0.1:${lbPort}/ping`, {
				headers: { [FORWARDED_HEADER]: 'inst2', 'x-something-else': 'kept' }
			});
			expect(await res.text()).toBe('seen');
			const last = seen.at(-1)!;
			expect(last['x-something-else']).toBe('kept');
			expect(last[FORWARDED_HEADER]).toBeUndefined();
		} finally {
			lb.kill('SIGKILL');
			await new Promise<void>((r) => instance.close(() => r()));
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe.skipIf(!haproxy || !pgUrl)('two instances behind HAProxy', () => {
	let cluster: LocalCluster | undefined;
	let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
	let redisUrl: string;
	const prefix = testRedisPrefix('lb');
	const dataDir = mkdtempSync(join(tmpdir(), 'ww-lb-cluster-'));
	const output: string[] = [];

	beforeAll(async () => {
		redisUrl = await ensureRedis();
		database = await createPostgresDatabase(pgUrl!, 'ww_lb');
		cluster = await startLocalCluster({
			instances: 2,
			port: await freePort(),
			firstInstancePort: 'free',
			databaseUrl: database.url,
			redisUrl,
			prefix,
			entry: 'tests/chaos/boardServer.ts',
			demo: false,
			dataDir,
			log: (line) => output.push(line)
		});
	}, 90_000);

	afterAll(async () => {
		await cluster?.stop();
		await database?.drop();
		await dropPrefix(redisUrl, prefix);
		rmSync(dataDir, { recursive: true, force: true });
	}, 60_000);

	/** GET /healthz through the load balancer: its status, body and the instance that answered. */
	async function healthz() {
		const res = await fetch(`${cluster!.url}/healthz`);
		const body = (await res.json()) as { status: string };
		return { status: res.status, body: body.status, by: res.headers.get('x-waitwise-instance') };
	}

	it('answers /healthz from every instance in turn', async () => {
		const answers = [await healthz(), await healthz(), await healthz(), await healthz()];
		expect(answers.map((a) => [a.status, a.body])).toEqual(Array(4).fill([200, 'ok']));
		expect(new Set(answers.map((a) => a.by))).toEqual(new Set(['inst1', 'inst2']));
	});

	it('sends every request to the survivor when one instance is killed, and the restarted one back in', async () => {
		const [first] = cluster!.instances;
		await first.kill();
		// at once, before any health check has noticed: a refused connection is retried elsewhere
		const during = [];
		for (let i = 0; i < 6; i++) during.push(await healthz());
		expect(
			during.map((a) => [a.status, a.by]),
			output.slice(-20).join('\n')
		).toEqual(Array(6).fill([200, 'inst2']));

		await first.restart();
		await expect
			.poll(async () => (await healthz()).by, { timeout: 20_000, interval: 100 })
			.toBe('inst1');
	}, 60_000);
});
