import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database, OpenDatabase } from '../../../../db';
import { settings } from '../../../../db/schema';
import { explainPatient, planMetrics } from '../../domain/planning/explain';
import { objectiveBreakdown } from '../../domain/planning/objective';
import { defaultWeights, parseProblem, type Weights } from '../../domain/planning/problem';
import type { Booking } from '../../domain/planning/solution';
import { trustToday } from '../trustCalendar';
import type { Allocation } from '../../contracts/planner/doc';
import { boardProblem } from '../../domain/board/problem';
import type { Proposal } from '../../contracts/planner/proposal';
import type { SessionUser } from '../auth';
import { writeAudit } from '../audit';
import { realtime } from '../realtime';
import { userRoom } from '../../contracts/realtime/events';
import { loadBoardReference } from './boards';
import { optimiser } from './optimiserService';
import { roomFor } from './room';
import { AppError } from '../errors';
import { logFailure } from '../log';
import { shared } from '../registry';

export const WEIGHTS_SETTING = 'optimiser.weights';
/** A proposal has to come back within a meeting's patience. */
const TIME_LIMIT_SECONDS = 10;
const KEEP_MS = 60 * 60 * 1000;

/** The objective's weights a manager has set (the spec's defaults where they have not). */
export async function planningWeights(db: Database): Promise<Weights> {
	const [row] = await db.select().from(settings).where(eq(settings.key, WEIGHTS_SETTING));
	return { ...defaultWeights(), ...((row?.value as Partial<Weights> | undefined) ?? {}) };
}

function store(): Map<string, Proposal> {
	return shared('proposals', () => new Map());
}

export function getProposal(boardId: number, id: string): Proposal | undefined {
	const p = store().get(id);
	return p && p.boardId === boardId ? p : undefined;
}

/**
 * Starts a proposal for a board: builds the problem from the live doc (confirmed and pinned
 * allocations fixed), solves it in a worker with progress over socket.io, and keeps the result
 * for the user to fetch. Returns the proposal id at once.
 */
export async function startProposal(
	open: OpenDatabase,
	boardId: number,
	user: SessionUser
): Promise<string> {
	const service = optimiser();
	if (!service) throw new AppError('unavailable', 'The optimiser is not running on this server');
	const room = await roomFor(open, boardId);
	const census = await trustToday(open.db);
	const ref = await loadBoardReference(open.db, boardId, census);
	if (!ref) throw new AppError('not-found', `No board ${boardId}`);
	const allocations = new Map<number, Allocation>(
		[...room.board.allocations].map(([k, v]) => [Number(k), v])
	);
	const confirmed = new Map([...room.board.confirmed].map(([k, v]) => [Number(k), v]));
	const weights = await planningWeights(open.db);
	const problem = boardProblem(ref, allocations, confirmed, weights);
	if (problem.sessions.length === 0)
		throw new AppError('invalid', 'This board has no sessions left in its horizon to plan');
	const parsed = parseProblem(problem);

	const id = randomUUID();
	const to = realtime()?.to(userRoom(user.id));
	const started = Date.now();
	to?.emit('proposal:progress', {
		proposalId: id,
		boardId,
		fraction: 0,
		message: 'Building the problem'
	});
	void service
		.solve(problem, { timeLimitSeconds: TIME_LIMIT_SECONDS, seed: 1 }, (p) => {
			to?.emit('proposal:progress', {
				proposalId: id,
				boardId,
				fraction: p.total > 0 ? Math.min(1, p.done / p.total) : 0,
				message: p.message ?? p.phase
			});
		})
		.then(async (solution) => {
			const names = new Map(ref.pathways.map((p) => [String(p.id), p]));
			const current: Booking[] = [...allocations].map(([pid, a]) => ({
				patientId: String(pid),
				sessionId: String(a.sessionId)
			}));
			const known = new Set(parsed.sessions.map((s) => s.id));
			const before = planMetrics(
				parsed,
				current.filter((b) => known.has(b.sessionId)),
				objectiveBreakdown(parsed, current).total
			);
			const after = planMetrics(parsed, solution.bookings, solution.objective);
			const plannedFor = new Map(solution.bookings.map((b) => [b.patientId, b.sessionId]));
			const label = (pid: string) => ({
				priority: names.get(pid)?.priority ?? null,
				specialtyName: ref.board.specialtyName
			});
			const proposal: Proposal = {
				id,
				boardId,
				createdAt: new Date().toISOString(),
				status: solution.status,
				lowerBound: solution.lowerBound ?? null,
				gap:
					solution.lowerBound != null && solution.objective > 0
						? (solution.objective - solution.lowerBound) / solution.objective
						: null,
				seconds: (Date.now() - started) / 1000,
				before,
				after,
				moves: parsed.patients
					.filter(
						(p) =>
							(allocations.get(Number(p.id))?.sessionId ?? null) !==
							(plannedFor.has(p.id) ? Number(plannedFor.get(p.id)) : null)
					)
					.map((p) => ({
						pathwayId: Number(p.id),
						name: names.get(p.id)?.name ?? p.id,
						priority: names.get(p.id)?.priority ?? null,
						from: allocations.get(Number(p.id))?.sessionId ?? null,
						to: plannedFor.has(p.id) ? Number(plannedFor.get(p.id)) : null,
						reason: explainPatient(parsed, p.id, plannedFor.get(p.id) ?? null, label(p.id))
					})),
				unbooked: parsed.patients
					.filter((p) => !plannedFor.has(p.id) && !allocations.has(Number(p.id)))
					.slice(0, 200)
					.map((p) => ({
						pathwayId: Number(p.id),
						name: names.get(p.id)?.name ?? p.id,
						reason: explainPatient(parsed, p.id, null, label(p.id))
					})),
				unmet: (solution.unmet ?? []).map((u) => ({
					pathwayId: Number(u.patientId),
					reason: u.reason
				}))
			};
			store().set(id, proposal);
			setTimeout(() => store().delete(id), KEEP_MS).unref();
			await writeAudit(open.db, {
				userId: user.id,
				action: 'propose-plan',
				entity: 'board',
				entityId: boardId,
				after: {
					proposalId: id,
					status: proposal.status,
					moves: proposal.moves.length,
					objective: after.objective,
					lowerBound: proposal.lowerBound
				}
			});
			to?.emit('proposal:ready', { proposalId: id, boardId });
		})
		.catch((err: unknown) => {
			logFailure('proposal failed', { boardId, proposalId: id }, err);
			to?.emit('proposal:failed', {
				proposalId: id,
				boardId,
				message: err instanceof Error ? err.message : String(err)
			});
		});
	return id;
}
