/**
 * Runs the optimiser in worker threads, so a 10-second solve never blocks the server's event
 * loop (websockets, other requests). Routes reach it through the services registry, as they
 * do socket.io: SvelteKit's bundle cannot spawn a worker from server/'s source.
 */
import { Worker } from 'node:worker_threads';
import type { PlanningProblem } from '../src/lib/domain/planning/problem';
import type { PlanningSolution } from '../src/lib/domain/planning/solution';
import {
	registerOptimiser,
	type OptimiserService,
	type SolveProgressEvent
} from '../src/lib/server/planner/optimiserService';

const MAX_CONCURRENT = 1; // a 2-core server keeps one core for everything else

export function startOptimiserService(): { close(): Promise<void> } {
	const running = new Set<Worker>();
	const queue: (() => void)[] = [];

	const service: OptimiserService = {
		solve(
			problem: PlanningProblem,
			options: { timeLimitSeconds: number; seed: number },
			onProgress: (p: SolveProgressEvent) => void
		) {
			return new Promise<PlanningSolution>((resolve, reject) => {
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
								reject(new Error(message.message));
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
		}
	};
	registerOptimiser(service);
	return {
		async close() {
			registerOptimiser(undefined);
			await Promise.all([...running].map((w) => w.terminate()));
		}
	};
}
