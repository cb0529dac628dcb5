/** Missing, temporary and merged notes: open now (from the outstanding counts) and by week. */
import { sql, type SQL } from 'drizzle-orm';
import type { MissingSummary, MissingWeek } from '../../../contracts/dashboards/records';
import { DAY, mondayOf } from '../../../domain/workingTime';
import { REQUEST_PLACES, requestAtSite, sum, type Frame } from './frame';
import type { OpenNow } from './outstanding';

export interface EventGrain {
	date: string;
	status: 'missing' | 'temporary' | 'merged';
	n: number;
}

/**
 * Movements to missing, temporary and merged in the period, by the day they were recorded. Every
 * request that has ever gone missing carries `missing` (temporary and merged come after missing),
 * so the few flagged requests lead to their movements instead of a scan of all of them.
 */
export function eventsQuery(f: Frame): SQL {
	return sql`
		select (m.at at time zone ${f.tz}::text)::date::text as date, m.status, count(*)::int as n
		from case_note_requests r
		join case_note_movements m on m.request_id = r.id
		${REQUEST_PLACES}
		where r.missing and m.status in ('missing', 'temporary', 'merged')
			and m.at >= ${f.fromInstant}::timestamptz and m.at <= ${f.now}::timestamptz
			and ${requestAtSite(f)}
		group by 1, 2`;
}

export function missingFigures(
	events: EventGrain[],
	f: Frame,
	{ missingNow, mergeBacklog, oldestTemporary }: OpenNow,
	nowMs: number
): MissingSummary {
	const week = (date: string) => mondayOf(date);
	const missingWeeks = new Map<string, MissingWeek>(
		f.weeks.map((w) => [w, { weekStart: w, missing: 0, temporary: 0, merged: 0 }])
	);
	for (const e of events) {
		const w = missingWeeks.get(week(e.date));
		if (w) w[e.status] += e.n;
	}
	const missingByWeek = [...missingWeeks.values()];
	return {
		missingNow,
		flaggedInPeriod: sum(missingByWeek, (w) => w.missing),
		temporaryInPeriod: sum(missingByWeek, (w) => w.temporary),
		mergedInPeriod: sum(missingByWeek, (w) => w.merged),
		mergeBacklog,
		mergeBacklogOldestDays:
			oldestTemporary === null ? null : Math.floor((nowMs - oldestTemporary * 1000) / DAY),
		byWeek: missingByWeek
	};
}
