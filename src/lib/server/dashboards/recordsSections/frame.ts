/**
 * What every section of the records dashboard shares: the period and filters a query is for,
 * and how a request is placed at a site.
 */
import { sql } from 'drizzle-orm';
import type { RecordsFilters } from '../../../contracts/dashboards/records';
import { addDays } from '../../../domain/rtt';
import { startOfDay } from '../../../domain/workingTime';
import type { RecordsSettings } from '../../records/settings';
import { dayIn } from '../../trustCalendar';

/** Everything a section's query needs to know about the period and the filters. */
export interface Frame {
	filters: RecordsFilters;
	settings: RecordsSettings;
	tz: string;
	now: string;
	today: string;
	/** First day of the period, a Monday. */
	from: string;
	/** Midnight at the start of `from` on the trust's clocks. */
	fromInstant: string;
	weeks: string[];
}

export function frameFor(filters: RecordsFilters, settings: RecordsSettings, now: Date): Frame {
	const tz = settings.calendar.timeZone;
	const { today, monday } = dayIn(tz, now);
	const from = addDays(monday, -7 * (filters.weeks - 1));
	return {
		filters,
		settings,
		tz,
		now: now.toISOString(),
		today,
		from,
		fromInstant: new Date(startOfDay(from, tz)).toISOString(),
		weeks: Array.from({ length: filters.weeks }, (_, i) => addDays(from, 7 * i))
	};
}

/**
 * A request's site: its session's, else its destination's, else its home library's. Needs
 * REQUEST_PLACES joined; PostgreSQL drops those joins when the site is not asked about.
 */
export const REQUEST_PLACES = sql`
	left join bookings b on b.id = r.booking_id
	left join sessions s on s.id = b.session_id
	left join locations dl on dl.id = r.destination_location_id
	left join locations hl on hl.id = r.home_location_id`;
export const requestAtSite = (f: Frame) =>
	f.filters.siteId === null
		? sql`true`
		: sql`coalesce(s.site_id, dl.site_id, hl.site_id) = ${f.filters.siteId}::int`;

export const sum = <T>(rows: T[], of: (r: T) => number) => rows.reduce((t, r) => t + of(r), 0);
