/**
 * Case-note requests raised by bookings, and moved or withdrawn with them, in the booking's
 * transaction.
 */
import { and, eq } from 'drizzle-orm';
import type { Executor, Tx } from '../../../../db';
import {
	bookings,
	clinicians,
	caseNoteMovements,
	caseNoteRequests,
	pathways,
	sessions,
	sites,
	type CaseNoteUrgency
} from '../../../../db/schema';
import type { CaseNoteStatus } from '../../domain/caseNoteLifecycle';
import { sessionLabel } from '../../domain/bookingRules';
import { pullDate } from '../../domain/caseNoteSla';
import { minutesOf, wallTime } from '../../domain/workingTime';
import { writeAudit } from '../audit';
import { notesHome } from './notesHome';
import { applyTransition, isOpen } from './requestTransitions';
import { leadTimeFor, readRecordsSettings, type RecordsSettings } from './settings';
import type { Actor } from './staff';
import { dayIn } from '../trustCalendar';

interface BookingFacts {
	bookingId: number;
	status: string;
	startTime: string | null;
	date: string;
	sessionStart: string;
	kind: 'clinic' | 'theatre';
	siteId: number;
	siteCode: string;
	locationId: number | null;
	patientId: number;
	clinicianName: string | null;
}

async function bookingFacts(tx: Executor, bookingId: number): Promise<BookingFacts | null> {
	const [row] = await tx
		.select({
			bookingId: bookings.id,
			status: bookings.status,
			startTime: bookings.startTime,
			date: sessions.date,
			sessionStart: sessions.startTime,
			kind: sessions.kind,
			siteId: sessions.siteId,
			siteCode: sites.code,
			locationId: sessions.locationId,
			patientId: pathways.patientId,
			clinicianName: clinicians.name
		})
		.from(bookings)
		.innerJoin(sessions, eq(sessions.id, bookings.sessionId))
		.leftJoin(clinicians, eq(clinicians.id, sessions.clinicianId))
		.innerJoin(sites, eq(sites.id, sessions.siteId))
		.innerJoin(pathways, eq(pathways.id, bookings.pathwayId))
		.where(eq(bookings.id, bookingId));
	return row ?? null;
}

/** When and where a booking's notes are needed, and which pull list they go on. */
function planForBooking(b: BookingFacts, settings: RecordsSettings, now: Date) {
	const { timeZone, holidays } = settings.calendar;
	const today = dayIn(timeZone, now).today;
	const { pullOn, insideLeadTime } = pullDate(
		b.date,
		leadTimeFor(settings, b.siteCode),
		today,
		holidays
	);
	return {
		reason: b.kind === 'clinic' ? ('clinic' as const) : ('admission' as const),
		neededBy: new Date(wallTime(b.date, minutesOf(b.startTime ?? b.sessionStart), timeZone)),
		pullOn,
		// Booked inside the lead time: the notes are wanted sooner than a routine pull.
		urgency: (insideLeadTime ? 'urgent' : 'routine') as CaseNoteUrgency,
		destinationLocationId: b.locationId
	};
}

/**
 * Raises the case-note request for a new booking, in the booking's transaction. Idempotent: a
 * booking with an open request keeps it. Returns the request id, or null for a booking that is
 * not live.
 */
export async function raiseForBooking(
	tx: Tx,
	bookingId: number,
	actor: Pick<Actor, 'id'>,
	options: { settings?: RecordsSettings; now?: Date } = {}
): Promise<number | null> {
	const b = await bookingFacts(tx, bookingId);
	if (!b || b.status !== 'booked') return null;
	const [existing] = await tx
		.select({ id: caseNoteRequests.id })
		.from(caseNoteRequests)
		.where(and(eq(caseNoteRequests.bookingId, bookingId), isOpen));
	if (existing) return existing.id;
	const settings = options.settings ?? (await readRecordsSettings(tx));
	const now = options.now ?? new Date();
	const plan = planForBooking(b, settings, now);
	const home = await notesHome(tx, b.patientId, b.siteId);
	const [row] = await tx
		.insert(caseNoteRequests)
		.values({
			patientId: b.patientId,
			bookingId,
			reason: plan.reason,
			urgency: plan.urgency,
			status: 'requested',
			neededBy: plan.neededBy,
			requestedAt: now,
			requestedBy: actor.id,
			homeLocationId: home.homeLocationId,
			currentLocationId: home.homeLocationId,
			destinationLocationId: plan.destinationLocationId,
			volumeBarcode: home.volumeBarcode,
			pullOn: plan.pullOn
		})
		.returning({ id: caseNoteRequests.id });
	await tx.insert(caseNoteMovements).values({
		requestId: row.id,
		at: now,
		byUserId: actor.id,
		status: 'requested',
		locationId: home.homeLocationId,
		// as staff know the session ("02/03/2027 09:00 clinic (Ms Test)"), not by the booking's id
		note: `Raised by the booking in the ${sessionLabel({ ...b, start: b.sessionStart.slice(0, 5) })}`
	});
	await writeAudit(tx, {
		userId: actor.id,
		action: 'raise-case-note-request',
		entity: 'case_note_request',
		entityId: row.id,
		after: {
			bookingId,
			reason: plan.reason,
			urgency: plan.urgency,
			neededBy: plan.neededBy.toISOString(),
			pullOn: plan.pullOn
		}
	});
	return row.id;
}

