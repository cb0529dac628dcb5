/**
 * The structured summary a medical summariser writes: problems, procedures, medications,
 * allergies and key letters, each a SNOMED CT coded entry with a date. Shared by the editor (to
 * show the same rules as it is filled in) and the server (which decides).
 */
import { z } from 'zod';
import { isIsoDate } from '../../domain/rtt';
import { isSctid } from '../../domain/snomed';

export const SUMMARY_SECTIONS = [
	'problems',
	'procedures',
	'medications',
	'allergies',
	'keyLetters'
] as const;
export type SummarySection = (typeof SUMMARY_SECTIONS)[number];

export const SECTION_LABELS: Record<SummarySection, string> = {
	problems: 'Problems',
	procedures: 'Procedures',
	medications: 'Medications',
	allergies: 'Allergies',
	keyLetters: 'Key letters'
};

/** SNOMED CT: "No known allergy", for a summary that records none. */
export const NO_KNOWN_ALLERGY = { code: '716186003', term: 'No known allergy' } as const;

export const summaryEntrySchema = z
	.object({
		code: z
			.string()
			.trim()
			.refine(isSctid, 'a SNOMED CT code: 6 to 18 digits with a valid check digit'),
		term: z.string().trim().min(2, 'the term, as the code names it').max(200),
		date: z.string().refine(isIsoDate, 'a date as YYYY-MM-DD')
	})
	.strict();

export const summarySchema = z
	.object(
		Object.fromEntries(
			SUMMARY_SECTIONS.map((s) => [s, z.array(summaryEntrySchema).max(100)])
		) as Record<SummarySection, z.ZodArray<typeof summaryEntrySchema>>
	)
	.strict();

export type SummaryEntry = z.infer<typeof summaryEntrySchema>;
export type RecordSummary = z.infer<typeof summarySchema>;

export const emptySummary = (): RecordSummary => ({
	problems: [],
	procedures: [],
	medications: [],
	allergies: [],
	keyLetters: []
});

/**
 * Date rules zod cannot know: no entry before the patient was born or after today, and a
 * finished summary says something about allergies. The first problem, naming the field.
 */
export function summaryProblem(
	summary: RecordSummary,
	context: { dateOfBirth: string; today: string; completing: boolean }
): string | null {
	for (const section of SUMMARY_SECTIONS) {
		for (const [i, e] of summary[section].entries()) {
			if (e.date > context.today) return `${section}.${i}.date: ${e.date} is in the future`;
			if (e.date < context.dateOfBirth)
				return `${section}.${i}.date: ${e.date} is before the patient was born (${context.dateOfBirth})`;
		}
	}
	if (context.completing && summary.allergies.length === 0) {
		return `allergies: record at least one entry (${NO_KNOWN_ALLERGY.code} ${NO_KNOWN_ALLERGY.term} if there are none)`;
	}
	return null;
}
