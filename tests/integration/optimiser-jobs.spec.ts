/**
 * Optimiser jobs and proposals across instances: a job queued by one instance is run by
 * another's queue worker (BullMQ on real Redis), progress and the outcome reach the user, and
 * the proposal is kept in the shared PostgreSQL, where every instance reads it, a restart does
 * not lose it and an hour ends it. The single-instance path (no Redis) keeps proposals the same.
 */
import { startRedisServer } from '../chaos/redisServer';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type OpenDatabase } from '../../db';
import { proposals } from '../../db/schema';
import {
	OPTIMISER_QUEUE,
	startOptimiserService,
	type RunningOptimiser
} from '../../server/optimiser';
import type { PlanningProblem } from '../../src/lib/domain/planning/problem';
import { generateProblem } from '../../src/lib/optimiser/generate';
import { startCluster, type Cluster } from '../../src/lib/server/cluster/redis';
import type { ProposalJob } from '../../src/lib/server/planner/optimiserService';
import {
	getProposal,
	keepProposal,
	type ProposalNotify
} from '../../src/lib/server/planner/proposalJob';
import { createPostgresDatabase, SHARED_POSTGRES_URL } from './databases';
import { addEntBoard, addTestSite, addUser } from './fixtures';
import { dropPrefix, ensureRedis, testRedisPrefix } from './redis';

/** Five patients for two clinics: solved in well under the second it is given. */
const PROBLEM: PlanningProblem = {
	version: 1,
	horizon: { start: '2026-01-05', end: '2026-01-11' },
	sessions: [
		{ id: '11', date: '2026-01-06', minutes: 60, specialty: '120' },
		{ id: '12', date: '2026-01-08', minutes: 60, specialty: '120' }
	],
	patients: [
		{ id: '1', specialty: '120', durationMinutes: 30, clockStart: '2025-06-01' },
		{ id: '2', specialty: '120', durationMinutes: 30, clockStart: '2025-10-01' },
		{ id: '3', specialty: '120', durationMinutes: 30, clockStart: '2025-12-20' },
		{ id: '4', specialty: '120', durationMinutes: 30, clockStart: '2025-11-20' },
		{ id: '5', specialty: '120', durationMinutes: 30, clockStart: '2025-09-20' }
	]
};

function proposalJob(boardId: number, userId: number, problem = PROBLEM): ProposalJob {
	return {
		proposalId: randomUUID(),
		boardId,
		userId,
		requestedAt: new Date().toISOString(),
		problem,
		options: { timeLimitSeconds: 1, seed: 1 },
		current: [[1, 12]],
		pathways: [1, 2, 3, 4, 5].map((id) => ({ id, name: `PATIENT ${id}`, priority: null })),
		specialtyName: 'ENT'
	};
}

interface Heard {
	instance: string;
	userId: number;
	event: string;
	payload: { proposalId: string };
}

function listener(heard: Heard[], instance: string): ProposalNotify {
	return (userId, event, payload) => heard.push({ instance, userId, event, payload });
}

const of = (heard: Heard[], proposalId: string) =>
	heard.filter((h) => h.payload.proposalId === proposalId);

/** Submits a job and waits until the user hears it ended (`proposal:ready` or `:failed`). */
async function settle(
	optimiser: RunningOptimiser,
	job: ProposalJob,
	heard: Heard[],
	end: 'proposal:ready' | 'proposal:failed' = 'proposal:ready'
): Promise<void> {
	await optimiser.service.submit(job);
	await expect
		.poll(() => of(heard, job.proposalId).some((h) => h.event === end), { timeout: 30_000 })
		.toBe(true);
}

