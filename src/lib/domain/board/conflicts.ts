/**
 * The board's hard-rule checks (../shared/spec/planning-problem.md, rules 2–7) over the live
 * allocations: each rule and its wording comes from domain/bookingRules.ts, the one place the
 * rules for a live booking live; this module adds up the board's allocations for them. Pure: the server runs it after every accepted change and writes what it finds
 * into the doc's `conflicts` map for everyone to see. Nothing is dropped or rewritten.
 *
 * The doc goes to managers too, so a message never names a patient: it refers to them as
 * `patientRef(id)`, and each client renders that from the reference data it was sent
 * (`renderConflictMessage`): a name for planners, an id and priority for managers.
 */
import {
	consultantDayMessage,
	consultantDayOver,
	placementRefusals,
	refusalMessage,
	sessionLabel,
	sessionOverFilled,
	sessionOverFilledMessage,
	type PlacedPathway,
	type PlacementSession
} from '../bookingRules';
import type { Allocation, Conflict } from '../../contracts/planner/doc';
import {
	patientLabel,
	type BoardReference,
	type BoardSession,
	type ShownPathway
} from '../../contracts/planner/reference';

/** A patient in a conflict message, by pathway id. */
export const patientRef = (pathwayId: number): string => `{patient:${pathwayId}}`;

/** A conflict message with its patients named as far as `pathways` (what this client may see) allows. */
export function renderConflictMessage(
	message: string,
	pathways: ReadonlyMap<number, ShownPathway>
): string {
	return message.replace(/\{patient:(\d+)\}/g, (_, id: string) => {
		const p = pathways.get(Number(id));
		return p ? patientLabel(p) : `Patient #${id}`;
	});
}

export type FoundConflict = Omit<Conflict, 'since'>;

/** Stable ids, so an unchanged conflict keeps its key (and its `since`) from one check to the next. */
export function conflictId(c: FoundConflict): string {
	return `${c.kind}:${c.sessionId ?? ''}:${c.pathwayIds.join(',')}`;
}

export function findConflicts(
	ref: BoardReference,
	allocations: ReadonlyMap<number, Allocation>
): FoundConflict[] {
	const sessions = new Map(ref.sessions.map((s) => [s.id, s]));
	const pathways = new Map(ref.pathways.map((p) => [p.id, p]));
	const clinicians = new Map(ref.clinicians.map((c) => [c.id, c]));
	const found: FoundConflict[] = [];
	const label = (p: { id: number }) => patientRef(p.id);
	const consultantName = (id: number | null) =>
		id === null ? '' : (clinicians.get(id)?.name ?? `clinician ${id}`);
	const specialty = ref.board.specialty;
	const placed = (p: BoardReference['pathways'][number]): PlacedPathway => ({
		specialty,
		slotType: p.slotType,
		clinicianId: p.clinicianId,
		minutes: p.minutes,
		unavailable: p.unavailable
	});
	const onBoard = (s: BoardSession): PlacementSession => ({ ...s, specialty });

	const placements: { p: BoardReference['pathways'][number]; s: BoardSession }[] = [];
	for (const [pathwayId, a] of allocations) {
		const p = pathways.get(pathwayId);
		const s = sessions.get(a.sessionId);
		if (!p) {
			found.push({
				kind: 'unknown-pathway',
				pathwayIds: [pathwayId],
				message: "A patient allocated here is no longer on this board's waiting list"
			});
			continue;
		}
		if (!s) {
			found.push({
				kind: 'unknown-session',
				pathwayIds: [pathwayId],
				sessionId: a.sessionId,
				message: `${label(p)} is allocated to a session that is no longer on this board`
			});
			continue;
		}
		placements.push({ p, s });
		// Rules 3–5 (domain/bookingRules.ts); rule 2 holds by construction: a board is one
		// specialty and both lists are filtered to it.
		const names = {
			patient: label(p),
			session: sessionLabel(s),
			consultant: consultantName(p.clinicianId)
		};
		for (const r of placementRefusals(placed(p), onBoard(s)))
			found.push({
				kind: r.rule,
				pathwayIds: [p.id],
				sessionId: s.id,
				message: refusalMessage(r, names)
			});
	}

	// Rule 6: session minutes, counting bookings made outside the board too
	const used = new Map<number, { minutes: number; ids: number[] }>();
	const add = (sessionId: number, minutes: number, id: number) => {
		const u = used.get(sessionId) ?? { minutes: 0, ids: [] };
		u.minutes += minutes;
		u.ids.push(id);
		used.set(sessionId, u);
	};
	for (const { p, s } of placements) add(s.id, p.minutes, p.id);
	for (const p of ref.pathways) {
		if (p.bookedSessionId !== null && !allocations.has(p.id) && sessions.has(p.bookedSessionId)) {
			add(p.bookedSessionId, p.minutes, p.id);
		}
	}
	for (const [sessionId, u] of used) {
		const s = sessions.get(sessionId)!;
		if (sessionOverFilled(u.minutes, s.minutes)) {
			found.push({
				kind: 'session-minutes',
				pathwayIds: [...u.ids].sort((a, b) => a - b),
				sessionId,
				message: sessionOverFilledMessage(sessionLabel(s), u.minutes, s.minutes)
			});
		}
	}

	// Rule 7: a consultant's minutes per day (patients whose own consultant they are)
	const perDay = new Map<string, { minutes: number; ids: number[] }>();
	for (const { p, s } of placements) {
		if (p.clinicianId === null) continue;
		const key = `${p.clinicianId}|${s.date}`;
		const d = perDay.get(key) ?? { minutes: 0, ids: [] };
		d.minutes += p.minutes;
		d.ids.push(p.id);
		perDay.set(key, d);
	}
	for (const [key, d] of perDay) {
		const [clinicianId, date] = key.split('|');
		const c = clinicians.get(Number(clinicianId));
		if (c && consultantDayOver(d.minutes, c.maxMinutesPerDay)) {
			found.push({
				kind: 'clinician-day',
				pathwayIds: [...d.ids].sort((a, b) => a - b),
				message: consultantDayMessage(c.name, d.minutes, date, c.maxMinutesPerDay!)
			});
		}
	}
	return found;
}
