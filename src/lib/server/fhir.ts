/**
 * FHIR R4 exports and the Slot import (issue 14, part 3): the rows behind src/lib/domain/fhir.ts.
 *
 * - `GET /api/fhir/Slot?from=&to=[&specialty=]`: the sessions of those days as Slots, with the
 *   Schedules they belong to included (no patient data).
 * - `GET /api/fhir/Appointment?from=&to=[&specialty=]`: the bookings in sessions of those days,
 *   patients referenced by NHS number. Each export of appointments is audited.
 * - `POST /api/fhir/Slot[?dryRun=true]`: a Bundle of Slots (and their Schedules) as sessions. A
 *   session already there (same kind, day, times, specialty, consultant and site) is left as it
 *   is, so importing the same bundle twice adds nothing. Any problem refuses the whole bundle,
 *   each named by entry and element, and nothing is written.
 */
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db';
import {
	bookings,
	clinicians,
	pathways,
	patients,
	sessions,
	sites,
	specialties
} from '../../../db/schema';
import {
	daysBetween,
	FHIR_MAX_DAYS,
	readSlotBundle,
	searchset,
	systems,
	toAppointment,
	toSchedule,
	toSlot,
	type BookingRow,
	type SessionRow
} from '../domain/fhir';
import { isIsoDate } from '../domain/rtt';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { writeAudit } from './audit';
import { unlessDryRun } from './dryRun';
import { AppError } from './errors';
import { nonEmptyParams, parseInput } from './input';
import { trustTimeZone } from './trustCalendar';

const isoDate = z
	.string({ error: 'a date as YYYY-MM-DD is needed' })
	.refine(isIsoDate, 'a date as YYYY-MM-DD');

const querySchema = z
	.object({
		from: isoDate,
		to: isoDate,
		specialty: z
			.string()
			.regex(/^[0-9A-Z]{3}$/, 'a treatment function code such as 110')
			.optional()
	})
	.strict()
	.superRefine((q, ctx) => {
		if (!isIsoDate(q.from) || !isIsoDate(q.to)) return;
		const days = daysBetween(q.from, q.to);
		if (days < 0)
			ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
		else if (days >= FHIR_MAX_DAYS)
			ctx.addIssue({
				code: 'custom',
				path: ['to'],
				message: `at most ${FHIR_MAX_DAYS} days after from, in one export`
			});
	});

export type FhirQuery = z.infer<typeof querySchema>;

export function parseFhirQuery(params: URLSearchParams): FhirQuery {
	return parseInput(querySchema, nonEmptyParams(params), 'filter');
}

const bookedMinutes = sql<number>`(select coalesce(sum(${pathways.expectedMinutes}), 0) from ${bookings} inner join ${pathways} on ${pathways.id} = ${bookings.pathwayId} where ${bookings.sessionId} = ${sessions.id} and ${bookings.status} = 'booked')::int`;

const sessionColumns = {
	id: sessions.id,
	kind: sessions.kind,
	date: sessions.date,
	startTime: sessions.startTime,
	endTime: sessions.endTime,
	bookableMinutes: sessions.bookableMinutes,
	slotMinutes: sessions.slotMinutes,
	status: sessions.status,
	specialtyCode: sessions.specialtyCode,
	specialtyName: specialties.name,
	clinicianCode: clinicians.code,
	clinicianName: clinicians.name,
	siteCode: sites.code,
	siteName: sites.name
};

type SessionSelect = {
	[K in keyof typeof sessionColumns]: (typeof sessionColumns)[K]['_']['data'] | null;
};

function sessionRow(r: SessionSelect, booked: number): SessionRow {
	return {
		id: r.id!,
		kind: r.kind!,
		date: r.date!,
		startTime: r.startTime!.slice(0, 5),
		endTime: r.endTime!.slice(0, 5),
		bookableMinutes: r.bookableMinutes!,
		slotMinutes: r.slotMinutes,
		bookedMinutes: booked,
		cancelled: r.status === 'cancelled',
		specialtyCode: r.specialtyCode!,
		specialtyName: r.specialtyName!,
		clinician: r.clinicianCode === null ? null : { code: r.clinicianCode, name: r.clinicianName! },
		site: { code: r.siteCode!, name: r.siteName! }
	};
}

