/** One optimiser run in a worker thread: parse (strictly, per the spec), solve, post the result. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseProblem } from '../src/lib/domain/planning/problem';
import { solve } from '../src/lib/optimiser/solve';

const { problem, options } = workerData as {
	problem: unknown;
	options: { timeLimitSeconds: number; seed: number };
};
try {
	const parsed = parseProblem(problem);
	const solution = await solve(parsed, {
		timeLimitSeconds: options.timeLimitSeconds,
		seed: options.seed,
		onProgress: (progress) => parentPort?.postMessage({ type: 'progress', progress })
	});
	parentPort?.postMessage({ type: 'result', solution });
} catch (err) {
	parentPort?.postMessage({
		type: 'error',
		message: err instanceof Error ? err.message : String(err)
	});
}
