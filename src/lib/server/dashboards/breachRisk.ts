/**
 * The breach-risk dashboard's figures, aggregated in SQL (each query one pass over the open
 * pathways) and shaped here. The drill-down lists use the same conditions through the PTL's
 * filters (`src/lib/server/ptl.ts`), so a bar's count is the number of rows it opens.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema, nonEmptyParams, parseInput } from '../input';
import { rowsOf, type Database } from '../../../../db';
import { LIST_TYPES } from '../../../../db/schema';
import {
	dashboardQuery,
	type BreachRiskDashboard,
	type BreachTiles,
	type CapacityWeek,
	type DashboardFilters,
	type SpecialtyRow,
	type TrendPoint,
	type WeekCount,
	type AttendanceFigures,
	type AttendanceWeek
} from '../../contracts/dashboards/breachRisk';
import { cancellationCode, dnaRate, reasonLabel, REASON_SIDE } from '../../domain/attendance';
import type { SpecialtyWaits } from '../../contracts/overview';
import { calibrate } from '../../domain/capacity/calibrate';
import type { BinParams } from '../../domain/capacity/project';
import { projectWaitingList, type Cohort } from '../../domain/projection';
import { addDays } from '../../domain/rtt';
import { mondayOf } from '../../domain/workingTime';
import { ownWeeklyHistory } from '../capacityHistory';
import { plannedAllocations, type PlannedAllocation } from '../planner/plans';
import { figureCache } from './figureCache';
import {
	breachSoonSql,
	clockRunningSql,
	longWaitSql,
	priorityDueSql,
	priorityRankSql,
	weekBandSql,
	within18WeeksSql
} from '../rttSql';

export const PROJECTION_WEEKS = 12;
/** Referral and clock-stop rates are the average of this many recent weeks. */
export const RATE_WEEKS = 8;
/** Weekly snapshots shown in the trend. */
export const TREND_WEEKS = 26;

/** Weeks of the list's own history the projection's model is calibrated on. */
export const MODEL_WEEKS = 26;

const METHOD_START =
	'From today’s list: booked patients leave in the week of their appointment; free session ' +
	'capacity is given to unbooked patients in turn (priority, then longest wait); ';
const METHOD_END = `new referrals join at the average weekly rate of the last ${RATE_WEEKS} weeks.`;

/** How the projection is made, as the chart states it: with the calibrated model or without. */
export const PROJECTION_METHOD = {
	model:
		METHOD_START +
		`beyond the weeks with sessions set up, the clock-stop rate of the last ${RATE_WEEKS} weeks ` +
		'is shared out, and patients leave without treatment, as the demand and capacity model ' +
		`calibrated on this list's last ${MODEL_WEEKS} weeks says (by weeks waited, as on the ` +
		'capacity planner); ' +
		METHOD_END,
	inTurn:
		METHOD_START +
		`weeks without sessions yet use the clock-stop rate of the last ${RATE_WEEKS} weeks, in turn ` +
		`(the last ${MODEL_WEEKS} weeks recorded no treatments to calibrate the model on); ` +
		METHOD_END
} as const;

/**
 * The model's weekly parameters from the list's own last weeks, or null when those weeks hold no
 * treatment to weigh by (then the projection gives capacity in turn).
 */
async function projectionModel(
	db: Database,
	filters: DashboardFilters,
	census: string
): Promise<BinParams | null> {
	const [start, ...weeks] = await ownWeeklyHistory(db, {
		census: mondayOf(census),
		weeks: MODEL_WEEKS,
		specialties: filters.specialty,
		listType: filters.listType,
		siteId: filters.siteId
	});
	const params = calibrate(start.waiting, weeks);
	return params.capacity.some((c) => c > 0) ? params : null;
}

const specialtyCode = /^(\d{3}|X0[2-6])$/;

