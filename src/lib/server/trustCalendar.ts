/**
 * The trust's calendar: which day it is, which week, on the trust's clocks. Every page, query and
 * job that says "today" or "this week" asks here, so the PTL, the boards, the dashboards and the
 * records service agree on the day even when the trust's time zone is not London's.
 *
 * The time zone is a setting (`trust.timeZone`, read in ./records/settings.ts); the date
 * arithmetic is pure and lives in the domain (src/lib/domain/workingTime.ts, .../rtt.ts).
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Executor } from '../../../db';
import { mondayOf, wallDate } from '../domain/workingTime';
import { readRecordsSettings } from './records/settings';

export interface TrustDay {
	/** The trust's IANA time zone. */
	timeZone: string;
	/** Today's date on the trust's clocks: the census date of every wait. */
	today: string;
	/** The Monday of this week. */
	monday: string;
}

/** The day at an instant in a zone already read (for code that holds the settings). */
export function dayIn(timeZone: string, now: Date = new Date()): TrustDay {
	const today = wallDate(now.getTime(), timeZone);
	return { timeZone, today, monday: mondayOf(today) };
}

/** The trust's time zone, as set. */
export async function trustTimeZone(db: Executor): Promise<string> {
	return (await readRecordsSettings(db)).calendar.timeZone;
}

/** Today, this week's Monday and the zone, on the trust's clocks. */
export async function trustDay(db: Executor, now: Date = new Date()): Promise<TrustDay> {
	return dayIn(await trustTimeZone(db), now);
}

/** Today's date on the trust's clocks: the census date. */
export async function trustToday(db: Executor, now: Date = new Date()): Promise<string> {
	return (await trustDay(db, now)).today;
}

/** An instant's calendar date on the trust's clocks, in SQL; the zone travels as a parameter. */
export function trustDateSql(instant: SQLWrapper, timeZone: string): SQL {
	return sql`(${instant} at time zone ${timeZone})::date`;
}
