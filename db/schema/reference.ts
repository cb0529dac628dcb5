import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

/** Treatment function codes as in national RTT returns (DOMAIN.md). */
export const specialties = pgTable('specialties', {
	code: text('code').primaryKey(),
	name: text('name').notNull()
});

export const sites = pgTable('sites', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	code: text('code').notNull().unique(),
	name: text('name').notNull()
});

export const LOCATION_KINDS = ['clinic', 'theatre', 'library', 'ward', 'office'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const locations = pgTable(
	'locations',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		siteId: integer('site_id')
			.notNull()
			.references(() => sites.id),
		name: text('name').notNull(),
		kind: text('kind').$type<LocationKind>().notNull()
	},
	(t) => [
		index('locations_site_idx').on(t.siteId),
		check('locations_kind_check', sql`${t.kind} in ('clinic','theatre','library','ward','office')`)
	]
);

export const clinicians = pgTable(
	'clinicians',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		code: text('code').notNull().unique(),
		name: text('name').notNull(),
		specialtyCode: text('specialty_code')
			.notNull()
			.references(() => specialties.code),
		/** Daily limit on minutes booked to them (planning rule 7); null = no limit. */
		maxMinutesPerDay: integer('max_minutes_per_day'),
		/** Their General Medical Council reference number (7 digits), when the trust gives it. */
		gmcNumber: text('gmc_number').unique()
	},
	(t) => [index('clinicians_specialty_idx').on(t.specialtyCode)]
);
