import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	index,
	integer,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';

export const ROLES = [
	'admin',
	'coordinator',
	'team_leader',
	'records',
	'summariser',
	'manager',
	'display'
] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
	'users',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		email: text('email').notNull().unique(),
		name: text('name').notNull(),
		role: text('role').$type<Role>().notNull(),
		/** `scrypt$N$r$p$salt$hash`, see src/lib/server/password.ts */
		passwordHash: text('password_hash').notNull(),
		active: boolean('active').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check(
			'users_role_check',
			sql`${t.role} in ('admin','coordinator','team_leader','records','summariser','manager','display')`
		)
	]
);

/** Server-side sign-in sessions; the cookie holds a random token, the table only its SHA-256. */
export const authSessions = pgTable(
	'auth_sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** The absolute end: created + the session lifetime; never moved (src/lib/server/auth.ts). */
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		/** The last request or live-board edit; the idle timeout counts from here. */
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
		/** What the person sees in their list of sessions (trimmed; not trusted for anything). */
		userAgent: text('user_agent'),
		address: text('address')
	},
	(t) => [index('auth_sessions_user_idx').on(t.userId)]
);

/**
 * Failed sign-in attempts, kept for the throttling window (src/lib/server/signInThrottle.ts). In
 * the database rather than in memory so that every instance counts the same attempts. `email` is
 * what was typed (normalised), known account or not, so throttling reveals nothing.
 */
export const signInFailures = pgTable(
	'sign_in_failures',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		at: timestamp('at', { withTimezone: true }).notNull(),
		email: text('email').notNull(),
		address: text('address').notNull()
	},
	(t) => [
		index('sign_in_failures_email_idx').on(t.email, t.at),
		index('sign_in_failures_address_idx').on(t.address, t.at)
	]
);

/**
 * One-time links to set a password, for accounts made without one (the staff import): the link
 * carries a random token, the table only its SHA-256, so a leaked table opens nothing. Spent
 * links are deleted; an expired one opens nothing.
 */
export const setPasswordLinks = pgTable(
	'set_password_links',
	{
		tokenHash: text('token_hash').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('set_password_links_user_idx').on(t.userId)]
);
