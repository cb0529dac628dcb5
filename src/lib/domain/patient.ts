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
