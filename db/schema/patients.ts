import { date, integer, pgTable, text } from 'drizzle-orm/pg-core';

/** Synthetic demographics only; NHS numbers are validated (Modulus 11) before they get here. */
export const patients = pgTable('patients', {
	id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
	nhsNumber: text('nhs_number').notNull().unique(),
	givenName: text('given_name').notNull(),
	familyName: text('family_name').notNull(),
	dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
	sex: text('sex').notNull(),
	postcode: text('postcode'),
	phone: text('phone')
});