/** Raises the requests for bookings just made (a board's confirm), in their transaction. */
export async function raiseForBookings(
	tx: Tx,
	bookingIds: number[],
	actor: Pick<Actor, 'id'>,
	now = new Date()
): Promise<number[]> {
	if (bookingIds.length === 0) return [];
	const settings = await readRecordsSettings(tx);
	const ids: number[] = [];
	for (const bookingId of bookingIds) {
		const id = await raiseForBooking(tx, bookingId, actor, { settings, now });
		if (id !== null) ids.push(id);
	}
	return ids;
}

/** A booking moved: its open request follows it (new date, time, place and pull list). */
export async function rescheduleForBooking(
	tx: Tx,
	bookingId: number,
	actor: Pick<Actor, 'id'>,
	options: { settings?: RecordsSettings; now?: Date } = {}
): Promise<number[]> {
	const b = await bookingFacts(tx, bookingId);
	if (!b) return [];
	const open = await tx
		.select()
		.from(caseNoteRequests)
		.where(and(eq(caseNoteRequests.bookingId, bookingId), isOpen))
		.for('update');
	if (open.length === 0)
		return [await raiseForBooking(tx, bookingId, actor, options)].filter(
			(id): id is number => id !== null
		);
	const settings = options.settings ?? (await readRecordsSettings(tx));
	const plan = planForBooking(b, settings, options.now ?? new Date());
	for (const r of open) {
		const after = {
			neededBy: plan.neededBy,
			pullOn: plan.pullOn,
			destinationLocationId: plan.destinationLocationId,
			// Never downgrade: an urgent request stays urgent.
			urgency: r.urgency === 'routine' ? plan.urgency : r.urgency
		};
		await tx.update(caseNoteRequests).set(after).where(eq(caseNoteRequests.id, r.id));
		await writeAudit(tx, {
			userId: actor.id,
			action: 'reschedule-case-note-request',
			entity: 'case_note_request',
			entityId: r.id,
			before: {
				neededBy: r.neededBy.toISOString(),
				pullOn: r.pullOn,
				destinationLocationId: r.destinationLocationId,
				urgency: r.urgency
			},
			after: { ...after, neededBy: after.neededBy.toISOString(), bookingId }
		});
	}
	return open.map((r) => r.id);
}

/** Statuses in which a cancelled booking's request is withdrawn: the notes have not left the library. */
const WITHDRAW_ON_CANCEL: readonly CaseNoteStatus[] = ['requested', 'located'];

/**
 * A booking was cancelled: its request is withdrawn if the notes are still in the library. Notes
 * already on their way or at the clinic stay tracked until they are returned and filed.
 */
export async function withdrawForBooking(
	tx: Tx,
	bookingId: number,
	actor: Actor,
	reason = 'Appointment cancelled',
	now = new Date()
): Promise<{ withdrawn: number[]; stillOut: number[] }> {
	const open = await tx
		.select({ id: caseNoteRequests.id, status: caseNoteRequests.status })
		.from(caseNoteRequests)
		.where(and(eq(caseNoteRequests.bookingId, bookingId), isOpen));
	const withdrawn: number[] = [];
	const stillOut: number[] = [];
	for (const r of open) {
		if (WITHDRAW_ON_CANCEL.includes(r.status)) {
			await applyTransition(tx, actor, r.id, { to: 'withdrawn', reason }, now);
			withdrawn.push(r.id);
		} else {
			stillOut.push(r.id);
		}
	}
	return { withdrawn, stillOut };
}
