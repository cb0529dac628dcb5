/**
 * Booking an unbooked pathway from the PTL (issue 12), on a real database: only the sessions the
 * boards' hard rules allow are offered; a refusal is a move's, in the same words, and changes
 * nothing; a booking does what a board's confirm does (booking, case-note request, audit, change
 * broadcast) and records its offer; a declined offer books nothing, and two declined reasonable
 * offers flag the pathway for clinical review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { registerDatabase, type OpenDatabase } from '../../db';
import {
	auditLog,
	bookingLetters,
	bookings,
	caseNoteRequests,
	clinicians,
	offers,
	pathwayUnavailability
} from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth';
import { bookCandidates, bookPathway, recordLetterSent } from '../../src/lib/server/records/book';
import { moveBooking } from '../../src/lib/server/records/bookings';
import { dashboardVersion, flushDashboards } from '../../src/lib/server/dashboards/live';
import { queryPtl, parsePtlFilters } from '../../src/lib/server/ptl';
import { patientRecord } from '../../src/lib/server/patients';
import { targets } from './databases';
import {
	addClinic,
	addClinician,
	addPathway,
	addPatient,
	addTestSite,
	addUser,
	testNhsNumber
} from './fixtures';
import { refusal } from './refusal';
import type { RequestEvent } from '@sveltejs/kit';
import { POST as bookRoute } from '../../src/routes/api/pathways/[id=id]/book/+server';
import { GET as letterRoute } from '../../src/routes/api/bookings/[id=id]/letter.pdf/+server';
import { actions as letterSettings } from '../../src/routes/(app)/settings/letters/+page.server';
import { requestEvent, runAction } from './requestEvent';
import { pdfText } from './pdfText';
import { appointmentLetter } from '../../src/lib/server/letters/appointmentLetter';
import {
	updateLetterTemplate,
	DEFAULT_LETTER_TEMPLATE
} from '../../src/lib/server/letters/template';

/** A fixed "now": Tuesday 24 November 2026, 10:00 in London (GMT). */
const NOW = new Date(Date.UTC(2026, 10, 24, 10, 0));
const TODAY = '2026-11-24';