/** The dashboard's filters from a query string; unknown keys and bad values name themselves. */
export const dashboardFiltersSchema = z
	.object({
		specialty: z
			.string()
			.transform((s) => s.split(',').filter(Boolean))
			.pipe(
				z.array(z.string().regex(specialtyCode, 'treatment function codes such as 120 or 110,130'))
			)
			.default([]),
		listType: z.enum(LIST_TYPES).nullable().default(null),
		site: idSchema.nullable().default(null)
	})
	.strict()
	.transform((f): DashboardFilters => ({
		specialty: f.specialty,
		listType: f.listType,
		siteId: f.site
	}));

/** The filters from a query string; a bad one is a 400 AppError naming it. */
export function parseDashboardFilters(params: URLSearchParams): DashboardFilters {
	return parseInput(dashboardFiltersSchema, nonEmptyParams(params), 'filter');
}

/**
 * Conditions for the filters on a table with specialty_code, list_type and site_id columns
 * (`pathways p`, whose site is where the pathway is listed, or `waitlist_snapshots w`).
 */
function filterOn(alias: 'p' | 'w', filters: DashboardFilters): SQL[] {
	const column = (name: string) => sql.raw(`${alias}.${name}`);
	const parts: SQL[] = [];
	if (filters.specialty.length)
		parts.push(
			sql`${column('specialty_code')} in (${sql.join(
				filters.specialty.map((s) => sql`${s}`),
				sql`, `
			)})`
		);
	if (filters.listType) parts.push(sql`${column('list_type')} = ${filters.listType}`);
	if (filters.siteId !== null) parts.push(sql`${column('site_id')} = ${filters.siteId}`);
	return parts;
}

function pathwayFilter(filters: DashboardFilters): SQL {
	const parts = filterOn('p', filters);
	return parts.length ? sql`and ${sql.join(parts, sql` and `)}` : sql``;
}

/**
 * Open pathways with their live booking's date and P-code due date. "P-code overdue" matches the
 * PTL: due before the census date and not booked on or before the due date.
 */
function openPathways(filters: DashboardFilters): SQL {
	return sql`
		select p.specialty_code, p.list_type, p.clock_start, p.priority, p.expected_minutes, s.date as booked_date,
			${priorityDueSql(sql`p.decision_date`, sql`p.priority`)} as due_date
		from pathways p
		left join bookings b on b.pathway_id = p.id and b.status = 'booked'
		left join sessions s on s.id = b.session_id
		where ${clockRunningSql(sql`p.rtt_status`)} ${pathwayFilter(filters)}`;
}

/** The home page's per-specialty waits (contracts/overview.ts), with what the tiles add. */
type TileRow = SpecialtyWaits & {
	pcode_overdue: number;
	breach_soon: number;
};

/**
 * One pass over the open pathways, grouped three ways at once (grouping sets): by specialty for
 * the tiles, by week band for the distribution, and by days waited, priority and booking week
 * for the projection's cohorts.
 */
