/**
 * Weekly snapshots of the waiting list for the trend chart: one row per specialty, list type and
 * site at each Monday's census. A snapshot is reconstructed "as at" its census date from the
 * pathways' clock starts and stops and the bookings' history, so a missed week (server down over
 * a Monday) or a new installation's first weeks can be filled in, and every snapshot means the
 * same thing however late it was taken. Rows are written once and never changed.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../../../db';
import { addDays } from '../../domain/rtt';
import { markDashboardsStale } from './live';
import { longWaitSql, openOnSql, priorityDueSql, within18WeeksSql } from '../rttSql';
import { logFailure } from '../log';
import { trustDateSql, trustDay, type TrustDay } from '../trustCalendar';

/** Weeks of history kept filled in. */
export const SNAPSHOT_WEEKS = 26;
/** How often the server looks for a new week to snapshot. */
const CHECK_EVERY_MS = 60 * 60 * 1000;

/**
 * Writes the snapshot for one census date unless it exists; returns the rows written. Open at a
 * date ⇔ the clock had started and had not yet stopped (still open now, or stopped after it).
 * `timeZone` is the trust's: it says on which day a booking was made or cancelled.
 */
export async function takeSnapshot(
	db: Database,
	census: string,
	timeZone: string
): Promise<number> {
	const d = sql`${census}::date`;
	const start = sql`o.clock_start`;
	const long = longWaitSql(start, census);
	const result = await db.execute(sql`
		with live as (
			-- each pathway's booking as it stood that day: made by then, not yet cancelled or done
			select distinct on (b.pathway_id) b.pathway_id, s.date as booked_date
			from bookings b join sessions s on s.id = b.session_id
			where ${trustDateSql(sql`b.booked_at`, timeZone)} <= ${d}
				and (b.status = 'booked' or ${trustDateSql(sql`b.status_changed_at`, timeZone)} > ${d})
			order by b.pathway_id, b.booked_at desc
		), open as (
			select p.specialty_code, p.list_type, p.site_id, p.clock_start, l.booked_date,
				${priorityDueSql(sql`p.decision_date`, sql`p.priority`)} as due_date
			from pathways p
			left join live l on l.pathway_id = p.id
			where ${openOnSql(
				{
					clockStart: sql`p.clock_start`,
					rttStatus: sql`p.rtt_status`,
					clockStoppedOn: sql`p.clock_stopped_on`
				},
				census
			)}
		)
		insert into waitlist_snapshots (census, specialty_code, list_type, site_id, total, within_18,
			over_52, over_65, over_78, over_104, pcode_overdue, unbooked)
		select ${d}, o.specialty_code, o.list_type, o.site_id, count(*)::int,
			count(*) filter (where ${within18WeeksSql(start, census)})::int,
			count(*) filter (where ${long.over52})::int,
			count(*) filter (where ${long.over65})::int,
			count(*) filter (where ${long.over78})::int,
			count(*) filter (where ${long.over104})::int,
			count(*) filter (where o.due_date < ${d} and not coalesce(o.booked_date <= o.due_date, false))::int,
			count(*) filter (where o.booked_date is null)::int
		from open o
		group by o.specialty_code, o.list_type, o.site_id
		on conflict do nothing
		returning 1`);
	return rowsOf(result).length;
}

/** Fills in any of the last `weeks` Mondays (up to this week's) that have no snapshot yet. */
export async function fillSnapshots(
	db: Database,
	day: TrustDay,
	weeks = SNAPSHOT_WEEKS
): Promise<string[]> {
	const latest = day.monday;
	const wanted = Array.from({ length: weeks }, (_, i) => addDays(latest, -7 * i));
	const have = new Set(
		rowsOf<{ census: string }>(
			await db.execute(
				sql`select distinct census::text as census from waitlist_snapshots where census >= ${wanted[wanted.length - 1]}::date`
			)
		).map((r) => r.census)
	);
	const taken: string[] = [];
	for (const census of wanted.filter((c) => !have.has(c)).sort()) {
		if ((await takeSnapshot(db, census, day.timeZone)) > 0) taken.push(census);
	}
	if (taken.length) markDashboardsStale('waitlist');
	return taken;
}

/** Keeps the snapshots filled while the server runs: at start, then hourly. */
export function startSnapshotService(db: Database, log: (message: string) => void = console.log) {
	let running: Promise<unknown> = Promise.resolve();
	const check = () => {
		running = trustDay(db)
			.then((day) => fillSnapshots(db, day))
			.then((taken) => {
				if (taken.length)
					log(`Waiting-list snapshots taken for ${taken.length} week(s), latest ${taken.at(-1)}`);
			})
			.catch((err: unknown) => logFailure('waiting-list snapshot failed', {}, err));
	};
	check();
	const timer = setInterval(check, CHECK_EVERY_MS);
	timer.unref();
	return {
		async close() {
			clearInterval(timer);
			await running;
		}
	};
}
