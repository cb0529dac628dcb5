/**
 * The team view on a real database: open work by person and age, reassignment (audited, to the
 * right kind of person only), and the week's throughput per person. Also who may open the
 * records pages at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { OpenDatabase } from '../../db';
import { auditLog, caseNoteRequests, summarisingItems } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth';
import { AppError } from '../../src/lib/server/errors';
import { transitionRequest } from '../../src/lib/server/records/requestTransitions';
import { claimItem, completeItem } from '../../src/lib/server/records/summarising';
import { ageBand, reassignWork, teamView } from '../../src/lib/server/records/team';
import { assignValidation } from '../../src/lib/server/records/validation';
import { accessFor } from '../../src/lib/server/roles';
import { targets } from './databases';
import { addLibrary, addPathway, addPatient, addTestSite, addUser } from './fixtures';

/** Wednesday 25 November 2026, 11:00 London: the week began on Monday the 23rd. */
const NOW = new Date(Date.UTC(2026, 10, 25, 11, 0));
const DAY = 86_400_000;

describe('who may open the records pages', () => {
	it.each([
		['/records', ['admin', 'team_leader', 'records']],
		['/api/records/requests/1/transition', ['admin', 'team_leader', 'records']],
		['/records/settings', ['admin']],
		['/api/records/settings', ['admin']],
		['/summarising', ['admin', 'team_leader', 'summariser']],
		['/api/summarising/4/claim', ['admin', 'team_leader', 'summariser']],
		['/team', ['admin', 'team_leader']],
		['/api/team/reassign', ['admin', 'team_leader']],
		['/validation', ['admin', 'coordinator', 'team_leader']],
		['/api/validation/9/outcome', ['admin', 'coordinator', 'team_leader']],
		['/api/bookings/3/move', ['admin', 'coordinator', 'team_leader']]
	] as const)('%s', (path, allowed) => {
		for (const role of [
			'admin',
			'coordinator',
			'team_leader',
			'records',
			'summariser',
			'manager',
			'display'
		] as const) {
			expect(accessFor(path, role), role).toBe(
				(allowed as readonly string[]).includes(role) ? 'allow' : 'forbidden'
			);
		}
		expect(accessFor(path, null)).toBe('sign-in');
	});
});

it('bands work by age', () => {
	expect([0, 1, 2, 3, 7, 8, 40].map(ageBand)).toEqual([
		'today',
		'1–2 days',
		'1–2 days',
		'3–7 days',
		'3–7 days',
		'over a week',
		'over a week'
	]);
});

