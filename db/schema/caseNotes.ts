import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	date,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import { patients } from './patients';
import { locations } from './reference';
import { bookings } from './sessions';
import { users } from './users';

export const CASE_NOTE_REASONS = [
	'clinic',
	'admission',
	'ward',
	'emergency',
	'correspondence'
] as const;
export const CASE_NOTE_URGENCIES = ['emergency', 'urgent', 'routine'] as const;
export type CaseNoteUrgency = (typeof CASE_NOTE_URGENCIES)[number];

/**
 * The request lifecycle: requested → located → dispatched → available → returned → filed,
 * with missing → temporary (temporary notes created) → merged, and withdrawn.
 */
export const CASE_NOTE_STATUSES = [
	'requested',
	'located',
	'dispatched',
	'available',
	'returned',
	'filed',
	'missing',
	'temporary',
	'merged',
	'withdrawn'
] as const;
export type CaseNoteStatus = (typeof CASE_NOTE_STATUSES)[number];

export const caseNoteRequests = pgTable(
	'case_note_requests',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		bookingId: integer('booking_id').references(() => bookings.id),
		reason: text('reason').notNull(),
		urgency: text('urgency').$type<CaseNoteUrgency>().notNull(),
		status: text('status').$type<CaseNoteStatus>().notNull().default('requested'),
		neededBy: timestamp('needed_by', { withTimezone: true }).notNull(),
		requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
		requestedBy: integer('requested_by').references(() => users.id),
		locatedAt: timestamp('located_at', { withTimezone: true }),
		dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
		availableAt: timestamp('available_at', { withTimezone: true }),
		returnedAt: timestamp('returned_at', { withTimezone: true }),
		filedAt: timestamp('filed_at', { withTimezone: true }),
		withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
		mergedAt: timestamp('merged_at', { withTimezone: true }),
		/** The library location the notes are filed at. */
		homeLocationId: integer('home_location_id').references(() => locations.id),
		/** Where the tracking system says the notes are now. */
		currentLocationId: integer('current_location_id').references(() => locations.id),
		/** Where they are to be delivered (the clinic, ward or office). */
		destinationLocationId: integer('destination_location_id').references(() => locations.id),
		volumeBarcode: text('volume_barcode'),
		missing: boolean('missing').notNull().default(false),
		temporaryNotes: boolean('temporary_notes').notNull().default(false),
		/**
		 * The pull list the request is on: for a booking, the clinic's lead time before it (per
		 * site, in working days). Null means the day it was requested (ad-hoc requests, and rows
		 * written before this column existed).
		 */
		pullOn: date('pull_on', { mode: 'string' }),
		/** Who is working the request (team view, reassignment); null while unassigned. */
		assignedTo: integer('assigned_to').references(() => users.id)
	},
	(t) => [
		check(
			'case_note_requests_status_check',
			sql`${t.status} in ('requested','located','dispatched','available','returned','filed','missing','temporary','merged','withdrawn')`
		),
		check(
			'case_note_requests_urgency_check',
			sql`${t.urgency} in ('emergency','urgent','routine')`
		),
		check(
			'case_note_requests_reason_check',
			sql`${t.reason} in ('clinic','admission','ward','emergency','correspondence')`
		),
		index('case_note_requests_status_needed_idx').on(t.status, t.neededBy),
		index('case_note_requests_patient_idx').on(t.patientId),
		index('case_note_requests_booking_idx').on(t.bookingId),
		index('case_note_requests_requested_idx').on(t.requestedAt),
		index('case_note_requests_pull_idx').on(t.pullOn),
		index('case_note_requests_assigned_idx').on(t.assignedTo)
	]
);

/** Every movement of a volume: who, where, when (tracking compliance). */
export const caseNoteMovements = pgTable(
	'case_note_movements',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		requestId: integer('request_id')
			.notNull()
			.references(() => caseNoteRequests.id),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		byUserId: integer('by_user_id').references(() => users.id),
		status: text('status').$type<CaseNoteStatus>().notNull(),
		locationId: integer('location_id').references(() => locations.id),
		note: text('note')
	},
	(t) => [index('case_note_movements_request_idx').on(t.requestId, t.at)]
);

export const SUMMARY_STATUSES = ['awaiting', 'claimed', 'completed'] as const;
export type SummaryStatus = (typeof SUMMARY_STATUSES)[number];

/** Records awaiting a structured electronic summary. */
export const summarisingItems = pgTable(
	'summarising_items',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		source: text('source').notNull(),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
		status: text('status').$type<SummaryStatus>().notNull().default('awaiting'),
		claimedBy: integer('claimed_by').references(() => users.id),
		claimedAt: timestamp('claimed_at', { withTimezone: true }),
		completedBy: integer('completed_by').references(() => users.id),
		completedAt: timestamp('completed_at', { withTimezone: true }),
		summary: jsonb('summary')
	},
	(t) => [
		check('summarising_items_status_check', sql`${t.status} in ('awaiting','claimed','completed')`),
		check(
			'summarising_items_claim_check',
			sql`(${t.status} = 'claimed') = (${t.claimedBy} is not null)`
		),
		index('summarising_items_queue_idx').on(t.status, t.receivedAt)
	]
);