describe('optimiser jobs across instances (BullMQ on Redis, proposals in PostgreSQL)', () => {
	let redisUrl: string;
	const prefix = testRedisPrefix('jobs');
	let pg: { url: string; drop(): Promise<void> };
	let openA: OpenDatabase;
	let openB: OpenDatabase;
	let clusterA: Cluster;
	let clusterB: Cluster;
	let a: RunningOptimiser;
	let b: RunningOptimiser;
	let boardId: number;
	let userId: number;
	const heard: Heard[] = [];

	beforeAll(async () => {
		redisUrl = await ensureRedis();
		pg = await createPostgresDatabase(SHARED_POSTGRES_URL, 'ww_jobs');
		openA = await connect(pg.url, { max: 4 });
		openB = await connect(pg.url, { max: 4 });
		await addTestSite(openA);
		boardId = await addEntBoard(openA);
		userId = (await addUser(openA, 'coordinator', 'Cara Coordinator', 'jobs.test')).id;
		clusterA = await startCluster({ redisUrl, prefix, instanceId: 'a' }, () => {});
		clusterB = await startCluster({ redisUrl, prefix, instanceId: 'b' }, () => {});
		// A only queues, so whatever runs a job it was given is B
		a = startOptimiserService({
			db: openA.db,
			cluster: clusterA,
			notify: listener(heard, 'a'),
			runsJobs: false
		});
		b = startOptimiserService({ db: openB.db, cluster: clusterB, notify: listener(heard, 'b') });
	}, 60_000);

	afterAll(async () => {
		await a?.close();
		await b?.close();
		await Promise.all([clusterA?.close(), clusterB?.close()]);
		await Promise.all([openA?.close(), openB?.close()]);
		await pg?.drop();
		if (redisUrl) await dropPrefix(redisUrl, prefix);
	}, 60_000);

	it('runs a job one instance queued on another, tells the user, keeps the proposal where both read it', async () => {
		const job = proposalJob(boardId, userId);
		await settle(a, job, heard);
		const events = of(heard, job.proposalId);
		expect(events.every((h) => h.instance === 'b' && h.userId === userId)).toBe(true);
		expect(events.filter((h) => h.event === 'proposal:progress').length).toBeGreaterThan(0);
		expect(events.filter((h) => h.event === 'proposal:ready')).toHaveLength(1);
		expect(events.some((h) => h.event === 'proposal:failed')).toBe(false);

		const queue = new Queue(OPTIMISER_QUEUE, { connection: { url: redisUrl }, prefix });
		try {
			const ran = await queue.getJob(job.proposalId);
			expect(ran?.processedBy).toBe('b');
			expect(ran?.progress).toBe(100);
		} finally {
			await queue.close();
		}

		// the instance that queued it (and served the request) reads what the other kept
		const proposal = await getProposal(openA.db, boardId, job.proposalId);
		expect(proposal).toMatchObject({ id: job.proposalId, boardId, status: 'optimal' });
		expect(proposal!.after.booked).toBe(4);
		// patient 1 stays in clinic 12 or moves; either way its line names it
		expect(proposal!.moves.every((m) => m.name.startsWith('PATIENT '))).toBe(true);
		// another board's address does not reach it, nor does a malformed id
		expect(await getProposal(openA.db, boardId + 1, job.proposalId)).toBeUndefined();
		expect(await getProposal(openA.db, boardId, 'not-a-uuid')).toBeUndefined();
		// and its audit entry is written once
		const audit = await openA.query<{ n: number }>(
			`select count(*)::int as n from audit_log where action = 'propose-plan' and "after"->>'proposalId' = $1`,
			[job.proposalId]
		);
		expect(audit[0].n).toBe(1);
	}, 60_000);

	it('fails a problem the solver refuses once, telling the user, without trying it again', async () => {
		const bad = proposalJob(boardId, userId, {
			...PROBLEM,
			patients: [{ id: '1', specialty: '120', durationMinutes: -30, clockStart: 'never' }]
		});
		await settle(a, bad, heard, 'proposal:failed');
		const queue = new Queue(OPTIMISER_QUEUE, { connection: { url: redisUrl }, prefix });
		try {
			const failed = await queue.getJob(bad.proposalId);
			expect(await failed?.getState()).toBe('failed');
			expect(failed?.attemptsMade).toBe(1);
		} finally {
			await queue.close();
		}
		expect(of(heard, bad.proposalId).filter((h) => h.event === 'proposal:failed')).toHaveLength(1);
		expect(await getProposal(openA.db, boardId, bad.proposalId)).toBeUndefined();
	}, 60_000);

	it('keeps a proposal across a restart of every service and the database connections', async () => {
		const job = proposalJob(boardId, userId);
		await settle(a, job, heard);
		await a.close();
		await b.close();
		await openB.close();
		openB = await connect(pg.url, { max: 2 });
		b = startOptimiserService({ db: openB.db, cluster: clusterB, notify: listener(heard, 'b') });
		a = startOptimiserService({ db: openA.db, cluster: clusterA, runsJobs: false });
		expect(await getProposal(openB.db, boardId, job.proposalId)).toMatchObject({
			id: job.proposalId
		});
	}, 60_000);

	it('ends a proposal after its hour, and the next one kept deletes it', async () => {
		const job = proposalJob(boardId, userId);
		await settle(a, job, heard);
		const kept = (await getProposal(openA.db, boardId, job.proposalId))!;
		expect(kept).toBeDefined();
		// an hour on, as far as the table can tell
		await openA.query(
			`update proposals set expires_at = now() - interval '1 second' where id = $1`,
			[job.proposalId]
		);
		expect(await getProposal(openA.db, boardId, job.proposalId)).toBeUndefined();
		await keepProposal(openB.db, { ...kept, id: randomUUID() }, userId);
		const rows = await openA.db.select({ id: proposals.id }).from(proposals);
		expect(rows.map((r) => r.id)).not.toContain(job.proposalId);
		expect(rows.length).toBeGreaterThan(0);
	}, 60_000);
});

