/**
 * The validation worklist on a real database: its membership checked against an independent SQL
 * query written here, and outcomes that update the pathway (and so the PTL), audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { OpenDatabase } from '../../db';
import {
	auditLog,
	bookings,
	caseNoteRequests,
	pathways,
	validationOutcomes
} from '../../db/schema';
import { addDays, validationDueDate } from '../../src/lib/domain/rtt';
import { DATA_QUALITY_FLAGS, type WorklistFlag } from '../../src/lib/domain/validationOutcome';
import type { SessionUser } from '../../src/lib/server/auth';
import { parsePtlFilters, queryPtl } from '../../src/lib/server/ptl';
import { raiseForBooking } from '../../src/lib/server/records/requestsFromBookings';
import {
	assignValidation,
	recordOutcome,
	validationWorklist,
	worklistFiltersSchema,
	worklistPathwayIds
} from '../../src/lib/server/records/validation';
import { targets } from './databases';
import { addClinic, addPatient, addTestSite, addUser, testNhsNumber } from './fixtures';
import { refusal } from './refusal';

const CENSUS = '2026-06-01';
const NOW = new Date(Date.UTC(2026, 5, 1, 9, 0));

interface Case {
	key: string;
	waited: number;
	status?: string;
	listType?: 'outpatient' | 'admitted';
	priority?: 'P2' | 'P3' | null;
	procedure?: string | null;
	validatedAtDay?: number;
	tciIn?: number;
	bookedIn?: number;
	patient?: string;
	specialty?: string;
	/** Days from the census (negative: before) of bookings cancelled by the patient / hospital. */
	patientCancelled?: number[];
	hospitalCancelled?: number[];
	/** The flags this pathway should carry, worked out by hand. */
	flags: WorklistFlag[];
}

const CASES: Case[] = [
	{ key: 'due12', waited: 90, flags: ['validation_due'] },
	{ key: 'covered12', waited: 90, validatedAtDay: 85, flags: [] },
	{ key: 'early', waited: 80, flags: [] },
	{ key: 'validatedEarly', waited: 86, validatedAtDay: 80, flags: ['validation_due'] }, // before the point: not covered
	{ key: 'due26', waited: 200, validatedAtDay: 100, flags: ['validation_due'] },
	{ key: 'allDone', waited: 400, validatedAtDay: 370, flags: [] },
	{ key: 'due52', waited: 400, validatedAtDay: 300, flags: ['validation_due'] },
	{ key: 'exactly84', waited: 84, flags: ['validation_due'] },
	{ key: 'pastTci', waited: 30, listType: 'admitted', tciIn: -5, flags: ['past_tci'] },
	{ key: 'futureTci', waited: 30, listType: 'admitted', tciIn: 10, flags: [] },
	{ key: 'noPriority', waited: 20, priority: null, flags: ['missing_priority'] },
	{ key: 'noProcedure', waited: 20, procedure: null, flags: ['missing_procedure'] },
	{
		key: 'blankProcedure',
		waited: 100,
		procedure: '   ',
		flags: ['missing_procedure', 'validation_due']
	},
	{ key: 'dupA', waited: 20, patient: 'dup', flags: ['duplicate_pathway'] },
	{ key: 'dupB', waited: 25, patient: 'dup', flags: ['duplicate_pathway'] },
	{ key: 'dupOtherSpecialty', waited: 20, patient: 'dup', specialty: '110', flags: [] },
	{ key: 'dupClosed', waited: 20, patient: 'dup', status: '30', flags: [] },
	{
		key: 'stoppedWithTci',
		waited: 60,
		listType: 'admitted',
		status: '30',
		tciIn: 7,
		flags: ['admitted_no_open_clock']
	},
	{
		key: 'stoppedBooked',
		waited: 60,
		listType: 'admitted',
		status: '34',
		bookedIn: 3,
		flags: ['admitted_no_open_clock']
	},
	{ key: 'stoppedDone', waited: 60, listType: 'admitted', status: '30', tciIn: -20, flags: [] },
	{ key: 'closedNeverValidated', waited: 200, status: '34', flags: [] },
	{ key: 'bookedDue', waited: 95, bookedIn: 10, flags: ['validation_due'] },
	{ key: 'treatMe', waited: 150, validatedAtDay: 90, flags: [] },
	// repeated patient cancellations since the last validation (or the clock start) are reviewed
	{
		key: 'cancelledTwice',
		waited: 40,
		patientCancelled: [-20, -3],
		flags: ['patient_cancellations']
	},
	{ key: 'cancelledOnce', waited: 40, patientCancelled: [-3], flags: [] },
	{
		key: 'cancelledBeforeReview',
		waited: 60,
		validatedAtDay: 50,
		patientCancelled: [-30, -20, -5],
		flags: []
	},
	{
		key: 'cancelledOnReviewDay',
		waited: 60,
		validatedAtDay: 50,
		patientCancelled: [-10, -2],
		flags: ['patient_cancellations']
	},
	{
		key: 'hospitalCancelled',
		waited: 40,
		hospitalCancelled: [-20, -3],
		patientCancelled: [-1],
		flags: []
	},
	{ key: 'cancelledClosed', waited: 40, status: '34', patientCancelled: [-20, -3], flags: [] }
];

