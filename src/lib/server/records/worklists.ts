/**
 * Case-note requests as records staff see them: the day's pull list by library, the notes out,
 * to file or missing, one request and its movements, and the choices the forms offer.
 */
import { and, asc, eq, gte, inArray, isNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../../../db';
import {
	bookings,
	caseNoteMovements,
	caseNoteRequests,
	locations,
	patients,
	sites,
	users
} from '../../../../db/schema';
import type { CaseNoteStatus } from '../../domain/caseNoteLifecycle';
import { lateness } from '../../domain/caseNoteSla';
import type { RequestView } from '../../contracts/records/requests';
import { addDays, maskNhsNumber } from '../../domain/rtt';
import { wallTime } from '../../domain/workingTime';
import { readRecordsSettings, type RecordsSettings } from './settings';
import { dayIn } from '../trustCalendar';
import { patientName } from '../../domain/patient';

/** A request's pull list day: its pull date, else the day it was requested. */
const pullDay = (timeZone: string) =>
	sql<string>`coalesce(${caseNoteRequests.pullOn}, (${caseNoteRequests.requestedAt} at time zone ${timeZone})::date)`;

const home = alias(locations, 'home');
const destination = alias(locations, 'destination');
const current = alias(locations, 'current');
const assignee = alias(users, 'assignee');

async function selectRequests(db: Executor, where: SQL | undefined, timeZone: string) {
	return db
		.select({
			id: caseNoteRequests.id,
			givenName: patients.givenName,
			familyName: patients.familyName,
			nhsNumber: patients.nhsNumber,
			volumeBarcode: caseNoteRequests.volumeBarcode,
			reason: caseNoteRequests.reason,
			urgency: caseNoteRequests.urgency,
			status: caseNoteRequests.status,
			requestedAt: caseNoteRequests.requestedAt,
			neededBy: caseNoteRequests.neededBy,
			pullOn: pullDay(timeZone),
			returnedAt: caseNoteRequests.returnedAt,
			homeLocationId: caseNoteRequests.homeLocationId,
			home: home.name,
			destination: destination.name,
			current: current.name,
			assigneeId: assignee.id,
			assigneeName: assignee.name,
			bookingId: caseNoteRequests.bookingId
		})
		.from(caseNoteRequests)
		.innerJoin(patients, eq(patients.id, caseNoteRequests.patientId))
		.leftJoin(home, eq(home.id, caseNoteRequests.homeLocationId))
		.leftJoin(destination, eq(destination.id, caseNoteRequests.destinationLocationId))
		.leftJoin(current, eq(current.id, caseNoteRequests.currentLocationId))
		.leftJoin(assignee, eq(assignee.id, caseNoteRequests.assignedTo))
		.where(where)
		.orderBy(asc(home.name), asc(caseNoteRequests.neededBy), asc(caseNoteRequests.id));
}

type SelectedRow = Awaited<ReturnType<typeof selectRequests>>[number];

function toView(r: SelectedRow, settings: RecordsSettings, now: Date, today: string): RequestView {
	const pullOn = String(r.pullOn);
	return {
		id: r.id,
		patient: patientName(r),
		nhsMasked: maskNhsNumber(r.nhsNumber),
		volumeBarcode: r.volumeBarcode,
		reason: r.reason,
		urgency: r.urgency,
		status: r.status,
		requestedAt: r.requestedAt.toISOString(),
		neededBy: r.neededBy.toISOString(),
		pullOn,
		homeLocationId: r.homeLocationId,
		home: r.home,
		destination: r.destination,
		current: r.current,
		assignee:
			r.assigneeId !== null && r.assigneeName !== null
				? { id: r.assigneeId, name: r.assigneeName }
				: null,
		bookingId: r.bookingId,
		late: lateness(
			{
				status: r.status,
				neededBy: r.neededBy.getTime(),
				pullOn,
				returnedAt: r.returnedAt?.getTime() ?? null
			},
			now.getTime(),
			settings.sla,
			settings.calendar
		),
		carriedOver: pullOn < today
	};
}

export interface PullListGroup {
	libraryId: number | null;
	library: string;
	rows: RequestView[];
}

export interface PullList {
	date: string;
	today: string;
	total: number;
	late: number;
	groups: PullListGroup[];
}

/** Statuses a request carries over to today's list in: the notes are not yet on their way. */
const CARRIED_OVER: readonly CaseNoteStatus[] = ['requested', 'located'];

/**
 * The pull list for a day, by library location: every request due to be pulled that day (with
 * how far each has got), and on today's list also earlier ones still not dispatched.
 */
export async function pullList(
	db: Executor,
	date: string,
	now = new Date(),
	settings?: RecordsSettings
): Promise<PullList> {
	const s = settings ?? (await readRecordsSettings(db));
	const tz = s.calendar.timeZone;
	const today = dayIn(tz, now).today;
	const dayStart = new Date(wallTime(date, 0, tz));
	const dayEnd = new Date(wallTime(addDays(date, 1), 0, tz));
	// Written so the pull-date and requested-at indexes can answer it.
	const onDay = or(
		eq(caseNoteRequests.pullOn, date),
		and(
			isNull(caseNoteRequests.pullOn),
			gte(caseNoteRequests.requestedAt, dayStart),
			lt(caseNoteRequests.requestedAt, dayEnd)
		)
	);
	const where =
		date === today
			? or(
					and(onDay, notInArray(caseNoteRequests.status, ['withdrawn'])),
					and(inArray(caseNoteRequests.status, [...CARRIED_OVER]), sql`${pullDay(tz)} < ${today}`)
				)
			: and(onDay, notInArray(caseNoteRequests.status, ['withdrawn']));
	const rows = (await selectRequests(db, where, tz)).map((r) => toView(r, s, now, today));
	const groups = new Map<string, PullListGroup>();
	for (const r of rows) {
		const key = String(r.homeLocationId);
		let g = groups.get(key);
		if (!g) {
			g = { libraryId: r.homeLocationId, library: r.home ?? 'No home library recorded', rows: [] };
			groups.set(key, g);
		}
		g.rows.push(r);
	}
	return {
		date,
		today,
		total: rows.length,
		late: rows.filter((r) => r.late.late).length,
		groups: [...groups.values()].sort((a, b) => a.library.localeCompare(b.library))
	};
}

export interface TrackingLists {
	/** Dispatched or at the clinic or ward: to come back. */
	out: RequestView[];
	/** Returned to the library: to file. */
	toFile: RequestView[];
	/** Missing, or temporary notes awaiting the original. */
	exceptions: RequestView[];
}

/** The open requests past the pull: notes out, returns to file, and missing or temporary notes. */
export async function trackingLists(
	db: Executor,
	now = new Date(),
	settings?: RecordsSettings
): Promise<TrackingLists> {
	const s = settings ?? (await readRecordsSettings(db));
	const today = dayIn(s.calendar.timeZone, now).today;
	const rows = (
		await selectRequests(
			db,
			inArray(caseNoteRequests.status, [
				'dispatched',
				'available',
				'returned',
				'missing',
				'temporary'
			]),
			s.calendar.timeZone
		)
	).map((r) => toView(r, s, now, today));
	const by = (a: RequestView, b: RequestView) =>
		a.neededBy.localeCompare(b.neededBy) || a.id - b.id;
	return {
		out: rows.filter((r) => r.status === 'dispatched' || r.status === 'available').sort(by),
		toFile: rows.filter((r) => r.status === 'returned').sort(by),
		exceptions: rows.filter((r) => r.status === 'missing' || r.status === 'temporary').sort(by)
	};
}

/** One request as the worklists show it, or null. */
export async function requestById(
	db: Executor,
	id: number,
	now = new Date()
): Promise<RequestView | null> {
	const s = await readRecordsSettings(db);
	const [row] = await selectRequests(db, eq(caseNoteRequests.id, id), s.calendar.timeZone);
	return row ? toView(row, s, now, dayIn(s.calendar.timeZone, now).today) : null;
}

/** The requests raised for a pathway's bookings, newest first. */
export async function requestsForPathway(
	db: Executor,
	pathwayId: number,
	now = new Date()
): Promise<RequestView[]> {
	const s = await readRecordsSettings(db);
	const today = dayIn(s.calendar.timeZone, now).today;
	const rows = await selectRequests(
		db,
		inArray(
			caseNoteRequests.bookingId,
			db.select({ id: bookings.id }).from(bookings).where(eq(bookings.pathwayId, pathwayId))
		),
		s.calendar.timeZone
	);
	return rows.map((r) => toView(r, s, now, today)).sort((a, b) => b.id - a.id);
}

export interface MovementView {
	at: string;
	status: CaseNoteStatus;
	by: string | null;
	location: string | null;
	note: string | null;
}

/** A request's movements, oldest first: the tracking record. */
export async function movementsOf(db: Executor, requestId: number): Promise<MovementView[]> {
	const rows = await db
		.select({
			at: caseNoteMovements.at,
			status: caseNoteMovements.status,
			by: users.name,
			location: locations.name,
			note: caseNoteMovements.note
		})
		.from(caseNoteMovements)
		.leftJoin(users, eq(users.id, caseNoteMovements.byUserId))
		.leftJoin(locations, eq(locations.id, caseNoteMovements.locationId))
		.where(eq(caseNoteMovements.requestId, requestId))
		.orderBy(asc(caseNoteMovements.at), asc(caseNoteMovements.id));
	return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** Locations to choose from when recording where notes are, grouped by site. */
export async function locationChoices(db: Executor) {
	return db
		.select({ id: locations.id, name: locations.name, kind: locations.kind, site: sites.code })
		.from(locations)
		.innerJoin(sites, eq(sites.id, locations.siteId))
		.orderBy(asc(sites.code), asc(locations.kind), asc(locations.name));
}

/** Active records staff, for assignment. */
export async function recordsStaff(db: Executor) {
	return db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(and(eq(users.role, 'records'), eq(users.active, true)))
		.orderBy(asc(users.name));
}