describe.each(targets)('the team view on $name', (target) => {
	let open: OpenDatabase;
	let lead: SessionUser;
	let rita: SessionUser;
	let ravi: SessionUser;
	let hannah: SessionUser;
	let cara: SessionUser;
	let requestIds: number[];
	let itemId: number;
	let pathwayId: number;

	beforeAll(async () => {
		open = await target.open();
		const user = (role: SessionUser['role'], name: string) =>
			addUser(open, role, name, 'team.test');
		lead = await user('team_leader', 'Tess Teamlead');
		rita = await user('records', 'Rita Records');
		ravi = await user('records', 'Ravi Records');
		hannah = await user('summariser', 'Hannah Lee');
		cara = await user('coordinator', 'Cara Coordinator');
		const libraryId = await addLibrary(open, await addTestSite(open, ['120']));
		const patientId = await addPatient(open, {
			nhsNumber: '9990000026',
			givenName: 'Tia',
			familyName: 'Team',
			dateOfBirth: '1980-01-01',
			sex: 'F'
		});
		pathwayId = await addPathway(open, patientId, {
			clockStart: '2026-06-01',
			priority: null,
			decisionDate: null,
			procedure: null,
			expectedMinutes: 20
		});
		// three requests due now: pulled today, 2 days ago and 10 days ago; one due next week
		const due = ['2026-11-25', '2026-11-23', '2026-11-13', '2026-12-02'];
		requestIds = [];
		for (const pullOn of due) {
			const [r] = await open.db
				.insert(caseNoteRequests)
				.values({
					patientId,
					reason: 'clinic',
					urgency: 'routine',
					neededBy: new Date(`${pullOn}T09:00:00Z`),
					requestedAt: new Date(NOW.getTime() - 20 * DAY),
					homeLocationId: libraryId,
					pullOn
				})
				.returning();
			requestIds.push(r.id);
		}
		const [item] = await open.db
			.insert(summarisingItems)
			.values({
				patientId,
				source: 'clinic letter',
				receivedAt: new Date(NOW.getTime() - 9 * DAY)
			})
			.returning();
		itemId = item.id;
	});
	afterAll(async () => {
		await open?.close();
	});

	it('shows work due now by person and age, and moves it on in one step, audited', async () => {
		await claimItem(open.db, hannah, itemId, new Date(NOW.getTime() - 3 * DAY));
		await assignValidation(open.db, lead, [pathwayId], cara.id, NOW);
		await reassignWork(open.db, lead, {
			kind: 'request',
			ids: [String(requestIds[0]), String(requestIds[2])],
			to: String(rita.id)
		});

		const view = await teamView(open.db, NOW);
		const of = (name: string) => view.people.find((p) => p.person?.name === name)!;
		expect(of('Rita Records').items.map((i) => [i.kind, i.id, i.ageDays])).toEqual([
			['request', requestIds[2], 12],
			['request', requestIds[0], 0]
		]);
		expect(of('Rita Records').byAge).toEqual({
			today: 1,
			'1–2 days': 0,
			'3–7 days': 0,
			'over a week': 1
		});
		expect(of('Hannah Lee').items).toMatchObject([{ kind: 'summary', id: itemId, ageDays: 3 }]);
		expect(of('Cara Coordinator').byKind).toEqual({ request: 0, summary: 0, validation: 1 });
		// the request pulled on Monday is due now but nobody holds it; next week's is not due yet
		expect(view.unassigned.items.map((i) => i.id)).toEqual([requestIds[1]]);
		expect(view.weekStart).toBe('2026-11-23');

		await reassignWork(open.db, lead, { kind: 'request', ids: [requestIds[2]], to: ravi.id });
		await reassignWork(open.db, lead, { kind: 'summary', ids: [itemId], to: 'none' });
		const after = await teamView(open.db, NOW);
		expect(
			after.people.find((p) => p.person?.name === 'Ravi Records')!.items.map((i) => i.id)
		).toEqual([requestIds[2]]);
		expect(after.people.find((p) => p.person?.name === 'Hannah Lee')!.items).toEqual([]);
		const trail = await open.db
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.entity, 'case_note_request'), eq(auditLog.entityId, String(requestIds[2])))
			)
			.orderBy(auditLog.id);
		expect(
			trail.map((a) => [a.action, a.userId, (a.after as { assignedTo: number }).assignedTo])
		).toEqual([
			['assign-case-note-request', lead.id, rita.id],
			['assign-case-note-request', lead.id, ravi.id]
		]);
	});

	it('refuses work for the wrong kind of person, and bad input, changing nothing', async () => {
		const refusal = async (input: unknown) => {
			try {
				await reassignWork(open.db, lead, input, NOW);
			} catch (e) {
				if (e instanceof AppError) return `${e.status} ${e.message}`;
				throw e;
			}
			return 'accepted';
		};
		expect(await refusal({ kind: 'request', ids: [requestIds[1]], to: hannah.id })).toBe(
			`400 assigneeId: Hannah Lee is not one of the people who can take this work (records)`
		);
		expect(await refusal({ kind: 'validation', ids: [pathwayId], to: rita.id })).toMatch(
			/^400 assigneeId: Rita Records is not one of/
		);
		expect(await refusal({ kind: 'chores', ids: [1], to: rita.id })).toMatch(/^400 kind: /);
		expect(await refusal({ kind: 'request', ids: [], to: rita.id })).toBe(
			'400 ids: choose at least one item'
		);
		const [r] = await open.db
			.select()
			.from(caseNoteRequests)
			.where(eq(caseNoteRequests.id, requestIds[1]));
		expect(r.assignedTo).toBeNull();
	});

	it("counts each person's week: movements, summaries, validations", async () => {
		await transitionRequest(open.db, rita, requestIds[0], { to: 'located' }, NOW);
		await transitionRequest(open.db, rita, requestIds[0], { to: 'dispatched' }, NOW);
		// last week's work does not count
		await transitionRequest(
			open.db,
			ravi,
			requestIds[2],
			{ to: 'located' },
			new Date(Date.UTC(2026, 10, 22, 23, 0))
		);
		await claimItem(open.db, hannah, itemId, NOW);
		await completeItem(
			open.db,
			hannah,
			itemId,
			{
				problems: [],
				procedures: [],
				medications: [],
				allergies: [{ code: '716186003', term: 'No known allergy', date: '2020-01-01' }],
				keyLetters: []
			},
			NOW
		);
		const { throughput } = await teamView(open.db, NOW);
		const row = (name: string) => throughput.find((t) => t.person.name === name)!;
		expect(row('Rita Records')).toMatchObject({ movements: 2, summaries: 0, validations: 0 });
		expect(row('Ravi Records')).toMatchObject({ movements: 0 });
		expect(row('Hannah Lee')).toMatchObject({ movements: 0, summaries: 1 });
	});

	it('describes each piece of work as the team knows it: the volume, the source, the specialty, never an id', async () => {
		await open.db
			.update(caseNoteRequests)
			.set({ volumeBarcode: 'CN0042000-01' })
			.where(eq(caseNoteRequests.id, requestIds[1]));
		const [{ patientId }] = await open.db
			.select({ patientId: caseNoteRequests.patientId })
			.from(caseNoteRequests)
			.where(eq(caseNoteRequests.id, requestIds[1]));
		const [item] = await open.db
			.insert(summarisingItems)
			.values({ patientId, source: 'discharge summary', receivedAt: NOW })
			.returning();
		await claimItem(open.db, hannah, item.id, NOW);
		await assignValidation(open.db, lead, [pathwayId], cara.id, NOW);
		const view = await teamView(open.db, NOW);
		const all = [...view.people.flatMap((p) => p.items), ...view.unassigned.items];
		const detail = (kind: string, id: number) =>
			all.find((i) => i.kind === kind && i.id === id)?.detail;
		expect(detail('request', requestIds[1])).toBe('Volume CN0042000-01 · Requested');
		expect(detail('request', requestIds[0])).toMatch(/^No volume yet · /);
		expect(detail('summary', item.id)).toBe('Discharge summary');
		expect(detail('validation', pathwayId)).toBe('Specialty 120');
		for (const i of all) expect(i.detail).not.toMatch(new RegExp(`\\b${i.id}\\b`));
	});
});
