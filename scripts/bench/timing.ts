/** Timing for the bench scripts: runs after a warm-up, and their median and 95th percentile. */
import { performance } from 'node:perf_hooks';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const p95 = (xs: number[]) =>
	[...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

/** `runs` timings of `work` in milliseconds, after one untimed run (plans cached, pages in memory). */
export async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<number[]> {
	await work();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await work();
		times.push(performance.now() - started);
	}
	return times;
}
