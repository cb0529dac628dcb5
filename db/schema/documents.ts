import { date, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { summarisingItems } from './caseNotes';

/**
 * The letter a summarising item was raised for (a clinic letter, a discharge summary, a
 * referral), kept as text so the summariser reads it beside the summary they code from it. An
 * item has at most one; items with none (paper records from elsewhere) say so on screen.
 * `body` is plain text: paragraphs separated by a blank line, list lines starting with "- ".
 */
export const documents = pgTable('documents', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	summarisingItemId: integer('summarising_item_id')
		.notNull()
		.unique()
		.references(() => summarisingItems.id),
	title: text('title').notNull(),
	author: text('author').notNull(),
	writtenOn: date('written_on', { mode: 'string' }).notNull(),
	body: text('body').notNull()
});
