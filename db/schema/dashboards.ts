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
import { LIST_TYPES, type ListType } from './pathways';
import { sites, specialties } from './reference';
import { users } from './users';

/**
 * The waiting list as it stood at each weekly census (Monday), one row per specialty, list type
 * and site, so the trend can be filtered like the live figures. Written once a week by the
 * server; never updated afterwards.
 */
export const waitlistSnapshots = pgTable(
	'waitlist_snapshots',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		census: date('census', { mode: 'string' }).notNull(),
		specialtyCode: text('specialty_code')
			.notNull()
			.references(() => specialties.code),
		listType: text('list_type').$type<ListType>().notNull(),
		/** Null for pathways with no site recorded. */
		siteId: integer('site_id').references(() => sites.id),
		total: integer('total').notNull(),
		within18: integer('within_18').notNull(),
		over52: integer('over_52').notNull(),
		over65: integer('over_65').notNull(),
		over78: integer('over_78').notNull(),
		over104: integer('over_104').notNull(),
		pcodeOverdue: integer('pcode_overdue').notNull(),
		unbooked: integer('unbooked').notNull(),
		takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check(
			'waitlist_snapshots_list_type_check',
			sql`${t.listType} in (${sql.raw(LIST_TYPES.map((l) => `'${l}'`).join(','))})`
		),
		uniqueIndex('waitlist_snapshots_key').on(
			t.census,
			t.specialtyCode,
			t.listType,
			sql`coalesce(${t.siteId}, 0)`
		),
		index('waitlist_snapshots_census_idx').on(t.census)
	]
);

export const DISPLAY_PANELS = [
	'breach-tiles',
	'specialties',
	'distribution',
	'projection',
	'records-availability',
	'records-outstanding',
	'summarising'
] as const;
export type DisplayPanel = (typeof DISPLAY_PANELS)[number];

/**
 * An office display (projector or TV): its token grants the aggregate panels chosen here and
 * nothing else. The table holds only the token's SHA-256; revoking is a timestamp, kept for audit.
 */
export const displays = pgTable(
	'displays',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		name: text('name').notNull(),
		panels: text('panels').array().$type<DisplayPanel[]>().notNull(),
		rotateSeconds: integer('rotate_seconds').notNull().default(20),
		/** Limits the panels to one specialty; null shows the whole trust. */
		specialtyCode: text('specialty_code').references(() => specialties.code),
		tokenHash: text('token_hash').notNull().unique(),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		revokedBy: integer('revoked_by').references(() => users.id),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true })
	},
	(t) => [
		check('displays_rotate_check', sql`${t.rotateSeconds} between 5 and 600`),
		check('displays_panels_check', sql`cardinality(${t.panels}) > 0`)
	]
);
