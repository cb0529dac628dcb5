/**
 * What a proposal job does, on whichever instance runs it: solve, build the proposal against the
 * board as it stood, keep it in the database for an hour, and tell the user who asked. Kept
 * apart from proposals.ts (which builds the job from the live board) so that the optimiser's
 * runner in server/ needs no board rooms.
 */
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Database } from '../../../../db';
import { proposals } from '../../../../db/schema';
import { explainPatient, planMetrics } from '../../domain/planning/explain';
import { priorityRank } from '../../domain/rtt';
import { objectiveBreakdown } from '../../domain/planning/objective';
import { parseProblem, type PlanningProblem } from '../../domain/planning/problem';
import { type Booking, type PlanningSolution, unmetIsProven } from '../../domain/planning/solution';
import type { Proposal } from '../../contracts/planner/proposal';
import { userRoom, type ServerToClientEvents } from '../../contracts/realtime/events';
import { writeAudit } from '../audit';
import { realtime } from '../realtime';
import type { ProposalJob, SolveProgressEvent } from './optimiserService';

/** How long a proposal is kept for its user to review (past it, readers see none). */
export const KEEP_SECONDS = 60 * 60;

type ProposalEvent = 'proposal:progress' | 'proposal:ready' | 'proposal:failed';

/** Sends a proposal event to one user, on every instance they are connected to. */
export type ProposalNotify = <E extends ProposalEvent>(
	userId: number,
	event: E,
	payload: Parameters<ServerToClientEvents[E]>[0]
) => void;

/** To the user's room on this instance's socket.io (the Redis adapter carries it to the others). */
export const notifyUser: ProposalNotify = (userId, event, payload) => {
	// socket.io's typed emit cannot follow a generic event name
	const to = realtime()?.to(userRoom(userId)) as
		{ emit(event: ProposalEvent, payload: unknown): void } | undefined;
	to?.emit(event, payload);
};

export type Solve = (
	problem: PlanningProblem,
	options: ProposalJob['options'],
	onProgress: (progress: SolveProgressEvent) => void
) => Promise<PlanningSolution>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A board's proposal while it is kept; undefined for an unknown, expired or malformed id. */
export async function getProposal(
	db: Database,
	boardId: number,
	id: string
): Promise<Proposal | undefined> {
	if (!UUID.test(id)) return undefined;
	const [row] = await db
		.select({ body: proposals.body })
		.from(proposals)
		.where(
			and(eq(proposals.id, id), eq(proposals.boardId, boardId), gt(proposals.expiresAt, sql`now()`))
		);
	return row?.body;
}

/**
 * Keeps a proposal for an hour, with its audit entry, and deletes the expired ones. Once only:
 * a job run again (its first instance died after keeping it) keeps and audits nothing new.
 */
export async function keepProposal(
	db: Database,
	proposal: Proposal,
	userId: number
): Promise<void> {
	await db.transaction(async (tx) => {
		await tx.delete(proposals).where(lte(proposals.expiresAt, sql`now()`));
		const kept = await tx
			.insert(proposals)
			.values({
				id: proposal.id,
				boardId: proposal.boardId,
				requestedBy: userId,
				expiresAt: sql`now() + make_interval(secs => ${KEEP_SECONDS})`,
				body: proposal
			})
			.onConflictDoNothing()
			.returning({ id: proposals.id });
		if (kept.length === 0) return;
		await writeAudit(tx, {
			userId,
			action: 'propose-plan',
			entity: 'board',
			entityId: proposal.boardId,
			after: {
				proposalId: proposal.id,
				status: proposal.status,
				moves: proposal.moves.length,
				objective: proposal.after.objective,
				lowerBound: proposal.lowerBound
			}
		});
	});
}

