/**
 * The planning solution, exchange format version 1 (shared/spec/planning-problem.md). Parsed as
 * strictly as the problem: whether the bookings make sense against a problem is the checker's
 * business (rules 1-9), not the parser's.
 */
import { z } from 'zod';
import {
	arrayOf,
	idSchema,
	type Issue,
	MalformedInputError,
	says,
	strictObject,
	zodIssues
} from './validation';

export const SOLUTION_STATUSES = ['optimal', 'feasible', 'infeasible'] as const;
export type SolutionStatus = (typeof SOLUTION_STATUSES)[number];

export interface Booking {
	patientId: string;
	sessionId: string;
}

export interface Unmet {
	patientId: string;
	reason: string;
}

/**
 * How an `unmet` reason starts when it is not a proof: the patient was only not placed (the search
 * ran out of time, or a heuristic missed the room there was). Every other reason the planner gives
 * is proven: rules 8-9 cannot be met for that patient whatever the plan.
 */
export const NOT_PLACED = 'not placed';

/**
 * A session in an `unmet` reason. The exchange format knows a session only by its id, which no
 * coordinator knows it by, so a reason refers to it as `{session:<id>}` and whoever shows the
 * reason names the session from its own data (planner/proposalView.ts, `unmetReason`), as the
 * board's conflicts do with `{patient:<id>}`.
 */
export const sessionRef = (sessionId: string): string => `{session:${sessionId}}`;
export const SESSION_REF = /\{session:([^}]*)\}/g;

/** Whether an unmet reason says the patient cannot be placed (proven), not just that they were not. */
export function unmetIsProven(reason: string): boolean {
	return !reason.startsWith(NOT_PLACED);
}

export interface PlanningSolution {
	version: 1;
	status: SolutionStatus;
	objective: number;
	lowerBound?: number | null;
	bookings: Booking[];
	unmet?: Unmet[];
	stats?: Record<string, number | string>;
}

export class MalformedSolutionError extends MalformedInputError {
	constructor(issues: Issue[]) {
		super('Solution', issues);
	}
}

const finiteNumber = z.number({ error: says('must be a finite number') });

const solutionSchema = strictObject({
	version: z.literal(1, { error: says('must be 1') }),
	status: z.enum(SOLUTION_STATUSES, {
		error: says('must be "optimal", "feasible" or "infeasible"')
	}),
	objective: finiteNumber,
	lowerBound: finiteNumber.nullable().optional(),
	bookings: arrayOf(strictObject({ patientId: idSchema, sessionId: idSchema })),
	unmet: arrayOf(
		strictObject({
			patientId: idSchema,
			reason: z.string({ error: says('must be a string') })
		})
	).optional(),
	stats: z
		.record(
			z.string(),
			z.union([z.number(), z.string()], { error: says('must be a finite number or a string') }),
			{ error: says('must be an object') }
		)
		.optional()
});

/** Parses a solution (already JSON-decoded) or throws {@link MalformedSolutionError}. */
export function parseSolution(json: unknown): PlanningSolution {
	const result = solutionSchema.safeParse(json);
	if (!result.success) throw new MalformedSolutionError(zodIssues(result.error));
	return result.data;
}
