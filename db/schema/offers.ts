import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	date,
	index,
	integer,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import type { OfferMethod, OfferOutcome } from '../../src/lib/domain/offers';
import { pathways } from './pathways';
import { bookings, sessions } from './sessions';
import { users } from './users';

/**
 * Every date offered to a patient (DOMAIN.md: when offered, for when, how, declined or accepted).
 * An accepted offer is the booking it made; a declined one books nothing. `reasonable` is stored
 * as domain/offers.ts `isReasonableOffer` decided it when the offer was recorded.
 */
export const offers = pgTable(
	'offers',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		pathwayId: integer('pathway_id')
			.notNull()
			.references(() => pathways.id),
		sessionId: integer('session_id').references(() => sessions.id),
		/** The booking an accepted offer made. */
		bookingId: integer('booking_id').references(() => bookings.id),
		offeredOn: date('offered_on', { mode: 'string' }).notNull(),
		offeredFor: date('offered_for', { mode: 'string' }).notNull(),
		method: text('method').$type<OfferMethod>().notNull(),
		reasonable: boolean('reasonable').notNull(),
		outcome: text('outcome').$type<OfferOutcome>().notNull(),
		offeredBy: integer('offered_by').references(() => users.id),
		recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('offers_method_check', sql`${t.method} in ('letter','phone','email','in-person')`),
		check('offers_outcome_check', sql`${t.outcome} in ('accepted','declined')`),
		check('offers_booking_check', sql`(${t.outcome} = 'accepted') = (${t.bookingId} is not null)`),
		index('offers_pathway_idx').on(t.pathwayId)
	]
);

/** Appointment / TCI letters sent for a booking: the letter and its sending date (DOMAIN.md). */
export const bookingLetters = pgTable(
	'booking_letters',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		bookingId: integer('booking_id')
			.notNull()
			.references(() => bookings.id),
		sentOn: date('sent_on', { mode: 'string' }).notNull(),
		recordedBy: integer('recorded_by').references(() => users.id),
		recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('booking_letters_booking_idx').on(t.bookingId)]
);
