/**
 * The national RTT statistics in our database: storing an import, and reading a month back as
 * England, the trust, its peers and the trust's own list recomputed by the same definitions.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, schema, type Executor } from '../../../db';
import {
	emptyTally,
	nationalSpecialty,
	partFigures,
	sumTallies,
	TOTAL_SPECIALTY,
	type PartFigures,
	type RttPart,
	type Tally,
	type TallyEntry
} from '../domain/nationalRtt';
import { addDays } from '../domain/rtt';
import { openOnSql, weekBandSql } from './rttSql';

const { nationalRttTallies: tallies, pathways } = schema;

export interface StoreResult {
	periods: string[];
	providers: number;
	replaced: number;
	inserted: number;
}

/**
 * Replaces the months and providers `entries` bring: importing the same file twice leaves the
 * same rows, and a revised month replaces the first publication.
 */
export async function storeNationalRtt(
	db: Executor,
	entries: Iterable<TallyEntry>
): Promise<StoreResult> {
	const rows = [...entries].map((e) => ({
		period: e.period,
		providerCode: e.code,
		providerName: e.name,
		specialty: e.specialty,
		part: e.part,
		bands: e.tally.bands,
		total: e.tally.total,
		unknownStart: e.tally.unknownStart,
		totalAll: e.tally.totalAll
	}));
	const byPeriod = new Map<string, Set<string>>();
	for (const r of rows) {
		let providers = byPeriod.get(r.period);
		if (!providers) byPeriod.set(r.period, (providers = new Set()));
		providers.add(r.providerCode);
	}
	return db.transaction(async (tx) => {
		let replaced = 0;
		for (const [period, providers] of byPeriod) {
			const gone = await tx
				.delete(tallies)
				.where(and(eq(tallies.period, period), inArray(tallies.providerCode, [...providers])))
				.returning({ period: tallies.period });
			replaced += gone.length;
		}
		for (let i = 0; i < rows.length; i += 500)
			await tx.insert(tallies).values(rows.slice(i, i + 500));
		return {
			periods: [...byPeriod.keys()].sort(),
			providers: new Set(rows.map((r) => r.providerCode)).size,
			replaced,
			inserted: rows.length
		};
	});
}

export interface ProviderFigures extends PartFigures {
	code: string;
	name: string;
}

export interface Benchmark {
	period: string;
	specialty: string;
	/** Every provider in the month, for choosing peers. */
	providers: { code: string; name: string }[];
	england: PartFigures;
	/** The providers asked for, in the order asked, where the month has them. */
	compared: ProviderFigures[];
}

function toTally(r: {
	bands: (number | null)[];
	total: number | null;
	unknownStart: number | null;
	totalAll: number | null;
}): Tally {
	return { bands: r.bands, total: r.total, unknownStart: r.unknownStart, totalAll: r.totalAll };
}

/** The months imported, newest first. */
export async function importedPeriods(db: Executor): Promise<string[]> {
	const rows = await db
		.selectDistinct({ period: tallies.period })
		.from(tallies)
		.orderBy(sql`${tallies.period} desc`);
	return rows.map((r) => r.period);
}

