/**
 * The records dashboard's figures (DOMAIN.md, "Health records"): availability at clinic,
 * retrieval turnaround against the SLA, outstanding requests, missing and temporary notes,
 * filing turnaround and the summarising backlog. Each section is one aggregate query, grouped to
 * the finest grain a chart needs (a day, a place, a person); the roll-ups to weeks and totals
 * happen here, in one place, so every tile and chart adds up.
 *
 * Every query is plain SQL through `db.execute` and returns text, integers and float8 only, so
 * PGlite and postgres-js give the same rows. Instants are compared as instants (so indexes
 * help) and turned into the trust's calendar dates with its time zone.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema, parseInput } from '../input';
import type { Database } from '../../../../db';
import {
	AGE_BANDS,
	CASE_NOTE_URGENCIES,
	pct,
	PERIOD_WEEKS,
	slaInWords,
	type AgeCounts,
	type Availability,
	type AvailabilityByLocation,
	type AvailabilityBySpecialty,
	type MissingWeek,
	type RecordsDashboard,
	type RecordsFilters,
	type SiteChoice,
	type SummariserTotal,
	type TurnaroundRow,
	type Urgency
} from '../../dashboards/records';
import { addDays } from '../../domain/rtt';
import { DAY, dayOfWeek, startOfDay, wallDate } from '../../domain/workingTime';
import { AppError } from '../errors';
import { readRecordsSettings, type RecordsSettings } from '../records/settings';
import { figureCache } from './figureCache';

const filtersSchema = z
	.object({
		siteId: idSchema.optional(),
		weeks: z.coerce
			.number()
			.int()
			.min(PERIOD_WEEKS.min)
			.max(PERIOD_WEEKS.max)
			.default(PERIOD_WEEKS.default)
	})
	.strict();

/**
 * The filters from a URL's query (`?siteId=1&weeks=12`): a 400 AppError naming the field
 * for an unknown key, a repeated one or a bad value. An empty value means the default (a form's
 * "All sites").
 */
export function parseRecordsFilters(query: URLSearchParams): RecordsFilters {
	const input: Record<string, string> = {};
	for (const key of new Set(query.keys())) {
		const values = query.getAll(key);
		if (values.length > 1) throw new AppError('invalid', `${key}: give it once`);
		if (values[0].trim() !== '') input[key] = values[0].trim();
	}
	const parsed = parseInput(filtersSchema, input);
	return { siteId: parsed.siteId ?? null, weeks: parsed.weeks };
}

/** Rows of a raw query: postgres-js returns the array, PGlite `{ rows }`. */
async function select<T>(db: Database, query: SQL): Promise<T[]> {
	const result = await db.execute(query);
	return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[];
}

