import { sql } from 'drizzle-orm';
import {
	check,
	date,
	index,
	integer,
	pgTable,
	text,
	time,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { pathways } from './pathways';
import { clinicians, locations, sites, specialties } from './reference';
import { users } from './users';

export const SESSION_KINDS = ['clinic', 'theatre'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/**
 * A job plan's weekly session: the clinic or theatre list a consultant (or a service) runs on one
 * weekday, which generates the dated sessions of a horizon (src/lib/server/jobPlans.ts). `code`
 * is the trust's own name for it, the natural key an import upserts by.
 */
export const sessionTemplates = pgTable(
	'session_templates',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		code: text('code').notNull().unique(),
		kind: text('kind').$type<SessionKind>().notNull(),
		siteId: integer('site_id')
			.notNull()
			.references(() => sites.id),
		locationId: integer('location_id').references(() => locations.id),
		specialtyCode: text('specialty_code')
			.notNull()
			.references(() => specialties.code),
		clinicianId: integer('clinician_id').references(() => clinicians.id),
		/** ISO weekday: 1 = Monday … 7 = Sunday. */
		weekday: integer('weekday').notNull(),
		startTime: time('start_time').notNull(),
		endTime: time('end_time').notNull(),
		bookableMinutes: integer('bookable_minutes').notNull(),
		slotMinutes: integer('slot_minutes'),
		slotTypes: text('slot_types').array(),
		validFrom: date('valid_from', { mode: 'string' }).notNull(),
		validTo: date('valid_to', { mode: 'string' }),
		/** Runs every N weeks, counted from the week of `validFrom`. */
		everyWeeks: integer('every_weeks').notNull().default(1),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('session_templates_kind_check', sql`${t.kind} in ('clinic','theatre')`),
		check('session_templates_weekday_check', sql`${t.weekday} between 1 and 7`),
		check('session_templates_times_check', sql`${t.startTime} < ${t.endTime}`),
		check('session_templates_minutes_check', sql`${t.bookableMinutes} >= 0`),
		check('session_templates_every_check', sql`${t.everyWeeks} between 1 and 8`),
		check(
			'session_templates_valid_check',
			sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`
		)
	]
);

/** A clinic or theatre list: bookable capacity on one date. */
export const sessions = pgTable(
	'sessions',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		kind: text('kind').$type<SessionKind>().notNull(),
		date: date('date', { mode: 'string' }).notNull(),
		startTime: time('start_time').notNull(),
		endTime: time('end_time').notNull(),
		bookableMinutes: integer('bookable_minutes').notNull(),
		/** Clinic slot length; null for theatre lists (booked by procedure minutes). */
		slotMinutes: integer('slot_minutes'),
		slotTypes: text('slot_types').array(),
		specialtyCode: text('specialty_code')
			.notNull()
			.references(() => specialties.code),
		clinicianId: integer('clinician_id').references(() => clinicians.id),
		siteId: integer('site_id')
			.notNull()
			.references(() => sites.id),
		locationId: integer('location_id').references(() => locations.id),
		status: text('status').notNull().default('open'),
		/** The job-plan template that generated it; null for a session made by hand or imported. */
		templateId: integer('template_id').references(() => sessionTemplates.id)
	},
	(t) => [
		// generating twice makes nothing new: one session per template and date
		uniqueIndex('sessions_template_date_idx').on(t.templateId, t.date),
		check('sessions_kind_check', sql`${t.kind} in ('clinic','theatre')`),
		check('sessions_minutes_check', sql`${t.bookableMinutes} >= 0`),
		check('sessions_times_check', sql`${t.startTime} < ${t.endTime}`),
		check('sessions_status_check', sql`${t.status} in ('open','cancelled')`),
		index('sessions_specialty_date_idx').on(t.specialtyCode, t.date),
		index('sessions_date_idx').on(t.date)
	]
);

export const BOOKING_STATUSES = ['booked', 'cancelled', 'dna', 'attended'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const bookings = pgTable(
	'bookings',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		pathwayId: integer('pathway_id')
			.notNull()
			.references(() => pathways.id),
		sessionId: integer('session_id')
			.notNull()
			.references(() => sessions.id),
		startTime: time('start_time'),
		status: text('status').$type<BookingStatus>().notNull().default('booked'),
		bookedBy: integer('booked_by').references(() => users.id),
		bookedAt: timestamp('booked_at', { withTimezone: true }).notNull().defaultNow(),
		statusChangedAt: timestamp('status_changed_at', { withTimezone: true }),
		/**
		 * The national "attended or did not attend" code once the booking has ended
		 * (domain/attendance.ts): 2/4 cancelled by the patient/hospital, 3/7 not seen, 5/6 seen.
		 * Null while it is live, and on bookings ended before codes were kept.
		 */
		attendanceCode: text('attendance_code'),
		/** Why it was cancelled: a key of CANCELLATION_REASONS (domain/attendance.ts). */
		cancellationReason: text('cancellation_reason'),
		/** What the person recording the outcome added in their own words. */
		outcomeNote: text('outcome_note')
	},
	(t) => [
		check('bookings_status_check', sql`${t.status} in ('booked','cancelled','dna','attended')`),
		check(
			'bookings_attendance_code_check',
			sql`${t.attendanceCode} is null or ${t.attendanceCode} in ('2','3','4','5','6','7')`
		),
		// A code agrees with the status it ends the booking in.
		check(
			'bookings_attendance_status_check',
			sql`${t.attendanceCode} is null or (${t.status}, ${t.attendanceCode}) in (('cancelled','2'),('cancelled','4'),('dna','3'),('dna','7'),('attended','5'),('attended','6'))`
		),
		// One live booking per pathway, enforced by the database rather than by hope.
		uniqueIndex('bookings_one_live_per_pathway')
			.on(t.pathwayId)
			.where(sql`${t.status} = 'booked'`),
		index('bookings_session_idx').on(t.sessionId)
	]
);
