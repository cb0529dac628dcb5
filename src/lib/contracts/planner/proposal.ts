/** A proposed plan for a board, as the server sends it to the page. */
import type { PlanMetrics } from '../../domain/planning/explain';

export interface ProposedMove {
	pathwayId: number;
	name: string;
	priority: string | null;
	/** Where the board has them now (null: unallocated). */
	from: number | null;
	/** Where the plan puts them (null: take them out). */
	to: number | null;
	reason: string;
}

export interface Proposal {
	id: string;
	boardId: number;
	createdAt: string;
	status: 'optimal' | 'feasible' | 'infeasible';
	lowerBound: number | null;
	gap: number | null;
	seconds: number;
	/** The last day the plan covers: patients it leaves without a date are counted as of then. */
	horizonEnd?: string;
	before: PlanMetrics;
	after: PlanMetrics;
	moves: ProposedMove[];
	/**
	 * Every patient the plan leaves unbooked, with why (not moves: they are unallocated either way),
	 * in turn: P1a first, a missing priority last, the longest wait first within each.
	 */
	unbooked: ProposalUnbooked[];
	/** Fixed patients the plan could not place (status infeasible), and why. */
	unmet: ProposalUnmet[];
}

export interface ProposalUnbooked {
	pathwayId: number;
	name: string;
	/** Absent on proposals kept before it was added. */
	priority?: string | null;
	reason: string;
}

export interface ProposalUnmet {
	pathwayId: number;
	/** Absent on proposals kept before names were added. */
	name?: string;
	reason: string;
	/**
	 * The reason is a proof that they cannot be placed; false when the optimiser only did not
	 * place them in the time it had (domain/planning/solution.ts, unmetIsProven). Absent on
	 * proposals kept before it was added: read as not proven.
	 */
	proven?: boolean;
}
