/**
 * Outstanding requests now, by age and place. The same counts give the missing and temporary
 * notes still open and the returned notes waiting to be filed, which the missing and filing
 * sections show.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
	AGE_BANDS,
	type AgeCounts,
	type RecordsDashboard
} from '../../../contracts/dashboards/records';
import { CLOSED_STATUSES } from '../../../domain/caseNoteLifecycle';
import { REQUEST_PLACES, requestAtSite, sum, type Frame } from './frame';
import type { Labels } from './reference';

export interface OpenGrain {
	location_id: number | null;
	band: number;
	status: string;
	n: number;
	filing_overdue: number;
	/** Epoch seconds of the oldest temporary notes in the group, if any. */
	oldest_temporary: number | null;
}

/**
 * Open requests (not CLOSED_STATUSES) whose pull day has come, by where the notes are
 * (else their home), age band and status: the outstanding chart, the missing and temporary notes still open, and
 * the returned notes waiting to be filed all come from these counts. The team page's case-note
 * work (records/team.ts) is the same set, written there with drizzle's columns: change both
 * together (tests/integration/records-counts.spec.ts checks they agree).
 */
export function openQuery(f: Frame): SQL {
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
	const closed = sql.join(
		CLOSED_STATUSES.map((s) => sql`${s}`),
		sql`, `
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
		where r.status not in (${closed}) and ${requestAtSite(f)}
			and (r.pull_on is null or r.pull_on <= ${f.today}::date)
		group by 1, 2, 3`;
}

function zeroAges(): AgeCounts {
	return Object.fromEntries(AGE_BANDS.map((b) => [b.key, 0])) as AgeCounts;
}

/** What the open requests say to the missing and filing sections. */
export interface OpenNow {
	missingNow: number;
	mergeBacklog: number;
	/** Epoch seconds of the oldest temporary notes still open, if any. */
	oldestTemporary: number | null;
	awaitingFiling: number;
	filingOverdue: number;
}

/** The outstanding section, and the open missing, temporary and returned notes. */
export function outstandingFigures(
	open: OpenGrain[],
	{ locationLabel }: Labels
): { outstanding: RecordsDashboard['outstanding']; openNow: OpenNow } {
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
	return {
		outstanding: {
			total: sum(AGE_BANDS.slice(), (b) => ageTotals[b.key]),
			byAge: AGE_BANDS.map((b) => ({ key: b.key, band: b.label, count: ageTotals[b.key] })),
			byLocation: [...openByLocation]
				.map(([id, counts]) => ({ ...locationLabel(id), ...counts }))
				.sort(
					(a, b) =>
						b.total - a.total || `${a.site} ${a.location}`.localeCompare(`${b.site} ${b.location}`)
				)
		},
		openNow: { missingNow, mergeBacklog, oldestTemporary, awaitingFiling, filingOverdue }
	};
}
