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
	before: PlanMetrics;
	after: PlanMetrics;
	moves: ProposedMove[];
	/** Patients the plan leaves unbooked, with why (not moves: they are unallocated either way). */
	unbooked: { pathwayId: number; name: string; reason: string }[];
	unmet: { pathwayId: number; reason: string }[];
}
