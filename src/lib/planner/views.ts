/**
 * Pure views over a board's doc and reference data, for components to derive from. Each returns
 * a new immutable structure; components never mutate them.
 */
import type * as Y from 'yjs';
import type { Allocation, BoardDoc, Conflict, Confirmation } from '../contracts/planner/doc';
import { type BoardSession, patientName, type ShownPathway } from '../contracts/planner/reference';

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

export interface ConfirmSession {
	sessionId: number;
	/** Undefined for a session the board no longer shows. */
	session: BoardSession | undefined;
	/** The patients going into it, by name. */
	patients: string[];
}

export interface ConfirmDay {
	/** ISO date; '' for sessions the board no longer shows. */
	date: string;
	/** "Tue 22 Dec 2026". */
	label: string;
	sessions: ConfirmSession[];
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue 22 Dec 2026" for "2026-12-22", the same in every browser (Intl's punctuation varies). */
function dayLabel(date: string): string {
	const d = new Date(`${date}T00:00:00Z`);
	return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * The draft allocations the confirm dialog books: by day, then session by start time, each with
 * its patients' names in alphabetical order. Sessions the board no longer shows come last.
 */
export function confirmGroups(
	pending: readonly number[],
	allocations: ReadonlyMap<number, Allocation>,
	sessions: ReadonlyMap<number, BoardSession>,
	pathways: ReadonlyMap<number, ShownPathway>
): ConfirmDay[] {
	const bySession = new Map<number, string[]>();
	for (const id of pending) {
		const a = allocations.get(id);
		if (!a) continue;
		const p = pathways.get(id);
		const names = bySession.get(a.sessionId) ?? [];
		names.push(p ? patientName(p) : `Patient #${id}`);
		bySession.set(a.sessionId, names);
	}
	const groups: ConfirmSession[] = [...bySession].map(([sessionId, names]) => ({
		sessionId,
		session: sessions.get(sessionId),
		patients: names.sort((a, b) => a.localeCompare(b, 'en-GB'))
	}));
	const key = (g: ConfirmSession) => [g.session?.date ?? '\uffff', g.session?.start ?? ''];
	groups.sort((a, b) => {
		const [da, sa] = key(a);
		const [db, sb] = key(b);
		return da < db ? -1 : da > db ? 1 : sa < sb ? -1 : sa > sb ? 1 : a.sessionId - b.sessionId;
	});
	const days: ConfirmDay[] = [];
	for (const g of groups) {
		const date = g.session?.date ?? '';
		let day = days.at(-1);
		if (!day || day.date !== date) {
			day = {
				date,
				label: date ? dayLabel(date) : 'Session not on this board',
				sessions: []
			};
			days.push(day);
		}
		day.sessions.push(g);
	}
	return days;
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
