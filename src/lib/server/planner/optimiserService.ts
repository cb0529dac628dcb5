import type { PlanningProblem } from '../../domain/planning/problem';
import { register, registered } from '../registry';

export interface SolveProgressEvent {
	phase: string;
	done: number;
	total: number;
	message?: string;
}

/**
 * One proposal to compute, with everything the instance that runs it needs to solve it and to
 * build, keep and announce the proposal, so that any instance can run it (and run it again if
 * the first one died). Plain JSON: in multi-instance mode it travels through Redis.
 */
export interface ProposalJob {
	proposalId: string;
	boardId: number;
	/** Who asked: the one who hears the progress, and the audit's user. */
	userId: number;
	/** ISO time of the request: the proposal's `seconds` count from it. */
	requestedAt: string;
	problem: PlanningProblem;
	options: { timeLimitSeconds: number; seed: number };
	/** The board as it stood: [pathway id, session id] of each allocation. */
	current: [number, number][];
	/** The board's pathways, for the moves' names and reasons. */
	pathways: {
		id: number;
		name: string;
		priority: string | null;
		/** The consultant's name; absent in jobs queued before it was added. */
		consultant?: string | null;
	}[];
	specialtyName: string;
	/**
	 * [session id, minutes booked outside the board] where any are: the problem's sessions offer
	 * only what is left, and the proposal's session use counts these too. Absent in jobs queued
	 * before it was added (their session use then counts only the board's minutes).
	 */
	bookedElsewhere?: [number, number][];
}

export interface OptimiserService {
	/**
	 * Takes a proposal job: resolves once it is accepted (queued in Redis in multi-instance mode).
	 * Whoever runs it reports progress, keeps the proposal and announces it to the user.
	 */
	submit(job: ProposalJob): Promise<void>;
}

export function registerOptimiser(service: OptimiserService | undefined): void {
	register('optimiser', service);
}

/** The running optimiser service (started by server/), or undefined where none runs. */
export function optimiser(): OptimiserService | undefined {
	return registered('optimiser');
}
