/**
 * Case-note requests on a real database: raised by a board's confirm, moved and withdrawn with
 * their booking, moved along the lifecycle with every movement and audit entry recorded, and
 * refused (changing nothing) when a step is skipped without a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { OpenDatabase } from '../../db';
import { auditLog, boards, bookings, caseNoteMovements, caseNoteRequests } from '../../db/schema';
import { addDays } from '../../src/lib/domain/rtt';
import { wallDate, wallTime } from '../../src/lib/domain/workingTime';
import type { SessionUser } from '../../src/lib/server/auth';
import { confirmAllocations } from '../../src/lib/server/planner/confirm';
import { closeAllRooms, roomFor } from '../../src/lib/server/planner/room';
import { cancelBooking, moveBooking } from '../../src/lib/server/records/bookings';
import { raiseAdHoc } from '../../src/lib/server/records/adHocRequests';
import { assignRequests } from '../../src/lib/server/records/assignment';
import {
	bulkTransition,
	scanTransition,
	transitionRequest
} from '../../src/lib/server/records/requestTransitions';
import { raiseForBooking } from '../../src/lib/server/records/requestsFromBookings';
import { pullList } from '../../src/lib/server/records/worklists';
import { updateRecordsSettings } from '../../src/lib/server/records/settings';
import { targets } from './databases';
import {
	addClinic,
	addCommunitySite,
	addLocations,
	addPathway,
	addPatient,
	addTestSite,
	addUser,
	testNhsNumber
} from './fixtures';
import { refusal } from './refusal';

/** A fixed "now": Tuesday 24 November 2026, 10:00 in London (GMT). */
const NOW = new Date(Date.UTC(2026, 10, 24, 10, 0));
const TODAY = '2026-11-24';
const at = (date: string, hhmm: string) =>
	new Date(wallTime(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))));

/** The Monday at least `days` days after `from` (an ISO date). */
function mondayAfter(from: string, days: number): string {
	let d = addDays(from, days);
	while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 1) d = addDays(d, 1);
	return d;
}