async function openPathwayFigures(
	db: Database,
	filters: DashboardFilters,
	census: string
): Promise<{
	specialties: TileRow[];
	weeks: WeekCount[];
	cohorts: Cohort[];
	typicalMinutes: Map<string, number>;
}> {
	const start = sql`o.clock_start`;
	const long = longWaitSql(start, census);
	const flag = (condition: SQL) => sql`(case when ${condition} then 1 else 0 end)`;
	const rows = rowsOf<
		TileRow & {
			set: number;
			list_type: string;
			unbooked_minutes: number;
			week: number;
			days: number;
			rank: number;
			booked_week: number | null;
			booked: boolean;
		}
	>(
		await db.execute(sql`
			with open as (${openPathways(filters)}), facts as (
				select o.specialty_code, o.list_type, o.expected_minutes,
					${weekBandSql(start, census)} as week,
					(${census}::date - o.clock_start)::int as days,
					${priorityRankSql(sql`o.priority`)} as rank,
					case when o.booked_date >= ${census}::date
						and o.booked_date < ${addDays(census, 7 * PROJECTION_WEEKS)}::date
						then ((o.booked_date - ${census}::date) / 7 + 1)::int end as booked_week,
					coalesce(o.booked_date >= ${census}::date, false) as booked,
					${flag(within18WeeksSql(start, census))} as within18,
					${flag(long.over52)} as over52,
					${flag(long.over65)} as over65,
					${flag(long.over78)} as over78,
					${flag(long.over104)} as over104,
					${flag(sql`o.due_date < ${census}::date and not coalesce(o.booked_date <= o.due_date, false)`)} as pcode_overdue,
					${flag(sql`o.booked_date is null`)} as unbooked,
					${flag(sql`o.booked_date is null and ${breachSoonSql(start, census)}`)} as breach_soon
				from open o
			)
			select grouping(f.specialty_code, f.list_type, f.week, f.days)::int as set,
				f.specialty_code as specialty, f.list_type, f.week, f.days, f.rank, f.booked_week, f.booked,
				count(*)::int as total, sum(f.within18)::int as within18, sum(f.over52)::int as over52,
				sum(f.over65)::int as over65, sum(f.over78)::int as over78, sum(f.over104)::int as over104,
				sum(f.pcode_overdue)::int as pcode_overdue, sum(f.unbooked)::int as unbooked,
				sum(f.breach_soon)::int as breach_soon,
				sum(f.expected_minutes * f.unbooked)::int as unbooked_minutes
			from facts f
			group by grouping sets ((f.specialty_code), (f.specialty_code, f.list_type), (f.week),
				(f.days, f.rank, f.booked_week, f.booked))`)
	);
	// grouping() bits, most significant first: specialty, list type, week, days (1 = not grouped by it)
	const BY_SPECIALTY = 0b0111;
	const BY_LIST = 0b0011;
	const BY_WEEK = 0b1101;
	const COHORT = 0b1110;
	const names = new Map(
		rowsOf<{ code: string; name: string }>(
			await db.execute(sql`select code, name from specialties`)
		).map((r) => [r.code, r.name])
	);
	const specialties = rows
		.filter((r) => r.set === BY_SPECIALTY)
		.map((r) => ({ ...r, name: names.get(r.specialty) ?? r.specialty }))
		.sort((a, b) => a.specialty.localeCompare(b.specialty));
	const byWeek = new Map(rows.filter((r) => r.set === BY_WEEK).map((r) => [r.week, r.total]));
	// national week bands: upper bound max(1, ceil(days / 7)); everything over 104 weeks in one bar
	const last = Math.max(18, ...byWeek.keys());
	const weeks = Array.from({ length: last }, (_, i) => ({
		week: i + 1,
		count: byWeek.get(i + 1) ?? 0
	}));
	// the average unbooked patient's minutes per specialty and session kind, for free capacity
	const typicalMinutes = new Map(
		rows
			.filter((r) => r.set === BY_LIST && r.unbooked > 0)
			.map((r) => [
				`${r.specialty}|${r.list_type === 'admitted' ? 'theatre' : 'clinic'}`,
				r.unbooked_minutes / r.unbooked
			])
	);
	const cohorts = rows
		.filter((r) => r.set === COHORT)
		.map((r) => ({
			days: r.days,
			rank: r.rank,
			bookedWeek: r.booked_week,
			booked: r.booked === true,
			count: r.total
		}));
	return { specialties, weeks, cohorts, typicalMinutes };
}

/** Session filters: list types map to session kinds (outpatients to clinics, admitted to theatres). */
function sessionFilter(filters: DashboardFilters): SQL {
	const parts: SQL[] = [];
	if (filters.specialty.length)
		parts.push(
			sql`s.specialty_code in (${sql.join(
				filters.specialty.map((c) => sql`${c}`),
				sql`, `
			)})`
		);
	if (filters.listType)
		parts.push(sql`s.kind = ${filters.listType === 'admitted' ? 'theatre' : 'clinic'}`);
	if (filters.siteId !== null) parts.push(sql`s.site_id = ${filters.siteId}`);
	return parts.length ? sql`and ${sql.join(parts, sql` and `)}` : sql``;
}