function inRange(q: FhirQuery): SQL {
	return and(
		gte(sessions.date, q.from),
		lte(sessions.date, q.to),
		q.specialty ? eq(sessions.specialtyCode, q.specialty) : undefined
	)!;
}

/** The sessions of the query's days as a searchset of Slots, their Schedules included. */
export async function slotBundle(
	db: Database,
	q: FhirQuery,
	origin: string,
	now = new Date()
): Promise<Bundle> {
	const sys = systems(origin);
	const timeZone = await trustTimeZone(db);
	const rows = await db
		.select({ ...sessionColumns, booked: bookedMinutes })
		.from(sessions)
		.innerJoin(specialties, eq(specialties.code, sessions.specialtyCode))
		.innerJoin(sites, eq(sites.id, sessions.siteId))
		.leftJoin(clinicians, eq(clinicians.id, sessions.clinicianId))
		.where(inRange(q))
		.orderBy(asc(sessions.date), asc(sessions.startTime), asc(sessions.id));
	const slots: Resource[] = [];
	const schedules = new Map<string, Resource>();
	for (const r of rows) {
		const s = sessionRow(r, r.booked);
		slots.push(toSlot(s, timeZone, sys));
		const schedule = toSchedule(s, q, sys);
		if (!schedules.has(schedule.id!)) schedules.set(schedule.id!, schedule);
	}
	return searchset(slots, [...schedules.values()], sys, now);
}

/** The bookings in the query's sessions as a searchset of Appointments; audited. */
export async function appointmentBundle(
	db: Database,
	q: FhirQuery,
	origin: string,
	userId: number | null,
	now = new Date()
): Promise<Bundle> {
	const sys = systems(origin);
	const timeZone = await trustTimeZone(db);
	const rows = await db
		.select({
			...sessionColumns,
			booked: bookedMinutes,
			bookingId: bookings.id,
			bookingStatus: bookings.status,
			bookedAt: bookings.bookedAt,
			bookingStart: bookings.startTime,
			minutes: pathways.expectedMinutes,
			pathwayId: pathways.id,
			nhsNumber: patients.nhsNumber,
			givenName: patients.givenName,
			familyName: patients.familyName
		})
		.from(bookings)
		.innerJoin(sessions, eq(sessions.id, bookings.sessionId))
		.innerJoin(pathways, eq(pathways.id, bookings.pathwayId))
		.innerJoin(patients, eq(patients.id, pathways.patientId))
		.innerJoin(specialties, eq(specialties.code, sessions.specialtyCode))
		.innerJoin(sites, eq(sites.id, sessions.siteId))
		.leftJoin(clinicians, eq(clinicians.id, sessions.clinicianId))
		.where(inRange(q))
		.orderBy(asc(sessions.date), asc(sessions.startTime), asc(bookings.id));
	const appointments = rows.map((r) => {
		const b: BookingRow = {
			id: r.bookingId,
			status: r.bookingStatus,
			bookedAt: r.bookedAt.toISOString(),
			startTime: r.bookingStart?.slice(0, 5) ?? null,
			minutes: r.minutes,
			session: sessionRow(r, r.booked),
			nhsNumber: r.nhsNumber,
			patientName: `${r.familyName.toUpperCase()}, ${r.givenName}`,
			pathwayId: r.pathwayId
		};
		return toAppointment(b, timeZone, sys);
	});
	await writeAudit(db, {
		userId,
		action: 'fhir-export',
		entity: 'appointments',
		after: { ...q, appointments: appointments.length }
	});
	return searchset(appointments, [], sys, now);
}

export interface SlotImportReport {
	slots: number;
	created: number;
	unchanged: number;
	skipped: number;
	dryRun: boolean;
}

