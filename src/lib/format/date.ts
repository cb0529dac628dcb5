/**
 * Calendar dates as staff read them on screen: dd/mm/yyyy (issue 12). Exports and APIs keep ISO
 * (YYYY-MM-DD); only what a person reads goes through here.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * "06/12/2026" for "2026-12-06" (a timestamp's calendar part is read as written, so pass a
 * trust-local date, not a UTC instant). Anything that is not an ISO date is returned unchanged
 * rather than shown as a wrong date.
 */
export function ukDate(date: string | null | undefined): string {
	if (!date) return '';
	const m = ISO_DATE.exec(date);
	return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}
