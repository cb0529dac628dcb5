/**
 * Wall-clock times at the trust. Clinics start at 08:30 London time whatever the season, so
 * timestamps are built from a calendar date and a local time of day, then turned into an instant.
 * Calendar arithmetic stays in src/lib/domain/rtt.ts and working days in workingTime.ts; what is
 * here is a faster London-only conversion (one offset per day, cached) for the hundreds of
 * thousands of timestamps the generator makes, where workingTime's exact per-instant conversion
 * would add seconds to a first start.
 */
import { addDays, dayNumber, fromDayNumber } from '../../src/lib/domain/rtt';
import {
	DAY,
	DEFAULT_TIME_ZONE,
	HOUR,
	isWorkingDay,
	MINUTE
} from '../../src/lib/domain/workingTime';

export {
	addWorkingDays,
	DAY,
	dayOfWeek,
	HOUR,
	isWorkingDay,
	MINUTE,
	minutesOf,
	mondayOf
} from '../../src/lib/domain/workingTime';

export const TRUST_TIME_ZONE = DEFAULT_TIME_ZONE;

const wallClock = new Intl.DateTimeFormat('en-GB', {
	timeZone: TRUST_TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit'
});

const offsetByDay = new Map<number, number>();

/**
 * Minutes London is ahead of UTC on a day, taken at midday. The clocks change at 01:00 UTC on a
 * Sunday, so only times before 02:00 on those two Sundays a year come out an hour off, and the
 * generator never relies on such a time being exact (it keeps every sequence of steps in order).
 */
function offsetMinutes(day: number): number {
	const cached = offsetByDay.get(day);
	if (cached !== undefined) return cached;
	const noon = day * DAY + 12 * HOUR;
	const parts: Record<string, number> = {};
	for (const p of wallClock.formatToParts(new Date(noon))) {
		if (p.type !== 'literal') parts[p.type] = Number(p.value);
	}
	const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
	const offset = Math.round((local - noon) / MINUTE);
	offsetByDay.set(day, offset);
	return offset;
}

/** The instant (epoch milliseconds) of a London wall-clock time: `minuteOfDay` after midnight. */
export function londonTime(date: string, minuteOfDay: number): number {
	const day = dayNumber(date);
	return day * DAY + (minuteOfDay - offsetMinutes(day)) * MINUTE;
}

/** The London calendar date and minute of the day of an instant. */
export function londonParts(ms: number): { date: string; minute: number } {
	// The offset of the UTC day is right except within an hour or two of midnight on the two
	// change-over Sundays, which are not working hours anyway.
	const local = ms + offsetMinutes(Math.floor(ms / DAY)) * MINUTE;
	const day = Math.floor(local / DAY);
	return { date: fromDayNumber(day), minute: Math.floor((local - day * DAY) / MINUTE) };
}

/**
 * The instant itself if it falls in the records office's working hours (08:00–18:00 on a working
 * day), else the start of the next working period plus `lateness` minutes.
 */
export function withinWorkingHours(ms: number, lateness: number): number {
	const { date, minute } = londonParts(ms);
	if (isWorkingDay(date) && minute >= 8 * 60 && minute < 18 * 60) return ms;
	let next = minute < 8 * 60 ? date : addDays(date, 1);
	while (!isWorkingDay(next)) next = addDays(next, 1);
	return londonTime(next, 8 * 60 + lateness);
}

/** 510 → "08:30". */
export function timeOf(minuteOfDay: number): string {
	const h = Math.floor(minuteOfDay / 60);
	const m = minuteOfDay % 60;
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
