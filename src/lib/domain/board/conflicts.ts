/**
 * The board's hard-rule checks (../shared/spec/planning-problem.md, rules 2–7) over the live
 * allocations. Pure: the server runs it after every accepted change and writes what it finds
 * into the doc's `conflicts` map for everyone to see. Nothing is dropped or rewritten.
 *
 * The doc goes to managers too, so a message never names a patient: it refers to them as
 * `patientRef(id)`, and each client renders that from the reference data it was sent
 * (`renderConflictMessage`): a name for planners, an id and priority for managers.
 */
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
	const where = (s: BoardSession) =>
		`${s.date} ${s.start} ${s.kind}${s.clinicianName ? ` (${s.clinicianName})` : ''}`;

	const placed: { p: BoardReference['pathways'][number]; s: BoardSession }[] = [];
	for (const [pathwayId, a] of allocations) {
		const p = pathways.get(pathwayId);
		const s = sessions.get(a.sessionId);
		if (!p) {
			found.push({
				kind: 'unknown-pathway',
				pathwayIds: [pathwayId],
				message: `Pathway ${pathwayId} is not on this board's waiting list`
			});
			continue;
		}
		if (!s) {
			found.push({
				kind: 'unknown-session',
				pathwayIds: [pathwayId],
				sessionId: a.sessionId,
				message: `${label(p)} is in session ${a.sessionId}, which is not on this board`
			});
			continue;
		}
		placed.push({ p, s });
		// Rule 2 holds by construction: a board is one specialty and both lists are filtered to it.
		// Rule 3: slot type
		if (p.slotType && s.slotTypes && !s.slotTypes.includes(p.slotType)) {
			found.push({
				kind: 'slot-type',
				pathwayIds: [p.id],
				sessionId: s.id,
				message: `${label(p)} needs a ${p.slotType} slot; ${where(s)} takes ${s.slotTypes.join(', ') || 'no typed slots'}`
			});
		}
		// Rule 4: the patient's own consultant
		if (p.clinicianId !== null && s.clinicianId !== null && p.clinicianId !== s.clinicianId) {
			const theirs = clinicians.get(p.clinicianId)?.name ?? `clinician ${p.clinicianId}`;
			found.push({
				kind: 'clinician',
				pathwayIds: [p.id],
				sessionId: s.id,
				message: `${label(p)} is under ${theirs}; ${where(s)} is another consultant's list`
			});
		}
		// Rule 5: dates the patient cannot attend
		const off = p.unavailable.find((u) => u.from <= s.date && s.date <= u.to);
		if (off) {
			found.push({
				kind: 'unavailable',
				pathwayIds: [p.id],
				sessionId: s.id,
				message: `${label(p)} cannot attend ${off.from} to ${off.to}; ${where(s)} is in that range`
			});
		}
	}

	// Rule 6: session minutes, counting bookings made outside the board too
	const used = new Map<number, { minutes: number; ids: number[] }>();
	const add = (sessionId: number, minutes: number, id: number) => {
		const u = used.get(sessionId) ?? { minutes: 0, ids: [] };
		u.minutes += minutes;
		u.ids.push(id);
		used.set(sessionId, u);
	};
	for (const { p, s } of placed) add(s.id, p.minutes, p.id);
	for (const p of ref.pathways) {
		if (p.bookedSessionId !== null && !allocations.has(p.id) && sessions.has(p.bookedSessionId)) {
			add(p.bookedSessionId, p.minutes, p.id);
		}
	}
	for (const [sessionId, u] of used) {
		const s = sessions.get(sessionId)!;
		if (u.minutes > s.minutes) {
			found.push({
				kind: 'session-minutes',
				pathwayIds: [...u.ids].sort((a, b) => a - b),
				sessionId,
				message: `${where(s)} is over-filled: ${u.minutes} of ${s.minutes} minutes booked`
			});
		}
	}

	// Rule 7: a consultant's minutes per day (patients whose own consultant they are)
	const perDay = new Map<string, { minutes: number; ids: number[] }>();
	for (const { p, s } of placed) {
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
		if (c?.maxMinutesPerDay != null && d.minutes > c.maxMinutesPerDay) {
			found.push({
				kind: 'clinician-day',
				pathwayIds: [...d.ids].sort((a, b) => a - b),
				message: `${c.name} has ${d.minutes} minutes booked on ${date}, over their limit of ${c.maxMinutesPerDay}`
			});
		}
	}
	return found;
}
