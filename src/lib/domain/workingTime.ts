/**
 * Wall-clock time at the trust and the working-day calendar the health-records service keeps.
 * Pure: no I/O, no reliance on the process's own time zone. Calendar dates are ISO strings and
 * day arithmetic goes through UTC day numbers (src/lib/domain/rtt.ts), so the March and October
 * clock changes never shift a day; instants are epoch milliseconds.
 *
 * Working days are Monday to Friday less the trust's bank-holiday list (a setting: there is no
 * national list in code, because the four nations and each year differ).
 */
import { addDays, dayNumber, fromDayNumber } from './rtt';

export const DEFAULT_TIME_ZONE = 'Europe/London';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A set of ISO dates on which the records service does not work (besides weekends). */
export type Holidays = ReadonlySet<string>;
export const NO_HOLIDAYS: Holidays = new Set();

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-GB', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

/** True when `timeZone` is an IANA zone this runtime knows ("Europe/London"). */
export function isTimeZone(timeZone: string): boolean {
	try {
		formatter(timeZone);
		return true;
	} catch {
		return false;
	}
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
	const parts: Record<string, number> = {};
	for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
		if (p.type !== 'literal') parts[p.type] = Number(p.value);
	}
	const wall = Date.UTC(
		parts.year,
		parts.month - 1,
		parts.day,
		parts.hour,
		parts.minute,
		parts.second
	);
	return wall - Math.floor(ms / 1000) * 1000;
}

/** The calendar date and minute of the day an instant shows on the trust's clocks. */
export function wallClock(
	ms: number,
	timeZone = DEFAULT_TIME_ZONE
): { date: string; minute: number } {
	const local = ms + offsetAt(ms, timeZone);
	const day = Math.floor(local / DAY);
	return { date: fromDayNumber(day), minute: Math.floor((local - day * DAY) / MINUTE) };
}

/** The trust's calendar date at an instant. */
export function wallDate(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
	return wallClock(ms, timeZone).date;
}

/**
 * The instant of a wall-clock time: `minuteOfDay` minutes after midnight on `date`. A time the
 * clocks skip (01:30 on the last Sunday in March in London) comes out an hour later, as a
 * person would read it; a time that happens twice (01:30 on the last Sunday in October) comes out
 * as one of the two.
 */
export function wallTime(date: string, minuteOfDay: number, timeZone = DEFAULT_TIME_ZONE): number {
	const asUtc = dayNumber(date) * DAY + minuteOfDay * MINUTE;
	const first = asUtc - offsetAt(asUtc, timeZone);
	const second = asUtc - offsetAt(first, timeZone);
	if (first === second) return first;
	// Around a change the two guesses differ: take the one that reads back as asked, if either does.
	const readsBack = (ms: number) => {
		const w = wallClock(ms, timeZone);
		return w.date === date && w.minute === minuteOfDay;
	};
	if (readsBack(first)) return first;
	if (readsBack(second)) return second;
	return Math.max(first, second);
}

/** Midnight at the start of `date` on the trust's clocks. */
export function startOfDay(date: string, timeZone = DEFAULT_TIME_ZONE): number {
	return wallTime(date, 0, timeZone);
}

/** "08:30" or "08:30:00" → 510. */
export function minutesOf(time: string): number {
	return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** 510 → "08:30": the inverse of {@link minutesOf}. */
export function timeOfMinutes(minuteOfDay: number): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

/** 0 = Sunday … 6 = Saturday (day 0, 1970-01-01, was a Thursday). */
export function dayOfWeek(date: string): number {
	return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** The Monday on or before `date`: the first day of its week (weeks run Monday to Sunday). */
export function mondayOf(date: string): string {
	return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

export function isWorkingDay(date: string, holidays: Holidays = NO_HOLIDAYS): boolean {
	const d = dayOfWeek(date);
	return d !== 0 && d !== 6 && !holidays.has(date);
}

/** The date itself when it is a working day, else the next one. */
export function nextWorkingDayFrom(date: string, holidays: Holidays = NO_HOLIDAYS): string {
	let d = date;
	while (!isWorkingDay(d, holidays)) d = addDays(d, 1);
	return d;
}

/**
 * Moves by working days. Negative counts go back: `addWorkingDays(monday, -2)` is the previous
 * Thursday. Counting starts from the next (or previous) day whatever `date` itself is, so two
 * working days before a Saturday clinic is the Thursday.
 */
export function addWorkingDays(
	date: string,
	count: number,
	holidays: Holidays = NO_HOLIDAYS
): string {
	if (!Number.isInteger(count))
		throw new RangeError(`working days must be a whole number: ${count}`);
	const step = count < 0 ? -1 : 1;
	let left = Math.abs(count);
	let d = date;
	while (left > 0) {
		d = addDays(d, step);
		if (isWorkingDay(d, holidays)) left--;
	}
	return d;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(
	from: string,
	to: string,
	holidays: Holidays = NO_HOLIDAYS
): number {
	let n = 0;
	for (let d = dayNumber(from) + 1; d <= dayNumber(to); d++) {
		if (isWorkingDay(fromDayNumber(d), holidays)) n++;
	}
	return n;
}
