/** The summarising backlog now, and the items each summariser completed in the period. */
import { sql, type SQL } from 'drizzle-orm';
import type { SummarisingSummary, SummariserTotal } from '../../../contracts/dashboards/records';
import { DAY, mondayOf } from '../../../domain/workingTime';
import { sum, type Frame } from './frame';

export interface BacklogGrain {
	awaiting: number;
	claimed: number;
	oldest: number | null;
}

/** The summarising backlog now: trust-wide (summarising is not done by site). */
export const backlogQuery = sql`
	select count(*) filter (where status = 'awaiting')::int as awaiting,
		count(*) filter (where status = 'claimed')::int as claimed,
		extract(epoch from min(received_at))::float8 as oldest
	from summarising_items
	where status in ('awaiting', 'claimed')`;

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
	return {
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
	};
}
