import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * The longest name a saved question (a capacity scenario, a PTL view) may have: checked by the
 * server (src/lib/server/savedNames.ts) and by each table.
 */
export const SAVED_NAME_MAX = 80;

/**
 * A table of questions a person named and saved as a page link's query string (`search`): one
 * name per person, of 1 to SAVED_NAME_MAX characters. The page's own reader checks `search` when
 * it is saved and again when it is opened.
 */
export const savedQueryTable = <N extends string>(name: N) =>
	pgTable(
		name,
		{
			id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
			name: text('name').notNull(),
			ownerId: integer('owner_id')
				.notNull()
				.references(() => users.id),
			search: text('search').notNull(),
			createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
		},
		(t) => [
			uniqueIndex(`${name}_owner_name`).on(t.ownerId, t.name),
			check(
				`${name}_name_check`,
				sql`length(${t.name}) between 1 and ${sql.raw(String(SAVED_NAME_MAX))}`
			)
		]
	);
