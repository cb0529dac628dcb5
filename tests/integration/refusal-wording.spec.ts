/**
 * What a person reads when something is refused or done names what they know (the session's
 * date, time, clinic and site; the notes' volume; the patient), never a database id they have
 * never seen. Called as SvelteKit calls the routes, on a real database whose ids are made large
 * and distinctive, so a message quoting one is caught.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { RequestEvent } from '@sveltejs/kit';
import { registerDatabase, type OpenDatabase } from '../../db';
import { bookings, caseNoteRequests, pathways } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth';
import { POST as moveBooking } from '../../src/routes/api/bookings/[id=id]/move/+server';
import { actions as records } from '../../src/routes/(app)/records/+page.server';
import { actions as validation } from '../../src/routes/(app)/validation/+page.server';
import { targets } from './databases';
import {
	addClinic,
	addClinician,
	addPathway,
	addPatient,
	addTestSite,
	addLibrary,
	addLocations,
	addUser,
	testNhsNumber
} from './fixtures';
import { requestEvent, runAction } from './requestEvent';
import { nhsCheckDigit } from '../../src/lib/domain/rtt';

describe.each(targets)('messages name what the user knows on $name', (target) => {
	let open: OpenDatabase;
	let coordinator: SessionUser;
	let clerk: SessionUser;
	let siteId: number;
	let clinicianId: number;
	let patientId: number;

	/** No message may quote this id: a number nobody but the database knows. */
	const quotes = (message: string, id: number) => new RegExp(`\\b${id}\\b`).test(message);

	beforeAll(async () => {
		open = await target.open();
		registerDatabase(open);
		// ids nobody could mistake for anything else in a message
		for (const [table, start] of [
			['pathways', 8152],
			['bookings', 6170],
			['sessions', 4411],
			['case_note_requests', 33068]
		] as const)
			await open.db.execute(
				sql.raw(`alter table ${table} alter column id restart with ${String(start)}`)
			);
		siteId = await addTestSite(open);
		clinicianId = await addClinician(open);
		coordinator = await addUser(open, 'coordinator', 'Cara Coordinator', 'wording.test');
		clerk = await addUser(open, 'records', 'Rhys Records', 'wording.test');
		patientId = await addPatient(open, {
			nhsNumber: testNhsNumber('310', 1),
			familyName: 'Wordsworth',
			givenName: 'Dora'
		});
	});
	afterAll(async () => {
		await open?.close();
	});

	const session = (date: string, slotTypes: string[] | null = null) =>
		addClinic(open, date, siteId, { clinicianId, slotTypes });

	/** A routine correspondence request for the patient's notes, needed on 1 March 2027. */
	async function caseNoteRequest(values: Partial<typeof caseNoteRequests.$inferInsert>) {
		const [request] = await open.db
			.insert(caseNoteRequests)
			.values({
				patientId,
				reason: 'correspondence',
				urgency: 'routine',
				neededBy: new Date('2027-03-01T12:00:00Z'),
				...values
			})
			.returning();
		return request;
	}

	it('a refused booking move names the session by its date, time, clinic and site, not by ids', async () => {
		const pathwayId = await addPathway(open, patientId, { slotType: 'new', clinicianId });
		const [booking] = await open.db
			.insert(bookings)
			.values({ pathwayId, sessionId: await session('2027-03-01', ['new']) })
			.returning();
		const followUps = await session('2027-03-02', ['follow-up']);
		const res = (await moveBooking(
			requestEvent(`/api/bookings/${booking.id}/move`, {
				json: { sessionId: followUps },
				user: coordinator,
				params: { id: String(booking.id) }
			}) as unknown as RequestEvent<{ id: string }, '/api/bookings/[id=id]/move'>
		)) as Response;
		expect(res.status).toBe(409);
		const { message } = (await res.json()) as { message: string };
		expect(message).toBe(
			'Cannot move the booking to 02/03/2027 09:00 clinic (Ms Test) at Test General: the patient needs a new slot; that session takes follow-up'
		);
		expect(quotes(message, booking.id) || quotes(message, followUps)).toBe(false);
		// and nothing moved
		const [after] = await open.db.select().from(bookings).where(eq(bookings.id, booking.id));
		expect(after.sessionId).toBe(booking.sessionId);
	});

	it('a refused step for case notes names the volume, not the request id', async () => {
		const request = await caseNoteRequest({ volumeBarcode: 'CN0031000-02' });
		const move = (form: Record<string, string>) =>
			runAction(
				records.move,
				requestEvent('/records', {
					action: 'move',
					user: clerk,
					form: { id: String(request.id), ...form }
				})
			);
		const skipped = (await move({ to: 'returned' })) as {
			status: number;
			data: { message: string };
		};
		expect(skipped).toMatchObject({ status: 409 });
		expect(skipped.data.message).toBe(
			"The request for volume CN0031000-02 is 'requested'; it cannot go to 'returned' without a reason"
		);
		expect(quotes(skipped.data.message, request.id)).toBe(false);

		const done = (await move({ to: 'located' })) as { ok: string };
		expect(done.ok).toBe("The request for volume CN0031000-02 is now 'located'");
		const again = (await move({ to: 'located' })) as { data: { message: string } };
		expect(again.data.message).toBe("The request for volume CN0031000-02 is 'located' already");
	});

	it('a scanned volume and a raised request are named by the volume or the patient, not the request id', async () => {
		const scanned = await caseNoteRequest({ volumeBarcode: 'CN0031000-05' });
		const scan = (barcode: string, to: string) =>
			runAction(
				records.scan,
				requestEvent('/records', { action: 'scan', user: clerk, form: { barcode, to } })
			) as Promise<{ ok?: string; status?: number; data?: { message: string } }>;
		const done = await scan('cn0031000-05', 'located');
		expect(done.ok).toBe("The request for volume CN0031000-05 is now 'located'");
		expect(quotes(done.ok!, scanned.id)).toBe(false);

		// two open requests for one volume, neither of which can take the step: told apart by
		// what each is for and when it is needed
		const first = await caseNoteRequest({ volumeBarcode: 'CN0031000-06' });
		const second = await caseNoteRequest({
			volumeBarcode: 'CN0031000-06',
			reason: 'ward',
			neededBy: new Date('2027-03-02T09:30:00Z')
		});
		const stuck = await scan('CN0031000-06', 'filed');
		expect(stuck).toMatchObject({ status: 409 });
		expect(stuck.data!.message).toBe(
			"Volume CN0031000-06 has 2 open requests (correspondence needed Mon 1 Mar 2027, 12:00, 'requested'; ward needed Tue 2 Mar 2027, 09:30, 'requested') and none can go to 'filed' as a next step: choose the request in the list"
		);
		expect(quotes(stuck.data!.message, first.id) || quotes(stuck.data!.message, second.id)).toBe(
			false
		);

		const [ward] = await addLocations(open, [{ siteId, name: 'Ward 7', kind: 'ward' }]);
		await addLibrary(open, siteId);
		const nineDigits = '999310002';
		await addPatient(open, {
			nhsNumber: `${nineDigits}${nhsCheckDigit(nineDigits)}`,
			familyName: 'Raiseworthy',
			givenName: 'Ada'
		});
		const raised = (await runAction(
			records.raise,
			requestEvent('/records', {
				action: 'raise',
				user: clerk,
				form: {
					nhsNumber: `${nineDigits}${nhsCheckDigit(nineDigits)}`,
					reason: 'ward',
					urgency: 'urgent',
					destinationLocationId: String(ward)
				}
			})
		)) as { ok: string; requestId: number };
		expect(raised.ok).toBe("Raised the request for RAISEWORTHY, Ada's notes");
		expect(quotes(raised.ok, raised.requestId)).toBe(false);
	});

	it('a request without a volume yet is named by the patient whose notes it is for', async () => {
		const request = await caseNoteRequest({ status: 'withdrawn' });
		const refused = (await runAction(
			records.move,
			requestEvent('/records', {
				action: 'move',
				user: clerk,
				form: { id: String(request.id), to: 'located', reason: 'Found on a desk' }
			})
		)) as { status: number; data: { message: string } };
		expect(refused).toMatchObject({ status: 409 });
		expect(refused.data.message).toBe(
			"The request for WORDSWORTH, Dora's notes is 'withdrawn', which is final; raise a new request instead"
		);
	});

	it('a validation outcome is confirmed, or refused, for the patient, not a pathway id', async () => {
		const stopped = await addPathway(open, patientId, { rttStatus: '30', listType: 'outpatient' });
		const outcome = (pathwayId: number, form: Record<string, string>) =>
			runAction(
				validation.outcome,
				requestEvent('/validation', {
					action: 'outcome',
					user: coordinator,
					form: { pathwayId: String(pathwayId), ...form }
				})
			);
		const refused = (await outcome(stopped, { outcome: 'still_waiting' })) as {
			status: number;
			data: { message: string };
		};
		expect(refused).toMatchObject({ status: 409 });
		expect(refused.data.message).toBe(
			"This pathway's clock is not running (RTT status 30): a patient who still waits needs a new pathway"
		);
		expect(quotes(refused.data.message, stopped)).toBe(false);

		const waiting = await addPathway(open, patientId);
		const done = (await outcome(waiting, { outcome: 'still_waiting' })) as { ok: string };
		expect(done.ok).toBe('WORDSWORTH, Dora: outcome recorded (RTT status 20)');
		const [row] = await open.db.select().from(pathways).where(eq(pathways.id, waiting));
		expect(row.lastValidatedOn).not.toBeNull();
	});

	it('taking over work names the notes or the patient, not an id', async () => {
		const rita = await addUser(open, 'records', 'Rita Records', 'wording.test');
		const held = await caseNoteRequest({ volumeBarcode: 'CN0031000-03', assignedTo: rita.id });
		const take = (await runAction(
			records.assign,
			requestEvent('/records', { action: 'assign', user: clerk, form: { ids: String(held.id) } })
		)) as { status: number; data: { message: string } };
		expect(take).toMatchObject({ status: 409 });
		expect(take.data.message).toBe(
			'The request for volume CN0031000-03 is held by Rita Records. Take it over explicitly (they will be told), or ask a team leader'
		);

		const closed = await caseNoteRequest({ status: 'filed', volumeBarcode: 'CN0031000-04' });
		const late = (await runAction(
			records.assign,
			requestEvent('/records', { action: 'assign', user: clerk, form: { ids: String(closed.id) } })
		)) as { status: number; data: { message: string } };
		expect(late.data.message).toBe(
			"The request for volume CN0031000-04 is 'filed'; only open requests can be assigned"
		);

		const pathwayId = await addPathway(open, patientId);
		const other = await addUser(open, 'coordinator', 'Colm Coordinator', 'wording.test');
		const mine = await runAction(
			validation.assign,
			requestEvent('/validation', {
				action: 'assign',
				user: coordinator,
				form: { pathwayIds: String(pathwayId) }
			})
		);
		expect(mine).toMatchObject({ ok: expect.any(String) });
		const theirs = (await runAction(
			validation.assign,
			requestEvent('/validation', {
				action: 'assign',
				user: other,
				form: { pathwayIds: String(pathwayId) }
			})
		)) as { status: number; data: { message: string } };
		expect(theirs).toMatchObject({ status: 409 });
		expect(theirs.data.message).toBe(
			"WORDSWORTH, Dora's validation is held by Cara Coordinator. Take it over explicitly (they will be told), or ask a team leader"
		);
	});
});