/** Reads a Slot bundle as sessions; writes them unless it is a dry run. All or nothing. */
export async function importSlotBundle(
	db: Database,
	bundle: unknown,
	origin: string,
	options: { dryRun: boolean; userId: number | null }
): Promise<SlotImportReport> {
	const sys = systems(origin);
	const timeZone = await trustTimeZone(db);
	const read = readSlotBundle(bundle, timeZone, sys);
	if (!read.ok) throw new AppError('invalid', refusal(read.errors));
	const wanted = read.sessions;
	const codes = (pick: (s: (typeof wanted)[number]) => string | null) => [
		...new Set(wanted.map(pick).filter((c): c is string => c !== null))
	];
	const [known, siteRows, clinicianRows] = await Promise.all([
		db
			.select({ code: specialties.code })
			.from(specialties)
			.where(
				inArray(
					specialties.code,
					codes((s) => s.specialtyCode)
				)
			),
		db
			.select({ id: sites.id, code: sites.code })
			.from(sites)
			.where(
				inArray(
					sites.code,
					codes((s) => s.siteCode)
				)
			),
		codes((s) => s.consultantCode).length === 0
			? Promise.resolve([])
			: db
					.select({ id: clinicians.id, code: clinicians.code })
					.from(clinicians)
					.where(
						inArray(
							clinicians.code,
							codes((s) => s.consultantCode)
						)
					)
	]);
	const specialtySet = new Set(known.map((k) => k.code));
	const siteId = new Map(siteRows.map((s) => [s.code, s.id]));
	const clinicianId = new Map(clinicianRows.map((c) => [c.code, c.id]));
	const errors: string[] = [];
	for (const s of wanted) {
		if (!specialtySet.has(s.specialtyCode))
			errors.push(
				`${s.where}.serviceType: treatment function ${s.specialtyCode} is not set up here`
			);
		if (!siteId.has(s.siteCode))
			errors.push(`${s.where}.schedule: site ${s.siteCode} is not set up here`);
		if (s.consultantCode !== null && !clinicianId.has(s.consultantCode))
			errors.push(`${s.where}.schedule: consultant ${s.consultantCode} is not set up here`);
	}
	if (errors.length > 0) throw new AppError('invalid', refusal(errors));

	const report: SlotImportReport = {
		slots: wanted.length,
		created: 0,
		unchanged: 0,
		skipped: read.skipped,
		dryRun: options.dryRun
	};
	// The sessions already on the bundle's days, read once: a slot matching one is left alone.
	const dates = wanted.map((s) => s.date).sort();
	const keyOf = (s: {
		kind: string;
		date: string;
		startTime: string;
		endTime: string;
		specialtyCode: string;
		siteId: number;
		clinicianId: number | null;
	}) =>
		[
			s.kind,
			s.date,
			s.startTime.slice(0, 5),
			s.endTime.slice(0, 5),
			s.specialtyCode,
			s.siteId,
			s.clinicianId ?? ''
		].join('|');
	await unlessDryRun(db, options.dryRun, async (tx) => {
		const existing =
			dates.length === 0
				? []
				: await tx
						.select({
							kind: sessions.kind,
							date: sessions.date,
							startTime: sessions.startTime,
							endTime: sessions.endTime,
							specialtyCode: sessions.specialtyCode,
							siteId: sessions.siteId,
							clinicianId: sessions.clinicianId
						})
						.from(sessions)
						.where(and(gte(sessions.date, dates[0]), lte(sessions.date, dates[dates.length - 1])));
		const there = new Set(existing.map(keyOf));
		for (const s of wanted) {
			const values = {
				kind: s.kind,
				date: s.date,
				startTime: s.startTime,
				endTime: s.endTime,
				specialtyCode: s.specialtyCode,
				siteId: siteId.get(s.siteCode)!,
				clinicianId: s.consultantCode === null ? null : clinicianId.get(s.consultantCode)!
			};
			const key = keyOf(values);
			if (there.has(key)) {
				report.unchanged++;
				continue;
			}
			there.add(key);
			const [made] = await tx
				.insert(sessions)
				.values({
					...values,
					bookableMinutes: s.bookableMinutes,
					slotMinutes: s.slotMinutes,
					status: s.cancelled ? 'cancelled' : 'open'
				})
				.returning({ id: sessions.id });
			report.created++;
			await writeAudit(tx, {
				userId: options.userId,
				action: 'fhir-import',
				entity: 'session',
				entityId: made.id,
				after: { ...values, from: s.where }
			});
		}
	});
	return report;
}

/** At most this many problems are listed; the rest are counted. */
const LISTED = 20;

function refusal(errors: string[]): string {
	const more = errors.length - LISTED;
	return `The bundle was not imported (nothing was written): ${errors.slice(0, LISTED).join('; ')}${
		more > 0 ? `; and ${more} more` : ''
	}`;
}
