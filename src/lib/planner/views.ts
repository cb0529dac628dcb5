/**
 * Pure views over a board's doc and reference data, for components to derive from. Each returns
 * a new immutable structure; components never mutate them.
 */
import type * as Y from 'yjs';
import type { Allocation, BoardDoc, Conflict, Confirmation } from './doc';
import type { BoardSession, ShownPathway } from './reference';

export interface DocSnapshot {
	allocations: ReadonlyMap<number, Allocation>;
	conflicts: ReadonlyMap<string, Conflict>;
	confirmed: ReadonlyMap<number, Confirmation>;
}

const byNumber = <T>(map: Y.Map<T>): ReadonlyMap<number, T> =>
	new Map([...map].map(([k, v]) => [Number(k), v]));

export function snapshot(board: BoardDoc): DocSnapshot {
	return {
		allocations: byNumber(board.allocations),
		conflicts: new Map(board.conflicts.entries()),
		confirmed: byNumber(board.confirmed)
	};
}

export const nowIso = (): string => new Date().toISOString();

export const byId = <T extends { id: number }>(rows: readonly T[]): ReadonlyMap<number, T> =>
	new Map(rows.map((r) => [r.id, r]));

export interface Occupant {
	p: ShownPathway;
	/** Confirmed on this board (booked). */
	locked: boolean;
	/** Booked outside the board. */
	outside: boolean;
	pinned: boolean;
}

/** Who is in each session: the board's allocations plus bookings made elsewhere. */
export function occupantsBySession(
	allocations: ReadonlyMap<number, Allocation>,
	confirmed: ReadonlyMap<number, Confirmation>,
	pathways: ReadonlyMap<number, ShownPathway>
): ReadonlyMap<number, readonly Occupant[]> {
	const map = new Map<number, Occupant[]>();
	const add = (sessionId: number, o: Occupant) => map.set(sessionId, [...(map.get(sessionId) ?? []), o]);
	for (const [pathwayId, a] of allocations) {
		const p = pathways.get(pathwayId);
		if (p) add(a.sessionId, { p, locked: confirmed.has(pathwayId), outside: false, pinned: !!a.pinned });
	}
	for (const p of pathways.values()) {
		if (p.bookedSessionId !== null && !allocations.has(p.id)) {
			add(p.bookedSessionId, { p, locked: true, outside: true, pinned: false });
		}
	}
	return map;
}

export function conflictMessagesBySession(conflicts: ReadonlyMap<string, Conflict>): ReadonlyMap<number, readonly string[]> {
	const map = new Map<number, string[]>();
	for (const c of conflicts.values()) {
		if (c.sessionId !== undefined) map.set(c.sessionId, [...(map.get(c.sessionId) ?? []), c.message]);
	}
	return map;
}

/** Draft allocations per session, for the confirm summary. */
export function pendingPerSession(
	pending: readonly number[],
	allocations: ReadonlyMap<number, Allocation>,
	sessions: ReadonlyMap<number, BoardSession>
): { session: BoardSession | undefined; n: number }[] {
	const counts = new Map<number, number>();
	for (const id of pending) {
		const a = allocations.get(id);
		if (a) counts.set(a.sessionId, (counts.get(a.sessionId) ?? 0) + 1);
	}
	return [...counts].map(([id, n]) => ({ session: sessions.get(id), n }));
}
