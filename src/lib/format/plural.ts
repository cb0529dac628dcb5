/**
 * Counts as people read them: "1 patient", "0 patients", "3 patients". Every screen and message
 * that writes a count with its noun asks here, rather than writing a fixed plural ("1 patients").
 */

/** The noun a count takes: `one` for exactly 1, else `many` (by default `one` + "s"). */
export const noun = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many);

/** "1 patient", "12 patients". For a figure formatted otherwise ("1,234"), use `noun`. */
export const counted = (n: number, one: string, many?: string): string =>
	`${n} ${noun(n, one, many)}`;