describe.each(targets)('booking from the PTL on $name', (target) => {
	let open: OpenDatabase;
	let coordinator: SessionUser;
	let siteId: number;
	let clinicianId: number;
	let patientNo = 0;

	async function pathway(
		minutes = 30,
		options: { slotType?: string; clinicianId?: number; listType?: 'outpatient' | 'admitted' } = {}
	) {
		patientNo++;
		const patientId = await addPatient(open, {
			nhsNumber: testNhsNumber('410', patientNo),
			familyName: `Booker${patientNo}`
		});
		return addPathway(open, patientId, {
			expectedMinutes: minutes,
			slotType: options.slotType ?? null,
			clinicianId: options.clinicianId ?? null,
			listType: options.listType ?? 'outpatient'
		});
	}
	const clinic = (date: string, values: Parameters<typeof addClinic>[3] = {}) =>
		addClinic(open, date, siteId, { clinicianId, ...values });
	async function booked(pathwayId: number, sessionId: number) {
		const [b] = await open.db.insert(bookings).values({ pathwayId, sessionId }).returning();
		return b.id;
	}
	const liveBookings = (pathwayId: number) =>
		open.db
			.select()
			.from(bookings)
			.where(and(eq(bookings.pathwayId, pathwayId), eq(bookings.status, 'booked')));
	const offersOf = (pathwayId: number) =>
		open.db.select().from(offers).where(eq(offers.pathwayId, pathwayId));
	const book = (pathwayId: number, input: Record<string, unknown>) =>
		bookPathway(
			open.db,
			coordinator,
			pathwayId,
			{ method: 'phone', outcome: 'accepted', ...input },
			NOW
		);

	beforeAll(async () => {
		open = await target.open();
		registerDatabase(open);
		siteId = await addTestSite(open);
		clinicianId = await addClinician(open);
		coordinator = await addUser(open, 'coordinator', 'Cara Coordinator', 'book.test');
	});
	afterAll(async () => {
		await open?.close();
	});

	it('refuses a session each hard rule forbids in the words a move is refused in, and changes nothing', async () => {
		const [other] = await open.db
			.insert(clinicians)
			.values({ code: 'C2', name: 'Mr Other', specialtyCode: '120', maxMinutesPerDay: 60 })
			.returning();
		/** An unbooked patient and a booked twin (same needs), to be booked and moved alike. */
		async function twins(options: Parameters<typeof pathway>[1], minutes = 30) {
			const unbooked = await pathway(minutes, options);
			const twin = await pathway(minutes, options);
			const bookingId = await booked(twin, await clinic('2027-03-01', { clinicianId: null }));
			return { unbooked, twin, bookingId };
		}
		const slot = await twins({ slotType: 'new', clinicianId });
		const consultant = await twins({ clinicianId });
		const away = await twins({});
		for (const p of [away.unbooked, away.twin])
			await open.db
				.insert(pathwayUnavailability)
				.values({ pathwayId: p, fromDate: '2027-01-11', toDate: '2027-01-12' });
		const big = await twins({}, 200);
		const limited = await twins({ clinicianId: other.id }, 40);
		// Mr Other's own patients already fill 40 of his 60 minutes on 14 January
		const busy = await clinic('2027-01-14', {
			clinicianId: null,
			startTime: '13:00',
			endTime: '17:00'
		});
		await booked(await pathway(40, { clinicianId: other.id }), busy);

		const cases = [
			{
				who: slot,
				sessionId: await clinic('2027-01-05', { slotTypes: ['follow-up'] }),
				says: 'the patient needs a new slot; that session takes follow-up'
			},
			{
				who: consultant,
				sessionId: await clinic('2027-01-07', { clinicianId: other.id }),
				says: "the patient is under Ms Test; that session is another consultant's list"
			},
			{
				who: away,
				sessionId: await clinic('2027-01-11'),
				says: 'the patient cannot attend 11/01/2027 to 12/01/2027; that session is in that range'
			},
			{
				who: big,
				sessionId: await clinic('2027-01-13'),
				says: 'that session is over-filled: 200 of 180 minutes booked'
			},
			{
				who: limited,
				sessionId: await clinic('2027-01-14', { clinicianId: null }),
				says: 'Mr Other has 80 minutes booked on 14/01/2027, over their limit of 60'
			}
		];
		for (const c of cases) {
			const offered = (await bookCandidates(open.db, c.who.unbooked, NOW)).sessions.map(
				(s) => s.id
			);
			expect(offered).not.toContain(c.sessionId);
			const bookRefusal = await refusal(book(c.who.unbooked, { sessionId: c.sessionId }));
			const moveRefusal = await refusal(
				moveBooking(open.db, coordinator, c.who.bookingId, { sessionId: c.sessionId }, NOW)
			);
			expect(bookRefusal.status).toBe(409);
			expect(bookRefusal.message).toMatch(
				/^Cannot book the patient into \d\d\/\d\d\/2027 \d\d:\d\d clinic.* at Test General: /
			);
			expect(bookRefusal.message.endsWith(`: ${c.says}`)).toBe(true);
			// the same words as the move, but for the verb
			expect(
				bookRefusal.message.replace('Cannot book the patient into', 'Cannot move the booking to')
			).toBe(moveRefusal.message);
			// a declined offer of a session that is not allowed is refused alike
			expect(
				await refusal(book(c.who.unbooked, { sessionId: c.sessionId, outcome: 'declined' }))
			).toEqual(bookRefusal);
			expect(await liveBookings(c.who.unbooked)).toEqual([]);
			expect(await offersOf(c.who.unbooked)).toEqual([]);
		}
	});

	it('refuses bad input with clear errors, changing nothing', async () => {
		const p = await pathway();
		const s = await clinic('2027-02-01');
		expect(await refusal(book(p, { sessionId: s, method: 'pigeon' }))).toEqual({
			status: 400,
			message: expect.stringContaining(
				'method: how the offer was made: one of letter, phone, email, in-person'
			)
		});
		expect(await refusal(book(p, { sessionId: s, outcome: 'maybe' }))).toMatchObject({
			status: 400
		});
		expect(await refusal(book(p, { sessionId: s, offeredOn: '2026-12-01' }))).toEqual({
			status: 400,
			message: 'offeredOn: an offer cannot be recorded before it is made'
		});
		expect(await refusal(book(p, { sessionId: s, startTime: '13:00' }))).toMatchObject({
			status: 400,
			message: expect.stringContaining("outside the session's hours")
		});
		expect(await refusal(book(999_999, { sessionId: s }))).toEqual({
			status: 404,
			message: 'No pathway 999999'
		});
		expect(await refusal(book(p, { sessionId: await clinic('2026-11-23') }))).toMatchObject({
			status: 409,
			message: expect.stringContaining('is in the past')
		});
		expect(await offersOf(p)).toEqual([]);
	});

	it('books as a confirm does, records the accepted offer, and refuses a second booking', async () => {
		const p = await pathway(30, { clinicianId });
		const s = await clinic('2026-12-15');
		const later = await clinic('2027-01-20');
		const offered = await bookCandidates(open.db, p, NOW);
		expect(offered.pathway).toMatchObject({ id: p, kind: 'clinic', specialty: '120', minutes: 30 });
		expect(offered.today).toBe(TODAY);
		expect(offered.sessions.map((c) => c.id)).toEqual(expect.arrayContaining([s, later]));

		const before = dashboardVersion();
		const result = await book(p, {
			sessionId: s,
			startTime: '09:30',
			method: 'letter',
			offeredOn: '2026-11-20'
		});
		flushDashboards();
		expect(dashboardVersion()).toBe(before + 1); // the change went out on the bus
		expect(result).toMatchObject({
			outcome: 'accepted',
			reasonable: true, // 25 days after the offer
			sessionId: s,
			date: '2026-12-15',
			clinicalReview: false
		});
		const [b] = await liveBookings(p);
		expect(b).toMatchObject({
			id: result.bookingId,
			sessionId: s,
			startTime: '09:30:00',
			bookedBy: coordinator.id
		});
		const requests = await open.db
			.select()
			.from(caseNoteRequests)
			.where(eq(caseNoteRequests.bookingId, b.id));
		expect(requests.map((r) => r.id)).toEqual(result.requestIds);
		expect(requests).toHaveLength(1);
		expect(await offersOf(p)).toEqual([
			expect.objectContaining({
				bookingId: b.id,
				sessionId: s,
				offeredOn: '2026-11-20',
				offeredFor: '2026-12-15',
				method: 'letter',
				reasonable: true,
				outcome: 'accepted',
				offeredBy: coordinator.id
			})
		]);
		const audit = await open.db.select().from(auditLog).where(eq(auditLog.userId, coordinator.id));
		expect(audit.map((a) => `${a.action} ${a.entity} ${a.entityId}`)).toEqual(
			expect.arrayContaining([`book booking ${b.id}`, `record-offer pathway ${p}`])
		);

		// booked: the pathway is not offered again, and a second booking is refused
		expect(await refusal(bookCandidates(open.db, p, NOW))).toEqual({
			status: 409,
			message: 'The patient already has a live booking on this pathway: move it instead'
		});
		expect(await refusal(book(p, { sessionId: later }))).toMatchObject({ status: 409 });
		expect(await liveBookings(p)).toHaveLength(1);

		// the letter's sending date joins the record
		expect(
			await recordLetterSent(open.db, coordinator, b.id, { sentOn: '2026-11-24' }, NOW)
		).toMatchObject({
			sentOn: '2026-11-24'
		});
		expect(
			await refusal(recordLetterSent(open.db, coordinator, b.id, { sentOn: '2026-11-25' }, NOW))
		).toEqual({
			status: 400,
			message: 'sentOn: a letter cannot be recorded as sent before it is'
		});
		expect(
			await open.db.select().from(bookingLetters).where(eq(bookingLetters.bookingId, b.id))
		).toHaveLength(1);
	});

	it('records a declined offer without booking, and flags two declined reasonable offers for review', async () => {
		const p = await pathway();
		const soon = await clinic('2026-12-10'); // 16 days on: not reasonable
		const first = await clinic('2026-12-16'); // 22 days on
		const second = await clinic('2027-01-05');
		const flagged = async () =>
			(
				await queryPtl(open.db, parsePtlFilters(new URLSearchParams('q=Booker')), TODAY, {
					whole: true
				})
			).items.find((i) => i.id === p)?.clinicalReview;

		const unreasonable = await book(p, { sessionId: soon, outcome: 'declined' });
		expect(unreasonable).toMatchObject({
			outcome: 'declined',
			reasonable: false,
			bookingId: null,
			clinicalReview: false
		});
		expect(await book(p, { sessionId: first, outcome: 'declined' })).toMatchObject({
			reasonable: true,
			clinicalReview: false
		});
		expect(await flagged()).toBe(false);
		expect(await book(p, { sessionId: second, outcome: 'declined' })).toMatchObject({
			reasonable: true,
			bookingId: null,
			clinicalReview: true
		});
		expect(await liveBookings(p)).toEqual([]);
		expect((await offersOf(p)).map((o) => o.outcome)).toEqual(['declined', 'declined', 'declined']);
		// surfaced on the PTL (a flag and a filter), never acted on: the pathway stays on the list
		expect(await flagged()).toBe(true);
		const review = await queryPtl(
			open.db,
			parsePtlFilters(new URLSearchParams('review=offers')),
			TODAY,
			{ whole: true }
		);
		expect(review.items.map((i) => i.id)).toEqual([p]);

		// and on the patient page, with the offers in the pathway's history
		const [{ patientId }] = (
			await queryPtl(open.db, parsePtlFilters(new URLSearchParams('review=offers')), TODAY, {
				whole: true
			})
		).items;
		const record = await patientRecord(open.db, patientId);
		const shown = record!.pathways.find((w) => w.id === p)!;
		expect(shown.clinicalReview).toBe(true);
		expect(shown.history.filter((e) => e.what.startsWith('Offer'))).toEqual([
			expect.objectContaining({
				what: 'Offer declined',
				appointment: '2026-12-10',
				detail: expect.stringContaining('not a reasonable offer')
			}),
			expect.objectContaining({
				what: 'Offer declined',
				appointment: '2026-12-16',
				detail: expect.stringContaining('reasonable offer')
			}),
			expect.objectContaining({ what: 'Offer declined', appointment: '2027-01-05' })
		]);
	});

	it("prints the booking's letter from the trust's template: name, address, date, time, place, how to rearrange", async () => {
		const patientId = await addPatient(open, {
			nhsNumber: testNhsNumber('411', 1),
			familyName: 'Lettersby',
			givenName: 'Petra',
			addressLine1: '12 Quill Lane',
			town: 'Inkton',
			postcode: 'IN1 2PN'
		});
		const p = await addPathway(open, patientId, { listType: 'admitted', expectedMinutes: 60 });
		const theatre = await addClinic(open, '2027-01-19', siteId, {
			kind: 'theatre',
			startTime: '08:30',
			endTime: '12:30'
		});
		const { bookingId } = await book(p, { sessionId: theatre });
		const { pdf } = await appointmentLetter(open.db, coordinator, bookingId!, {
			compress: false,
			now: NOW
		});
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const text = pdfText(pdf);
		expect(text).toContain('Petra Lettersby');
		expect(text).toContain('12 Quill Lane');
		expect(text).toContain('IN1 2PN');
		expect(text).toContain('Date: Tue 19/01/2027');
		expect(text).toContain('Time: 08:30');
		expect(text).toContain('Place: Test General');
		expect(text).toContain('Your admission for a procedure (to come in)');
		expect(text).toContain(DEFAULT_LETTER_TEMPLATE.trustPhone);
		expect(text).toContain('Date of letter: 24/11/2026');
		// compressed as browsers get it, it is still a PDF, and the text is not there to read plainly
		const sent = (await appointmentLetter(open.db, coordinator, bookingId!, { now: NOW })).pdf;
		expect(sent.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(pdfText(sent)).not.toContain('Petra Lettersby');
		const printed = await open.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'print-letter'), eq(auditLog.entityId, String(bookingId))));
		expect(printed).toHaveLength(2);

		// an administrator's wording is used; a placeholder no letter fills is refused, changing nothing
		const admin = await addUser(open, 'admin', 'Ada Admin', 'book.test');
		expect(
			await refusal(
				updateLetterTemplate(open.db, admin, {
					...DEFAULT_LETTER_TEMPLATE,
					body: 'Dear {patient}, {date} {time} {place}'
				})
			)
		).toEqual({
			status: 400,
			message: expect.stringContaining(
				'body: no letter fills {patient}; the placeholders are {patientName}'
			)
		});
		expect(
			await refusal(
				updateLetterTemplate(open.db, admin, {
					...DEFAULT_LETTER_TEMPLATE,
					body: 'Dear {patientName}'
				})
			)
		).toMatchObject({
			status: 400,
			message: expect.stringContaining('must state {date}, {time} and {place}')
		});
		await updateLetterTemplate(open.db, admin, {
			...DEFAULT_LETTER_TEMPLATE,
			trustPhone: '01632 960 123',
			body: 'Hello {patientName}: come on {date} at {time} to {place}. To rearrange ring {trustPhone}.'
		});
		// a wrapped line is joined again with a space
		const reworded = pdfText(
			(await appointmentLetter(open.db, coordinator, bookingId!, { compress: false, now: NOW })).pdf
		).replace(/\s+/g, ' ');
		expect(reworded).toContain(
			'Hello Petra Lettersby: come on Tue 19/01/2027 at 08:30 to Test General.'
		);
		expect(reworded).toContain('To rearrange ring 01632 960 123.');
	});

	it('answers through its routes: zod-checked input, refusals as JSON, the letter as a PDF, the template from its form', async () => {
		const p = await pathway();
		const s = await clinic('2027-02-22');
		const post = async (json: unknown) => {
			const res = (await bookRoute(
				requestEvent(`/api/pathways/${p}/book`, {
					json,
					user: coordinator,
					params: { id: String(p) }
				}) as unknown as RequestEvent<{ id: string }, '/api/pathways/[id=id]/book'>
			)) as Response;
			return { status: res.status, body: (await res.json()) as Record<string, unknown> };
		};
		expect(
			await post({ sessionId: s, method: 'phone', outcome: 'accepted', extra: 1 })
		).toMatchObject({
			status: 400,
			body: { message: expect.stringContaining('extra') }
		});
		expect(await post({ sessionId: 'soon', method: 'phone', outcome: 'accepted' })).toMatchObject({
			status: 400,
			body: { message: expect.stringContaining('sessionId') }
		});
		expect(await offersOf(p)).toEqual([]);
		const booked = await post({ sessionId: s, method: 'in-person', outcome: 'accepted' });
		expect(booked).toMatchObject({ status: 200, body: { outcome: 'accepted', reasonable: true } });

		const bookingId = String(booked.body.bookingId);
		const letter = (await letterRoute(
			requestEvent(`/api/bookings/${bookingId}/letter.pdf`, {
				method: 'GET',
				user: coordinator,
				params: { id: bookingId }
			}) as unknown as RequestEvent<{ id: string }, '/api/bookings/[id=id]/letter.pdf'>
		)) as Response;
		expect(letter.status).toBe(200);
		expect(letter.headers.get('content-type')).toBe('application/pdf');
		expect(letter.headers.get('cache-control')).toBe('no-store');
		expect(
			Buffer.from(await letter.arrayBuffer())
				.subarray(0, 5)
				.toString('latin1')
		).toBe('%PDF-');

		const admin = await addUser(open, 'admin', 'Alex Admin', 'book-routes.test');
		const save = (form: Record<string, string>) =>
			runAction(
				letterSettings.default,
				requestEvent('/settings/letters', {
					user: admin,
					form: { ...DEFAULT_LETTER_TEMPLATE, ...form }
				})
			);
		expect(await save({ body: 'Dear {name}: {date} {time} {place}' })).toMatchObject({
			status: 400,
			data: { message: expect.stringContaining('body: no letter fills {name}') }
		});
		expect(await save({ trustEmail: 'not an address' })).toMatchObject({
			status: 400,
			data: { message: expect.stringContaining('trustEmail: an email address') }
		});
		expect(await save({ trustName: 'Example Hospitals NHS Trust' })).toEqual({
			ok: 'Letter template saved'
		});
	});
});