/** Written independently of the app: a pathway is on the worklist if any of these holds. */
const INDEPENDENT_WORKLIST = `
	select p.id from pathways p
	where (
		p.rtt_status in ('10','11','12','20','21') and (
			-- a 12/26/52-week point reached and not covered by a validation on or after it
			exists (select 1 from unnest(array[84, 182, 364]) as point(days)
				where p.clock_start + point.days <= $1::date
				and (p.last_validated_on is null or p.last_validated_on < p.clock_start + point.days))
			or (p.list_type = 'admitted' and p.tci_date < $1::date)
			or p.priority is null
			or p.procedure is null or trim(p.procedure) = ''
			or (p.patient_id, p.specialty_code) in (
				select q.patient_id, q.specialty_code from pathways q
				where q.rtt_status in ('10','11','12','20','21')
				group by q.patient_id, q.specialty_code having count(*) > 1)
			or (select count(*) from bookings b where b.pathway_id = p.id and b.status = 'cancelled'
				and b.attendance_code = '2'
				and (b.status_changed_at at time zone 'Europe/London')::date
					>= coalesce(p.last_validated_on, p.clock_start)) >= 2
		)
	) or (
		p.list_type = 'admitted' and p.rtt_status not in ('10','11','12','20','21') and (
			p.tci_date >= $1::date
			or p.id in (select b.pathway_id from bookings b join sessions s on s.id = b.session_id
				where b.status = 'booked' and s.date >= $1::date)
		)
	)
	order by p.id`;