/** The proposal a solution makes against the board as it stood when the job was made. */
export function buildProposal(job: ProposalJob, solution: PlanningSolution, now: Date): Proposal {
	const parsed = parseProblem(job.problem);
	const allocations = new Map(job.current);
	const names = new Map(job.pathways.map((p) => [String(p.id), p]));
	const current: Booking[] = job.current.map(([pid, sid]) => ({
		patientId: String(pid),
		sessionId: String(sid)
	}));
	const known = new Set(parsed.sessions.map((s) => s.id));
	const elsewhere = new Map((job.bookedElsewhere ?? []).map(([sid, m]) => [String(sid), m]));
	const before = planMetrics(
		parsed,
		current.filter((b) => known.has(b.sessionId)),
		objectiveBreakdown(parsed, current).total,
		elsewhere
	);
	const after = planMetrics(parsed, solution.bookings, solution.objective, elsewhere);
	const plannedFor = new Map(solution.bookings.map((b) => [b.patientId, b.sessionId]));
	const planned = (pid: string) => (plannedFor.has(pid) ? Number(plannedFor.get(pid)) : null);
	const label = (pid: string) => ({
		priority: names.get(pid)?.priority ?? null,
		specialtyName: job.specialtyName,
		consultant: names.get(pid)?.consultant
	});
	return {
		id: job.proposalId,
		boardId: job.boardId,
		createdAt: now.toISOString(),
		status: solution.status,
		lowerBound: solution.lowerBound ?? null,
		gap:
			solution.lowerBound != null && solution.objective > 0
				? (solution.objective - solution.lowerBound) / solution.objective
				: null,
		seconds: (now.getTime() - Date.parse(job.requestedAt)) / 1000,
		horizonEnd: parsed.horizon.end,
		before,
		after,
		moves: parsed.patients
			.filter((p) => (allocations.get(Number(p.id)) ?? null) !== planned(p.id))
			.map((p) => ({
				pathwayId: Number(p.id),
				name: names.get(p.id)?.name ?? p.id,
				priority: names.get(p.id)?.priority ?? null,
				from: allocations.get(Number(p.id)) ?? null,
				to: planned(p.id),
				reason: explainPatient(parsed, p.id, plannedFor.get(p.id) ?? null, label(p.id))
			})),
		unbooked: parsed.patients
			.filter((p) => !plannedFor.has(p.id) && !allocations.has(Number(p.id)))
			.map((p) => ({ p, priority: names.get(p.id)?.priority ?? null }))
			.sort(
				(a, b) =>
					priorityRank(a.priority) - priorityRank(b.priority) ||
					a.p.clockStart.localeCompare(b.p.clockStart) ||
					Number(a.p.id) - Number(b.p.id)
			)
			.map(({ p, priority }) => ({
				pathwayId: Number(p.id),
				name: names.get(p.id)?.name ?? p.id,
				priority,
				reason: explainPatient(parsed, p.id, null, label(p.id))
			})),
		unmet: (solution.unmet ?? []).map((u) => ({
			pathwayId: Number(u.patientId),
			name: names.get(u.patientId)?.name ?? u.patientId,
			reason: u.reason,
			proven: unmetIsProven(u.reason)
		}))
	};
}

/**
 * Runs a job: progress to the user as the solver reports it, then the proposal kept and
 * announced. Throws when it fails; the caller decides whether it is tried again or reported.
 */
export async function runProposalJob(
	db: Database,
	job: ProposalJob,
	solve: Solve,
	notify: ProposalNotify
): Promise<Proposal> {
	const { proposalId, boardId, userId } = job;
	const solution = await solve(job.problem, job.options, (p) => {
		notify(userId, 'proposal:progress', {
			proposalId,
			boardId,
			fraction: progressFraction(p),
			message: p.message ?? p.phase
		});
	});
	const proposal = buildProposal(job, solution, new Date());
	await keepProposal(db, proposal, userId);
	notify(userId, 'proposal:ready', { proposalId, boardId });
	return proposal;
}

export function progressFraction(p: SolveProgressEvent): number {
	return p.total > 0 ? Math.min(1, p.done / p.total) : 0;
}

/** Tells the user their proposal failed for good. */
export function proposalFailed(job: ProposalJob, err: unknown, notify: ProposalNotify): void {
	notify(job.userId, 'proposal:failed', {
		proposalId: job.proposalId,
		boardId: job.boardId,
		message: err instanceof Error ? err.message : String(err)
	});
}
