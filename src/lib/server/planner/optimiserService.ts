import type { PlanningProblem } from '../../domain/planning/problem';
import type { PlanningSolution } from '../../domain/planning/solution';
import { register, registered } from '../registry';

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

export function registerOptimiser(service: OptimiserService | undefined): void {
	register('optimiser', service);
}

/** The running optimiser service (started by server/), or undefined where none runs. */
export function optimiser(): OptimiserService | undefined {
	return registered('optimiser');
}
