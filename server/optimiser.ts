/**
 * Runs the optimiser in worker threads, so a 10-second solve never blocks the server's event
 * loop (websockets, other requests). Routes reach it through the services registry, as they
 * do socket.io: SvelteKit's bundle cannot spawn a worker from server/'s source.
 *
 * One instance runs the jobs it is given in its own pool. In multi-instance mode the jobs go to
 * a BullMQ queue in Redis and every instance's queue worker takes them one at a time, so a solve
 * runs wherever a core is free; the instance running one reports the progress to the user's
 * socket.io room (which the Redis adapter carries to whichever instance they are connected to)
 * and keeps the proposal in the database, where any instance's route reads it. A job whose
 * instance dies is taken over by another once its lock lapses (BullMQ's stalled jobs).
 */
import { Worker } from 'node:worker_threads';
import { Queue, UnrecoverableError, Worker as QueueWorker } from 'bullmq';
import type { Database } from '../db';
import type { PlanningSolution } from '../src/lib/domain/planning/solution';
import { AppError } from '../src/lib/server/errors';
import { logFailure } from '../src/lib/server/log';
import { answeredWithin, type Cluster } from '../src/lib/server/cluster/redis';
import {
	registerOptimiser,
	type OptimiserService,
	type ProposalJob,
	type SolveProgressEvent
} from '../src/lib/server/planner/optimiserService';
import {
	KEEP_SECONDS,
	notifyUser,
	progressFraction,
	proposalFailed,
	runProposalJob,
	type ProposalNotify,
	type Solve
} from '../src/lib/server/planner/proposalJob';

const MAX_CONCURRENT = 1; // a 2-core server keeps one core for everything else
/** The queue's name in Redis, under the deployment's prefix. */
export const OPTIMISER_QUEUE = 'optimiser';
/**
 * Tries of a job that fails for a reason outside the problem (the database, this instance
 * shutting down): once more, elsewhere if need be. A problem the solver refuses is not retried.
 */
const ATTEMPTS = 2;
/** A running job's lock in Redis: once it lapses (its instance died), another instance takes it. */
const LOCK_MS = 15_000;

/** How long queueing a job may wait for Redis before the request is refused. */
const QUEUE_TIMEOUT_MS = 5000;

/** The solver refused the problem: running it again cannot help. */
class SolverFailure extends Error {}

export interface OptimiserOptions {
	db: Database;
	/** Multi-instance mode: jobs go to the queue in this Redis. */
	cluster?: Cluster;
	/** Where progress and the outcome go (the user's socket.io room by default). */
	notify?: ProposalNotify;
	/** false: this instance queues jobs for others and runs none (a web-only instance, tests). */
	runsJobs?: boolean;
	/** The queue's job lock, ms (tests shorten it to see a takeover quickly). */
	lockMs?: number;
}

export interface RunningOptimiser {
	service: OptimiserService;
	close(): Promise<void>;
}

export function startOptimiserService(options: OptimiserOptions): RunningOptimiser {
	const pool = startSolverPool();
	const notify = options.notify ?? notifyUser;
	const jobs = options.cluster
		? startQueue(options, options.cluster, pool.solve, notify)
		: startLocal(options.db, pool.solve, notify);
	registerOptimiser(jobs.service);
	return {
		service: jobs.service,
		async close() {
			registerOptimiser(undefined);
			const stopping = jobs.stop();
			// a solve still running ends here: in the queue, its job is tried again elsewhere
			await pool.close();
			await stopping;
		}
	};
}

interface Jobs {
	service: OptimiserService;
	/** Takes no more jobs; resolves once the one running has settled. */
	stop(): Promise<void>;
}

/** One instance: jobs run here, one at a time, as they come. */
function startLocal(db: Database, solve: Solve, notify: ProposalNotify): Jobs {
	return {
		service: {
			submit(job) {
				void runProposalJob(db, job, solve, notify).catch((err: unknown) => {
					logFailure('proposal failed', { boardId: job.boardId, proposalId: job.proposalId }, err);
					proposalFailed(job, err, notify);
				});
				return Promise.resolve();
			}
		},
		stop: () => Promise.resolve()
	};
}

