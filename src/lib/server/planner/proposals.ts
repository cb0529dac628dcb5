import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database, OpenDatabase } from '../../../../db';
import { settings } from '../../../../db/schema';
import { defaultWeights, parseProblem, type Weights } from '../../domain/planning/problem';
import { trustToday } from '../trustCalendar';
import type { Allocation } from '../../contracts/planner/doc';
import { boardProblem } from '../../domain/board/problem';
import type { SessionUser } from '../auth';
import { loadBoardReference } from './boards';
import { optimiser } from './optimiserService';
import { notifyUser } from './proposalJob';
import { roomFor } from './room';
import { AppError } from '../errors';

export const WEIGHTS_SETTING = 'optimiser.weights';
/** A proposal has to come back within a meeting's patience. */
const TIME_LIMIT_SECONDS = 10;

/** The objective's weights a manager has set (the spec's defaults where they have not). */
export async function planningWeights(db: Database): Promise<Weights> {
	const [row] = await db.select().from(settings).where(eq(settings.key, WEIGHTS_SETTING));
	return { ...defaultWeights(), ...((row?.value as Partial<Weights> | undefined) ?? {}) };
}

/**
 * Starts a proposal for a board: builds the problem from the live doc (confirmed and pinned
 * allocations fixed) and hands it to the optimiser, which solves it in a worker (on any
 * instance, in multi-instance mode), reports progress over socket.io and keeps the result in
 * the database for the user to fetch. Returns the proposal id at once.
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
	parseProblem(problem); // a problem the spec refuses is this server's bug: say so here, not in a queue

	const fullMinutes = new Map(ref.sessions.map((s) => [String(s.id), s.minutes]));
	const consultants = new Map(ref.clinicians.map((c) => [c.id, c.name]));
	const id = randomUUID();
	notifyUser(user.id, 'proposal:progress', {
		proposalId: id,
		boardId,
		fraction: 0,
		message: 'Building the problem'
	});
	await service.submit({
		proposalId: id,
		boardId,
		userId: user.id,
		requestedAt: new Date().toISOString(),
		problem,
		options: { timeLimitSeconds: TIME_LIMIT_SECONDS, seed: 1 },
		current: [...allocations].map(([pid, a]) => [pid, a.sessionId]),
		pathways: ref.pathways.map((p) => ({
			id: p.id,
			name: p.name,
			priority: p.priority,
			consultant: p.clinicianId === null ? null : (consultants.get(p.clinicianId) ?? null)
		})),
		specialtyName: ref.board.specialtyName,
		bookedElsewhere: problem.sessions.flatMap((s) => {
			const full = fullMinutes.get(s.id) ?? s.minutes;
			return full > s.minutes ? [[Number(s.id), full - s.minutes] as [number, number]] : [];
		})
	});
	return id;
}
