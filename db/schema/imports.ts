import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * Where PTL extracts come from (issue 14), each named by an admin ("Lorenzo PAS weekly") with the
 * mapping of its own headers to the canonical columns (src/lib/domain/ptlImport.ts): mapped once
 * on the import page, applied whenever the source is chosen again. Checked by `checkMapping`
 * when saved.
 */
export const importSources = pgTable(
	'import_sources',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		name: text('name').notNull(),
		/** Source header → canonical column. */
		mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
		updatedBy: integer('updated_by').references(() => users.id),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('import_sources_name').on(sql`lower(${t.name})`),
		check('import_sources_name_check', sql`length(${t.name}) between 1 and 80`)
	]
);
