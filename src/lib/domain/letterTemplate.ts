/**
 * The trust's appointment / TCI letter template (DOMAIN.md: letters state the date, time, place,
 * how to rearrange, and the trust's contact details). An administrator writes the text with
 * placeholders in braces; these are the only ones a letter fills, and a template naming any
 * other is refused when it is saved.
 */
export const LETTER_PLACEHOLDERS = [
	'patientName',
	'date',
	'time',
	'place',
	'appointmentKind',
	'specialty',
	'clinician',
	'trustName',
	'trustPhone',
	'trustEmail',
	'trustAddress'
] as const;
export type LetterPlaceholder = (typeof LETTER_PLACEHOLDERS)[number];

export type LetterValues = Record<LetterPlaceholder, string>;

/** `{name}` where name is a word: anything else in braces is plain text. */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

const known = new Set<string>(LETTER_PLACEHOLDERS);

/** The placeholder names in `text` that letters do not fill, each once, in order of appearance. */
export function unknownPlaceholders(text: string): string[] {
	const unknown = new Set<string>();
	for (const [, name] of text.matchAll(PLACEHOLDER)) if (!known.has(name)) unknown.add(name);
	return [...unknown];
}

/** The template with every known placeholder replaced by its value. */
export function fillLetter(text: string, values: LetterValues): string {
	return text.replace(PLACEHOLDER, (whole, name: string) =>
		known.has(name) ? values[name as LetterPlaceholder] : whole
	);
}
