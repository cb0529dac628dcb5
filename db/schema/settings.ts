import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Trust-level settings (SLA minutes, lead times, objective weights): every local threshold. */
export const settings = pgTable('settings', {
	key: text('key').primaryKey(),
	value: jsonb('value').notNull(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});
