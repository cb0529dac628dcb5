/**
 * How the proposal panel words a proposal: pure, so the wording is tested without a browser.
 */
import type { Proposal, ProposalUnmet, ProposedMove } from '../contracts/planner/proposal';
import type { BoardSession, ShownPathway } from '../contracts/planner/reference';
import { SESSION_REF } from '../domain/planning/solution';
import { priorityRank } from '../domain/rtt';
import { mondayOf } from '../domain/workingTime';
import { ukDayDate } from '../format/date';
import { counted, noun } from '../format/plural';

export interface PlanStatus {
	/** One line under the proposal's title. */
	headline: string;
	/** Unmet patients the optimiser proved cannot be placed. */
	proven: ProposalUnmet[];
	/** Unmet patients it only did not place in the time it had: no proof of anything. */
	unproven: ProposalUnmet[];
}

/**
 * The proposal's status in words. `infeasible` is the exchange format's word for "a fixed
 * patient is not placed"; the coordinator is told it is impossible only where the optimiser
 * proved it, and that a longer search may place the others.
 */
export function planStatus(
	status: Proposal['status'],
	unmet: readonly ProposalUnmet[]
): PlanStatus {
	const proven = unmet.filter((u) => u.proven === true);
	const unproven = unmet.filter((u) => u.proven !== true);
	if (status === 'optimal') return { headline: 'Proven optimal', proven, unproven };
	if (status === 'feasible') return { headline: 'Feasible', proven, unproven };
	const parts: string[] = [];
	if (proven.length > 0)
		parts.push(
			`${counted(proven.length, 'fixed patient')} cannot be placed where they must be (see below)`
		);
	if (unproven.length > 0)
		parts.push(
			`${counted(unproven.length, 'patient who must be booked', 'patients who must be booked')} ${noun(unproven.length, 'was', 'were')} not placed in the time allowed. This is not a proof that they cannot be placed: try a longer search`
		);
	if (parts.length === 0) parts.push('Some fixed patients were not placed');
	return { headline: parts.join('; '), proven, unproven };
}

/** Moves a coordinator can take together: one week, session, priority or patient group. */
export interface MoveGroup {
	key: string;
	label: string;
	pathwayIds: number[];
}

/**
 * The ways a coordinator can take part of a plan, in the order the panel offers them, each with
 * its name there. A patient group is what the patients are waiting for (their procedure, or new
 * or follow-up outpatient appointment): the domain's "patients who need the same thing".
 */
export const MOVE_GROUPINGS = [
	['week', 'Week'],
	['session', 'Session'],
	['priority', 'Priority'],
	['procedure', 'Procedure']
] as const;
export type MoveGrouping = (typeof MOVE_GROUPINGS)[number][0];

export type MoveGroups = Record<MoveGrouping, MoveGroup[]>;

/** A session as the board names it: "Tue 22/12/2026 13:30 clinic (Ms Iqbal)". */
export const sessionLabel = (s: BoardSession): string =>
	`${ukDayDate(s.date)} ${s.start} ${s.kind}${s.clinicianName ? ` (${s.clinicianName})` : ''}`;

/**
 * An unmet patient's reason as a coordinator reads it: each session the optimiser refers to
 * (`{session:<id>}`, solution.ts) named as the board names it, never by its id.
 */
export function unmetReason(reason: string, sessions: ReadonlyMap<number, BoardSession>): string {
	return reason.replace(SESSION_REF, (_, id: string) => sessionName(Number(id), sessions));
}

/** A session by its id, as the board names it, or that the board no longer has it. */
export function sessionName(id: number, sessions: ReadonlyMap<number, BoardSession>): string {
	const s = sessions.get(id);
	return s ? sessionLabel(s) : 'a session not on this board';
}

/**
 * The proposal's moves grouped each way, each in the order a coordinator reads them (weeks and
 * sessions by date, priorities in turn, procedures by name), so part of a plan can be accepted
 * at once. `pathways` is the board's waiting list, for what each patient is waiting for.
 */
export function moveGroups(
	moves: readonly ProposedMove[],
	sessions: ReadonlyMap<number, BoardSession>,
	pathways: ReadonlyMap<number, Pick<ShownPathway, 'procedure'>>
): MoveGroups {
	const groups = new Map(MOVE_GROUPINGS.map(([kind]) => [kind, new Map<string, MoveGroup>()]));
	const add = (kind: MoveGrouping, key: string, label: string, id: number) => {
		const into = groups.get(kind)!;
		const group = into.get(key) ?? { key, label, pathwayIds: [] };
		group.pathwayIds.push(id);
		into.set(key, group);
	};
	for (const m of moves) {
		const s = m.to === null ? undefined : sessions.get(m.to);
		if (s) {
			const monday = mondayOf(s.date);
			add('week', monday, `Week from ${ukDayDate(monday)}`, m.pathwayId);
			add('session', `${s.date} ${s.start} ${s.id}`, sessionLabel(s), m.pathwayId);
		} else {
			// taken out of the plan (or into a session the page no longer has): last of the weeks
			add('week', '~', 'Taken off the plan', m.pathwayId);
		}
		const rank = priorityRank(m.priority);
		add('priority', String(rank), rank > 5 ? 'No priority' : (m.priority ?? ''), m.pathwayId);
		// one group whatever the case or spacing it was typed with; named as first met
		const procedure = pathways.get(m.pathwayId)?.procedure?.trim();
		if (procedure) add('procedure', `0 ${procedure.toLowerCase()}`, procedure, m.pathwayId);
		else add('procedure', '~', 'No procedure', m.pathwayId);
	}
	// code-point order: ISO dates, ranks and '0 '-prefixed names sort as written, '~' after them
	const inOrder = (kind: MoveGrouping) =>
		[...groups.get(kind)!.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	return Object.fromEntries(MOVE_GROUPINGS.map(([kind]) => [kind, inOrder(kind)])) as MoveGroups;
}
