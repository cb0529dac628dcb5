import { date, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

/** Synthetic demographics only; NHS numbers are validated (Modulus 11) before they get here. */
export const patients = pgTable(
	'patients',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		nhsNumber: text('nhs_number').notNull().unique(),
		/**
		 * The trust's own (local, "hospital") number, upper case, e.g. H1234567. Null for patients
		 * recorded before it was kept: a number is never invented for a real record (issue 12).
		 */
		hospitalNumber: text('hospital_number').unique(),
		givenName: text('given_name').notNull(),
		familyName: text('family_name').notNull(),
		dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
		sex: text('sex').notNull(),
		addressLine1: text('address_line_1'),
		addressLine2: text('address_line_2'),
		town: text('town'),
		postcode: text('postcode'),
		phone: text('phone'),
		/** The registered GP practice: its ODS code and name. */
		gpPracticeCode: text('gp_practice_code'),
		gpPracticeName: text('gp_practice_name')
	},
	(t) => [
		// PTL search by date of birth (issue 12); NHS and hospital numbers have their unique indexes.
		index('patients_date_of_birth_idx').on(t.dateOfBirth)
	]
);
