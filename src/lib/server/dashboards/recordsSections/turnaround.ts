/** Retrieval turnaround: requests raised in the period, by urgency, against the SLA. */
import { sql, type SQL } from 'drizzle-orm';
import {
	CASE_NOTE_URGENCIES,
	pct,
	slaInWords,
	type TurnaroundRow,
	type Urgency
} from '../../../contracts/dashboards/records';
import { addDays } from '../../../domain/rtt';
import { REQUEST_PLACES, requestAtSite, type Frame } from './frame';

export interface TurnaroundGrain {
	urgency: Urgency;
	raised: number;
	delivered: number;
	within_sla: number;
	overdue: number;
	median_locate: number | null;
	median_deliver: number | null;
	p90_deliver: number | null;
}

/**
 * Requests raised in the period (not withdrawn), by urgency: when each was due, and whether the
 * notes were delivered (available) by then. Clinic and admission pulls are due when the notes
 * are needed (the appointment or admission); ward, emergency and correspondence requests by the
 * SLA for their urgency as it is set now (caseNoteSla.ts `slaDueAt`: emergency and urgent on the
 * clock; routine in working days, from the next working day's midnight when raised on a day off).
 * Only those routine requests need the calendar, so only they are converted to the trust's time.
 */
export function turnaroundQuery(f: Frame): SQL {
	const { sla, bankHolidays } = f.settings;
	const holidays = `{${bankHolidays.join(',')}}`;
	// Routine SLAs are at most 20 working days: 60 calendar days covers them and any holidays.
	const calendarTo = addDays(f.today, 60);
	const raised = sql`r.requested_at >= ${f.fromInstant}::timestamptz
		and r.requested_at <= ${f.now}::timestamptz
		and r.status <> 'withdrawn'
		and ${requestAtSite(f)}`;
	const byCalendar = sql`(r.reason not in ('clinic', 'admission') and r.urgency = 'routine')`;
	return sql`
		with cal as (
			select g.d::date as day,
				extract(isodow from g.d) < 6 and not (g.d::date = any(${holidays}::date[])) as working
			from generate_series(${f.from}::date, ${calendarTo}::date, interval '1 day') as g(d)
		), wd as (
			select day, row_number() over (order by day)::int as n from cal where working
		), due_by_day as (
			-- for each day a request may be raised: the day its clock starts and the day it is due
			select c.day, first_wd.day as starts, due.day as due
			from cal c
			left join lateral (select min(w.n) as n from wd w where w.day >= c.day) nw on true
			left join wd first_wd on first_wd.n = nw.n
			left join wd due on due.n = nw.n + ${sla.routineWorkingDays}::int
		), req as (
			select r.urgency, r.requested_at, r.located_at, r.available_at,
				case
					when r.reason in ('clinic', 'admission') then r.needed_by
					when r.urgency = 'emergency' then r.requested_at + ${sla.emergencyMinutes}::int * interval '1 minute'
					else r.requested_at + ${sla.urgentMinutes}::int * interval '1 minute'
				end as due
			from case_note_requests r
			${REQUEST_PLACES}
			where ${raised} and not ${byCalendar}
			union all
			select r.urgency, r.requested_at, r.located_at, r.available_at,
				(d.due + case when d.starts = l.local::date then l.local::time else time '00:00' end)
					at time zone ${f.tz}::text
			from case_note_requests r
			${REQUEST_PLACES}
			cross join lateral (
				select date_trunc('minute', r.requested_at at time zone ${f.tz}::text) as local
			) l
			left join due_by_day d on d.day = l.local::date
			where ${raised} and ${byCalendar}
		)
		select urgency,
			count(*)::int as raised,
			count(available_at)::int as delivered,
			count(*) filter (where available_at <= due)::int as within_sla,
			count(*) filter (where available_at is null and due < ${f.now}::timestamptz)::int as overdue,
			(percentile_cont(0.5) within group (order by extract(epoch from located_at - requested_at) / 60)
				filter (where located_at is not null))::float8 as median_locate,
			(percentile_cont(0.5) within group (order by extract(epoch from available_at - requested_at) / 60)
				filter (where available_at is not null))::float8 as median_deliver,
			(percentile_cont(0.9) within group (order by extract(epoch from available_at - requested_at) / 60)
				filter (where available_at is not null))::float8 as p90_deliver
		from req
		group by urgency`;
}

/** One row per urgency, even when there were none. */
export function turnaroundFigures(turnaround: TurnaroundGrain[], f: Frame): TurnaroundRow[] {
	const settings = f.settings;
	return CASE_NOTE_URGENCIES.map((urgency) => {
		const g = turnaround.find((t) => t.urgency === urgency);
		const round = (x: number | null | undefined) => (x == null ? null : Math.round(x * 10) / 10);
		return {
			urgency,
			sla: slaInWords(urgency, settings.sla),
			raised: g?.raised ?? 0,
			delivered: g?.delivered ?? 0,
			withinSla: g?.within_sla ?? 0,
			overdue: g?.overdue ?? 0,
			withinSlaPct: pct(g?.within_sla ?? 0, (g?.delivered ?? 0) + (g?.overdue ?? 0)),
			medianLocateMinutes: round(g?.median_locate),
			medianDeliverMinutes: round(g?.median_deliver),
			p90DeliverMinutes: round(g?.p90_deliver)
		};
	});
}