/** The Monday of the week a date falls in. */
export function weekStart(date: string): string {
	return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

/** Everything a section's query needs to know about the period and the filters. */
interface Frame {
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

function frameFor(filters: RecordsFilters, settings: RecordsSettings, now: Date): Frame {
	const tz = settings.calendar.timeZone;
	const today = wallDate(now.getTime(), tz);
	const from = addDays(weekStart(today), -7 * (filters.weeks - 1));
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
const REQUEST_PLACES = sql`
	left join bookings b on b.id = r.booking_id
	left join sessions s on s.id = b.session_id
	left join locations dl on dl.id = r.destination_location_id
	left join locations hl on hl.id = r.home_location_id`;
const requestAtSite = (f: Frame) =>
	f.filters.siteId === null
		? sql`true`
		: sql`coalesce(s.site_id, dl.site_id, hl.site_id) = ${f.filters.siteId}::int`;

// ---------------------------------------------------------------- availability at clinic

interface AvailabilityGrain {
	date: string;
	specialty: string | null;
	location_id: number | null;
	required: number;
	available: number;
}

/**
 * Clinic requests (not withdrawn) for clinics in the period that have started, by clinic day,
 * specialty and clinic location, with how many had their notes available by the clinic's start.
 * A request raised by a booking belongs to the booking's session (its start, specialty and
 * location); one with no booking (history from before bookings were kept, or raised by hand)
 * to the clinic it names: needed at `needed_by`, at its destination, specialty not recorded.
 */
function availabilityQuery(f: Frame): SQL {
	const start = sql`coalesce((s.date + s.start_time) at time zone ${f.tz}::text, r.needed_by)`;
	// A session's start is on the day its notes are needed, never after: a cheap first cut.
	const dayAfter = new Date(startOfDay(addDays(f.today, 1), f.tz)).toISOString();
	return sql`
		select (${start} at time zone ${f.tz}::text)::date::text as date,
			s.specialty_code as specialty,
			coalesce(s.location_id, r.destination_location_id) as location_id,
			count(*)::int as required,
			count(*) filter (where r.available_at <= ${start})::int as available
		from case_note_requests r
		${REQUEST_PLACES}
		where r.reason = 'clinic' and r.status <> 'withdrawn'
			and r.needed_by >= ${f.fromInstant}::timestamptz and r.needed_by < ${dayAfter}::timestamptz
			and ${start} >= ${f.fromInstant}::timestamptz and ${start} <= ${f.now}::timestamptz
			and ${requestAtSite(f)}
		group by 1, 2, 3`;
}

// ---------------------------------------------------------------- retrieval turnaround

interface TurnaroundGrain {
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
function turnaroundQuery(f: Frame): SQL {
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

// ---------------------------------------------------------------- outstanding requests

interface OpenGrain {
	location_id: number | null;
	band: number;
	status: string;
	n: number;
	filing_overdue: number;
	/** Epoch seconds of the oldest temporary notes in the group, if any. */
	oldest_temporary: number | null;
}

/**
 * Open requests (not filed, merged or withdrawn) whose pull day has come, by where the notes are
 * (else their home), age band and status: the outstanding chart, the missing and temporary notes still open, and
 * the returned notes waiting to be filed all come from these counts.
 */
function openQuery(f: Frame): SQL {
	// A request waits from when it could be worked: raised, and its pull list's day begun (a
	// booking raises its request weeks ahead; it is not outstanding until its pull day).
	const due = sql`greatest(r.requested_at, (r.pull_on::timestamp at time zone ${f.tz}::text))`;
	const age = sql`floor(extract(epoch from (${f.now}::timestamptz - ${due})) / 86400)`;
	const band = sql.join(
		AGE_BANDS.flatMap((b, i) =>
			b.maxDays === null
				? []
				: [sql`when ${age} <= ${sql.raw(String(b.maxDays))} then ${sql.raw(String(i))}`]
		),
		sql` `
	);
	return sql`
		select coalesce(r.current_location_id, r.home_location_id) as location_id,
			(case ${band} else ${sql.raw(String(AGE_BANDS.length - 1))} end)::int as band,
			r.status,
			count(*)::int as n,
			count(*) filter (where r.status = 'returned'
				and r.returned_at < ${f.now}::timestamptz - ${f.settings.sla.filingHours}::int * interval '1 hour')::int
				as filing_overdue,
			extract(epoch from min(case when r.status = 'temporary' then coalesce(
				(select max(m.at) from case_note_movements m where m.request_id = r.id and m.status = 'temporary'),
				r.requested_at) end))::float8 as oldest_temporary
		from case_note_requests r
		${REQUEST_PLACES}
		where r.status not in ('filed', 'merged', 'withdrawn') and ${requestAtSite(f)}
			and (r.pull_on is null or r.pull_on <= ${f.today}::date)
		group by 1, 2, 3`;
}

// ---------------------------------------------------------------- missing, temporary, merged

interface EventGrain {
	date: string;
	status: 'missing' | 'temporary' | 'merged';
	n: number;
}

/**
 * Movements to missing, temporary and merged in the period, by the day they were recorded. Every
 * request that has ever gone missing carries `missing` (temporary and merged come after missing),
 * so the few flagged requests lead to their movements instead of a scan of all of them.
 */
function eventsQuery(f: Frame): SQL {
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

// ---------------------------------------------------------------- filing

interface FilingGrain {
	/** Null on the period's total row. */
	date: string | null;
	filed: number;
	within: number;
	median_hours: number | null;
}

/** Returned notes filed in the period, by day and in total, against the filing target. */
function filingQuery(f: Frame): SQL {
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

// ---------------------------------------------------------------- summarising

interface BacklogGrain {
	awaiting: number;
	claimed: number;
	oldest: number | null;
}

/** The summarising backlog now: trust-wide (summarising is not done by site). */
const backlogQuery = sql`
	select count(*) filter (where status = 'awaiting')::int as awaiting,
		count(*) filter (where status = 'claimed')::int as claimed,
		extract(epoch from min(received_at))::float8 as oldest
	from summarising_items
	where status in ('awaiting', 'claimed')`;

interface CompletedGrain {
	date: string;
	summariser: string | null;
	n: number;
}

function completedQuery(f: Frame): SQL {
	return sql`
		select (i.completed_at at time zone ${f.tz}::text)::date::text as date, u.name as summariser,
			count(*)::int as n
		from summarising_items i
		left join users u on u.id = i.completed_by
		where i.status = 'completed'
			and i.completed_at >= ${f.fromInstant}::timestamptz and i.completed_at <= ${f.now}::timestamptz
		group by 1, 2`;
}

// ---------------------------------------------------------------- reference

interface PlaceRow {
	id: number;
	name: string;
	site: string;
}

const sitesQuery = sql`select id, code, name from sites order by code`;
const placesQuery = sql`
	select l.id, l.name, s.code as site from locations l join sites s on s.id = l.site_id`;
const specialtiesQuery = sql`select code, name from specialties`;

// ---------------------------------------------------------------- assembling

function sectionQueries(f: Frame) {
	return {
		sites: sitesQuery,
		places: placesQuery,
		specialties: specialtiesQuery,
		availability: availabilityQuery(f),
		turnaround: turnaroundQuery(f),
		outstanding: openQuery(f),
		missing: eventsQuery(f),
		filing: filingQuery(f),
		summarisingBacklog: backlogQuery,
		summarisingCompleted: completedQuery(f)
	} satisfies Record<string, SQL>;
}

/**
 * The queries the dashboard runs for these filters at `now`, by section: for the benchmark to
 * print, explain or time one by one (render them with drizzle's `PgDialect#sqlToQuery`).
 */
export async function recordsDashboardQueries(
	db: Database,
	filters: RecordsFilters,
	now: Date = new Date()
): Promise<Record<keyof ReturnType<typeof sectionQueries>, SQL>> {
	return sectionQueries(frameFor(filters, await readRecordsSettings(db), now));
}

/** What each section's query took, in milliseconds (the benchmark reads these). */
export type SectionTimings = Record<string, number>;

const NO_LOCATION = 'No location recorded';
/** The specialty key for clinics whose request has no booking. */
const NOT_RECORDED = '';

function rate(required: number, available: number): Availability {
	return { required, available, ratePct: pct(available, required) };
}

/** Worst first, then the busier, then by name: what a manager looks at first. */
function byRateThenSize<T extends Availability>(label: (row: T) => string) {
	return (a: T, b: T) =>
		(a.ratePct ?? 101) - (b.ratePct ?? 101) ||
		b.required - a.required ||
		label(a).localeCompare(label(b));
}

function zeroAges(): AgeCounts {
	return Object.fromEntries(AGE_BANDS.map((b) => [b.key, 0])) as AgeCounts;
}

/**
 * The records dashboard at `now`, for a site (or the trust) over the last `weeks` weeks.
 * Uncached: the route goes through `cachedRecordsDashboard`.
 */
export async function recordsDashboard(
	db: Database,
	filters: RecordsFilters,
	now: Date = new Date()
): Promise<RecordsDashboard> {
	return (await timedRecordsDashboard(db, filters, now)).figures;
}

/**
 * The same, with what each query took: the hook `npm run bench:dashboards` calls. The queries
 * run concurrently (postgres-js spreads them over its pool; PGlite runs them one at a time).
 */
export async function timedRecordsDashboard(
	db: Database,
	filters: RecordsFilters,
	now: Date = new Date()
): Promise<{ figures: RecordsDashboard; timings: SectionTimings; totalMs: number }> {
	if (
		!Number.isInteger(filters.weeks) ||
		filters.weeks < PERIOD_WEEKS.min ||
		filters.weeks > PERIOD_WEEKS.max
	) {
		throw new AppError('invalid', `weeks: from ${PERIOD_WEEKS.min} to ${PERIOD_WEEKS.max}`);
	}
	const started = performance.now();
	const timings: SectionTimings = {};
	const timed = async <T>(name: string, query: SQL): Promise<T[]> => {
		const t0 = performance.now();
		const rows = await select<T>(db, query);
		timings[name] = Math.round((performance.now() - t0) * 10) / 10;
		return rows;
	};

	const t0 = performance.now();
	const settings = await readRecordsSettings(db);
	timings.settings = Math.round((performance.now() - t0) * 10) / 10;
	const f = frameFor(filters, settings, now);
	const q = sectionQueries(f);

	const [sites, places, specialties, avail, turnaround, open, events, filing, backlog, completed] =
		await Promise.all([
			timed<SiteChoice>('sites', q.sites),
			timed<PlaceRow>('places', q.places),
			timed<{ code: string; name: string }>('specialties', q.specialties),
			timed<AvailabilityGrain>('availability', q.availability),
			timed<TurnaroundGrain>('turnaround', q.turnaround),
			timed<OpenGrain>('outstanding', q.outstanding),
			timed<EventGrain>('missing', q.missing),
			timed<FilingGrain>('filing', q.filing),
			timed<BacklogGrain>('summarisingBacklog', q.summarisingBacklog),
			timed<CompletedGrain>('summarisingCompleted', q.summarisingCompleted)
		]);
	if (filters.siteId !== null && !sites.some((s) => s.id === filters.siteId)) {
		throw new AppError('invalid', `siteId: no site ${filters.siteId}`);
	}
	const place = new Map(places.map((p) => [p.id, p]));
	const specialtyName = new Map(specialties.map((s) => [s.code, s.name]));
	const nowMs = now.getTime();
	const week = (date: string) => weekStart(date);
	const thisWeek = weekStart(f.today);

	// availability: roll the (day, specialty, location) counts up
	const total = { required: 0, available: 0 };
	const today = { required: 0, available: 0 };
	const weekNow = { required: 0, available: 0 };
	const byWeek = new Map(f.weeks.map((w) => [w, { required: 0, available: 0 }]));
	const bySpecialty = new Map<string, { required: number; available: number }>();
	const byLocation = new Map<number | null, { required: number; available: number }>();
	const add = (to: { required: number; available: number }, g: AvailabilityGrain) => {
		to.required += g.required;
		to.available += g.available;
	};
	for (const g of avail) {
		add(total, g);
		if (g.date === f.today) add(today, g);
		if (week(g.date) === thisWeek) add(weekNow, g);
		const w = byWeek.get(week(g.date));
		if (w) add(w, g);
		const specialty = g.specialty ?? NOT_RECORDED;
		if (!bySpecialty.has(specialty)) bySpecialty.set(specialty, { required: 0, available: 0 });
		add(bySpecialty.get(specialty)!, g);
		if (!byLocation.has(g.location_id))
			byLocation.set(g.location_id, { required: 0, available: 0 });
		add(byLocation.get(g.location_id)!, g);
	}

	// turnaround: one row per urgency, even when there were none
	const turnaroundRows: TurnaroundRow[] = CASE_NOTE_URGENCIES.map((urgency) => {
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

	// outstanding, the open missing and temporary notes, and returned notes awaiting filing
	const ageTotals = zeroAges();
	const openByLocation = new Map<number | null, AgeCounts & { total: number }>();
	let missingNow = 0;
	let mergeBacklog = 0;
	let oldestTemporary: number | null = null;
	let awaitingFiling = 0;
	let filingOverdue = 0;
	for (const g of open) {
		const key = AGE_BANDS[g.band].key;
		ageTotals[key] += g.n;
		if (!openByLocation.has(g.location_id))
			openByLocation.set(g.location_id, { ...zeroAges(), total: 0 });
		const at = openByLocation.get(g.location_id)!;
		at[key] += g.n;
		at.total += g.n;
		if (g.status === 'missing') missingNow += g.n;
		if (g.status === 'temporary') mergeBacklog += g.n;
		if (g.status === 'returned') awaitingFiling += g.n;
		filingOverdue += g.filing_overdue;
		if (g.oldest_temporary !== null)
			oldestTemporary = Math.min(oldestTemporary ?? Infinity, g.oldest_temporary);
	}

	// missing, temporary and merged by week
	const missingWeeks = new Map<string, MissingWeek>(
		f.weeks.map((w) => [w, { weekStart: w, missing: 0, temporary: 0, merged: 0 }])
	);
	for (const e of events) {
		const w = missingWeeks.get(week(e.date));
		if (w) w[e.status] += e.n;
	}
	const missingByWeek = [...missingWeeks.values()];
	const sum = <T>(rows: T[], of: (r: T) => number) => rows.reduce((t, r) => t + of(r), 0);

	// filing by week, and the period's total row
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

	// summarising
	const [queue] = backlog;
	const perPerson = new Map<string, number>();
	const perPersonWeek = new Map<string, number>();
	for (const c of completed) {
		const who = c.summariser ?? 'Not recorded';
		perPerson.set(who, (perPerson.get(who) ?? 0) + c.n);
		const k = `${week(c.date)}\u0000${who}`;
		perPersonWeek.set(k, (perPersonWeek.get(k) ?? 0) + c.n);
	}
	const bySummariser: SummariserTotal[] = [...perPerson]
		.map(([summariser, n]) => ({
			summariser,
			completed: n,
			perWeek: Math.round((n / f.weeks.length) * 10) / 10
		}))
		.sort((a, b) => b.completed - a.completed || a.summariser.localeCompare(b.summariser));
	const people = bySummariser.map((s) => s.summariser);
	const oldestReceived = queue?.oldest == null ? null : Math.round(queue.oldest * 1000);

	const locationLabel = (id: number | null) =>
		id === null
			? { location: NO_LOCATION, site: '' }
			: { location: place.get(id)?.name ?? NO_LOCATION, site: place.get(id)?.site ?? '' };

	return {
		figures: {
			generatedAt: now.toISOString(),
			today: f.today,
			timeZone: f.tz,
			filters: { ...filters },
			period: { from: f.from, to: f.today, weeks: f.weeks },
			sites,
			sla: { ...settings.sla },
			availability: {
				period: rate(total.required, total.available),
				today: rate(today.required, today.available),
				thisWeek: rate(weekNow.required, weekNow.available),
				byWeek: [...byWeek].map(([weekStart, r]) => ({
					weekStart,
					...rate(r.required, r.available)
				})),
				bySpecialty: [...bySpecialty]
					.map(([specialty, r]): AvailabilityBySpecialty => ({
						specialty,
						name: specialtyName.get(specialty) ?? 'Not recorded',
						...rate(r.required, r.available)
					}))
					.sort(byRateThenSize((r) => r.name)),
				byLocation: [...byLocation]
					.map(([id, r]): AvailabilityByLocation => ({
						...locationLabel(id),
						...rate(r.required, r.available)
					}))
					.sort(byRateThenSize((r) => `${r.site} ${r.location}`))
			},
			turnaround: turnaroundRows,
			outstanding: {
				total: sum(AGE_BANDS.slice(), (b) => ageTotals[b.key]),
				byAge: AGE_BANDS.map((b) => ({ key: b.key, band: b.label, count: ageTotals[b.key] })),
				byLocation: [...openByLocation]
					.map(([id, counts]) => ({ ...locationLabel(id), ...counts }))
					.sort(
						(a, b) =>
							b.total - a.total ||
							`${a.site} ${a.location}`.localeCompare(`${b.site} ${b.location}`)
					)
			},
			missing: {
				missingNow,
				flaggedInPeriod: sum(missingByWeek, (w) => w.missing),
				temporaryInPeriod: sum(missingByWeek, (w) => w.temporary),
				mergedInPeriod: sum(missingByWeek, (w) => w.merged),
				mergeBacklog,
				mergeBacklogOldestDays:
					oldestTemporary === null ? null : Math.floor((nowMs - oldestTemporary * 1000) / DAY),
				byWeek: missingByWeek
			},
			filing: {
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
			},
			summarising: {
				awaiting: queue?.awaiting ?? 0,
				claimed: queue?.claimed ?? 0,
				backlog: (queue?.awaiting ?? 0) + (queue?.claimed ?? 0),
				oldestReceivedAt: oldestReceived === null ? null : new Date(oldestReceived).toISOString(),
				oldestAgeDays: oldestReceived === null ? null : Math.floor((nowMs - oldestReceived) / DAY),
				completedInPeriod: sum(bySummariser, (s) => s.completed),
				bySummariser,
				byWeek: f.weeks.flatMap((w) =>
					people.map((summariser) => ({
						weekStart: w,
						summariser,
						completed: perPersonWeek.get(`${w}\u0000${summariser}`) ?? 0
					}))
				)
			}
		},
		timings,
		totalMs: Math.round((performance.now() - started) * 10) / 10
	};
}

// ---------------------------------------------------------------- one computation per change

/** Figures go stale with the clock too (ages, "today"), even when nothing changes. */
export const CACHE_TTL_MS = 30_000;
const cache = figureCache<RecordsDashboard>('records', CACHE_TTL_MS, 32);

/**
 * The dashboard as the route serves it: computed once per dashboard version (bumped whenever
 * records change, see live.ts) and filters, and shared by everyone watching.
 */
export function cachedRecordsDashboard(
	db: Database,
	filters: RecordsFilters,
	now: Date = new Date()
): Promise<RecordsDashboard> {
	return cache.get(
		db,
		`${filters.siteId ?? 'all'}|${filters.weeks}`,
		() => recordsDashboard(db, filters, now),
		now.getTime()
	);
}

/** Forgets cached figures (tests). */
export function clearRecordsDashboardCache(): void {
	cache.clear();
}
