/**
 * Pure views over a board's doc and reference data, for components to derive from. Each returns
 * a new immutable structure; components never mutate them.
 */
import type * as Y from 'yjs';
import type { Allocation, BoardDoc, Conflict, Confirmation } from '../contracts/planner/doc';
import type { BoardSession, ShownPathway } from '../contracts/planner/reference';

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
	const add = (sessionId: number, o: Occupant) =>
		map.set(sessionId, [...(map.get(sessionId) ?? []), o]);
	for (const [pathwayId, a] of allocations) {
		const p = pathways.get(pathwayId);
		if (p)
			add(a.sessionId, { p, locked: confirmed.has(pathwayId), outside: false, pinned: !!a.pinned });
	}
	for (const p of pathways.values()) {
		if (p.bookedSessionId !== null && !allocations.has(p.id)) {
			add(p.bookedSessionId, { p, locked: true, outside: true, pinned: false });
		}
	}
	return map;
}

export function conflictMessagesBySession(
	conflicts: ReadonlyMap<string, Conflict>
): ReadonlyMap<number, readonly string[]> {
	const map = new Map<number, string[]>();
	for (const c of conflicts.values()) {
		if (c.sessionId !== undefined)
			map.set(c.sessionId, [...(map.get(c.sessionId) ?? []), c.message]);
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

/** Week-band columns of the waiting summary: within 18 weeks, 19 to 52, over 52. */
export const WAIT_COLUMNS = [
	{ label: 'Up to 18 wk', upTo: 18 },
	{ label: '19–52 wk', upTo: 52 },
	{ label: 'Over 52 wk', upTo: Infinity }
] as const;

export interface WaitCountRow {
	priority: string;
	/** Patients waiting (not booked elsewhere), by WAIT_COLUMNS. */
	waiting: number[];
	/** Of those, how many this board places. */
	planned: number;
}

/**
 * Patients on the board's list by priority and weeks waited: what a watcher without patient
 * data sees of the list, and a planner's overview of it.
 */
export function waitCounts(
	pathways: readonly ShownPathway[],
	allocations: ReadonlyMap<number, Allocation>
): WaitCountRow[] {
	const rows = new Map<string, WaitCountRow>();
	for (const p of pathways) {
		if (p.bookedSessionId !== null && !allocations.has(p.id)) continue;
		const priority = p.priority ?? 'None';
		const row = rows.get(priority) ?? { priority, waiting: WAIT_COLUMNS.map(() => 0), planned: 0 };
		row.waiting[WAIT_COLUMNS.findIndex((c) => p.weekBand <= c.upTo)]++;
		if (allocations.has(p.id)) row.planned++;
		rows.set(priority, row);
	}
	const order = ['P1a', 'P1b', 'P2', 'P3', 'P4', 'None'];
	return [...rows.values()].sort((a, b) => order.indexOf(a.priority) - order.indexOf(b.priority));
}
