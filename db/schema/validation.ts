import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	date,
	index,
	integer,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import type { ValidationOutcome } from '../../src/lib/domain/validationOutcome';
import { pathways } from './pathways';
import { users } from './users';

/**
 * Each waiting-list validation recorded (DOMAIN.md, "Validation"). A patient is never removed
 * without a clinical decision, so an outcome that stops the clock must carry one.
 */
export const validationOutcomes = pgTable(
	'validation_outcomes',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		pathwayId: integer('pathway_id')
			.notNull()
			.references(() => pathways.id),
		outcome: text('outcome').$type<ValidationOutcome>().notNull(),
		rttStatusBefore: text('rtt_status_before').notNull(),
		rttStatusAfter: text('rtt_status_after').notNull(),
		/** The clinical decision behind a removal: who decided what, and when. */
		clinicalDecision: text('clinical_decision'),
		patientAgreed: boolean('patient_agreed'),
		/** The clock-stop date, for outcomes that stop the clock. */
		stopDate: date('stop_date', { mode: 'string' }),
		note: text('note'),
		recordedBy: integer('recorded_by').references(() => users.id),
		recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check(
			'validation_outcomes_outcome_check',
			sql`${t.outcome} in ('still_waiting','treated_elsewhere','no_longer_required')`
		),
		check(
			'validation_outcomes_decision_check',
			sql`${t.outcome} = 'still_waiting' or (${t.clinicalDecision} is not null and ${t.stopDate} is not null)`
		),
		index('validation_outcomes_pathway_idx').on(t.pathwayId, t.recordedAt),
		index('validation_outcomes_recorded_idx').on(t.recordedBy, t.recordedAt)
	]
);

/** Who is working a pathway's validation (team view, reassignment). */
export const validationAssignments = pgTable(
	'validation_assignments',
	{
		pathwayId: integer('pathway_id')
			.primaryKey()
			.references(() => pathways.id, { onDelete: 'cascade' }),
		assignedTo: integer('assigned_to')
			.notNull()
			.references(() => users.id),
		assignedBy: integer('assigned_by').references(() => users.id),
		assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('validation_assignments_user_idx').on(t.assignedTo)]
);
