/**
 * History for the demand and capacity model (issue 15, "History to calibrate from"), in the
 * calibrate command's format: the trust's own list week by week, rebuilt from its pathways' clock
 * starts and stops by the same rules as the weekly snapshots, and the national statistics month
 * by month for any imported provider (the trust's history before it used Waitwise).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, schema, type Executor } from '../../../db';
import { bandsToMonthBins, MONTHLY_MAX_BIN, type HistoryPeriod } from '../domain/capacity/history';
import { addDays } from '../domain/rtt';
import { LIST_TYPES, type ListType } from '../../../db/schema';
import { AppError } from './errors';
import { openOnSql } from './rttSql';

/**
 * The list a history or plan is for, from `specialty` (our treatment function code) and
 * `listType`, each optional; a bad value is refused naming its field.
 */
export function parseListChoice(params: URLSearchParams): {
	specialty: string | null;
	listType: ListType | null;
} {
	const specialty = params.get('specialty') || null;
	if (specialty !== null && !/^\d{3}$/.test(specialty))
		throw new AppError(
			'invalid',
			`specialty: a treatment function code such as 110, not "${specialty}"`
		);
	const listType = params.get('listType') || null;
	if (listType !== null && !(LIST_TYPES as readonly string[]).includes(listType))
		throw new AppError('invalid', `listType: ${LIST_TYPES.join(' or ')}, not "${listType}"`);
	return { specialty, listType: listType as ListType | null };
}

/** A provider in the national statistics, by its organisation code (`provider`, e.g. RXX). */
export function parseProvider(params: URLSearchParams): string {
	const provider = (params.get('provider') ?? '').toUpperCase();
	if (!/^[A-Z0-9]{3,5}$/.test(provider))
		throw new AppError(
			'invalid',
			`provider: an organisation code such as RXX, not "${params.get('provider') ?? ''}"`
		);
	return provider;
}

/** Weekly bins 0…104: the last is "104 weeks or more". */
export const WEEKLY_MAX_BIN = 104;

export interface OwnHistoryQuery {
	/** The last census (a Monday): the end of the last week. */
	census: string;
	/** Weeks observed after the starting list. */
	weeks: number;
	/** Our treatment function codes; all when empty. */
	specialties: readonly string[];
	listType: ListType | null;
	/** One site's pathways; all when null or left out. */
	siteId?: number | null;
}

/**
 * The list at each Monday by whole weeks waited, the clock starts in the week to it, and the
 * clocks stopped by first definitive treatment (code 30) in it, by the week bin each patient would
 * have reached at the census had they not been treated. Other removals (codes 31–36, validation)
 * are what calibration reads as reneges: the inflow less treatments less the list.
 */
export async function ownWeeklyHistory(db: Executor, q: OwnHistoryQuery): Promise<HistoryPeriod[]> {
	const first = addDays(q.census, -7 * q.weeks);
	const p = schema.pathways;
	const census = sql`c.census`;
	const bin = sql`least((c.census - ${p.clockStart}) / 7, ${sql.raw(String(WEEKLY_MAX_BIN))})`;
	const filter = sql`${q.specialties.length === 0 ? sql`true` : sql`${p.specialtyCode} in ${q.specialties}`}
		and ${q.listType === null ? sql`true` : sql`${p.listType} = ${q.listType}`}
		and ${q.siteId == null ? sql`true` : sql`${p.siteId} = ${q.siteId}`}`;
	const rows = rowsOf<{ census: string; kind: 'w' | 'x' | 'r'; bin: number; n: number }>(
		await db.execute(sql`
			with c as (
				select d::date as census
				from generate_series(${first}::date, ${q.census}::date, interval '7 days') d
			)
			select c.census::text as census, 'w' as kind, ${bin}::int as bin, count(*)::int as n
			from c join ${p} on ${openOnSql(p, census)}
			where ${filter}
			group by 1, 3
			union all
			select c.census::text, 'x', ${bin}::int, count(*)::int
			from c join ${p} on ${p.rttStatus} = '30'
				and ${p.clockStoppedOn} > c.census - 7 and ${p.clockStoppedOn} <= c.census
			where ${filter}
			group by 1, 3
			union all
			select c.census::text, 'r', 0, count(*)::int
			from c join ${p} on ${p.clockStart} > c.census - 7 and ${p.clockStart} <= c.census
			where ${filter}
			group by 1
		`)
	);
	const periods = new Map<string, HistoryPeriod>();
	for (let w = 0; w <= q.weeks; w++) {
		const label = addDays(first, 7 * w);
		periods.set(label, {
			label,
			referrals: 0,
			treatments: new Array<number>(WEEKLY_MAX_BIN + 1).fill(0),
			waiting: new Array<number>(WEEKLY_MAX_BIN + 1).fill(0)
		});
	}
	for (const r of rows) {
		const period = periods.get(r.census)!;
		if (r.kind === 'r') period.referrals = r.n;
		else
			(r.kind === 'w' ? (period.waiting as number[]) : (period.treatments as number[]))[r.bin] +=
				r.n;
	}
	return [...periods.values()];
}

/**
 * A provider's months from the imported national statistics for one national specialty
 * (`C_999` for all): the incomplete list at each month's end, new clock starts, and completed
 * pathways (admitted and not) as treatments, all in month bins by the midpoint rule.
 */
export async function nationalMonthlyHistory(
	db: Executor,
	provider: string,
	specialty: string
): Promise<HistoryPeriod[]> {
	const t = schema.nationalRttTallies;
	const rows = await db
		.select({ period: t.period, part: t.part, bands: t.bands, totalAll: t.totalAll })
		.from(t)
		.where(
			and(
				eq(t.providerCode, provider),
				eq(t.specialty, specialty),
				inArray(t.part, ['incomplete', 'completedAdmitted', 'completedNonAdmitted', 'newPeriods'])
			)
		)
		.orderBy(asc(t.period));
	const periods = new Map<string, HistoryPeriod>();
	const periodOf = (label: string) => {
		let period = periods.get(label);
		if (!period)
			periods.set(
				label,
				(period = {
					label,
					referrals: 0,
					treatments: new Array<number>(MONTHLY_MAX_BIN + 1).fill(0),
					waiting: new Array<number>(MONTHLY_MAX_BIN + 1).fill(0)
				})
			);
		return period;
	};
	for (const r of rows) {
		const period = periodOf(r.period);
		if (r.part === 'newPeriods') period.referrals = r.totalAll ?? 0;
		else {
			const bins = bandsToMonthBins(r.bands);
			const into = (r.part === 'incomplete' ? period.waiting : period.treatments) as number[];
			bins.forEach((n, m) => (into[m] += n));
		}
	}
	return latestRun([...periods.values()]);
}

/** `YYYY-MM` plus `n` calendar months. */
export function addMonths(period: string, n: number): string {
	const [y, m] = period.split('-').map(Number);
	const index = y * 12 + (m - 1) + n;
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Calibration needs consecutive months: the latest run without a gap. */
function latestRun(periods: HistoryPeriod[]): HistoryPeriod[] {
	let from = periods.length - 1;
	while (from > 0 && addMonths(periods[from - 1].label, 1) === periods[from].label) from--;
	return periods.slice(Math.max(from, 0));
}
