/**
 * The sessions a booking may move to, on a real database: the same rules moveBooking applies
 * (kind, specialty, open, not in the past, room for the patient), worked out by hand for a small
 * set of sessions, and refusals for bookings that are not there or no longer live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { bookings, clinicians, pathwayUnavailability, sessions } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth';
import { moveBooking, moveCandidates } from '../../src/lib/server/records/bookings';
import { targets } from './databases';
import {
	addClinician,
	addPathway,
	addPatient,
	addTestSite,
	addUser,
	testNhsNumber
} from './fixtures';
import { refusal } from './refusal';

/** A fixed "now": Tuesday 24 November 2026, 10:00 in London (GMT). */
const NOW = new Date(Date.UTC(2026, 10, 24, 10, 0));

describe.each(targets)('move candidates on $name', (target) => {
	let open: OpenDatabase;
	let coordinator: SessionUser;
	let siteId: number;
	let clinicianId: number;
	let patientNo = 0;

	async function pathway(
		minutes: number,
		options: { slotType?: string; clinicianId?: number } = {}
	) {
		patientNo++;
		const patientId = await addPatient(open, {
			nhsNumber: testNhsNumber('200', patientNo),
			familyName: `Mover${patientNo}`
		});
		return addPathway(open, patientId, {
			expectedMinutes: minutes,
			slotType: options.slotType ?? null,
			clinicianId: options.clinicianId ?? null
		});
	}

	async function session(
		date: string,
		options: {
			minutes?: number;
			start?: string;
			kind?: 'clinic' | 'theatre';
			specialty?: string;
			status?: 'open' | 'cancelled';
			clinician?: boolean | number;
			slotTypes?: string[];
		} = {}
	) {
		const start = options.start ?? '09:00';
		const [s] = await open.db
			.insert(sessions)
			.values({
				kind: options.kind ?? 'clinic',
				date,
				startTime: start,
				endTime: start < '12:00' ? '12:00' : '17:00',
				bookableMinutes: options.minutes ?? 180,
				specialtyCode: options.specialty ?? '120',
				clinicianId:
					options.clinician === false
						? null
						: typeof options.clinician === 'number'
							? options.clinician
							: clinicianId,
				slotTypes: options.slotTypes ?? null,
				siteId,
				status: options.status ?? 'open'
			})
			.returning();
		return s.id;
	}

	async function book(
		pathwayId: number,
		sessionId: number,
		status: 'booked' | 'cancelled' = 'booked'
	) {
		const [b] = await open.db.insert(bookings).values({ pathwayId, sessionId, status }).returning();
		return b.id;
	}

	beforeAll(async () => {
		open = await target.open();
		siteId = await addTestSite(open);
		clinicianId = await addClinician(open);
		coordinator = await addUser(open, 'coordinator', 'Cara Coordinator', 'bookings.test');
	});
	afterAll(async () => {
		await open?.close();
	});

	it('lists open sessions of the same kind and specialty, today or later, with room, soonest first', async () => {
		const current = await session('2026-12-01');
		const bookingId = await book(await pathway(30), current);

		await session('2026-11-23'); // yesterday
		const today = await session('2026-11-24', { start: '13:30', clinician: false });
		const exactFit = await session('2026-11-26', { minutes: 60 });
		await book(await pathway(30), exactFit); // 30 of 60 left: just enough
		const tooFull = await session('2026-11-27', { minutes: 60 });
		await book(await pathway(40), tooFull); // 20 left
		const freedUp = await session('2026-11-30', { minutes: 60 });
		await book(await pathway(60), freedUp, 'cancelled'); // a cancelled booking takes no room
		await session('2026-12-02', { status: 'cancelled' });
		await session('2026-12-03', { kind: 'theatre' });
		await session('2026-12-03', { specialty: '110' });
		const afternoon = await session('2026-12-04', { start: '13:30' });
		const morning = await session('2026-12-04', { start: '09:00' });

		const found = await moveCandidates(open.db, bookingId, NOW);
		expect(found.booking).toEqual({
			id: bookingId,
			sessionId: current,
			date: '2026-12-01',
			kind: 'clinic',
			specialty: '120',
			minutes: 30
		});
		expect(found.more).toBe(false);
		expect(found.sessions.map((s) => s.id)).toEqual([today, exactFit, freedUp, morning, afternoon]);
		expect(found.sessions[0]).toEqual({
			id: today,
			date: '2026-11-24',
			startTime: '13:30',
			endTime: '17:00',
			clinician: null,
			site: 'Test General',
			freeMinutes: 180
		});
		expect(found.sessions[1]).toMatchObject({ clinician: 'Ms Test', freeMinutes: 30 });
		expect(found.sessions[2]).toMatchObject({ freeMinutes: 60 });

		const first = await moveCandidates(open.db, bookingId, NOW, 2);
		expect(first.sessions.map((s) => s.id)).toEqual([today, exactFit]);
		expect(first.more).toBe(true);

		// a listed session is one moveBooking accepts; the old session is then a candidate itself
		await moveBooking(open.db, coordinator, bookingId, { sessionId: exactFit }, NOW);
		const after = await moveCandidates(open.db, bookingId, NOW);
		expect(after.booking.sessionId).toBe(exactFit);
		expect(after.sessions.map((s) => s.id)).toEqual([today, freedUp, current, morning, afternoon]);
		expect(after.sessions.find((s) => s.id === current)?.freeMinutes).toBe(180);
	});

	it('refuses a booking that does not exist (404) or is no longer live (409)', async () => {
		expect(await refusal(moveCandidates(open.db, 999_999, NOW))).toEqual({
			status: 404,
			message: 'No booking 999999'
		});
		const cancelled = await book(await pathway(30), await session('2026-12-07'), 'cancelled');
		expect(await refusal(moveCandidates(open.db, cancelled, NOW))).toEqual({
			status: 409,
			message: "This booking is 'cancelled'; only a live booking can be changed"
		});
	});

	it('keeps the hard rules of the boards: slot type, consultant and the dates the patient cannot attend', async () => {
		const [other] = await open.db
			.insert(clinicians)
			.values({ code: 'C2', name: 'Mr Other', specialtyCode: '120' })
			.returning();
		const patient = await pathway(20, { slotType: 'new', clinicianId });
		await open.db
			.insert(pathwayUnavailability)
			.values({ pathwayId: patient, fromDate: '2027-01-11', toDate: '2027-01-12' });
		const bookingId = await book(patient, await session('2027-01-04', { slotTypes: ['new'] }));

		const followUps = await session('2027-01-05', { slotTypes: ['follow-up'] });
		const anySlot = await session('2027-01-06');
		const othersList = await session('2027-01-07', { clinician: other.id });
		const noConsultant = await session('2027-01-08', {
			clinician: false,
			slotTypes: ['new', 'follow-up']
		});
		const away = await session('2027-01-11');

		const listed = (await moveCandidates(open.db, bookingId, NOW)).sessions.map((c) => c.id);
		expect(listed).toContain(anySlot);
		expect(listed).toContain(noConsultant);
		for (const refused of [followUps, othersList, away]) expect(listed).not.toContain(refused);

		const move = (sessionId: number) =>
			moveBooking(open.db, coordinator, bookingId, { sessionId }, NOW);
		// refused in the board's own words (domain/bookingRules.ts)
		expect(await refusal(move(followUps))).toEqual({
			status: 409,
			message:
				'Cannot move the booking to 05/01/2027 09:00 clinic (Ms Test) at Test General: the patient needs a new slot; that session takes follow-up'
		});
		expect(await refusal(move(othersList))).toEqual({
			status: 409,
			message:
				"Cannot move the booking to 07/01/2027 09:00 clinic (Mr Other) at Test General: the patient is under Ms Test; that session is another consultant's list"
		});
		expect(await refusal(move(away))).toEqual({
			status: 409,
			message:
				'Cannot move the booking to 11/01/2027 09:00 clinic (Ms Test) at Test General: the patient cannot attend 11/01/2027 to 12/01/2027; that session is in that range'
		});
		// refused moves change nothing; an allowed one goes through
		expect((await moveCandidates(open.db, bookingId, NOW)).booking.date).toBe('2027-01-04');
		await move(noConsultant);
		expect((await moveCandidates(open.db, bookingId, NOW)).booking.sessionId).toBe(noConsultant);
	});

	it("keeps the consultant's daily limit, as the board does (rule 7)", async () => {
		const [limited] = await open.db
			.insert(clinicians)
			.values({ code: 'C3', name: 'Dr Limit', specialtyCode: '120', maxMinutesPerDay: 60 })
			.returning();
		const patient = await pathway(30, { clinicianId: limited.id });
		const bookingId = await book(patient, await session('2027-02-01', { clinician: false }));
		// Dr Limit's own patients already fill 40 of their 60 minutes on 2 February, in a list run
		// by nobody in particular
		const busyDay = await session('2027-02-02', { clinician: false });
		await book(await pathway(40, { clinicianId: limited.id }), busyDay);
		const sameDayElsewhere = await session('2027-02-02', { clinician: false, start: '13:00' });
		const freeDay = await session('2027-02-03', { clinician: false });

		const listed = (await moveCandidates(open.db, bookingId, NOW)).sessions.map((c) => c.id);
		expect(listed).toContain(freeDay);
		expect(listed).not.toContain(busyDay);
		expect(listed).not.toContain(sameDayElsewhere);
		expect(
			await refusal(
				moveBooking(open.db, coordinator, bookingId, { sessionId: sameDayElsewhere }, NOW)
			)
		).toEqual({
			status: 409,
			message:
				'Cannot move the booking to 02/02/2027 13:00 clinic at Test General: Dr Limit has 70 minutes booked on 02/02/2027, over their limit of 60'
		});
		await moveBooking(open.db, coordinator, bookingId, { sessionId: freeDay }, NOW);
	});
});