/** Every provider imported in any month, by name (the latest name a code was imported with). */
export async function nationalProviders(db: Executor): Promise<{ code: string; name: string }[]> {
	const rows = await db
		.selectDistinctOn([tallies.providerCode], {
			code: tallies.providerCode,
			name: tallies.providerName
		})
		.from(tallies)
		.orderBy(tallies.providerCode, sql`${tallies.period} desc`);
	return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** One month and specialty (`C_999` for all) for England and the providers in `codes`. */
export async function benchmark(
	db: Executor,
	period: string,
	specialty: string,
	codes: readonly string[]
): Promise<Benchmark> {
	const rows = await db
		.select()
		.from(tallies)
		.where(and(eq(tallies.period, period), eq(tallies.specialty, specialty)));
	const byProvider = new Map<string, { name: string; parts: Map<RttPart, Tally> }>();
	const byPart = new Map<RttPart, Tally[]>();
	for (const r of rows) {
		const part = r.part as RttPart;
		let p = byProvider.get(r.providerCode);
		if (!p) byProvider.set(r.providerCode, (p = { name: r.providerName, parts: new Map() }));
		p.parts.set(part, toTally(r));
		let list = byPart.get(part);
		if (!list) byPart.set(part, (list = []));
		list.push(toTally(r));
	}
	const england = new Map<RttPart, Tally>();
	for (const [part, list] of byPart) england.set(part, sumTallies(list));
	return {
		period,
		specialty,
		providers: [...byProvider]
			.map(([code, p]) => ({ code, name: p.name }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		england: partFigures(england),
		compared: codes.flatMap((code) => {
			const p = byProvider.get(code);
			return p ? [{ code, name: p.name, ...partFigures(p.parts) }] : [];
		})
	};
}

/** The last day of a `YYYY-MM` month. */
export function monthEnd(period: string): string {
	const [y, m] = period.split('-').map(Number);
	const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
	return addDays(next, -1);
}

/**
 * The trust's own list for a month, by its own treatment function and part, from its pathways by
 * the national definitions: the list open at the month's end by week band (with a decision to
 * admit: the admitted list), the clocks stopped by treatment in the month (admitted or not) by
 * weeks waited, and the clocks started in it.
 */
export async function ownTallies(
	db: Executor,
	period: string
): Promise<{ specialty: string; part: RttPart; tally: Tally }[]> {
	const end = monthEnd(period);
	const start = `${period}-01`;
	const p = pathways;
	const rows = rowsOf<{ specialty: string; part: RttPart; band: number; n: number }>(
		await db.execute(sql`
			select ${p.specialtyCode} as specialty, 'incomplete' as part,
				${weekBandSql(p.clockStart, end)}::int as band, count(*)::int as n
			from ${p} where ${openOnSql(p, end)}
			group by 1, 3
			union all
			select ${p.specialtyCode}, 'incompleteWithDta',
				${weekBandSql(p.clockStart, end)}::int, count(*)::int
			from ${p} where ${openOnSql(p, end)} and ${p.listType} = 'admitted'
			group by 1, 3
			union all
			select ${p.specialtyCode},
				case when ${p.listType} = 'admitted' then 'completedAdmitted' else 'completedNonAdmitted' end,
				${weekBandSql(p.clockStart, p.clockStoppedOn)}::int, count(*)::int
			from ${p}
			where ${p.rttStatus} = '30' and ${p.clockStoppedOn} between ${start}::date and ${end}::date
			group by 1, 2, 3
			union all
			select ${p.specialtyCode}, 'newPeriods', 0, count(*)::int
			from ${p} where ${p.clockStart} between ${start}::date and ${end}::date
			group by 1
		`)
	);
	const tallies = new Map<string, { specialty: string; part: RttPart; tally: Tally }>();
	for (const r of rows) {
		const key = `${r.specialty}|${r.part}`;
		let t = tallies.get(key)?.tally;
		if (!t) {
			t = emptyTally();
			tallies.set(key, { specialty: r.specialty, part: r.part, tally: t });
		}
		t.totalAll = (t.totalAll ?? 0) + r.n;
		if (r.part !== 'newPeriods') {
			t.total = (t.total ?? 0) + r.n;
			t.bands[r.band - 1] = (t.bands[r.band - 1] ?? 0) + r.n;
		}
	}
	return [...tallies.values()];
}

/** The trust's own figures for a month and national specialty (`C_999` for all). */
export async function ownFigures(
	db: Executor,
	period: string,
	specialty: string
): Promise<PartFigures> {
	const byPart = new Map<RttPart, Tally[]>();
	for (const t of await ownTallies(db, period)) {
		if (specialty !== TOTAL_SPECIALTY && nationalSpecialty(t.specialty) !== specialty) continue;
		let list = byPart.get(t.part);
		if (!list) byPart.set(t.part, (list = []));
		list.push(t.tally);
	}
	return partFigures(new Map([...byPart].map(([part, list]) => [part, sumTallies(list)])));
}
