/**
 * The trust's appointment / TCI letter template, kept in the `settings` table (every local text
 * lives there): the letter's wording with placeholders (domain/letterTemplate.ts) and the trust's
 * contact details. An administrator changes it on /settings/letters; a placeholder no letter
 * fills is refused, naming it.
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor } from '../../../../db';
import { settings } from '../../../../db/schema';
import { LETTER_PLACEHOLDERS, unknownPlaceholders } from '../../domain/letterTemplate';
import { writeAudit } from '../audit';
import type { SessionUser } from '../auth';
import { parseInput } from '../input';

export const LETTER_TEMPLATE_KEY = 'letters.appointment';

const text = (max: number, what: string) =>
	z
		.string()
		.trim()
		.min(1, `${what} is needed`)
		.max(max, `at most ${max} characters`)
		.superRefine((t, ctx) => {
			const unknown = unknownPlaceholders(t);
			if (unknown.length)
				ctx.addIssue({
					code: 'custom',
					message: `no letter fills ${unknown.map((u) => `{${u}}`).join(', ')}; the placeholders are ${LETTER_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`
				});
		});

export const letterTemplateSchema = z
	.object({
		trustName: text(120, 'the trust name'),
		trustAddress: text(400, 'the trust address'),
		trustPhone: text(40, 'a phone number'),
		trustEmail: z
			.string()
			.trim()
			.max(120, 'at most 120 characters')
			.pipe(z.email('an email address such as appointments@trust.nhs.uk')),
		body: text(4000, 'the letter text').refine(
			(t) => t.includes('{date}') && t.includes('{time}') && t.includes('{place}'),
			'the letter text must state {date}, {time} and {place}'
		)
	})
	.strict();
export type LetterTemplate = z.infer<typeof letterTemplateSchema>;

export const DEFAULT_LETTER_TEMPLATE: LetterTemplate = {
	trustName: 'Waitwise Demo NHS Foundation Trust',
	trustAddress: 'Outpatient Booking Centre\nDemo General Hospital\nHospital Road\nDemotown DT1 1AA',
	trustPhone: '01632 960 000',
	trustEmail: 'appointments@demo.nhs.uk',
	body: [
		'Dear {patientName},',
		'',
		'We have booked your {appointmentKind} with {specialty}.',
		'',
		'Date: {date}',
		'Time: {time}',
		'Place: {place}',
		'',
		'If you cannot come, or need to change this date, please call us on {trustPhone} or email {trustEmail} as soon as you can, so that we can offer the time to someone else and give you another date.',
		'',
		'Yours sincerely,',
		'',
		'Booking team, {trustName}'
	].join('\n')
};

/** The template in force; a missing or unreadable row falls back to the default (and says so). */
export async function readLetterTemplate(db: Executor): Promise<LetterTemplate> {
	const [row] = await db
		.select({ value: settings.value })
		.from(settings)
		.where(eq(settings.key, LETTER_TEMPLATE_KEY));
	if (!row) return DEFAULT_LETTER_TEMPLATE;
	const parsed = letterTemplateSchema.safeParse(row.value);
	if (parsed.success) return parsed.data;
	console.warn(
		`[waitwise] setting ${LETTER_TEMPLATE_KEY} is not valid (${parsed.error.issues[0].message}); using the default`
	);
	return DEFAULT_LETTER_TEMPLATE;
}

/** Replaces the template, audited with the old and new text, in one transaction. */
export async function updateLetterTemplate(
	db: Database,
	user: Pick<SessionUser, 'id'>,
	input: unknown
): Promise<LetterTemplate> {
	const value = parseInput(letterTemplateSchema, input);
	return db.transaction(async (tx) => {
		const before = await readLetterTemplate(tx);
		await tx
			.insert(settings)
			.values({ key: LETTER_TEMPLATE_KEY, value })
			.onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
		await writeAudit(tx, {
			userId: user.id,
			action: 'update-settings',
			entity: 'settings',
			entityId: 'letters',
			before,
			after: value
		});
		return value;
	});
}
