import { describe, expect, it } from 'vitest';
import { MOVE_GROUPINGS, moveGroups, planStatus, unmetReason } from './proposalView';

const timedOut = {
	pathwayId: 7,
	name: 'Ms Iqbal',
	reason: 'not placed in the time allowed: try a longer search (mandatory by 2026-12-20; …)',
	proven: false
};
const pinBroken = {
	pathwayId: 8,
	name: 'Mr Shah',
	reason: 'pinned to {session:12}, but the session has no room left for them (rule 6)',
	proven: true
};

describe('planStatus', () => {
	it('does not call a plan infeasible when the optimiser only ran out of time', () => {
		const status = planStatus('infeasible', [timedOut]);
		expect(status.headline).not.toMatch(/infeasible|could not be placed|no room/i);
		expect(status.headline).toMatch(/not placed in the time allowed/i);
		expect(status.headline).toMatch(/try a longer search/i);
		expect(status.headline).toMatch(/not a proof/i);
		expect(status.unproven).toEqual([timedOut]);
		expect(status.proven).toEqual([]);
	});

	it('says what is proven, and keeps the two kinds apart', () => {
		expect(planStatus('infeasible', [pinBroken]).headline).toBe(
			'1 fixed patient cannot be placed where they must be (see below)'
		);
		const both = planStatus('infeasible', [timedOut, pinBroken]);
		expect(both.proven).toEqual([pinBroken]);
		expect(both.unproven).toEqual([timedOut]);
		expect(both.headline).toMatch(/^1 fixed patient cannot be placed/);
		expect(both.headline).toMatch(
			/1 patient who must be booked was not placed in the time allowed/
		);
	});

	it('treats an entry without the proven flag (a proposal kept before it existed) as unproven', () => {
		const { proven, unproven } = planStatus('infeasible', [{ ...pinBroken, proven: undefined }]);
		expect(proven).toEqual([]);
		expect(unproven).toHaveLength(1);
	});

	it('words optimal and feasible plans as before', () => {
		expect(planStatus('optimal', []).headline).toBe('Proven optimal');
		expect(planStatus('feasible', []).headline).toBe('Feasible');
	});
});

describe('moveGroups', () => {
	const session = (id: number, date: string, start: string, kind: 'clinic' | 'theatre') =>
		[
			id,
			{
				id,
				date,
				start,
				end: '17:00',
				minutes: 240,
				kind,
				clinicianId: 1,
				clinicianName: 'Ms Iqbal',
				slotTypes: null,
				slotMinutes: null,
				site: 'Main'
			}
		] as const;
	const sessions = new Map([
		session(10, '2026-12-22', '13:30', 'clinic'),
		session(11, '2026-12-21', '09:00', 'theatre'),
		session(12, '2026-12-29', '09:00', 'theatre')
	]);
	const move = (pathwayId: number, to: number | null, priority: string | null) => ({
		pathwayId,
		name: `Patient ${pathwayId}`,
		priority,
		from: null,
		to,
		reason: ''
	});
	// what each patient is waiting for, as the board's waiting list has it
	const pathways = new Map<number, { procedure?: string | null }>([
		[1, { procedure: 'Inguinal hernia repair' }],
		[2, { procedure: 'Laparoscopic cholecystectomy' }],
		[3, { procedure: null }],
		[4, { procedure: 'inguinal hernia repair ' }]
		// 5: no longer on the board's list
	]);
	const moves = [
		move(1, 10, 'P3'),
		move(2, 11, 'P2'),
		move(3, 12, null),
		move(4, 10, 'P2'),
		move(5, null, 'P4')
	];

	it('groups the moves by the week they go into, weeks in order, taken-out moves apart', () => {
		const { week } = moveGroups(moves, sessions, pathways);
		expect(week.map((g) => [g.label, g.pathwayIds])).toEqual([
			['Week from Mon 21/12/2026', [1, 2, 4]],
			['Week from Mon 28/12/2026', [3]],
			['Taken off the plan', [5]]
		]);
	});

	it('groups them by session in date and time order, naming the session as the board does', () => {
		const { session: bySession } = moveGroups(moves, sessions, pathways);
		expect(bySession.map((g) => [g.label, g.pathwayIds])).toEqual([
			['Mon 21/12/2026 09:00 theatre (Ms Iqbal)', [2]],
			['Tue 22/12/2026 13:30 clinic (Ms Iqbal)', [1, 4]],
			['Tue 29/12/2026 09:00 theatre (Ms Iqbal)', [3]]
		]);
	});

	it('groups them by priority, P1a first and no priority last', () => {
		const { priority } = moveGroups(moves, sessions, pathways);
		expect(priority.map((g) => [g.label, g.pathwayIds])).toEqual([
			['P2', [2, 4]],
			['P3', [1]],
			['P4', [5]],
			['No priority', [3]]
		]);
	});

	it('groups them by what the patients are waiting for, by name, the unrecorded last', () => {
		const { procedure } = moveGroups(moves, sessions, pathways);
		expect(procedure.map((g) => [g.label, g.pathwayIds])).toEqual([
			['Inguinal hernia repair', [1, 4]],
			['Laparoscopic cholecystectomy', [2]],
			['No procedure', [3, 5]]
		]);
	});

	it('offers every grouping under one name, each with its groups', () => {
		const groups = moveGroups(moves, sessions, pathways);
		expect(MOVE_GROUPINGS.map(([kind, title]) => [title, groups[kind].length])).toEqual([
			['Week', 3],
			['Session', 3],
			['Priority', 4],
			['Procedure', 3]
		]);
	});
});

describe('unmetReason', () => {
	const sessions = new Map([
		[
			4411,
			{
				id: 4411,
				date: '2026-12-22',
				start: '13:30',
				end: '17:00',
				minutes: 210,
				kind: 'clinic' as const,
				clinicianId: 1,
				clinicianName: 'Ms Iqbal',
				slotTypes: null,
				slotMinutes: null,
				site: 'Main'
			}
		]
	]);

	it('names a session as the board does, never by its id', () => {
		const reason = unmetReason('mandatory by 2026-12-20, but pinned to {session:4411}', sessions);
		expect(reason).toBe(
			'mandatory by 2026-12-20, but pinned to Tue 22/12/2026 13:30 clinic (Ms Iqbal)'
		);
		expect(reason).not.toMatch(/4411/);
	});

	it('says so for a session the board no longer has, and leaves other text alone', () => {
		expect(unmetReason('pinned to {session:9}, which cannot take them', sessions)).toBe(
			'pinned to a session not on this board, which cannot take them'
		);
		expect(unmetReason('not placed in the time allowed', sessions)).toBe(
			'not placed in the time allowed'
		);
	});
});
