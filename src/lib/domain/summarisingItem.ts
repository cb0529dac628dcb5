/**
 * How staff name a summarising item in messages: by the letter and whose it is ("the ENT
 * outpatient clinic letter for PARKER, Maria"), not by a database id (issue 13). An item with no
 * letter is named by where it came from ("the new registration for …").
 */
export function summarisingItemLabel(item: {
	/** "SURNAME, Forename" (patientName). */
	patient: string;
	source: string;
	documentTitle?: string | null;
}): string {
	return `the ${item.documentTitle ?? item.source} for ${item.patient}`;
}

/** A message that starts with a label, with its first letter a capital. */
export function sentence(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
