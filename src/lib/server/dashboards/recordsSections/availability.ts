/** Availability at clinic: were the notes there by the clinic's start? */
import { sql, type SQL } from 'drizzle-orm';
import {
	pct,
	type Availability,
	type AvailabilityByLocation,
	type AvailabilityBySpecialty,
	type RecordsDashboard
} from '../../../contracts/dashboards/records';
import { addDays } from '../../../domain/rtt';
import { mondayOf, startOfDay } from '../../../domain/workingTime';
import { REQUEST_PLACES, requestAtSite, type Frame } from './frame';
import type { Labels } from './reference';

export interface AvailabilityGrain {
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
export function availabilityQuery(f: Frame): SQL {
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

/** Rolls the (day, specialty, location) counts up to the period, today, weeks, specialties and places. */
export function availabilityFigures(
	avail: AvailabilityGrain[],
	f: Frame,
	{ locationLabel, specialtyName }: Labels
): RecordsDashboard['availability'] {
	const week = (date: string) => mondayOf(date);
	const thisWeek = mondayOf(f.today);
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
	return {
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
	};
}
