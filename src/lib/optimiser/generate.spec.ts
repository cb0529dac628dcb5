import { describe, expect, it } from 'vitest';
import { parseProblem } from '../domain/planning/problem';
import { dayNumber } from '../domain/rtt';
import { generateProblem } from './generate';

describe('generateProblem', () => {
	it('is deterministic for a seed and differs between seeds', () => {
		const a = generateProblem({ patients: 300, kind: 'mixed', seed: 4 });
		const b = generateProblem({ patients: 300, kind: 'mixed', seed: 4 });
		const c = generateProblem({ patients: 300, kind: 'mixed', seed: 5 });
		expect(JSON.stringify(b)).toBe(JSON.stringify(a));
		expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
	});

	it.each(['clinic', 'theatre', 'mixed'] as const)(
		'makes a well-formed, realistic %s list',
		(kind) => {
			const { problem, priority } = generateProblem({ patients: 1500, kind, seed: 2 });
			const parsed = parseProblem(JSON.parse(JSON.stringify(problem)));
			expect(parsed.patients).toHaveLength(1500);
			const start = dayNumber(parsed.horizon.start);
			const waits = parsed.patients.map((p) => start - dayNumber(p.clockStart));
			// A long tail: most recent, some past a year.
			expect(waits.filter((w) => w <= 126).length).toBeGreaterThan(waits.length / 2);
			expect(waits.some((w) => w > 365)).toBe(true);
			expect(parsed.patients.some((p) => p.pinnedSessionId)).toBe(true);
			expect(parsed.patients.some((p) => p.mandatory)).toBe(true);
			expect(parsed.patients.some((p) => p.unavailable)).toBe(true);
			expect(parsed.patients.some((p) => p.earliest)).toBe(true);
			expect(parsed.clinicians.some((c) => c.maxMinutesPerDay !== undefined)).toBe(true);
			// Demand exceeds capacity, as on a real waiting list.
			const demand = parsed.patients.reduce((s, p) => s + p.durationMinutes, 0);
			const capacity = parsed.sessions.reduce((s, x) => s + x.minutes, 0);
			expect(capacity / demand).toBeGreaterThan(0.4);
			expect(capacity / demand).toBeLessThan(0.8);
			const lengths = new Set(
				parsed.patients.filter((p) => p.slotType === 'procedure').map((p) => p.durationMinutes)
			);
			if (kind !== 'clinic') {
				expect(lengths.size).toBeGreaterThan(3);
				expect(Object.values(priority)).toContain('P2');
			}
		}
	);

	it('makes an IHTC-like surgical instance: theatres, surgeons with varying limits, windows, half mandatory', () => {
		const { problem } = generateProblem({ patients: 300, kind: 'ihtc', seed: 3 });
		const parsed = parseProblem(JSON.parse(JSON.stringify(problem)));
		expect(parsed.patients).toHaveLength(300);
		expect(new Set(parsed.sessions.map((s) => s.specialty)).size).toBe(1);
		// Several theatres a day, open to any surgeon.
		const perDay = new Map<string, number>();
		for (const s of parsed.sessions) perDay.set(s.date, (perDay.get(s.date) ?? 0) + 1);
		expect(Math.max(...perDay.values())).toBeGreaterThan(2);
		expect(parsed.sessions.every((s) => s.clinicianId == null)).toBe(true);
		// Every patient has a surgeon; surgeons' limits vary by date and include days off.
		expect(parsed.patients.every((p) => p.clinicianId)).toBe(true);
		for (const c of parsed.clinicians) {
			const limits = Object.values(c.maxMinutesByDate ?? {});
			expect(limits).toContain(0);
			expect(new Set(limits).size).toBeGreaterThan(1);
		}
		const mandatory = parsed.patients.filter((p) => p.mandatory);
		expect(mandatory.length / 300).toBeGreaterThan(0.35);
		expect(mandatory.length / 300).toBeLessThan(0.6);
		expect(mandatory.every((p) => p.latest)).toBe(true);
		expect(parsed.patients.some((p) => p.earliest)).toBe(true);
		expect(parsed.weights).toMatchObject({
			unbookedAccrues: false,
			sessionOpenCost: 20,
			rttLatePerDay: 0,
			priorityLatePerDay: 0
		});
		expect(parsed.weights.waitSlopes).toHaveLength(1);
	});
});
