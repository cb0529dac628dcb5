import { describe, expect, it } from 'vitest';
import type { Allocation } from '../contracts/planner/doc';
import type { BoardSession, ShownPathway } from '../contracts/planner/reference';
import { confirmGroups, waitCounts } from './views';

const watched = (
	id: number,
	priority: string | null,
	weekBand: number,
	bookedSessionId: number | null = null
): ShownPathway => ({
	id,
	listType: 'outpatient',
	priority,
	weekBand,
	risk: 'ok',
	minutes: 30,
	slotType: null,
	clinicianId: null,
	bookedSessionId
});
const placed: Allocation = { sessionId: 1, by: { id: 1, name: 'C' }, at: '2026-01-01T00:00:00Z' };

describe('waitCounts', () => {
	it('counts patients waiting by priority and weeks waited, and those the board places', () => {
		const rows = waitCounts(
			[
				watched(1, 'P4', 18),
				watched(2, 'P4', 19),
				watched(3, 'P2', 53),
				watched(4, null, 52),
				watched(5, 'P2', 3, 9),
				watched(6, 'P2', 3, 9)
			],
			new Map([
				[2, placed],
				[6, placed]
			])
		);
		// patient 5 is booked outside the board and not moved here: not waiting
		expect(rows).toEqual([
			{ priority: 'P2', waiting: [1, 0, 1], planned: 1 },
			{ priority: 'P4', waiting: [1, 1, 0], planned: 1 },
			{ priority: 'None', waiting: [0, 1, 0], planned: 0 }
		]);
	});
});

describe('confirmGroups', () => {
	const session = (id: number, date: string, start: string, clinicianName: string | null) =>
		({
			id,
			date,
			start,
			end: '17:00',
			minutes: 240,
			kind: 'clinic',
			clinicianId: null,
			clinicianName,
			slotTypes: null,
			slotMinutes: null,
			site: 'Main'
		}) satisfies BoardSession;
	const sessions = new Map(
		[
			session(1, '2026-12-22', '13:30', 'Ms Iqbal'),
			session(2, '2026-12-21', '09:00', null),
			session(3, '2026-12-22', '08:30', 'Mr Shah')
		].map((s) => [s.id, s])
	);
	const named = (id: number, name?: string): ShownPathway => ({
		...watched(id, 'P3', 10),
		...(name ? { name } : {})
	});
	const pathways = new Map(
		[
			named(10, 'Zoe Adams'),
			named(11, 'Amy Brown'),
			named(12, 'Carl Dean'),
			named(13, 'Dan Evans'),
			named(14)
		].map((p) => [p.id, p])
	);
	const at = (sessionId: number): Allocation => ({ ...placed, sessionId });

	it('groups the drafts by day, then session, in date and time order, with names', () => {
		const allocations = new Map([
			[10, at(1)],
			[11, at(1)],
			[12, at(3)],
			[13, at(2)],
			[14, at(3)],
			[15, at(99)]
		]);
		const days = confirmGroups([10, 11, 12, 13, 14, 15], allocations, sessions, pathways);
		expect(
			days.map((d) => ({
				label: d.label,
				sessions: d.sessions.map((g) => [g.session?.start ?? null, g.patients])
			}))
		).toEqual([
			{ label: 'Mon 21 Dec 2026', sessions: [['09:00', ['Dan Evans']]] },
			{
				label: 'Tue 22 Dec 2026',
				sessions: [
					['08:30', ['Carl Dean', 'Patient #14 (P3)']],
					['13:30', ['Amy Brown', 'Zoe Adams']]
				]
			},
			// a session the board no longer shows: last, still counted
			{ label: 'Session not on this board', sessions: [[null, ['Patient #15']]] }
		]);
	});

	it('leaves out what is not pending', () => {
		const allocations = new Map([
			[10, at(1)],
			[11, at(2)]
		]);
		const days = confirmGroups([11], allocations, sessions, pathways);
		expect(days.map((d) => d.date)).toEqual(['2026-12-21']);
	});
});