interface SessionLoad {
	week: number;
	specialty: string;
	kind: 'clinic' | 'theatre';
	bookable: number;
	booked: number;
}

/** Open sessions in the projection's weeks with the minutes booked into them. */
async function sessionLoads(
	db: Database,
	filters: DashboardFilters,
	census: string
): Promise<SessionLoad[]> {
	const window = sql`s.status = 'open' and s.date >= ${census}::date
		and s.date < ${addDays(census, 7 * PROJECTION_WEEKS)}::date ${sessionFilter(filters)}`;
	return rowsOf<SessionLoad>(
		await db.execute(sql`
			with used as (
				select b.session_id, sum(p.expected_minutes)::int as minutes
				from bookings b
				join sessions s on s.id = b.session_id
				join pathways p on p.id = b.pathway_id
				where b.status = 'booked' and ${window}
				group by b.session_id
			)
			select ((s.date - ${census}::date) / 7 + 1)::int as week, s.specialty_code as specialty, s.kind,
				s.bookable_minutes as bookable, coalesce(u.minutes, 0) as booked
			from sessions s left join used u on u.session_id = s.id
			where ${window}`)
	);
}

/** How many past weeks the attendance and cancellation figures cover. */
export const ATTENDANCE_WEEKS = 8;

/**
 * Appointments due in each of the last weeks before the census (by the session's date, within
 * the filters as for capacity), by how they ended, and the cancellations among them by reason.
 */
async function attendanceFigures(
	db: Database,
	filters: DashboardFilters,
	census: string
): Promise<AttendanceFigures> {
	const from = addDays(census, -7 * ATTENDANCE_WEEKS);
	const window = sql`s.date >= ${from}::date and s.date < ${census}::date ${sessionFilter(filters)}`;
	const [weekRows, reasonRows] = await Promise.all([
		db.execute(sql`
			select ((s.date - ${from}::date) / 7)::int as week,
				count(*) filter (where b.status = 'attended')::int as attended,
				count(*) filter (where b.status = 'dna')::int as not_seen,
				count(*) filter (where b.attendance_code = ${cancellationCode('patient')})::int as by_patient,
				count(*) filter (where b.attendance_code = ${cancellationCode('hospital')})::int as by_hospital,
				count(*) filter (where b.status = 'cancelled' and b.attendance_code is null)::int as unrecorded
			from bookings b join sessions s on s.id = b.session_id
			where ${window}
			group by 1`),
		db.execute(sql`
			select b.cancellation_reason as reason, count(*)::int as count
			from bookings b join sessions s on s.id = b.session_id
			where b.status = 'cancelled' and b.cancellation_reason is not null and ${window}
			group by 1`)
	]);
	const byWeek = new Map(
		rowsOf<{
			week: number;
			attended: number;
			not_seen: number;
			by_patient: number;
			by_hospital: number;
			unrecorded: number;
		}>(weekRows).map((r) => [r.week, r])
	);
	const weeks = Array.from({ length: ATTENDANCE_WEEKS }, (_, i): AttendanceWeek => {
		const r = byWeek.get(i);
		const counts = {
			attended: r?.attended ?? 0,
			notSeen: r?.not_seen ?? 0,
			cancelledByPatient: r?.by_patient ?? 0,
			cancelledByHospital: r?.by_hospital ?? 0
		};
		const rate = dnaRate(counts);
		return {
			weekStart: addDays(from, 7 * i),
			...counts,
			cancelledUnrecorded: r?.unrecorded ?? 0,
			dnaRatePct: rate === null ? null : 100 * rate
		};
	});
	const reasons = rowsOf<{ reason: string; count: number }>(reasonRows)
		.flatMap((r) => {
			const by = REASON_SIDE.get(r.reason);
			return by ? [{ by, reason: r.reason, label: reasonLabel(r.reason), count: r.count }] : [];
		})
		.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
	return { weeks, reasons };
}

