/**
 * Plan measures a service manager reads (DOMAIN.md: 18 weeks, P-code targets, long waits,
 * capacity use, treating in turn), for comparing the optimiser with the baseline.
 */
import type { ParsedProblem } from '../domain/planning/problem';
import type { Booking } from '../domain/planning/solution';
import { dayNumber, RTT_STANDARD_DAYS } from '../domain/rtt';

export interface PlanMetrics {
	booked: number;
	unbooked: number;
	/** Booked on a day more than 126 days after clock start. */
	bookedPast18Weeks: number;
	/** Booked after their P-code due date. */
	bookedPastDue: number;
	/** Longest wait per priority label: days to the booking, or to horizon end + 1 if unbooked. */
	longestWait: Record<string, number>;
	/** Booked minutes over session minutes. */
	utilisation: number;
	/**
	 * Booked patients with someone needing the same thing (same specialty, slot type, clinician,
	 * length and priority) who has waited longer but is booked later or not at all.
	 */
	outOfTurn: number;
}

export function planMetrics(
	problem: ParsedProblem,
	bookings: readonly Booking[],
	priority: Readonly<Record<string, string>> = {}
): PlanMetrics {
	const sessionDay = new Map(problem.sessions.map((s) => [s.id, dayNumber(s.date)]));
	const bookedOn = new Map<string, number>();
	for (const b of bookings) {
		const d = sessionDay.get(b.sessionId);
		if (d !== undefined && !bookedOn.has(b.patientId)) bookedOn.set(b.patientId, d);
	}
	const after = dayNumber(problem.horizon.end) + 1;
	let bookedPast18Weeks = 0;
	let bookedPastDue = 0;
	let bookedMinutes = 0;
	const longestWait: Record<string, number> = {};
	const groups = new Map<string, { start: number; day: number }[]>();
	for (const p of problem.patients) {
		const start = dayNumber(p.clockStart);
		const day = bookedOn.get(p.id);
		const label = priority[p.id] ?? (p.priorityDue != null ? 'with due date' : 'routine');
		const waited = (day ?? after) - start;
		longestWait[label] = Math.max(longestWait[label] ?? 0, waited);
		if (day !== undefined) {
			bookedMinutes += p.durationMinutes;
			if (waited > RTT_STANDARD_DAYS) bookedPast18Weeks++;
			if (p.priorityDue != null && day > dayNumber(p.priorityDue)) bookedPastDue++;
		}
		const key = JSON.stringify([
			p.specialty,
			p.slotType ?? null,
			p.clinicianId ?? null,
			p.durationMinutes,
			label
		]);
		const list = groups.get(key) ?? [];
		list.push({ start, day: day ?? Infinity });
		groups.set(key, list);
	}
	let outOfTurn = 0;
	for (const list of groups.values()) {
		list.sort((a, b) => a.start - b.start);
		// Latest booking among those who started strictly earlier (unbooked counts as never).
		let latestBefore = -Infinity;
		for (let i = 0; i < list.length;) {
			let j = i;
			while (j < list.length && list[j].start === list[i].start) j++;
			for (let k = i; k < j; k++)
				if (list[k].day !== Infinity && latestBefore > list[k].day) outOfTurn++;
			for (let k = i; k < j; k++) latestBefore = Math.max(latestBefore, list[k].day);
			i = j;
		}
	}
	const capacity = problem.sessions.reduce((sum, s) => sum + s.minutes, 0);
	return {
		booked: bookedOn.size,
		unbooked: problem.patients.length - bookedOn.size,
		bookedPast18Weeks,
		bookedPastDue,
		longestWait,
		utilisation: capacity > 0 ? bookedMinutes / capacity : 0,
		outOfTurn
	};
}