describe('an optimiser job whose instance is killed', () => {
	const prefix = testRedisPrefix('takeover');
	let redisUrl: string;
	let pg: { url: string; drop(): Promise<void> };
	let open: OpenDatabase;
	let cluster: Cluster;
	let taker: RunningOptimiser | undefined;
	let child: ReturnType<typeof spawn> | undefined;

	beforeAll(async () => {
		redisUrl = await ensureRedis();
		pg = await createPostgresDatabase(SHARED_POSTGRES_URL, 'ww_jobs');
		open = await connect(pg.url, { max: 4 });
		cluster = await startCluster({ redisUrl, prefix, instanceId: 'taker' }, () => {});
	}, 60_000);

	afterAll(async () => {
		child?.kill('SIGKILL');
		await taker?.close();
		await cluster?.close();
		await open?.close();
		await pg?.drop();
		if (redisUrl) await dropPrefix(redisUrl, prefix);
	}, 60_000);

	it('is taken over by another instance once its lock lapses, and its proposal kept once', async () => {
		await addTestSite(open);
		const boardId = await addEntBoard(open);
		const userId = (await addUser(open, 'coordinator', 'Cara Coordinator', 'kill.test')).id;

		// the instance that will die: a real process, its queue worker holding a 1-second lock
		child = spawn(
			process.execPath,
			['--import', 'tsx', fileURLToPath(new URL('./optimiserInstance.ts', import.meta.url))],
			{
				cwd: fileURLToPath(new URL('../../', import.meta.url)),
				stdio: ['ignore', 'pipe', 'inherit'],
				env: {
					...process.env,
					REDIS_URL: redisUrl,
					REDIS_PREFIX: prefix,
					DATABASE_URL: pg.url,
					INSTANCE_ID: 'doomed',
					LOCK_MS: '1000',
					VITEST: undefined
				}
			}
		);
		const exited = new Promise((resolve) => child!.once('exit', resolve));
		await new Promise<void>((resolve, reject) => {
			createInterface({ input: child!.stdout! }).on('line', (line) => {
				if (line === 'ready') resolve();
			});
			child!.once('exit', (code) => reject(new Error(`the instance exited (${code})`)));
		});

		// queued from here, which runs no jobs: the child takes it and is killed while solving
		const heard: Heard[] = [];
		const queuer = startOptimiserService({ db: open.db, cluster, runsJobs: false });
		// a problem big enough to run to its time limit
		const job = {
			...proposalJob(
				boardId,
				userId,
				generateProblem({ patients: 150, kind: 'clinic', seed: 2 }).problem
			),
			options: { timeLimitSeconds: 3, seed: 1 }
		};
		await queuer.service.submit(job);
		const queue = new Queue(OPTIMISER_QUEUE, { connection: { url: redisUrl }, prefix });
		try {
			await expect
				.poll(async () => (await queue.getJob(job.proposalId))?.processedBy, {
					timeout: 30_000,
					interval: 50
				})
				.toBe('doomed');
			expect(await (await queue.getJob(job.proposalId))!.getState()).toBe('active');
			child.kill('SIGKILL');
			await exited;
			await queuer.close();

			taker = startOptimiserService({
				db: open.db,
				cluster,
				notify: listener(heard, 'taker'),
				lockMs: 1000
			});
			await expect
				.poll(() => of(heard, job.proposalId).some((h) => h.event === 'proposal:ready'), {
					timeout: 30_000
				})
				.toBe(true);
			const ran = await queue.getJob(job.proposalId);
			expect(ran?.processedBy).toBe('taker');
			expect(ran?.stalledCounter).toBe(1);
		} finally {
			await queue.close();
		}
		expect(await getProposal(open.db, boardId, job.proposalId)).toMatchObject({
			id: job.proposalId,
			boardId
		});
		const audit = await open.query<{ n: number }>(
			`select count(*)::int as n from audit_log where action = 'propose-plan' and "after"->>'proposalId' = $1`,
			[job.proposalId]
		);
		expect(audit[0].n).toBe(1);
	}, 90_000);
});

