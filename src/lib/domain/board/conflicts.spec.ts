import { describe, expect, it } from 'vitest';
import { findConflicts, renderConflictMessage } from './conflicts';
import type { Allocation } from '../../contracts/planner/doc';
import type { BoardPathway, BoardReference, ShownPathway } from '../../contracts/planner/reference';

const patient = (id: number, extra: Partial<BoardPathway> = {}): BoardPathway => ({
	id,
	name: `SURNAME${id}, Given`,
	nhsLast4: `90${id}1`,
	dateOfBirth: '1970-01-01',
	age: 56,
	hospitalNumber: `H100000${id}`,
	listType: 'outpatient',
	procedure: 'Secret procedure',
	priority: 'P2',
	priorityDue: null,
	clockStart: '2026-01-01',
	daysWaited: 100,
	weekBand: 15,
	rttDeadline: '2026-05-07',
	minutes: 30,
	slotType: 'new',
	clinicianId: 7,
	unavailable: [],
	bookedSessionId: null,
	...extra
});

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
		{
			id: 1,
			date: '2026-04-14',
			start: '08:30',
			end: '09:00',
			minutes: 30,
			kind: 'clinic',
			clinicianId: 8,
			clinicianName: 'Mr B',
			slotTypes: ['follow-up'],
			slotMinutes: 15,
			site: 'Test'
		}
	],
	pathways: [patient(1, { unavailable: [{ from: '2026-04-13', to: '2026-04-15' }] }), patient(2)]
};
const at = (sessionId: number): Allocation => ({
	sessionId,
	by: { id: 1, name: 'Casey Coordinator' },
	at: '2026-04-10T09:00:00Z'
});

describe('conflict messages', () => {
	// slot type, consultant, unavailable dates and an over-filled session at once
	const rules = findConflicts(
		ref,
		new Map([
			[1, at(1)],
			[2, at(1)]
		])
	);
	const unknown = findConflicts(ref, new Map([[2, at(99)]]));

	it('name no patient: the doc they go into is sent to managers too', () => {
		expect(new Set(rules.map((c) => c.kind))).toEqual(
			new Set(['slot-type', 'clinician', 'unavailable', 'session-minutes'])
		);
		expect(unknown.map((c) => c.kind)).toEqual(['unknown-session']);
		const text = JSON.stringify([...rules, ...unknown]);
		for (const secret of ['SURNAME', 'Given', 'Secret procedure', '9011', '9021', '2026-01-01'])
			expect(text).not.toContain(secret);
	});

	it('are rendered with names for planners and with ids and priorities without patient data', () => {
		const message = rules.find((c) => c.kind === 'clinician')!.message;
		const planner = new Map<number, ShownPathway>([[1, { ...patient(1), risk: 'ok' }]]);
		expect(renderConflictMessage(message, planner)).toMatch(
			/^SURNAME1, Given \(…9011\) is under Ms A/
		);
		const { id, listType, priority, weekBand, minutes, slotType, clinicianId, bookedSessionId } =
			patient(1);
		const watcher = new Map<number, ShownPathway>([
			[
				1,
				{
					id,
					listType,
					priority,
					weekBand,
					minutes,
					slotType,
					clinicianId,
					bookedSessionId,
					risk: 'ok'
				}
			]
		]);
		expect(renderConflictMessage(message, watcher)).toMatch(/^Patient #1 \(P2\) is under Ms A/);
		expect(renderConflictMessage(message, new Map())).toMatch(/^Patient #1 is under Ms A/);
	});

	it('never quote a pathway or session id the planner has never seen', () => {
		const strays = findConflicts(
			ref,
			new Map([
				[8152, at(1)],
				[2, at(4411)]
			])
		);
		const planner = new Map<number, ShownPathway>([[2, { ...patient(2), risk: 'ok' }]]);
		expect(strays.map((c) => [c.kind, renderConflictMessage(c.message, planner)])).toEqual([
			['unknown-pathway', "A patient allocated here is no longer on this board's waiting list"],
			[
				'unknown-session',
				'SURNAME2, Given (…9021) is allocated to a session that is no longer on this board'
			]
		]);
	});
});