describe.each(targets)('case-note requests on $name', (target) => {
	let open: OpenDatabase;
	let coordinator: SessionUser;
	let records: SessionUser;
	let records2: SessionUser;
	let teamLeader: SessionUser;
	let site: { rx1: number; rx2: number };
	let loc: Record<
		'library' | 'bay' | 'clinic' | 'clinic2' | 'ward' | 'store' | 'rx2clinic',
		number
	>;
	let patientNo = 0;

	/** A patient with an open ENT pathway; returns the pathway and patient ids. */
	async function patientWithPathway(family: string, minutes = 20) {
		patientNo++;
		const patientId = await addPatient(open, {
			nhsNumber: testNhsNumber('100', patientNo),
			familyName: family,
			dateOfBirth: '1960-05-01'
		});
		const pathwayId = await addPathway(open, patientId, { expectedMinutes: minutes });
		return { pathwayId, patientId };
	}

	const clinic = (
		date: string,
		options: { siteId?: number; locationId?: number; minutes?: number; specialty?: string } = {}
	) =>
		addClinic(open, date, options.siteId ?? site.rx1, {
			bookableMinutes: options.minutes ?? 180,
			slotMinutes: 20,
			specialtyCode: options.specialty ?? '120',
			locationId: options.locationId ?? loc.clinic
		});

	/** A booking made outside a board, and its request raised as the booking paths do. */
	async function bookAndRaise(pathwayId: number, sessionId: number, now = NOW) {
		return open.db.transaction(async (tx) => {
			const [b] = await tx
				.insert(bookings)
				.values({ pathwayId, sessionId, bookedBy: coordinator.id })
				.returning();
			const requestId = await raiseForBooking(tx, b.id, coordinator, { now });
			return { bookingId: b.id, requestId: requestId! };
		});
	}

	const request = async (id: number) =>
		(await open.db.select().from(caseNoteRequests).where(eq(caseNoteRequests.id, id)))[0];
	const movements = (id: number) =>
		open.db
			.select()
			.from(caseNoteMovements)
			.where(eq(caseNoteMovements.requestId, id))
			.orderBy(caseNoteMovements.id);
	const audits = (entity: string, id: number) =>
		open.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, String(id))))
			.orderBy(auditLog.id);

	beforeAll(async () => {
		open = await target.open();
		const rx1 = await addTestSite(open);
		const rx2 = await addCommunitySite(open);
		site = { rx1, rx2 };
		const [library, bay, clinicRoom, clinic2, ward, store, rx2clinic] = await addLocations(open, [
			{ siteId: rx1, name: 'Records Library', kind: 'library' },
			{ siteId: rx1, name: 'Records Library – Bay A', kind: 'library' },
			{ siteId: rx1, name: 'ENT Clinic Room 1', kind: 'clinic' },
			{ siteId: rx1, name: 'ENT Clinic Room 2', kind: 'clinic' },
			{ siteId: rx1, name: 'Ward 3', kind: 'ward' },
			{ siteId: rx2, name: 'Community Store', kind: 'library' },
			{ siteId: rx2, name: 'Community Clinic', kind: 'clinic' }
		]);
		loc = { library, bay, clinic: clinicRoom, clinic2, ward, store, rx2clinic };
		const user = (role: SessionUser['role'], name: string) =>
			addUser(open, role, name, 'records.test');
		coordinator = await user('coordinator', 'Cara Coordinator');
		records = await user('records', 'Rita Records');
		records2 = await user('records', 'Ravi Records');
		teamLeader = await user('team_leader', 'Tess Teamlead');
	});
	afterAll(async () => {
		await closeAllRooms();
		await open?.close();
	});

	it("raises a request when a board's confirm books a clinic, due two working days before it", async () => {
		const today = wallDate(Date.now());
		const date = mondayAfter(today, 14);
		const sessionId = await clinic(date);
		const { pathwayId, patientId } = await patientWithPathway('Confirm');
		const [board] = await open.db
			.insert(boards)
			.values({
				name: 'ENT',
				specialtyCode: '120',
				horizonStart: today,
				horizonEnd: addDays(today, 41)
			})
			.returning();
		const room = await roomFor(open, board.id);
		room.serverChange((b) =>
			b.allocations.set(String(pathwayId), {
				sessionId,
				by: { id: coordinator.id, name: coordinator.name },
				at: new Date().toISOString()
			})
		);
		const { booked } = await confirmAllocations(open, board.id, coordinator, [pathwayId]);
		expect(booked).toHaveLength(1);

		const rows = await open.db
			.select()
			.from(caseNoteRequests)
			.where(eq(caseNoteRequests.bookingId, booked[0].bookingId));
		expect(rows).toHaveLength(1);
		const r = rows[0];
		expect(r).toMatchObject({
			patientId,
			reason: 'clinic',
			urgency: 'routine',
			status: 'requested',
			// two working days before a Monday clinic is the Thursday before
			pullOn: addDays(date, -4),
			destinationLocationId: loc.clinic,
			homeLocationId: loc.library,
			requestedBy: coordinator.id
		});
		expect(r.neededBy.toISOString()).toBe(at(date, '09:00').toISOString());
		expect(await movements(r.id)).toMatchObject([
			{
				status: 'requested',
				byUserId: coordinator.id,
				locationId: loc.library,
				// the tracking record names the session as staff know it, not the booking's id
				note: `Raised by the booking in the ${date.split('-').reverse().join('/')} 09:00 clinic`
			}
		]);
		expect((await audits('case_note_request', r.id)).map((a) => a.action)).toEqual([
			'raise-case-note-request'
		]);
	});

	it('uses the per-site lead time, and pulls at once (urgent) inside it', async () => {
		await updateRecordsSettings(open.db, teamLeader, { leadBySite: { RX2: 3 } });
		const date = '2026-12-07'; // a Monday
		const { pathwayId } = await patientWithPathway('Override');
		const { requestId } = await bookAndRaise(
			pathwayId,
			await clinic(date, { siteId: site.rx2, locationId: loc.rx2clinic })
		);
		// three working days before Monday 7 December is Wednesday 2 December
		expect(await request(requestId)).toMatchObject({
			pullOn: '2026-12-02',
			urgency: 'routine',
			homeLocationId: loc.store
		});

		const inside = await patientWithPathway('Inside');
		const soon = await bookAndRaise(inside.pathwayId, await clinic('2026-11-25'));
		expect(await request(soon.requestId)).toMatchObject({ pullOn: TODAY, urgency: 'urgent' });
		const [settingsAudit] = await open.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'update-settings'));
		expect(settingsAudit.after).toEqual({ 'caseNotes.clinicLeadWorkingDaysBySite': { RX2: 3 } });
	});

	it('refuses a lead-time override for a site that does not exist, changing nothing', async () => {
		expect(
			await refusal(updateRecordsSettings(open.db, teamLeader, { leadBySite: { ZZ9: 1 } }))
		).toEqual({ status: 400, message: 'leadBySite: no site with code ZZ9' });
		expect(
			await refusal(updateRecordsSettings(open.db, teamLeader, { clinicLeadWorkingDays: -1 }))
		).toMatchObject({ status: 400, message: expect.stringMatching(/^clinicLeadWorkingDays: /) });
	});

	it('moves the request with its booking, and refuses a move that does not fit', async () => {
		const { pathwayId } = await patientWithPathway('Mover', 60);
		const first = await clinic('2026-12-14');
		const { bookingId, requestId } = await bookAndRaise(pathwayId, first);
		const later = await clinic('2026-12-21', { locationId: loc.clinic2 });
		const full = await clinic('2026-12-22', { minutes: 30 });
		const otherSpecialty = await clinic('2026-12-22', { specialty: '110' });

		expect(
			await refusal(moveBooking(open.db, coordinator, bookingId, { sessionId: full }, NOW))
		).toEqual({
			status: 409,
			message:
				'Cannot move the booking to 22/12/2026 09:00 clinic at Test General: that session is over-filled: 60 of 30 minutes booked'
		});
		expect(
			await refusal(
				moveBooking(open.db, coordinator, bookingId, { sessionId: otherSpecialty }, NOW)
			)
		).toMatchObject({ status: 409, message: expect.stringContaining('is for specialty 110') });
		expect(
			await refusal(moveBooking(open.db, coordinator, bookingId, { sessionId: 'soon' }, NOW))
		).toMatchObject({ status: 400, message: expect.stringMatching(/^sessionId: /) });
		expect(
			await refusal(
				moveBooking(open.db, coordinator, bookingId, { sessionId: later, startTime: '13:00' }, NOW)
			)
		).toMatchObject({
			status: 400,
			message: expect.stringMatching(/^startTime: 13:00 is outside/)
		});
		// nothing changed by the refusals
		expect(
			(await open.db.select().from(bookings).where(eq(bookings.id, bookingId)))[0].sessionId
		).toBe(first);
		expect(await request(requestId)).toMatchObject({
			pullOn: '2026-12-10',
			destinationLocationId: loc.clinic
		});

		await moveBooking(
			open.db,
			coordinator,
			bookingId,
			{ sessionId: later, startTime: '10:20' },
			NOW
		);
		const moved = await request(requestId);
		expect(moved).toMatchObject({
			pullOn: '2026-12-17',
			destinationLocationId: loc.clinic2,
			status: 'requested'
		});
		expect(moved.neededBy.toISOString()).toBe(at('2026-12-21', '10:20').toISOString());
		expect((await audits('booking', bookingId)).map((a) => a.action)).toEqual(['move-booking']);
		expect((await audits('case_note_request', requestId)).map((a) => a.action)).toEqual([
			'raise-case-note-request',
			'reschedule-case-note-request'
		]);
	});

	it('withdraws the request when its booking is cancelled, but keeps tracking notes already out', async () => {
		const a = await patientWithPathway('Cancelled');
		const { bookingId, requestId } = await bookAndRaise(a.pathwayId, await clinic('2026-12-15'));
		expect(await refusal(cancelBooking(open.db, coordinator, bookingId, {}, NOW))).toMatchObject({
			status: 400,
			message: expect.stringMatching(/^by: who cancelled: patient or hospital$/)
		});
		const result = await cancelBooking(
			open.db,
			coordinator,
			bookingId,
			{ by: 'patient', reason: 'asked-to-rearrange', note: 'On holiday' },
			NOW
		);
		expect(result).toEqual({ bookingId, withdrawn: [requestId], stillOut: [] });
		expect(await request(requestId)).toMatchObject({ status: 'withdrawn' });
		expect((await movements(requestId)).at(-1)).toMatchObject({
			status: 'withdrawn',
			byUserId: coordinator.id,
			note: 'Booking cancelled by the patient: Asked to rearrange: On holiday'
		});
		expect(
			await refusal(
				cancelBooking(open.db, coordinator, bookingId, { by: 'patient', reason: 'unwell' }, NOW)
			)
		).toEqual({
			status: 409,
			message: "This booking is 'cancelled'; only a live booking can be changed"
		});

		const b = await patientWithPathway('Out');
		const out = await bookAndRaise(b.pathwayId, await clinic('2026-12-16'));
		await bulkTransition(open.db, records, { ids: [out.requestId], to: 'located' }, NOW);
		await bulkTransition(open.db, records, { ids: [out.requestId], to: 'dispatched' }, NOW);
		expect(
			await cancelBooking(
				open.db,
				coordinator,
				out.bookingId,
				{ by: 'hospital', reason: 'list-cancelled' },
				NOW
			)
		).toEqual({ bookingId: out.bookingId, withdrawn: [], stillOut: [out.requestId] });
		expect(await request(out.requestId)).toMatchObject({ status: 'dispatched' });
	});

	it('records every step of the lifecycle: who, where, when, and an audit entry each', async () => {
		const { pathwayId } = await patientWithPathway('Lifecycle');
		const { requestId } = await bookAndRaise(pathwayId, await clinic('2026-11-30'));
		const steps = [
			['located', '2026-11-26', '09:10', loc.bay],
			['dispatched', '2026-11-27', '14:00', null],
			['available', '2026-11-30', '08:05', null],
			['returned', '2026-11-30', '15:30', null],
			['filed', '2026-12-01', '09:00', loc.bay]
		] as const;
		for (const [to, date, time, locationId] of steps) {
			await transitionRequest(
				open.db,
				records,
				requestId,
				locationId ? { to, locationId } : { to },
				at(date, time)
			);
		}
		const r = await request(requestId);
		expect(r).toMatchObject({
			status: 'filed',
			currentLocationId: loc.bay,
			assignedTo: records.id
		});
		expect(r.locatedAt?.toISOString()).toBe(at('2026-11-26', '09:10').toISOString());
		expect(r.availableAt?.toISOString()).toBe(at('2026-11-30', '08:05').toISOString());
		expect(r.filedAt?.toISOString()).toBe(at('2026-12-01', '09:00').toISOString());
		const moves = await movements(requestId);
		expect(moves.map((m) => [m.status, m.byUserId, m.locationId])).toEqual([
			['requested', coordinator.id, loc.library],
			['located', records.id, loc.bay],
			['dispatched', records.id, loc.bay], // leaves from where it was found
			['available', records.id, loc.clinic], // at the clinic it was for
			['returned', records.id, loc.library], // back to its home library
			['filed', records.id, loc.bay]
		]);
		const trail = await audits('case_note_request', requestId);
		expect(
			trail.map((a) => [
				a.action,
				(a.before as { status: string } | null)?.status,
				(a.after as { status?: string }).status
			])
		).toEqual([
			['raise-case-note-request', undefined, undefined],
			['case-note-transition', 'requested', 'located'],
			['case-note-transition', 'located', 'dispatched'],
			['case-note-transition', 'dispatched', 'available'],
			['case-note-transition', 'available', 'returned'],
			['case-note-transition', 'returned', 'filed']
		]);
		expect(trail.every((a) => a.action !== 'case-note-transition' || a.userId === records.id)).toBe(
			true
		);
	});

	it('refuses a skipped step without a reason and changes nothing; with a reason it is recorded', async () => {
		const { pathwayId } = await patientWithPathway('Skipper');
		const { requestId } = await bookAndRaise(pathwayId, await clinic('2026-12-01'));
		const before = {
			movements: (await movements(requestId)).length,
			audits: (await audits('case_note_request', requestId)).length
		};

		expect(
			await refusal(transitionRequest(open.db, records, requestId, { to: 'returned' }, NOW))
		).toEqual({
			status: 409,
			message:
				"The request for SKIPPER, Test's notes is 'requested'; it cannot go to 'returned' without a reason"
		});
		expect(
			await refusal(
				transitionRequest(
					open.db,
					records,
					requestId,
					{ to: 'temporary', reason: 'Just because' },
					NOW
				)
			)
		).toMatchObject({
			status: 409,
			message: expect.stringContaining("can never go to 'temporary'")
		});
		expect(
			await refusal(transitionRequest(open.db, records, requestId, { to: 'lost' }, NOW))
		).toMatchObject({ status: 400, message: expect.stringMatching(/^to: one of requested/) });
		expect(
			await refusal(
				transitionRequest(open.db, records, requestId, { to: 'located', locationId: 999999 }, NOW)
			)
		).toEqual({ status: 400, message: 'locationId: no location 999999' });
		expect(
			await refusal(transitionRequest(open.db, records, 999999, { to: 'located' }, NOW))
		).toEqual({ status: 404, message: 'No case-note request 999999' });
		expect(await request(requestId)).toMatchObject({
			status: 'requested',
			locatedAt: null,
			assignedTo: null
		});
		expect((await movements(requestId)).length).toBe(before.movements);
		expect((await audits('case_note_request', requestId)).length).toBe(before.audits);

		await transitionRequest(
			open.db,
			records,
			requestId,
			{ to: 'available', reason: 'Walked to clinic by the secretary' },
			NOW
		);
		const r = await request(requestId);
		expect(r).toMatchObject({ status: 'available', locatedAt: null, dispatchedAt: null });
		expect((await movements(requestId)).at(-1)).toMatchObject({
			status: 'available',
			note: 'Walked to clinic by the secretary'
		});
		expect((await audits('case_note_request', requestId)).at(-1)?.after).toMatchObject({
			status: 'available',
			kind: 'skip',
			reason: 'Walked to clinic by the secretary'
		});

		// going back needs a reason too, and clears the stamp of the step undone
		expect(
			await refusal(transitionRequest(open.db, records, requestId, { to: 'dispatched' }, NOW))
		).toMatchObject({ status: 409 });
		await transitionRequest(
			open.db,
			records,
			requestId,
			{ to: 'dispatched', reason: 'Scanned at clinic by mistake' },
			NOW
		);
		expect(await request(requestId)).toMatchObject({ status: 'dispatched', availableAt: null });
		// a stale screen is refused rather than applied twice
		expect(
			await refusal(
				transitionRequest(
					open.db,
					records2,
					requestId,
					{ to: 'available', expectedFrom: 'located' },
					NOW
				)
			)
		).toMatchObject({ status: 409, message: expect.stringContaining("is now 'dispatched'") });
	});

	it('moves a whole pull list in one go, or not at all', async () => {
		const date = '2026-12-08';
		const ids: number[] = [];
		for (const name of ['BulkA', 'BulkB', 'BulkC']) {
			const { pathwayId } = await patientWithPathway(name);
			ids.push((await bookAndRaise(pathwayId, await clinic(date))).requestId);
		}
		await transitionRequest(open.db, records, ids[2], { to: 'located' }, NOW);
		const refused = await refusal(bulkTransition(open.db, records, { ids, to: 'located' }, NOW));
		// the one that cannot take the step is named as records staff know it
		expect(refused).toEqual({
			status: 409,
			message: "The request for BULKC, Test's notes is 'located' already"
		});
		for (const id of ids.slice(0, 2)) expect((await request(id)).status).toBe('requested');

		const done = await bulkTransition(
			open.db,
			records2,
			{ ids: ids.slice(0, 2), to: 'located', expectedFrom: 'requested' },
			NOW
		);
		expect(done.map((d) => d.to)).toEqual(['located', 'located']);
		for (const id of ids.slice(0, 2))
			expect(await request(id)).toMatchObject({ status: 'located', assignedTo: records2.id });
		expect(
			await refusal(bulkTransition(open.db, records, { ids: [], to: 'located' }, NOW))
		).toEqual({ status: 400, message: 'ids: choose at least one request' });
	});

	it('finds the request by its volume barcode when a movement is scanned', async () => {
		const { pathwayId, patientId } = await patientWithPathway('Scanned');
		// the volume's barcode is known from an earlier request for the patient
		await open.db.insert(caseNoteRequests).values({
			patientId,
			reason: 'correspondence',
			urgency: 'routine',
			status: 'filed',
			neededBy: at('2026-10-01', '12:00'),
			requestedAt: at('2026-09-29', '12:00'),
			homeLocationId: loc.bay,
			volumeBarcode: 'CN7654321-01'
		});
		const { requestId } = await bookAndRaise(pathwayId, await clinic('2026-12-09'));
		expect(await request(requestId)).toMatchObject({
			volumeBarcode: 'CN7654321-01',
			homeLocationId: loc.bay
		});
		const result = await scanTransition(
			open.db,
			records,
			{ barcode: ' cn7654321-01 ', to: 'located' },
			NOW
		);
		expect(result).toEqual({
			id: requestId,
			request: 'request for volume CN7654321-01',
			from: 'requested',
			to: 'located',
			locationId: loc.bay
		});
		expect(
			await refusal(
				scanTransition(open.db, records, { barcode: 'CN0000000-09', to: 'located' }, NOW)
			)
		).toEqual({ status: 404, message: 'No open request for volume CN0000000-09' });
		expect(
			await refusal(scanTransition(open.db, records, { barcode: 'no spaces!', to: 'located' }, NOW))
		).toMatchObject({ status: 400, message: expect.stringMatching(/^barcode: /) });
	});

	it('raises ad-hoc requests due by the SLA for their urgency, on working days for routine', async () => {
		// the fixture's other patients have numbers without a valid check digit: add one that has
		const validId = await addPatient(open, {
			nhsNumber: '9434765919',
			givenName: 'Ada',
			familyName: 'Hoc',
			dateOfBirth: '1950-01-01',
			sex: 'F'
		});
		const emergencyAt = at('2026-11-28', '23:50'); // a Saturday night
		const emergency = await raiseAdHoc(
			open.db,
			records,
			{
				nhsNumber: '943 476 5919',
				reason: 'emergency',
				urgency: 'emergency',
				destinationLocationId: String(loc.ward)
			},
			emergencyAt
		);
		expect((await request(emergency)).neededBy.toISOString()).toBe(
			new Date(emergencyAt.getTime() + 30 * 60_000).toISOString()
		);
		const routine = await raiseAdHoc(
			open.db,
			records,
			{
				nhsNumber: '9434765919',
				reason: 'correspondence',
				urgency: 'routine',
				destinationLocationId: loc.ward,
				note: 'Solicitor letter'
			},
			at('2026-11-26', '15:00')
		);
		expect(await request(routine)).toMatchObject({
			patientId: validId,
			pullOn: '2026-11-26',
			reason: 'correspondence',
			urgency: 'routine'
		});
		// Thursday 15:00 + 2 working days = Monday 15:00
		expect((await request(routine)).neededBy.toISOString()).toBe(
			at('2026-11-30', '15:00').toISOString()
		);

		const count = async () => (await open.db.select().from(caseNoteRequests)).length;
		const n = await count();
		expect(
			await refusal(
				raiseAdHoc(open.db, records, {
					nhsNumber: '943 476 5918',
					reason: 'ward',
					urgency: 'urgent',
					destinationLocationId: loc.ward
				})
			)
		).toMatchObject({
			status: 400,
			message: expect.stringMatching(/^nhsNumber: a valid 10-digit NHS number/)
		});
		expect(
			await refusal(
				raiseAdHoc(open.db, records, {
					nhsNumber: '9990000026',
					reason: 'ward',
					urgency: 'urgent',
					destinationLocationId: loc.ward
				})
			)
		).toEqual({ status: 400, message: 'nhsNumber: no patient with NHS number 9990000026' });
		expect(
			await refusal(
				raiseAdHoc(open.db, records, {
					nhsNumber: '9434765919',
					reason: 'clinic',
					urgency: 'urgent',
					destinationLocationId: loc.ward
				})
			)
		).toMatchObject({ status: 400, message: expect.stringMatching(/^reason: /) });
		expect(
			await refusal(
				raiseAdHoc(open.db, records, {
					nhsNumber: '9434765919',
					reason: 'ward',
					urgency: 'urgent',
					destinationLocationId: 999999
				})
			)
		).toEqual({ status: 400, message: 'destinationLocationId: no location 999999' });
		expect(await count()).toBe(n);
	});

	it("builds the day's pull list by library, carrying over what an earlier list did not reach", async () => {
		const date = '2026-12-04'; // Friday: pull list for Tuesday 8 December's clinics
		const list = await pullList(open.db, date, NOW);
		const ids = list.groups.flatMap((g) => g.rows.map((r) => r.id));
		const expected = await open.query<{ id: number }>(
			`select id from case_note_requests where status <> 'withdrawn'
			 and coalesce(pull_on, (requested_at at time zone 'Europe/London')::date) = $1 order by id`,
			[date]
		);
		expect([...ids].sort((a, b) => a - b)).toEqual(expected.map((e) => e.id));
		expect(ids.length).toBeGreaterThan(0);
		expect(list.groups.map((g) => g.library)).toEqual(['Records Library']);

		// On a later "today", what is still not dispatched carries over and is late
		const later = await pullList(open.db, '2026-12-07', at('2026-12-07', '08:00'));
		const carried = later.groups.flatMap((g) => g.rows).filter((r) => r.carriedOver);
		expect(carried.length).toBeGreaterThan(0);
		expect(carried.every((r) => ['requested', 'located'].includes(r.status))).toBe(true);
		expect(carried.filter((r) => r.status === 'requested').every((r) => r.late.late)).toBe(true);
	});

	it('assigns requests to records staff only, audited', async () => {
		const { pathwayId } = await patientWithPathway('Assigned');
		const { requestId } = await bookAndRaise(pathwayId, await clinic('2026-12-10'));
		expect(
			await refusal(assignRequests(open.db, teamLeader, [requestId], coordinator.id))
		).toMatchObject({
			status: 400,
			message: expect.stringContaining('Cara Coordinator is not one of')
		});
		expect(await assignRequests(open.db, teamLeader, [requestId], records2.id)).toEqual([
			requestId
		]);
		expect(await request(requestId)).toMatchObject({ assignedTo: records2.id });
		expect((await audits('case_note_request', requestId)).at(-1)).toMatchObject({
			action: 'assign-case-note-request',
			userId: teamLeader.id,
			after: { assignedTo: records2.id }
		});
	});
});