const plannedCache = figureCache<PlannedAllocation[]>('planned-on-boards', 60_000, 1);

/**
 * Board allocations not yet confirmed, within the filters: open pathways placed in open sessions
 * (site and list follow the session, as for capacity), by projected week.
 */
async function plannedOnBoards(db: Database, filters: DashboardFilters, census: string) {
	// read from the boards once per change, whatever the filters
	const planned = await plannedCache.get(db, 'all', () => plannedAllocations(db));
	if (planned.length === 0) return [];
	const pathwayIds = `{${planned.map((p) => p.pathwayId).join(',')}}`;
	const sessionIds = `{${planned.map((p) => p.sessionId).join(',')}}`;
	return rowsOf<{ week: number | null; patients: number; unbooked: number; minutes: number }>(
		await db.execute(sql`
			select case when s.date >= ${census}::date and s.date < ${addDays(census, 7 * PROJECTION_WEEKS)}::date
					then ((s.date - ${census}::date) / 7 + 1)::int end as week,
				count(*)::int as patients,
				count(*) filter (where not exists (select 1 from bookings b
					where b.pathway_id = p.id and b.status = 'booked'))::int as unbooked,
				sum(p.expected_minutes)::int as minutes
			from unnest(${pathwayIds}::int[], ${sessionIds}::int[]) as a(pathway_id, session_id)
			join pathways p on p.id = a.pathway_id
			join sessions s on s.id = a.session_id
			where s.status = 'open' and ${clockRunningSql(sql`p.rtt_status`)} ${pathwayFilter(filters)}
				${sessionFilter(filters)}
			group by 1`)
	);
}

async function rates(db: Database, filters: DashboardFilters, census: string) {
	const from = addDays(census, -7 * RATE_WEEKS);
	const [row] = rowsOf<{ referrals: number; stops: number }>(
		await db.execute(sql`
			select count(*) filter (where p.clock_start >= ${from}::date and p.clock_start < ${census}::date)::int as referrals,
				count(*) filter (where p.clock_stopped_on >= ${from}::date and p.clock_stopped_on < ${census}::date)::int as stops
			from pathways p where true ${pathwayFilter(filters)}`)
	);
	return {
		referralsPerWeek: row.referrals / RATE_WEEKS,
		clockStopsPerWeek: row.stops / RATE_WEEKS
	};
}

async function trend(
	db: Database,
	filters: DashboardFilters,
	census: string
): Promise<TrendPoint[]> {
	const parts = [
		sql`w.census > ${addDays(census, -7 * TREND_WEEKS)}::date`,
		...filterOn('w', filters)
	];
	const rows = rowsOf<{
		census: string;
		total: number;
		within18: number;
		over52: number;
		over65: number;
		over78: number;
		over104: number;
		pcode_overdue: number;
	}>(
		await db.execute(sql`
			select w.census::text as census, sum(w.total)::int as total, sum(w.within_18)::int as within18,
				sum(w.over_52)::int as over52, sum(w.over_65)::int as over65, sum(w.over_78)::int as over78,
				sum(w.over_104)::int as over104, sum(w.pcode_overdue)::int as pcode_overdue
			from waitlist_snapshots w where ${sql.join(parts, sql` and `)}
			group by w.census order by w.census`)
	);
	return rows.map((r) => ({
		census: r.census,
		total: r.total,
		within18Pct: pct(r.within18, r.total),
		over52: r.over52,
		over65: r.over65,
		over78: r.over78,
		over104: r.over104,
		pcodeOverdue: r.pcode_overdue
	}));
}

const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : null);

function tiles(row: Omit<TileRow, 'specialty' | 'name'>): BreachTiles {
	return {
		total: row.total,
		within18: row.within18,
		within18Pct: pct(row.within18, row.total),
		over52: row.over52,
		over65: row.over65,
		over78: row.over78,
		over104: row.over104,
		pcodeOverdue: row.pcode_overdue,
		unbooked: row.unbooked,
		breachSoonUnbooked: row.breach_soon
	};
}

