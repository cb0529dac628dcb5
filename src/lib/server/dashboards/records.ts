/**
 * The records dashboard's figures (DOMAIN.md, "Health records"): availability at clinic,
 * retrieval turnaround against the SLA, outstanding requests, missing and temporary notes,
 * filing turnaround and the summarising backlog. Each section is one aggregate query, grouped to
 * the finest grain a chart needs (a day, a place, a person), and one roll-up to weeks and totals;
 * both live in the section's file in recordsSections/, so a section is changed in one place.
 * This module parses the filters, runs the queries together (timed, for the benchmark) and
 * assembles the sections.
 *
 * Every query is plain SQL through `db.execute` and returns text, integers and float8 only, so
 * PGlite and postgres-js give the same rows. Instants are compared as instants (so indexes
 * help) and turned into the trust's calendar dates with its time zone.
 */
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema, parseInput } from '../input';
import type { Database } from '../../../../db';
import {
	PERIOD_WEEKS,
	type RecordsDashboard,
	type RecordsFilters,
	type SiteChoice
} from '../../contracts/dashboards/records';
import { AppError } from '../errors';
import { readRecordsSettings } from '../records/settings';
import { figureCache } from './figureCache';
import {
	availabilityFigures,
	availabilityQuery,
	type AvailabilityGrain
} from './recordsSections/availability';
import { filingFigures, filingQuery, type FilingGrain } from './recordsSections/filing';
import { frameFor, type Frame } from './recordsSections/frame';
import { eventsQuery, missingFigures, type EventGrain } from './recordsSections/missing';
import { openQuery, outstandingFigures, type OpenGrain } from './recordsSections/outstanding';
import {
	labelsFrom,
	placesQuery,
	sitesQuery,
	specialtiesQuery,
	type PlaceRow
} from './recordsSections/reference';
import {
	backlogQuery,
	completedQuery,
	summarisingFigures,
	type BacklogGrain,
	type CompletedGrain
} from './recordsSections/summarising';
import {
	turnaroundQuery,
	turnaroundFigures,
	type TurnaroundGrain
} from './recordsSections/turnaround';

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
	const labels = labelsFrom(places, specialties);
	const nowMs = now.getTime();
	const { outstanding, openNow } = outstandingFigures(open, labels);

	return {
		figures: {
			generatedAt: now.toISOString(),
			today: f.today,
			timeZone: f.tz,
			filters: { ...filters },
			period: { from: f.from, to: f.today, weeks: f.weeks },
			sites,
			sla: { ...settings.sla },
			availability: availabilityFigures(avail, f, labels),
			turnaround: turnaroundFigures(turnaround, f),
			outstanding,
			missing: missingFigures(events, f, openNow, nowMs),
			filing: filingFigures(filing, f, openNow),
			summarising: summarisingFigures(backlog, completed, f, nowMs)
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
