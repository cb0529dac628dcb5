import { sql } from 'drizzle-orm';
import {
	check,
	date,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { patients } from './patients';
import { clinicians, sites, specialties } from './reference';

export const LIST_TYPES = ['outpatient', 'admitted'] as const;
export type ListType = (typeof LIST_TYPES)[number];

/** An RTT pathway on the waiting list (an incomplete pathway while its clock runs). */
export const pathways = pgTable(
	'pathways',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		specialtyCode: text('specialty_code')
			.notNull()
			.references(() => specialties.code),
		listType: text('list_type').$type<ListType>().notNull(),
		clockStart: date('clock_start', { mode: 'string' }).notNull(),
		rttStatus: text('rtt_status').notNull().default('20'),
		/** P1a–P4; null is a data-quality flag ("missing priority"). */
		priority: text('priority').$type<'P1a' | 'P1b' | 'P2' | 'P3' | 'P4'>(),
		decisionDate: date('decision_date', { mode: 'string' }),
		procedure: text('procedure'),
		procedureCode: text('procedure_code'),
		slotType: text('slot_type'),
		expectedMinutes: integer('expected_minutes').notNull(),
		clinicianId: integer('clinician_id').references(() => clinicians.id),
		/** The site the patient is listed at (dashboards filter by it); null when not recorded. */
		siteId: integer('site_id').references(() => sites.id),
		lastValidatedOn: date('last_validated_on', { mode: 'string' }),
		/** Admitted list: the to-come-in date, when one has been given. */
		tciDate: date('tci_date', { mode: 'string' }),
		clockStoppedOn: date('clock_stopped_on', { mode: 'string' }),
		/**
		 * The pathway's identity in the PAS extract it came from (issue 14): the Patient Pathway
		 * Identifier and the organisation that issued it. Null for pathways entered here.
		 */
		pathwayIdentifier: text('pathway_identifier'),
		pathwayIssuer: text('pathway_issuer'),
		/** Admitted list: when the decision to admit was made, as the extract gives it. */
		decisionToAdmitDate: date('decision_to_admit_date', { mode: 'string' }),
		/** Outpatient list: the next appointment the PAS has booked, as the extract gives it. */
		nextAppointmentDate: date('next_appointment_date', { mode: 'string' }),
		/**
		 * The extract date of a full extract this open pathway was missing from: flagged for
		 * validation, never deleted (issue 14). Cleared when an extract has it again.
		 */
		missingFromExtractOn: date('missing_from_extract_on', { mode: 'string' }),
		notes: text('notes'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('pathways_list_type_check', sql`${t.listType} in ('outpatient','admitted')`),
		check(
			'pathways_priority_check',
			sql`${t.priority} is null or ${t.priority} in ('P1a','P1b','P2','P3','P4')`
		),
		check('pathways_rtt_status_check', sql`${t.rttStatus} ~ '^[0-9]{2}$'`),
		check('pathways_minutes_check', sql`${t.expectedMinutes} > 0`),
		check(
			'pathways_priority_decision_check',
			sql`${t.priority} is null or ${t.decisionDate} is not null`
		),
		// The PTL's default order and its filters (specialty, list type, priority, wait).
		index('pathways_ptl_idx').on(t.specialtyCode, t.priority, t.clockStart),
		index('pathways_open_idx')
			.on(t.priority, t.clockStart)
			.where(sql`${t.rttStatus} in ('10','11','12','20','21')`),
		index('pathways_list_type_idx').on(t.listType, t.clockStart),
		index('pathways_clock_start_idx').on(t.clockStart),
		index('pathways_patient_idx').on(t.patientId),
		index('pathways_site_idx').on(t.siteId),
		uniqueIndex('pathways_extract_identity_idx').on(t.pathwayIssuer, t.pathwayIdentifier),
		check(
			'pathways_extract_identity_check',
			sql`(${t.pathwayIssuer} is null) = (${t.pathwayIdentifier} is null)`
		)
	]
);

/** Inclusive date ranges when the patient cannot attend (planning rule 5). */
export const pathwayUnavailability = pgTable(
	'pathway_unavailability',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		pathwayId: integer('pathway_id')
			.notNull()
			.references(() => pathways.id, { onDelete: 'cascade' }),
		fromDate: date('from_date', { mode: 'string' }).notNull(),
		toDate: date('to_date', { mode: 'string' }).notNull(),
		reason: text('reason')
	},
	(t) => [
		index('pathway_unavailability_pathway_idx').on(t.pathwayId),
		check('pathway_unavailability_range_check', sql`${t.fromDate} <= ${t.toDate}`)
	]
);