describe('optimiser jobs on one instance (no Redis)', () => {
	it('solves in this process and keeps the proposal in the embedded database', async () => {
		const open = await connect('memory://');
		const heard: Heard[] = [];
		const one = startOptimiserService({ db: open.db, notify: listener(heard, 'one') });
		try {
			await addTestSite(open);
			const boardId = await addEntBoard(open);
			const userId = (await addUser(open, 'coordinator', 'Cara Coordinator', 'one.test')).id;
			const job = proposalJob(boardId, userId);
			await settle(one, job, heard);
			expect(heard.some((h) => h.event === 'proposal:progress')).toBe(true);
			expect(await getProposal(open.db, boardId, job.proposalId)).toMatchObject({
				id: job.proposalId,
				boardId
			});
		} finally {
			await one.close();
			await open.close();
		}
	}, 60_000);
});

describe('queueing a job while Redis is out of reach', () => {
	it('refuses the request with a reason instead of waiting for Redis to return', async () => {
		// a Redis of its own on a free port: a random one could be another test's, and then this
		// one never starts, and waiting for it to exit hung the test
		const redis = await startRedisServer();
		const url = redis.url;
		const pg = await createPostgresDatabase(SHARED_POSTGRES_URL, 'ww_jobs_out');
		const open = await connect(pg.url, { max: 2 });
		let cluster: Cluster | undefined;
		let optimiser: RunningOptimiser | undefined;
		try {
			await expect
				.poll(async () => {
					try {
						cluster ??= await startCluster(
							{ redisUrl: url, prefix: 'out', instanceId: 'x' },
							() => {}
						);
						return true;
					} catch {
						return false;
					}
				})
				.toBe(true);
			optimiser = startOptimiserService({
				db: open.db,
				cluster,
				runsJobs: false,
				notify: () => {}
			});
			await redis.kill();
			await expect(optimiser.service.submit(proposalJob(1, 1))).rejects.toThrow(
				/optimiser queue cannot be reached/
			);
		} finally {
			await redis.kill();
			await optimiser?.close().catch(() => {});
			await cluster?.close().catch(() => {});
			await open.close();
			await pg.drop();
		}
	});
});
