import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../../db';
import { addDays, OPEN_CLOCK_STATUSES } from '../domain/rtt';

export interface SpecialtyWaits {
	specialty: string;
	name: string;
	total: number;
	within18: number;
	over52: number;
	over65: number;
	over78: number;
	over104: number;
	unbooked: number;
}

/**
 * Open pathways by specialty with the national thresholds: aggregates only, so every role may
 * see them. Waits become clock-start bounds (over N weeks ⇔ clock start < census − 7N days).
 */
export async function waitsBySpecialty(db: Database, census: string): Promise<SpecialtyWaits[]> {
	const before = (days: number) => addDays(census, -days);
	const open = sql.join(
		OPEN_CLOCK_STATUSES.map((s) => sql`${s}`),
		sql`, `
	);
	const rows = await db.execute<{
		specialty: string;
		name: string;
		total: number;
		within18: number;
		over52: number;
		over65: number;
		over78: number;
		over104: number;
		unbooked: number;
	}>(sql`
		select p.specialty_code as specialty, s.name,
			count(*)::int as total,
			count(*) filter (where p.clock_start >= ${before(126)}::date)::int as within18,
			count(*) filter (where p.clock_start < ${before(364)}::date)::int as over52,
			count(*) filter (where p.clock_start < ${before(455)}::date)::int as over65,
			count(*) filter (where p.clock_start < ${before(546)}::date)::int as over78,
			count(*) filter (where p.clock_start < ${before(728)}::date)::int as over104,
			count(*) filter (where not exists (
				select 1 from bookings b where b.pathway_id = p.id and b.status = 'booked'))::int as unbooked
		from pathways p join specialties s on s.code = p.specialty_code
		where p.rtt_status in (${open})
		group by p.specialty_code, s.name
		order by p.specialty_code`);
	return rowsOf<SpecialtyWaits>(rows);
}
