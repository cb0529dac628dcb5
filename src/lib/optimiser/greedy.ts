/**
 * The plain baseline a coordinator might follow by hand: keep the pins, then take patients in
 * priority-then-wait order (mandatory by latest date, then by P-code due date, then longest wait
 * first) and book each into the earliest session that takes them under rules 2–7. It ignores
 * what booking one patient costs the others, which is what the optimiser is measured against.
 */
import { objectiveBreakdown } from '../domain/planning/objective';
import type { ParsedProblem } from '../domain/planning/problem';
import {
	type Booking,
	NOT_PLACED,
	type PlanningSolution,
	sessionRef,
	type Unmet
} from '../domain/planning/solution';
import { fromDayNumber } from '../domain/rtt';
import { Loads, Model, type ModelPatient } from './model';

export function greedyPlan(problem: ParsedProblem): PlanningSolution {
	const started = Date.now();
	const model = new Model(problem);
	const loads = new Loads(model);
	const booked = new Int32Array(model.patients.length).fill(-1);
	const unmet: Unmet[] = [];

	for (const p of model.patients) {
		if (p.pinned < 0) continue;
		const s = model.sessions[p.pinned];
		if (model.suits(p, s) && model.available(p, s.day) && loads.fits(p, s.index)) {
			loads.add(p, s.index);
			booked[p.index] = s.index;
			if (p.mandatory && s.day > p.latest)
				unmet.push({ patientId: p.id, reason: 'pinned after their latest date' });
		} else
			unmet.push({
				patientId: p.id,
				reason: `pinned to ${sessionRef(s.id)}, which cannot take them`
			});
	}

	// Sessions of each specialty in date order: "earliest feasible" is the first that fits.
	const bySpecialty = new Map<string, number[]>();
	for (const s of model.sessions) {
		const list = bySpecialty.get(s.specialty);
		if (list) list.push(s.index);
		else bySpecialty.set(s.specialty, [s.index]);
	}
	for (const list of bySpecialty.values()) {
		list.sort((a, b) => model.sessions[a].day - model.sessions[b].day || a - b);
	}

	const order = model.patients.filter((p) => booked[p.index] < 0).sort(inTurn);
	for (const p of order) {
		const sessions = bySpecialty.get(p.specialty) ?? [];
		let placed = false;
		for (const si of sessions) {
			const s = model.sessions[si];
			if (p.mandatory && s.day > p.latest) break;
			if (!model.suits(p, s) || !model.available(p, s.day) || !loads.fits(p, si)) continue;
			loads.add(p, si);
			booked[p.index] = si;
			placed = true;
			break;
		}
		if (!placed && p.mandatory)
			unmet.push({
				patientId: p.id,
				reason: `${NOT_PLACED} by the earliest-first baseline (mandatory ${p.latest < Infinity ? `by ${fromDayNumber(p.latest)}` : 'in the horizon'}): this does not prove there is no room`
			});
	}

	const bookings: Booking[] = [];
	for (const p of model.patients) {
		if (booked[p.index] >= 0)
			bookings.push({ patientId: p.id, sessionId: model.sessions[booked[p.index]].id });
	}
	const objective = objectiveBreakdown(problem, bookings).total;
	const solution: PlanningSolution = {
		version: 1,
		status: unmet.length > 0 ? 'infeasible' : 'feasible',
		objective,
		lowerBound: null,
		bookings,
		stats: { method: 'greedy', timeSeconds: (Date.now() - started) / 1000 }
	};
	if (unmet.length > 0) solution.unmet = unmet;
	return solution;
}

/** Clinical priority first (mandatory, then P-code due date), then longest wait, then id. */
function inTurn(a: ModelPatient, b: ModelPatient): number {
	if (a.mandatory !== b.mandatory) return a.mandatory ? -1 : 1;
	if (a.mandatory && a.latest !== b.latest) return a.latest - b.latest;
	const da = a.cost.priorityDueDay ?? Infinity;
	const db = b.cost.priorityDueDay ?? Infinity;
	if (da !== db) return da - db;
	if (a.cost.clockStartDay !== b.cost.clockStartDay)
		return a.cost.clockStartDay - b.cost.clockStartDay;
	return a.index - b.index;
}
