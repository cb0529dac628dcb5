/** The summarising backlog now, and the items each summariser completed in the period. */
import { sql, type SQL } from 'drizzle-orm';
import type { SummarisingSummary, SummariserTotal } from '../../../contracts/dashboards/records';
import { mondayOf } from '../../../domain/workingTime';
import { backlogFrom, type BacklogGrain } from '../../records/summarisingBacklog';
import { sum, type Frame } from './frame';

// The backlog now is the one definition every page counts from (records/summarisingBacklog.ts).
export { backlogQuery, type BacklogGrain } from '../../records/summarisingBacklog';

export interface CompletedGrain {
	date: string;
	summariser: string | null;
	n: number;
}

export function completedQuery(f: Frame): SQL {
	return sql`
		select (i.completed_at at time zone ${f.tz}::text)::date::text as date, u.name as summariser,
			count(*)::int as n
		from summarising_items i
		left join users u on u.id = i.completed_by
		where i.status = 'completed'
			and i.completed_at >= ${f.fromInstant}::timestamptz and i.completed_at <= ${f.now}::timestamptz
		group by 1, 2`;
}

export function summarisingFigures(
	backlog: BacklogGrain[],
	completed: CompletedGrain[],
	f: Frame,
	nowMs: number
): SummarisingSummary {
	const week = (date: string) => mondayOf(date);
	const queue = backlogFrom(backlog, nowMs);
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
	return {
		awaiting: queue.awaiting,
		claimed: queue.claimed,
		backlog: queue.total,
		oldestReceivedAt: queue.oldestReceivedAt,
		oldestAgeDays: queue.oldestAgeDays,
		completedInPeriod: sum(bySummariser, (s) => s.completed),
		bySummariser,
		byWeek: f.weeks.flatMap((w) =>
			people.map((summariser) => ({
				weekStart: w,
				summariser,
				completed: perPersonWeek.get(`${w}\u0000${summariser}`) ?? 0
			}))
		)
	};
}
