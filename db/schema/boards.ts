import { sql } from 'drizzle-orm';
import {
	bigint,
	check,
	customType,
	date,
	index,
	integer,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import { specialties } from './reference';
import { users } from './users';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	// postgres-js hands back a Buffer, PGlite a Uint8Array: both are Uint8Arrays
	fromDriver: (value) => new Uint8Array(value)
});

/** A planning space for one specialty over a horizon; its live state is one Y.Doc. */
export const boards = pgTable(
	'boards',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		name: text('name').notNull(),
		specialtyCode: text('specialty_code')
			.notNull()
			.references(() => specialties.code),
		horizonStart: date('horizon_start', { mode: 'string' }).notNull(),
		horizonEnd: date('horizon_end', { mode: 'string' }).notNull(),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/**
		 * Fencing token of the instance that owns the live board (multi-instance mode): raised by
		 * each new owner; a commit made under an older one is refused (planner/boardOwner.ts).
		 */
		ownerEpoch: bigint('owner_epoch', { mode: 'number' }).notNull().default(0)
	},
	(t) => [
		check('boards_horizon_check', sql`${t.horizonStart} <= ${t.horizonEnd}`),
		index('boards_specialty_idx').on(t.specialtyCode)
	]
);

/**
 * The doc's accepted updates in order, each with its author. Compaction folds a prefix into
 * `board_snapshots` and deletes it, so loading reads one snapshot plus a short tail.
 */
export const boardUpdates = pgTable(
	'board_updates',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		boardId: integer('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		update: bytea('update').notNull(),
		userId: integer('user_id').references(() => users.id),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('board_updates_board_idx').on(t.boardId, t.id)]
);

export const boardSnapshots = pgTable('board_snapshots', {
	boardId: integer('board_id')
		.primaryKey()
		.references(() => boards.id, { onDelete: 'cascade' }),
	state: bytea('state').notNull(),
	/** The last update folded into `state`. */
	throughUpdateId: bigint('through_update_id', { mode: 'number' }).notNull(),
	at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
});