describe.each(targets)('the validation worklist on $name', (target) => {
	let open: OpenDatabase;
	let ids: Record<string, number>;
	let coordinator: SessionUser;
	let records: SessionUser;
	let siteId: number;
	const keyOf = (id: number) => Object.entries(ids).find(([, v]) => v === id)?.[0];
	const pathway = async (key: string) =>
		(await open.db.select().from(pathways).where(eq(pathways.id, ids[key])))[0];

	beforeAll(async () => {
		open = await target.open();
		siteId = await addTestSite(open);
		coordinator = await addUser(open, 'coordinator', 'Cara Coordinator', 'validation.test');
		records = await addUser(open, 'records', 'Rita Records', 'validation.test');
		ids = {};
		const patientIds = new Map<string, number>();
		let n = 0;
		for (const c of CASES) {
			const who = c.patient ?? c.key;
			let patientId = patientIds.get(who);
			if (!patientId) {
				n++;
				patientId = await addPatient(open, {
					nhsNumber: testNhsNumber('200', n),
					givenName: 'Val',
					familyName: who,
					dateOfBirth: '1955-01-01'
				});
				patientIds.set(who, patientId);
			}
			const clockStart = addDays(CENSUS, -c.waited);
			const priority = c.priority === undefined ? 'P3' : c.priority;
			const [row] = await open.db
				.insert(pathways)
				.values({
					patientId,
					specialtyCode: c.specialty ?? '120',
					listType: c.listType ?? 'outpatient',
					clockStart,
					rttStatus: c.status ?? '20',
					priority,
					decisionDate: priority ? clockStart : null,
					procedure: c.procedure === undefined ? 'Septoplasty' : c.procedure,
					expectedMinutes: 30,
					lastValidatedOn:
						c.validatedAtDay === undefined ? null : addDays(clockStart, c.validatedAtDay),
					tciDate: c.tciIn === undefined ? null : addDays(CENSUS, c.tciIn),
					clockStoppedOn: c.status && c.status >= '30' ? addDays(CENSUS, -1) : null
				})
				.returning();
			ids[c.key] = row.id;
			const cancelled = [
				...(c.patientCancelled ?? []).map((d) => ({ d, code: '2' })),
				...(c.hospitalCancelled ?? []).map((d) => ({ d, code: '4' }))
			];
			for (const { d, code } of cancelled) {
				await open.db.insert(bookings).values({
					pathwayId: row.id,
					sessionId: await addClinic(open, addDays(CENSUS, d + 7), siteId),
					status: 'cancelled',
					attendanceCode: code,
					cancellationReason: code === '2' ? 'unwell' : 'no-bed',
					// 10:00 in London on the day it was cancelled
					statusChangedAt: new Date(`${addDays(CENSUS, d)}T09:00:00Z`)
				});
			}
			if (c.bookedIn !== undefined) {
				const sessionId = await addClinic(open, addDays(CENSUS, c.bookedIn), siteId, {
					kind: c.listType === 'admitted' ? 'theatre' : 'clinic'
				});
				await open.db.transaction(async (tx) => {
					const [b] = await tx
						.insert(bookings)
						.values({ pathwayId: row.id, sessionId })
						.returning();
					await raiseForBooking(tx, b.id, coordinator, { now: NOW });
				});
			}
		}
	});
	afterAll(async () => {
		await open?.close();
	});

	it('holds exactly the pathways an independent query finds, and the ones worked out by hand', async () => {
		const expected = (await open.query<{ id: number }>(INDEPENDENT_WORKLIST, [CENSUS])).map(
			(r) => r.id
		);
		const actual = await worklistPathwayIds(open.db, CENSUS);
		expect(actual).toEqual(expected);
		expect(actual.map(keyOf).sort()).toEqual(
			CASES.filter((c) => c.flags.length)
				.map((c) => c.key)
				.sort()
		);

		const page = await validationWorklist(
			open.db,
			worklistFiltersSchema.parse({ pageSize: 200 }),
			CENSUS,
			coordinator.id
		);
		expect(page.total).toBe(expected.length);
		for (const item of page.items) {
			const c = CASES.find((x) => x.key === keyOf(item.pathwayId))!;
			expect([...item.flags].sort(), c.key).toEqual([...c.flags].sort());
			// the patient told apart (issue 12), and linked to by id: one id per patient
			expect(item.dateOfBirth).toBe('1955-01-01');
		}
		const patientOf = new Map(page.items.map((i) => [keyOf(i.pathwayId), i.patientId]));
		expect(patientOf.get('dupA')).toBe(patientOf.get('dupB'));
		const listed = CASES.filter((c) => patientOf.has(c.key));
		expect(new Set(patientOf.values()).size).toBe(
			new Set(listed.map((c) => c.patient ?? c.key)).size
		);
	});

	it('flags each problem on its own, and agrees with validationDueDate row by row', async () => {
		for (const flag of DATA_QUALITY_FLAGS) {
			const got = (await worklistPathwayIds(open.db, CENSUS, flag)).map(keyOf).sort();
			expect(got, flag).toEqual(
				CASES.filter((c) => c.flags.includes(flag))
					.map((c) => c.key)
					.sort()
			);
			const page = await validationWorklist(
				open.db,
				worklistFiltersSchema.parse({ flag }),
				CENSUS,
				coordinator.id
			);
			expect(page.flagCounts[flag]).toBe(got.length);
		}
		// The SQL due rule and rtt.ts's validationDueDate agree for every open pathway.
		const due = new Set(await worklistPathwayIds(open.db, CENSUS, 'validation_due'));
		for (const p of await open.db.select().from(pathways)) {
			if (!['10', '11', '12', '20', '21'].includes(p.rttStatus)) continue;
			const d = validationDueDate(p.clockStart, p.lastValidatedOn);
			expect(due.has(p.id), keyOf(p.id)).toBe(d !== null && d <= CENSUS);
		}
	});

	it('records "still waiting": sets lastValidatedOn, takes the pathway off the due list, audited', async () => {
		const result = await recordOutcome(
			open.db,
			coordinator,
			ids.due12,
			{ outcome: 'still_waiting', note: 'Phoned: still wants surgery' },
			CENSUS,
			NOW
		);
		expect(result.rttStatus).toBe('20');
		expect(await pathway('due12')).toMatchObject({
			lastValidatedOn: CENSUS,
			rttStatus: '20',
			clockStoppedOn: null
		});
		expect(await worklistPathwayIds(open.db, CENSUS)).not.toContain(ids.due12);
		const [audit] = await open.db
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'validation-outcome'), eq(auditLog.entityId, String(ids.due12)))
			);
		expect(audit).toMatchObject({
			userId: coordinator.id,
			after: { outcome: 'still_waiting', lastValidatedOn: CENSUS }
		});
	});

	it('needs the clinical decision and the patient agreement to take a patient off, and refuses bad input changing nothing', async () => {
		const base = {
			outcome: 'treated_elsewhere',
			clinicalDecision: 'Mr Khan reviewed: hip replaced privately in March',
			stopDate: '2026-03-10',
			patientAgreed: 'on'
		};
		const without = (field: string) =>
			Object.fromEntries(Object.entries(base).filter(([k]) => k !== field));
		expect(
			await refusal(
				recordOutcome(open.db, coordinator, ids.due26, without('clinicalDecision'), CENSUS, NOW)
			)
		).toMatchObject({ status: 400, message: expect.stringMatching(/^clinicalDecision: /) });
		expect(
			await refusal(
				recordOutcome(
					open.db,
					coordinator,
					ids.due26,
					{ ...base, clinicalDecision: 'ok' },
					CENSUS,
					NOW
				)
			)
		).toMatchObject({ status: 400, message: expect.stringContaining('at least 10 characters') });
		expect(
			await refusal(
				recordOutcome(open.db, coordinator, ids.due26, without('patientAgreed'), CENSUS, NOW)
			)
		).toEqual({
			status: 400,
			message:
				'patientAgreed: a patient is taken off the list only with their agreement; confirm they agreed'
		});
		expect(
			await refusal(
				recordOutcome(
					open.db,
					coordinator,
					ids.due26,
					{ ...base, stopDate: '2025-01-01' },
					CENSUS,
					NOW
				)
			)
		).toMatchObject({
			status: 400,
			message: expect.stringMatching(/^stopDate: 2025-01-01 is before the clock started/)
		});
		expect(
			await refusal(
				recordOutcome(
					open.db,
					coordinator,
					ids.due26,
					{ ...base, stopDate: '2026-06-02' },
					CENSUS,
					NOW
				)
			)
		).toEqual({ status: 400, message: 'stopDate: 2026-06-02 is in the future' });
		expect(
			await refusal(
				recordOutcome(open.db, coordinator, ids.due26, { outcome: 'moved away' }, CENSUS, NOW)
			)
		).toMatchObject({ status: 400, message: expect.stringMatching(/^outcome: /) });
		expect(
			await refusal(
				recordOutcome(
					open.db,
					coordinator,
					ids.closedNeverValidated,
					{ outcome: 'still_waiting' },
					CENSUS,
					NOW
				)
			)
		).toMatchObject({ status: 409 });
		expect(await pathway('due26')).toMatchObject({ rttStatus: '20', clockStoppedOn: null });
		expect(
			await open.db
				.select()
				.from(validationOutcomes)
				.where(eq(validationOutcomes.pathwayId, ids.due26))
		).toEqual([]);

		const ptlBefore = await queryPtl(
			open.db,
			parsePtlFilters(new URLSearchParams('pageSize=500')),
			CENSUS
		);
		expect(ptlBefore.items.map((i) => i.id)).toContain(ids.due26);
		await recordOutcome(open.db, coordinator, ids.due26, base, CENSUS, NOW);
		expect(await pathway('due26')).toMatchObject({
			rttStatus: '30',
			clockStoppedOn: '2026-03-10',
			lastValidatedOn: CENSUS
		});
		const ptlAfter = await queryPtl(
			open.db,
			parsePtlFilters(new URLSearchParams('pageSize=500')),
			CENSUS
		);
		expect(ptlAfter.items.map((i) => i.id)).not.toContain(ids.due26);
		expect(ptlAfter.total).toBe(ptlBefore.total - 1);
		const [outcome] = await open.db
			.select()
			.from(validationOutcomes)
			.where(eq(validationOutcomes.pathwayId, ids.due26));
		expect(outcome).toMatchObject({
			outcome: 'treated_elsewhere',
			rttStatusBefore: '20',
			rttStatusAfter: '30',
			patientAgreed: true,
			recordedBy: coordinator.id
		});
	});

	it('stops the clock with the code for why, cancelling live bookings and withdrawing their notes', async () => {
		const [booking] = await open.db
			.select()
			.from(bookings)
			.where(eq(bookings.pathwayId, ids.bookedDue));
		const [request] = await open.db
			.select()
			.from(caseNoteRequests)
			.where(eq(caseNoteRequests.bookingId, booking.id));
		expect(request.status).toBe('requested');
		expect(
			await refusal(
				recordOutcome(
					open.db,
					coordinator,
					ids.bookedDue,
					{
						outcome: 'no_longer_required',
						clinicalDecision: 'Consultant letter: symptoms resolved',
						stopDate: CENSUS,
						patientAgreed: true
					},
					CENSUS,
					NOW
				)
			)
		).toMatchObject({ status: 400, message: expect.stringMatching(/^stopCode: /) });
		const result = await recordOutcome(
			open.db,
			coordinator,
			ids.bookedDue,
			{
				outcome: 'no_longer_required',
				stopCode: '35',
				clinicalDecision: 'Patient declined surgery at clinic; Ms Ode agreed discharge',
				stopDate: CENSUS,
				patientAgreed: true
			},
			CENSUS,
			NOW
		);
		expect(result).toMatchObject({ rttStatus: '35', cancelledBookings: [booking.id] });
		expect(await pathway('bookedDue')).toMatchObject({ rttStatus: '35', clockStoppedOn: CENSUS });
		expect(
			(await open.db.select().from(bookings).where(eq(bookings.id, booking.id)))[0].status
		).toBe('cancelled');
		expect(
			(await open.db.select().from(caseNoteRequests).where(eq(caseNoteRequests.id, request.id)))[0]
				.status
		).toBe('withdrawn');

		// a stopped clock still on the admitted list is taken off it, its status kept
		await recordOutcome(
			open.db,
			coordinator,
			ids.stoppedWithTci,
			{
				outcome: 'no_longer_required',
				clinicalDecision: 'Treated 2026-05-30; TCI left on by mistake',
				stopDate: CENSUS
			},
			CENSUS,
			NOW
		);
		expect(await pathway('stoppedWithTci')).toMatchObject({ rttStatus: '30', tciDate: null });
		expect(await worklistPathwayIds(open.db, CENSUS, 'admitted_no_open_clock')).toEqual([
			ids.stoppedBooked
		]);
	});

	it('assigns validation to coordinators only, and the outcome clears the assignment', async () => {
		expect(
			await refusal(assignValidation(open.db, coordinator, [ids.due52], records.id))
		).toMatchObject({
			status: 400,
			message: expect.stringContaining('Rita Records is not one of')
		});
		expect(await refusal(assignValidation(open.db, coordinator, [999999], coordinator.id))).toEqual(
			{ status: 404, message: 'No pathway 999999' }
		);
		expect(
			await assignValidation(open.db, coordinator, [ids.due52, ids.pastTci], coordinator.id, NOW)
		).toEqual([ids.due52, ids.pastTci]);
		const mine = await validationWorklist(
			open.db,
			worklistFiltersSchema.parse({ assigned: 'me' }),
			CENSUS,
			coordinator.id
		);
		expect(mine.items.map((i) => i.pathwayId).sort()).toEqual([ids.due52, ids.pastTci].sort());
		expect(mine.items.every((i) => i.assignee?.name === 'Cara Coordinator')).toBe(true);
		await recordOutcome(open.db, coordinator, ids.due52, { outcome: 'still_waiting' }, CENSUS, NOW);
		const after = await validationWorklist(
			open.db,
			worklistFiltersSchema.parse({ assigned: 'me' }),
			CENSUS,
			coordinator.id
		);
		expect(after.items.map((i) => i.pathwayId)).toEqual([ids.pastTci]);
	});
});
