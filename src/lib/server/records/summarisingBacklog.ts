/**
 * The summarising backlog, defined once: every item not yet summarised. Of those, `awaiting`
 * items are in the queue and nobody holds them (the team page's unassigned summarising work);
 * `claimed` items are being summarised by whoever holds them. Completed items are not backlog.
 *
 * The records dashboard, the office display, the summarising queue and the team page all count
 * from here (STYLE.md rule 14), so the same moment gives the same figures on every page: the
 * queue once said 300 where the dashboard said 317, and the team page 0 unassigned.
 *
 * Plain SQL returning integers and float8 only, so PGlite and postgres-js give the same rows.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Executor } from '../../../../db';
import type { SummaryStatus } from '../../../../db/schema';
import { DAY } from '../../domain/workingTime';
import type { SummarisingBacklog } from '../../contracts/records/summarising';

/** In the queue, held by nobody. */
export const UNASSIGNED_STATUS = 'awaiting' satisfies SummaryStatus;
/** Held by a summariser, who is working on it. */
export const HELD_STATUS = 'claimed' satisfies SummaryStatus;

export interface BacklogGrain {
	awaiting: number;
	claimed: number;
	/** Epoch seconds of the oldest item's arrival; null when the backlog is empty. */
	oldest: number | null;
}

/** The backlog now, as one row: trust-wide (summarising is not done by site). */
export const backlogQuery: SQL = sql`
	select count(*) filter (where status = ${UNASSIGNED_STATUS})::int as awaiting,
		count(*) filter (where status = ${HELD_STATUS})::int as claimed,
		extract(epoch from min(received_at))::float8 as oldest
	from summarising_items
	where status in (${UNASSIGNED_STATUS}, ${HELD_STATUS})`;

export function backlogFrom(rows: BacklogGrain[], nowMs: number): SummarisingBacklog {
	const [row] = rows;
	const awaiting = row?.awaiting ?? 0;
	const claimed = row?.claimed ?? 0;
	const oldest = row?.oldest == null ? null : Math.round(row.oldest * 1000);
	return {
		awaiting,
		claimed,
		total: awaiting + claimed,
		oldestReceivedAt: oldest === null ? null : new Date(oldest).toISOString(),
		oldestAgeDays: oldest === null ? null : Math.floor((nowMs - oldest) / DAY)
	};
}

export async function summarisingBacklog(
	db: Executor,
	now: Date = new Date()
): Promise<SummarisingBacklog> {
	return backlogFrom(rowsOf<BacklogGrain>(await db.execute(backlogQuery)), now.getTime());
}

/**
 * The unassigned items (awaiting) by the trust-calendar day they arrived, for the team page's
 * age bands: the same items `awaiting` counts.
 */
export async function unassignedByDay(
	db: Executor,
	timeZone: string
): Promise<{ day: string; n: number }[]> {
	return rowsOf<{ day: string; n: number }>(
		await db.execute(sql`
			select (received_at at time zone ${timeZone}::text)::date::text as day, count(*)::int as n
			from summarising_items
			where status = ${UNASSIGNED_STATUS}
			group by 1
			order by 1`)
	);
}
