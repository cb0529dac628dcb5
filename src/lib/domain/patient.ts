import { isIsoDate, isoShapedDate } from './rtt';

/** How a patient is named on screen: "SMITH, Ann" (family name first, as on the PTL and lists). */
export function patientName(p: { familyName: string; givenName: string }): string {
	return `${p.familyName.toUpperCase()}, ${p.givenName}`;
}

/**
 * A search typed as names are shown, "SURNAME, Forename" (patientName): the family name in full
 * and the start of the given name, in any case; null when the text has no comma.
 */
export function nameAsShown(text: string): { family: string; givenStart: string } | null {
	const comma = text.indexOf(',');
	if (comma < 0) return null;
	const family = text.slice(0, comma).trim();
	const givenStart = text.slice(comma + 1).trim();
	return family ? { family, givenStart } : null;
}

/**
 * Age in whole years on `on` (both ISO dates). Someone born on 29 February has their birthday on
 * 1 March in a common year, as the law in England and Wales counts it.
 */
export function ageOn(dateOfBirth: string, on: string): number {
	if (!isIsoDate(dateOfBirth)) throw new RangeError(`dateOfBirth: not a date (${dateOfBirth})`);
	if (!isIsoDate(on)) throw new RangeError(`on: not a date (${on})`);
	const year = Number(on.slice(0, 4));
	const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
	let birthday = dateOfBirth.slice(5);
	if (birthday === '02-29' && !leap(year)) birthday = '03-01';
	return year - Number(dateOfBirth.slice(0, 4)) - (on.slice(5) < birthday ? 1 : 0);
}

/**
 * A hospital (local) number: one or two letters and 5–8 digits, stored in upper case (the demo's
 * are H and 7 digits). Five digits at least, so an OPCS procedure code (a letter and 3 digits)
 * typed in the search box stays a procedure search.
 */
export const HOSPITAL_NUMBER = /^[A-Z]{1,2}\d{5,8}$/;

/** What the PTL's search box was given, read once here for the server to query. */
export type PatientSearch =
	| { kind: 'nhs-number'; nhsNumber: string }
	| { kind: 'nhs-last-4'; digits: string }
	| { kind: 'hospital-number'; hospitalNumber: string }
	| { kind: 'date-of-birth'; dateOfBirth: string }
	| { kind: 'name'; family: string; givenStart: string }
	| { kind: 'text'; text: string };

/**
 * Reads the search box: a whole NHS number (spaces as shown, "943 476 5919", or none) or its
 * last 4 digits; a hospital number; a date of birth as staff type it (dd/mm/yyyy) or ISO; a name
 * as the list shows it, "SURNAME, Forename"; else free text (a surname's start or part of a
 * procedure). A date that is no calendar date is an error naming what was typed, not a search
 * that silently finds nobody.
 */
export function parsePatientSearch(
	input: string
): PatientSearch | { kind: 'invalid'; message: string } {
	const text = input.trim();
	const digits = text.replace(/[\s-]/g, '');
	if (/^\d{10}$/.test(digits)) return { kind: 'nhs-number', nhsNumber: digits };
	if (/^\d{4}$/.test(digits)) return { kind: 'nhs-last-4', digits };
	const upper = text.toUpperCase();
	if (HOSPITAL_NUMBER.test(upper)) return { kind: 'hospital-number', hospitalNumber: upper };
	const iso = isoShapedDate(text);
	if (iso !== null) {
		return isIsoDate(iso)
			? { kind: 'date-of-birth', dateOfBirth: iso }
			: { kind: 'invalid', message: `${text} is not a date (dd/mm/yyyy)` };
	}
	const name = nameAsShown(text);
	if (name) return { kind: 'name', ...name };
	return { kind: 'text', text };
}
