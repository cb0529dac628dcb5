import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * NHS England's monthly RTT statistics as imported from the "Full CSV data file"
 * (src/lib/domain/nationalRtt.ts): one row per provider, month, treatment function and RTT part,
 * already summed over commissioners. The week bands are kept, not just the headline figures, so
 * England and any group of peers can be summed and their medians computed by the same rules.
 * An import replaces the months it brings for the providers it brings.
 */
export const nationalRttTallies = pgTable(
	'national_rtt_tallies',
	{
		/** `YYYY-MM`. */
		period: text('period').notNull(),
		providerCode: text('provider_code').notNull(),
		providerName: text('provider_name').notNull(),
		/** `C_110`, `X02`, …, or `C_999` for the provider's published total. */
		specialty: text('specialty').notNull(),
		/** `incomplete`, `incompleteWithDta`, `completedAdmitted`, `completedNonAdmitted`, `newPeriods`. */
		part: text('part').notNull(),
		/** The 105 week bands, `null` where every cell was blank. */
		bands: jsonb('bands').$type<(number | null)[]>().notNull(),
		total: integer('total'),
		unknownStart: integer('unknown_start'),
		totalAll: integer('total_all'),
		importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.period, t.providerCode, t.specialty, t.part] }),
		check('national_rtt_tallies_period_check', sql`${t.period} ~ '^[0-9]{4}-[0-9]{2}$'`)
	]
);
