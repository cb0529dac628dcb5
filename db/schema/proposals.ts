import { index, integer, jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Proposal } from '../../src/lib/contracts/planner/proposal';
import { boards } from './boards';
import { users } from './users';

/**
 * The optimiser's proposed plans, kept for an hour for the user who asked to review and accept.
 * In the database, not in a process, so any instance can serve one whichever instance solved it,
 * and a restart does not lose them.
 */
export const proposals = pgTable(
	'proposals',
	{
		id: uuid('id').primaryKey(),
		boardId: integer('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		requestedBy: integer('requested_by')
			.notNull()
			.references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** Past this it is gone for readers, and the next store deletes it. */
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		body: jsonb('body').$type<Proposal>().notNull()
	},
	(t) => [
		index('proposals_expires_idx').on(t.expiresAt),
		index('proposals_board_idx').on(t.boardId)
	]
);
