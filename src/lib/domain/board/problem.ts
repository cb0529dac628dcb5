/**
 * A live board as a planning problem (../shared/spec/planning-problem.md): its sessions with
 * the minutes left after bookings made elsewhere, its clinicians' daily limits, and every
 * patient on its waiting list. Confirmed bookings and coordinator-pinned allocations are pinned,
 * so the optimiser keeps them where they are.
 */
import type { PlanningProblem, Weights } from '../planning/problem';
import type { Allocation, Confirmation } from '../../contracts/planner/doc';
import type { BoardReference } from '../../contracts/planner/reference';

export function boardProblem(
	ref: BoardReference,
	allocations: ReadonlyMap<number, Allocation>,
	confirmed: ReadonlyMap<number, Confirmation>,
	weights: Partial<Weights> | undefined
): PlanningProblem {
	const onBoard = (p: BoardReference['pathways'][number]) =>
		p.bookedSessionId === null || allocations.has(p.id) || confirmed.has(p.id);
	const outside = new Map<number, number>();
	for (const p of ref.pathways) {
		if (!onBoard(p) && p.bookedSessionId !== null)
			outside.set(p.bookedSessionId, (outside.get(p.bookedSessionId) ?? 0) + p.minutes);
	}
	// Nothing can be booked into the past: sessions before the census date are left out.
	const earliest = ref.census > ref.board.horizon.start ? ref.census : ref.board.horizon.start;
	const sessions = ref.sessions.filter((s) => s.date >= earliest);
	const sessionIds = new Set(sessions.map((s) => s.id));
	return {
		version: 1,
		horizon: {
			start: earliest > ref.board.horizon.end ? ref.board.horizon.end : earliest,
			end: ref.board.horizon.end
		},
		...(weights ? { weights } : {}),
		clinicians: ref.clinicians
			.filter((c) => c.maxMinutesPerDay !== null)
			.map((c) => ({ id: String(c.id), maxMinutesPerDay: c.maxMinutesPerDay! })),
		sessions: sessions.map((s) => ({
			id: String(s.id),
			date: s.date,
			minutes: Math.max(0, s.minutes - (outside.get(s.id) ?? 0)),
			specialty: ref.board.specialty,
			clinicianId: s.clinicianId === null ? null : String(s.clinicianId),
			...(s.slotTypes ? { slotTypes: s.slotTypes } : {})
		})),
		patients: ref.pathways.filter(onBoard).map((p) => {
			const fixed =
				confirmed.get(p.id)?.sessionId ??
				(allocations.get(p.id)?.pinned ? allocations.get(p.id)!.sessionId : null);
			return {
				id: String(p.id),
				specialty: ref.board.specialty,
				durationMinutes: p.minutes,
				...(p.slotType ? { slotType: p.slotType } : {}),
				clinicianId: p.clinicianId === null ? null : String(p.clinicianId),
				clockStart: p.clockStart,
				earliest,
				priorityDue: p.priorityDue,
				...(p.unavailable.length ? { unavailable: p.unavailable } : {}),
				...(fixed !== null && sessionIds.has(fixed) ? { pinnedSessionId: String(fixed) } : {})
			};
		})
	};
}
