/**
 * Cancellations and appointment outcomes in the national codes, on a real database (issue 12):
 * who cancelled and why are coded, a day's outcome is recorded only once the day has come, and a
 * DNA at the first appointment nullifies the clock until the hospital offers another appointment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { OpenDatabase } from '../../db';
import { auditLog, bookings, pathways } from '../../db/schema';
import { addDays, isClockRunning } from '../../src/lib/domain/rtt';
import { ATTENDANCE_WEEKS, breachRisk } from '../../src/lib/server/dashboards/breachRisk';
import type { SessionUser } from '../../src/lib/server/auth';
import { recordOutcome, restartClockAfterDna } from '../../src/lib/server/records/attendance';
import { cancelBooking } from '../../src/lib/server/records/bookings';
import { patientRecord } from '../../src/lib/server/patients';
import { targets } from './databases';
import { addClinic, addPathway, addPatient, addTestSite, addUser, testNhsNumber } from './fixtures';
import { refusal } from './refusal';

/** Tuesday 24 November 2026, 10:00 in London. */
const NOW = new Date(Date.UTC(2026, 10, 24, 10, 0));
const PAST = '2026-11-20';
const FUTURE = '2026-12-08';

describe.each(targets)('attendance and cancellation codes on $name', (target) => {
	let open: OpenDatabase;
	let coordinator: SessionUser;
	let siteId: number;
	let n = 0;

	/** A live booking on `date`: for a new patient's pathway, or for `existing`'s. */
	async function booked(
		date: string,
		pathway: Partial<typeof pathways.$inferInsert> = {},
		existing?: { pathwayId: number; patientId: number }
	) {
		let owner = existing;
		if (!owner) {
			n++;
			const patientId = await addPatient(open, {
				nhsNumber: testNhsNumber('412', n),
				familyName: `Coded${n}`
			});
			owner = { patientId, pathwayId: await addPathway(open, patientId, pathway) };
		}
		const sessionId = await addClinic(open, date, siteId);
		const [b] = await open.db
			.insert(bookings)
			.values({ pathwayId: owner.pathwayId, sessionId, bookedBy: coordinator.id })
			.returning({ id: bookings.id });
		return { ...owner, bookingId: b.id };
	}
	const booking = async (id: number) =>
		(await open.db.select().from(bookings).where(eq(bookings.id, id)))[0];
	const pathway = async (id: number) =>
		(await open.db.select().from(pathways).where(eq(pathways.id, id)))[0];
	const audits = async (entity: string, id: number) =>
		(
			await open.db
				.select({ action: auditLog.action, after: auditLog.after })
				.from(auditLog)
				.where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, String(id))))
				.orderBy(auditLog.id)
		).map((a) => ({ action: a.action, after: a.after }));

	beforeAll(async () => {
		open = await target.open();
		siteId = await addTestSite(open);
		coordinator = await addUser(open, 'coordinator', 'Cody Coordinator', 'attendance.test');
	});
	afterAll(async () => {
		await open?.close();
	});

	it('a cancellation records who made it, in the national code, and why from the list', async () => {
		const { bookingId } = await booked(FUTURE);
		await cancelBooking(
			open.db,
			coordinator,
			bookingId,
			{ by: 'hospital', reason: 'clinician-unavailable', note: '  Annual leave  ' },
			NOW
		);
		expect(await booking(bookingId)).toMatchObject({
			status: 'cancelled',
			attendanceCode: '4',
			cancellationReason: 'clinician-unavailable',
			outcomeNote: 'Annual leave'
		});
		expect(await audits('booking', bookingId)).toEqual([
			{
				action: 'cancel-booking',
				after: expect.objectContaining({
					attendanceCode: '4',
					by: 'hospital',
					reason: 'clinician-unavailable'
				})
			}
		]);
	});

	it('refuses free text, a reason of the other side or the validation’s own, changing nothing', async () => {
		const { bookingId } = await booked(FUTURE);
		const cases: [unknown, RegExp][] = [
			[{ reason: 'Patient phoned' }, /^by: who cancelled: patient or hospital$/],
			[{ by: 'patient', reason: 'Patient phoned' }, /^reason: one of unwell, /],
			[{ by: 'patient', reason: 'no-bed' }, /^reason: not a reason for the side that cancelled$/],
			[{ by: 'hospital', reason: 'removed-at-validation' }, /^reason: one of /],
			[{ by: 'patient', reason: 'unwell', extra: 1 }, /^unknown field: extra$/]
		];
		for (const [input, message] of cases) {
			expect(await refusal(cancelBooking(open.db, coordinator, bookingId, input, NOW))).toEqual({
				status: 400,
				message: expect.stringMatching(message)
			});
		}
		expect(await booking(bookingId)).toMatchObject({ status: 'booked', attendanceCode: null });
	});

	it('how an appointment went is recorded on or after its day, never before', async () => {
		const later = await booked(FUTURE);
		expect(
			await refusal(recordOutcome(open.db, coordinator, later.bookingId, { code: '5' }, NOW))
		).toEqual({
			status: 409,
			message: 'This appointment is on 08/12/2026: how it went is recorded on or after the day'
		});
		const past = await booked(PAST);
		expect(
			await refusal(recordOutcome(open.db, coordinator, past.bookingId, { code: '4' }, NOW))
		).toMatchObject({ status: 400, message: expect.stringMatching(/^code: one of 5 \(/) });
		expect(await recordOutcome(open.db, coordinator, past.bookingId, { code: '6' }, NOW)).toEqual({
			bookingId: past.bookingId,
			status: 'attended',
			clock: 'unchanged'
		});
		expect(await booking(past.bookingId)).toMatchObject({
			status: 'attended',
			attendanceCode: '6'
		});
		expect(
			await refusal(recordOutcome(open.db, coordinator, past.bookingId, { code: '5' }, NOW))
		).toEqual({
			status: 409,
			message: "This booking is 'attended'; only a live booking can be changed"
		});
	});

	it('a DNA at the first appointment nullifies the clock; offering again starts a new one today', async () => {
		const { pathwayId, bookingId, patientId } = await booked(PAST);
		expect(await recordOutcome(open.db, coordinator, bookingId, { code: '3' }, NOW)).toEqual({
			bookingId,
			status: 'dna',
			clock: 'nullified'
		});
		const stopped = await pathway(pathwayId);
		expect(stopped).toMatchObject({ rttStatus: '33', clockStoppedOn: PAST });
		expect(isClockRunning(stopped.rttStatus)).toBe(false);
		expect((await audits('pathway', pathwayId)).map((a) => a.action)).toEqual([
			'first-appointment-dna'
		]);

		const record = (await patientRecord(open.db, patientId))!;
		expect(record.pathways[0]).toMatchObject({ open: false, mayRestartClock: true });
		expect(record.pathways[0].history.map((e) => e.what)).toContain(
			'Did not attend, no warning (code 3)'
		);

		expect(await restartClockAfterDna(open.db, coordinator, pathwayId, NOW)).toEqual({
			pathwayId,
			clockStart: '2026-11-24',
			rttStatus: '12'
		});
		expect(await pathway(pathwayId)).toMatchObject({
			rttStatus: '12',
			clockStart: '2026-11-24',
			clockStoppedOn: null
		});
		expect(await refusal(restartClockAfterDna(open.db, coordinator, pathwayId, NOW))).toEqual({
			status: 409,
			message:
				'Only a clock stopped by a DNA at the first appointment starts again this way; this pathway is 12 (Clock start after a DNA or non-RTT period)'
		});
	});

	it('a later DNA, or a missed admission, leaves the clock running', async () => {
		const first = await booked('2026-11-10');
		await recordOutcome(open.db, coordinator, first.bookingId, { code: '5' }, NOW);
		const second = await booked(PAST, {}, first);
		expect(
			await recordOutcome(open.db, coordinator, second.bookingId, { code: '3' }, NOW)
		).toMatchObject({ status: 'dna', clock: 'unchanged' });
		expect(await pathway(first.pathwayId)).toMatchObject({ rttStatus: '20' });

		const admission = await booked(PAST, { listType: 'admitted' });
		expect(
			await recordOutcome(open.db, coordinator, admission.bookingId, { code: '3' }, NOW)
		).toMatchObject({ clock: 'unchanged' });
		expect(await pathway(admission.pathwayId)).toMatchObject({ rttStatus: '20' });
	});

	it('repeated patient cancellations put the pathway up for clinical review, never off the list', async () => {
		const first = await booked(FUTURE);
		await cancelBooking(
			open.db,
			coordinator,
			first.bookingId,
			{ by: 'patient', reason: 'unwell' },
			NOW
		);
		const again = await booked(FUTURE, {}, first);
		const owner = first.patientId;
		expect((await patientRecord(open.db, owner))!.pathways[0]).toMatchObject({
			patientCancellations: 1,
			cancellationReview: false
		});
		await cancelBooking(
			open.db,
			coordinator,
			again.bookingId,
			{ by: 'patient', reason: 'transport' },
			NOW
		);
		expect((await patientRecord(open.db, owner))!.pathways[0]).toMatchObject({
			open: true,
			patientCancellations: 2,
			cancellationReview: true
		});
		// the hospital's cancellations are not the patient's
		const third = await booked(FUTURE, {}, first);
		await cancelBooking(
			open.db,
			coordinator,
			third.bookingId,
			{ by: 'hospital', reason: 'no-bed' },
			NOW
		);
		expect((await patientRecord(open.db, owner))!.pathways[0]).toMatchObject({
			patientCancellations: 2
		});
	});

	it('the dashboard counts each week’s appointments by how they ended, and cancellations by reason', async () => {
		// a census of its own, clear of the weeks the other tests book into
		const census = '2027-03-01';
		const inWeek = (days: number) => addDays(census, -days);
		const outcome = async (days: number, code: '3' | '5' | '7') => {
			const b = await booked(inWeek(days));
			await recordOutcome(
				open.db,
				coordinator,
				b.bookingId,
				{ code },
				new Date('2027-03-01T12:00:00Z')
			);
		};
		const cancel = async (days: number, by: 'patient' | 'hospital', reason: string) => {
			const b = await booked(inWeek(days));
			await cancelBooking(open.db, coordinator, b.bookingId, { by, reason }, NOW);
		};
		await outcome(1, '5');
		await outcome(2, '5');
		await outcome(3, '5');
		await outcome(4, '3');
		await outcome(10, '7');
		await cancel(5, 'patient', 'unwell');
		await cancel(12, 'patient', 'unwell');
		await cancel(13, 'hospital', 'no-bed');
		// outside the eight weeks: not counted
		await outcome(60, '3');

		const { attendance } = await breachRisk(
			open.db,
			{ specialty: [], listType: null, siteId: null },
			census
		);
		expect(attendance.weeks).toHaveLength(ATTENDANCE_WEEKS);
		expect(attendance.weeks.at(-1)).toEqual({
			weekStart: inWeek(7),
			attended: 3,
			notSeen: 1,
			cancelledByPatient: 1,
			cancelledByHospital: 0,
			cancelledUnrecorded: 0,
			dnaRatePct: 25
		});
		expect(attendance.weeks.at(-2)).toMatchObject({
			weekStart: inWeek(14),
			notSeen: 1,
			cancelledByPatient: 1,
			cancelledByHospital: 1,
			dnaRatePct: 100
		});
		expect(attendance.weeks[0]).toMatchObject({ attended: 0, notSeen: 0, dnaRatePct: null });
		expect(attendance.reasons).toEqual([
			{ by: 'patient', reason: 'unwell', label: 'Patient unwell', count: 2 },
			{ by: 'hospital', reason: 'no-bed', label: 'No bed', count: 1 }
		]);
		// theatre lists only: these were all clinics
		const theatres = await breachRisk(
			open.db,
			{ specialty: [], listType: 'admitted', siteId: null },
			census
		);
		expect(theatres.attendance.reasons).toEqual([]);
	});
});
