import { describe, expect, it } from 'vitest';
import { parseProblem } from '../planning/problem';
import type { Allocation, Confirmation } from '../../contracts/planner/doc';
import { boardProblem } from './problem';
import type { BoardPathway, BoardReference, BoardSession } from '../../contracts/planner/reference';

const session = (id: number, date: string, extra: Partial<BoardSession> = {}): BoardSession => ({
	id,
	date,
	start: '08:30',
	end: '12:30',
	minutes: 240,
	kind: 'clinic',
	clinicianId: null,
	clinicianName: null,
	slotTypes: ['new'],
	slotMinutes: 20,
	site: 'Test',
	...extra
});
const pathway = (id: number, extra: Partial<BoardPathway> = {}): BoardPathway => ({
	id,
	name: `P${id}`,
	nhsLast4: '0000',
	dateOfBirth: '1970-01-01',
	age: 56,
	hospitalNumber: null,
	listType: 'outpatient',
	procedure: null,
	priority: 'P4',
	priorityDue: null,
	clockStart: '2026-01-01',
	daysWaited: 100,
	weekBand: 15,
	rttDeadline: '2026-05-07',
	minutes: 30,
	slotType: 'new',
	clinicianId: null,
	unavailable: [],
	bookedSessionId: null,
	...extra
});
const by = { id: 1, name: 'C' };

const ref: BoardReference = {
	board: {
		id: 1,
		name: 'ENT',
		specialty: '120',
		specialtyName: 'ENT',
		horizon: { start: '2026-04-01', end: '2026-04-30' }
	},
	census: '2026-04-10',
	clinicians: [
		{ id: 7, name: 'Ms A', maxMinutesPerDay: 300 },
		{ id: 8, name: 'Mr B', maxMinutesPerDay: null }
	],
	sessions: [
		session(1, '2026-04-09'),
		session(2, '2026-04-14', { clinicianId: 7 }),
		session(3, '2026-04-15')
	],
	pathways: [
		pathway(10),
		pathway(11, { bookedSessionId: 2, minutes: 60 }), // booked outside the board
		pathway(12, { bookedSessionId: 3 }), // confirmed on the board
		pathway(13, {
			clinicianId: 7,
			priority: 'P2',
			priorityDue: '2026-04-20',
			unavailable: [{ from: '2026-04-14', to: '2026-04-14' }]
		}),
		pathway(14)
	]
};

describe('boardProblem', () => {
	const allocations = new Map<number, Allocation>([
		[12, { sessionId: 3, by, at: '' }],
		[14, { sessionId: 2, by, at: '', pinned: true }],
		[10, { sessionId: 3, by, at: '' }]
	]);
	const confirmed = new Map<number, Confirmation>([
		[12, { bookingId: 5, sessionId: 3, by, at: '' }]
	]);
	const problem = boardProblem(ref, allocations, confirmed, undefined);

	it('is a valid planning problem (the strict spec parser accepts it)', () => {
		expect(() => parseProblem(problem)).not.toThrow();
	});

	it('plans from the census date, leaving past sessions out', () => {
		expect(problem.horizon).toEqual({ start: '2026-04-10', end: '2026-04-30' });
		expect(problem.sessions.map((s) => s.id)).toEqual(['2', '3']);
		expect(problem.patients.every((p) => p.earliest === '2026-04-10')).toBe(true);
	});

	it('takes bookings made elsewhere out of capacity and off the list', () => {
		expect(problem.sessions.find((s) => s.id === '2')?.minutes).toBe(180);
		expect(problem.patients.map((p) => p.id)).toEqual(['10', '12', '13', '14']);
	});

	it('pins confirmed and pinned allocations, and no others', () => {
		const pins = Object.fromEntries(problem.patients.map((p) => [p.id, p.pinnedSessionId ?? null]));
		expect(pins).toEqual({ '10': null, '12': '3', '13': null, '14': '2' });
	});

	it('carries each patient’s constraints and the consultants’ limits', () => {
		expect(problem.patients.find((p) => p.id === '13')).toMatchObject({
			clinicianId: '7',
			priorityDue: '2026-04-20',
			slotType: 'new',
			unavailable: [{ from: '2026-04-14', to: '2026-04-14' }]
		});
		expect(problem.clinicians).toEqual([{ id: '7', maxMinutesPerDay: 300 }]);
	});
});
