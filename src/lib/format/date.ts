/**
 * Dates and times as staff read them on screen, in one module (issue 12): calendar dates as
 * dd/mm/yyyy (`ukDate`), or in words ("Tue 24 Nov") where a day is read as a day, on the trust's
 * clocks whatever the browser's. Exports and APIs keep ISO (YYYY-MM-DD); only what a person reads
 * goes through here.
 */
import { dayNumber } from '../domain/rtt';
import { dayOfWeek, wallDate } from '../domain/workingTime';

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
/**
 * A date this many calendar days either side of today reads without its year; anything further
 * off shows it, so "Needed by Wed 10 Dec" beside "Late: 361 d ago" cannot pass for this week.
 */
const NO_YEAR_WITHIN_DAYS = 7;

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, kind: 'dateTime' | 'time' | 'date'): Intl.DateTimeFormat {
	const key = `${timeZone}|${kind}`;
	let f = cache.get(key);
	if (!f) {
		const options: Intl.DateTimeFormatOptions =
			kind === 'time'
				? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
				: kind === 'date'
					? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }
					: {
							weekday: 'short',
							day: 'numeric',
							month: 'short',
							year: 'numeric',
							hour: '2-digit',
							minute: '2-digit',
							hourCycle: 'h23'
						};
		f = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
		cache.set(key, f);
	}
	return f;
}

/**
 * "Tue 24 Nov[ 2025][, 09:30]", put together from the parts so the wording does not hang on the
 * runtime's locale data (en-GB puts a comma after the weekday once a year is asked for).
 */
function written(f: Intl.DateTimeFormat, at: Date, withYear: boolean): string {
	const part = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
	const day = `${part.weekday} ${part.day} ${part.month}${withYear ? ` ${part.year}` : ''}`;
	return part.hour === undefined ? day : `${day}, ${part.hour}:${part.minute}`;
}

const nearToday = (date: string, today: string) =>
	Math.abs(dayNumber(date) - dayNumber(today)) <= NO_YEAR_WITHIN_DAYS;

/**
 * "Tue 24 Nov, 09:30", or "Tue 24 Nov 2025, 09:30" when its day (on the trust's clocks) is more
 * than a week from `today` (the trust's ISO date, from the server).
 */
export function dateTime(iso: string, timeZone: string, today: string): string {
	const at = new Date(iso);
	return written(
		formatter(timeZone, 'dateTime'),
		at,
		!nearToday(wallDate(at.getTime(), timeZone), today)
	);
}

/** "09:30". */
export const time = (iso: string, timeZone: string) =>
	formatter(timeZone, 'time').format(new Date(iso));

/** "Tue 24 Nov" for an ISO calendar date, or "Tue 24 Nov 2025" when more than a week from `today`. */
export const calendarDate = (date: string, today: string) =>
	written(formatter('UTC', 'date'), new Date(`${date}T12:00:00Z`), !nearToday(date, today));

/** "Tue 24 Nov" without the year, only where the ISO date (with its year) is shown beside it. */
export const weekdayDate = (date: string) =>
	written(formatter('UTC', 'date'), new Date(`${date}T12:00:00Z`), false);