/** Many instances: jobs go to a queue in Redis that every instance's worker takes from. */
function startQueue(
	options: OptimiserOptions,
	cluster: Cluster,
	solve: Solve,
	notify: ProposalNotify
): Jobs {
	const prefix = cluster.config.prefix;
	const queue = new Queue<ProposalJob>(OPTIMISER_QUEUE, {
		connection: cluster.duplicate(),
		prefix
	});
	queue.on('error', (err) => logFailure('optimiser queue', {}, err));
	const lockDuration = options.lockMs ?? LOCK_MS;
	const worker =
		options.runsJobs === false
			? undefined
			: new QueueWorker<ProposalJob>(
					OPTIMISER_QUEUE,
					async (job) => {
						let reported = -1;
						await runProposalJob(
							options.db,
							job.data,
							(problem, solveOptions, onProgress) =>
								solve(problem, solveOptions, (p) => {
									onProgress(p);
									// the job's own record, for anyone watching the queue; a percent at most once
									const percent = Math.floor(progressFraction(p) * 100);
									if (percent === reported) return;
									reported = percent;
									job.updateProgress(percent).catch(() => {});
								}).catch((err: unknown) => {
									throw err instanceof SolverFailure ? new UnrecoverableError(err.message) : err;
								}),
							notify
						);
					},
					{
						connection: cluster.duplicate(),
						prefix,
						name: cluster.config.instanceId,
						concurrency: MAX_CONCURRENT,
						lockDuration,
						stalledInterval: lockDuration,
						// one takeover: a job that kills two instances in turn is failed, not passed on
						maxStalledCount: 1
					}
				);
	worker?.on('error', (err) => logFailure('optimiser queue worker', {}, err));
	worker?.on('failed', (job, err) => {
		if (!job) return;
		const { boardId, proposalId } = job.data;
		logFailure('proposal failed', { boardId, proposalId, attempt: job.attemptsMade }, err);
		// finishedOn: failed for good, not waiting for another try
		if (job.finishedOn != null) proposalFailed(job.data, err, notify);
	});
	return {
		service: {
			async submit(job) {
				// Redis out of reach: the request is refused in seconds with a reason, not held until
				// it returns nor answered with the client's own error
				const unreachable = 'The optimiser queue cannot be reached just now; try again in a minute';
				try {
					await answeredWithin(
						queue.add('proposal', job, {
							jobId: job.proposalId,
							attempts: ATTEMPTS,
							backoff: { type: 'fixed', delay: 1000 },
							removeOnComplete: { age: KEEP_SECONDS },
							removeOnFail: { age: KEEP_SECONDS }
						}),
						QUEUE_TIMEOUT_MS,
						unreachable
					);
				} catch (cause) {
					if (cause instanceof AppError) throw cause;
					throw new AppError('unavailable', unreachable, { cause });
				}
			}
		},
		async stop() {
			await worker?.close();
			await queue.close();
		}
	};
}

/** The worker threads, MAX_CONCURRENT at a time, the rest waiting their turn. */
function startSolverPool(): { solve: Solve; close(): Promise<void> } {
	const running = new Set<Worker>();
	const queue: (() => void)[] = [];

	const solve: Solve = (problem, options, onProgress) =>
		new Promise<PlanningSolution>((resolve, reject) => {
			const start = () => {
				// the worker is TypeScript too: a JavaScript bootstrap registers tsx in the thread
				const worker = new Worker(new URL('./optimiser-worker.mjs', import.meta.url), {
					workerData: { problem, options },
					execArgv: []
				});
				running.add(worker);
				let settled = false;
				const done = () => {
					running.delete(worker);
					queue.shift()?.();
				};
				worker.on(
					'message',
					(
						message:
							| { type: 'progress'; progress: SolveProgressEvent }
							| { type: 'result'; solution: PlanningSolution }
							| { type: 'error'; message: string }
					) => {
						if (message.type === 'progress') onProgress(message.progress);
						else if (message.type === 'result') {
							settled = true;
							resolve(message.solution);
						} else {
							settled = true;
							reject(new SolverFailure(message.message));
						}
					}
				);
				worker.on('error', (err) => {
					settled = true;
					reject(err);
				});
				worker.on('exit', (code) => {
					if (!settled) reject(new Error(`the optimiser stopped unexpectedly (exit ${code})`));
					done();
				});
			};
			if (running.size < MAX_CONCURRENT) start();
			else queue.push(start);
		});

	return {
		solve,
		async close() {
			queue.length = 0;
			await Promise.all([...running].map((w) => w.terminate()));
		}
	};
}
