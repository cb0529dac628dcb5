/** Filing turnaround: returned notes filed in the period, and those waiting now. */
import { sql, type SQL } from 'drizzle-orm';
import { pct, type FilingSummary } from '../../../contracts/dashboards/records';
import { mondayOf } from '../../../domain/workingTime';
import { REQUEST_PLACES, requestAtSite, type Frame } from './frame';
import type { OpenNow } from './outstanding';

export interface FilingGrain {
	/** Null on the period's total row. */
	date: string | null;
	filed: number;
	within: number;
	median_hours: number | null;
}

/** Returned notes filed in the period, by day and in total, against the filing target. */
export function filingQuery(f: Frame): SQL {
	return sql`
		select (r.filed_at at time zone ${f.tz}::text)::date::text as date,
			count(*)::int as filed,
			count(*) filter (where r.filed_at - r.returned_at <= ${f.settings.sla.filingHours}::int * interval '1 hour')::int
				as within,
			(percentile_cont(0.5) within group (order by extract(epoch from r.filed_at - r.returned_at) / 3600))::float8
				as median_hours
		from case_note_requests r
		${REQUEST_PLACES}
		where r.filed_at >= ${f.fromInstant}::timestamptz and r.filed_at <= ${f.now}::timestamptz
			and r.returned_at is not null
			and ${requestAtSite(f)}
		group by grouping sets ((1), ())`;
}

/** Filing by week, and the period's total row. */
export function filingFigures(
	filing: FilingGrain[],
	f: Frame,
	{ awaitingFiling, filingOverdue }: OpenNow
): FilingSummary {
	const settings = f.settings;
	const week = (date: string) => mondayOf(date);
	const filingTotal = filing.find((g) => g.date === null);
	const filingWeeks = new Map(f.weeks.map((w) => [w, { filed: 0, within: 0 }]));
	for (const g of filing) {
		if (g.date === null) continue;
		const w = filingWeeks.get(week(g.date));
		if (w) {
			w.filed += g.filed;
			w.within += g.within;
		}
	}
	return {
		targetHours: settings.sla.filingHours,
		filed: filingTotal?.filed ?? 0,
		withinTarget: filingTotal?.within ?? 0,
		withinTargetPct: pct(filingTotal?.within ?? 0, filingTotal?.filed ?? 0),
		medianHours:
			filingTotal?.median_hours == null ? null : Math.round(filingTotal.median_hours * 10) / 10,
		awaiting: awaitingFiling,
		overdue: filingOverdue,
		byWeek: [...filingWeeks].map(([weekStart, w]) => ({
			weekStart,
			filed: w.filed,
			withinTarget: w.within,
			withinTargetPct: pct(w.within, w.filed)
		}))
	};
}
