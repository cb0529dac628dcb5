/**
 * Calendar dates as staff read them on screen: dd/mm/yyyy (issue 12). Exports and APIs keep ISO
 * (YYYY-MM-DD); only what a person reads goes through here.
 */

import { dayOfWeek } from '../domain/workingTime';

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

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** "Mon 21/12/2026": a day staff plan by, with its weekday (ISO calendar date in). */
export function ukDayDate(date: string): string {
	if (!ISO_DATE.test(date)) return date;
	return `${WEEKDAYS[dayOfWeek(date.slice(0, 10))]} ${ukDate(date)}`;
}
