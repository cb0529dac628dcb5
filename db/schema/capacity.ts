import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * Capacity planner scenarios a manager named and saved (issue 15): the planner's whole question
 * (list, spans, scenarios, targets and their date) as its link's query string, checked by the
 * planner's own reader when saved and again when opened. Anyone who may plan may open one by its
 * link; only its owner deletes it.
 */
export const capacityScenarios = pgTable(
	'capacity_scenarios',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		name: text('name').notNull(),
		ownerId: integer('owner_id')
			.notNull()
			.references(() => users.id),
		/** `specialty=120&weeks=26&…`, as `plannerSearch` writes it. */
		search: text('search').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('capacity_scenarios_owner_name').on(t.ownerId, t.name),
		check('capacity_scenarios_name_check', sql`length(${t.name}) between 1 and 80`)
	]
);
