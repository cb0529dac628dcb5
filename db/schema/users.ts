import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

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
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('auth_sessions_user_idx').on(t.userId)]
);
