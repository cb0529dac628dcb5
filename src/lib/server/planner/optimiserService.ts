import type { PlanningProblem } from '../../domain/planning/problem';
import type { PlanningSolution } from '../../domain/planning/solution';

export interface SolveProgressEvent {
	phase: string;
	done: number;
	total: number;
	message?: string;
}

export interface OptimiserService {
	solve(
		problem: PlanningProblem,
		options: { timeLimitSeconds: number; seed: number },
		onProgress: (progress: SolveProgressEvent) => void
	): Promise<PlanningSolution>;
}

const KEY = Symbol.for('waitwise.optimiser');
type Registry = { [KEY]?: OptimiserService };

export function registerOptimiser(service: OptimiserService | undefined): void {
	(globalThis as Registry)[KEY] = service;
}

/** The running optimiser service (started by server/), or undefined where none runs. */
export function optimiser(): OptimiserService | undefined {
	return (globalThis as Registry)[KEY];
}
