/**
 * The structured summary a medical summariser writes: problems, procedures, medications,
 * allergies and key letters, each a SNOMED CT coded entry with a date. Shared by the editor (to
 * show the same rules as it is filled in) and the server (which decides).
 */
import { z } from 'zod';
import { isIsoDate } from '../../domain/rtt';
import { isSctid } from '../../domain/snomed';
import { ukDate } from '../../format/date';

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

/** One entry of a section, as a summariser would say it: "Medication", "Key letter". */
const ENTRY_NAMES: Record<SummarySection, string> = {
	problems: 'Problem',
	procedures: 'Procedure',
	medications: 'Medication',
	allergies: 'Allergy',
	keyLetters: 'Key letter'
};

/** "Medication 1": the entry as the summariser sees it on screen (counted from 1). */
export const entryName = (section: SummarySection, index: number) =>
	`${ENTRY_NAMES[section]} ${index + 1}`;

/** SNOMED CT: "No known allergy", for a summary that records none. */
export const NO_KNOWN_ALLERGY = { code: '716186003', term: 'No known allergy' } as const;

export const summaryEntrySchema = z
	.object({
		code: z.string().trim().refine(isSctid),
		term: z.string().trim().min(2).max(200),
		date: z.string().refine(isIsoDate)
	})
	.strict();

/** The five sections, each a bounded list of `entry`. */
const sectionsOf = <E extends z.ZodType>(entry: E) =>
	z
		.object(
			Object.fromEntries(SUMMARY_SECTIONS.map((s) => [s, z.array(entry).max(100)])) as Record<
				SummarySection,
				z.ZodArray<E>
			>
		)
		.strict();

export const summarySchema = sectionsOf(summaryEntrySchema);

/**
 * A draft is work in progress, autosaved as the summariser types: half a code, no date yet. It
 * keeps the summary's shape and limits but none of its rules; those decide on completion.
 */
export const draftSchema = sectionsOf(
	z
		.object({ code: z.string().max(40), term: z.string().max(200), date: z.string().max(10) })
		.strict()
);

const isSection = (key: unknown): key is SummarySection =>
	(SUMMARY_SECTIONS as readonly unknown[]).includes(key);

/** Up to 30 characters of what was typed, quoted, so the summariser can find it. */
const typed = (value: unknown) =>
	typeof value === 'string' ? `"${value.trim().slice(0, 30)}"` : 'nothing';

/** What a field must hold, in words, given what was typed there. */
function fieldRule(field: unknown, value: unknown): string {
	if (field === 'code') {
		if (typeof value !== 'string' || value.trim() === '') return 'enter the SNOMED CT code';
		return /^[1-9]\d{5,17}$/.test(value.trim())
			? `the SNOMED CT code ${typed(value)} is not a valid code (its last digit, the check digit, does not match): check it against the letter`
			: `the SNOMED CT code must be 6 to 18 digits, not starting with 0 (it was ${typed(value)})`;
	}
	if (field === 'term') {
		return typeof value === 'string' && value.trim().length > 200
			? 'the term must be at most 200 characters'
			: 'enter the term, as the code names it';
	}
	if (field === 'date') {
		return typeof value !== 'string' || value === ''
			? 'enter the date'
			: `the date must be a real date (it was ${typed(value)})`;
	}
	return `${typeof field === 'string' ? `"${field}"` : 'this'} is not part of an entry`;
}

/**
 * The one mapping from a refused summary to words (used by the server for drafts and completion,
 * so the editor shows the same sentence whichever button was pressed): "Medication 1: the
 * SNOMED CT code must be 6 to 18 digits … (it was "12a")". Names the entry as the screen shows
 * it, never the schema's path.
 */
export function summaryIssueText(error: z.ZodError, input: unknown): string {
	const issue = error.issues[0];
	const [section, index, field] = issue.path;
	if (issue.code === 'unrecognized_keys' && section === undefined)
		return `unknown section: ${issue.keys.join(', ')}`;
	if (!isSection(section)) return 'The summary could not be read: send every section as a list';
	const label = SECTION_LABELS[section];
	if (typeof index !== 'number') {
		return issue.code === 'too_big'
			? `${label}: at most 100 entries`
			: `${label}: the section could not be read`;
	}
	const entries = (input as Record<string, unknown>)[section] as Record<string, unknown>[];
	const entry = entries?.[index];
	if (issue.code === 'unrecognized_keys')
		return `${entryName(section, index)}: ${issue.keys.map((k) => `"${k}"`).join(', ')} is not part of an entry`;
	if (field === undefined) return `${entryName(section, index)}: the entry could not be read`;
	return `${entryName(section, index)}: ${fieldRule(field, entry?.[field as string])}`;
}

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
			const name = entryName(section, i);
			if (e.date > context.today) return `${name}: the date ${ukDate(e.date)} is in the future`;
			if (e.date < context.dateOfBirth)
				return `${name}: the date ${ukDate(e.date)} is before the patient was born (${ukDate(context.dateOfBirth)})`;
		}
	}
	if (context.completing && summary.allergies.length === 0) {
		return `Allergies: record at least one entry ("${NO_KNOWN_ALLERGY.term}", ${NO_KNOWN_ALLERGY.code}, if there are none)`;
	}
	return null;
}