/** Every figure on the breach-risk dashboard for one census date and set of filters. */
export async function breachRisk(
	db: Database,
	filters: DashboardFilters,
	census: string
): Promise<BreachRiskDashboard> {
	const [open, loads, planned, rate, trendPoints, model, attendance] = await Promise.all([
		openPathwayFigures(db, filters, census),
		sessionLoads(db, filters, census),
		plannedOnBoards(db, filters, census),
		rates(db, filters, census),
		trend(db, filters, census),
		projectionModel(db, filters, census),
		attendanceFigures(db, filters, census)
	]);
	const { specialties: specialtyRows, weeks, cohorts: cohortRows } = open;
	const sum = (key: keyof Omit<TileRow, 'specialty' | 'name'>) =>
		specialtyRows.reduce((total, r) => total + r[key], 0);
	const totals = tiles({
		total: sum('total'),
		within18: sum('within18'),
		over52: sum('over52'),
		over65: sum('over65'),
		over78: sum('over78'),
		over104: sum('over104'),
		pcode_overdue: sum('pcode_overdue'),
		unbooked: sum('unbooked'),
		breach_soon: sum('breach_soon')
	});
	const bySpecialty: SpecialtyRow[] = specialtyRows.map((r) => ({
		specialty: r.specialty,
		name: r.name,
		...tiles(r)
	}));

	// per week: minutes, and free minutes in whole patients of the session's usual length
	const perWeek = Array.from({ length: PROJECTION_WEEKS }, () => ({
		sessions: 0,
		bookable: 0,
		booked: 0,
		freePatients: 0
	}));
	for (const l of loads) {
		const w = perWeek[l.week - 1];
		w.sessions++;
		w.bookable += l.bookable;
		w.booked += l.booked;
		const typical = open.typicalMinutes.get(`${l.specialty}|${l.kind}`);
		if (typical) w.freePatients += Math.floor(Math.max(l.bookable - l.booked, 0) / typical);
	}
	const capacityWeeks: CapacityWeek[] = perWeek.map((w, i) => ({
		weekStart: addDays(census, 7 * i),
		bookableMinutes: w.bookable,
		bookedMinutes: w.booked,
		utilisationPct: w.sessions ? pct(w.booked, w.bookable) : null,
		plannedMinutes: planned.find((p) => p.week === i + 1)?.minutes ?? 0
	}));
	const projection = projectWaitingList({
		census,
		weeks: PROJECTION_WEEKS,
		cohorts: cohortRows,
		freeCapacity: perWeek.map((w) => (w.sessions ? w.freePatients : null)),
		referralsPerWeek: rate.referralsPerWeek,
		clockStopsPerWeek: rate.clockStopsPerWeek,
		model
	});

	return {
		census,
		generatedAt: new Date().toISOString(),
		filters,
		tiles: totals,
		planned: {
			patients: planned.reduce((n, p) => n + p.patients, 0),
			unbooked: planned.reduce((n, p) => n + p.unbooked, 0)
		},
		distribution: weeks,
		bySpecialty,
		projection: {
			method: model ? PROJECTION_METHOD.model : PROJECTION_METHOD.inTurn,
			referralsPerWeek: rate.referralsPerWeek,
			weeks: projection
		},
		trend: trendPoints,
		capacity: capacityWeeks,
		attendance
	};
}

/** A minute at most, so the census date and snapshots roll over without a change to trigger them. */
const cache = figureCache<BreachRiskDashboard>('breach-risk', 60_000, 64);

/**
 * The figures, computed once per change for each distinct set of filters however many people
 * are watching: `dashboard:changed` brings every watcher back at once.
 */
export function cachedBreachRisk(
	db: Database,
	filters: DashboardFilters,
	census: string
): Promise<BreachRiskDashboard> {
	return cache.get(db, `${census}?${dashboardQuery(filters)}`, () =>
		breachRisk(db, filters, census)
	);
}
