import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../../db';
import type { SpecialtyWaits } from '../contracts/overview';
import { clockRunningSql, longWaitSql, within18WeeksSql } from './rttSql';

/**
 * Open pathways by specialty with the national thresholds: aggregates only, so every role may
 * see them.
 */
export async function waitsBySpecialty(db: Database, census: string): Promise<SpecialtyWaits[]> {
	const start = sql`p.clock_start`;
	const long = longWaitSql(start, census);
	const rows = await db.execute<SpecialtyWaits>(sql`
		select p.specialty_code as specialty, s.name,
			count(*)::int as total,
			count(*) filter (where ${within18WeeksSql(start, census)})::int as within18,
			count(*) filter (where ${long.over52})::int as over52,
			count(*) filter (where ${long.over65})::int as over65,
			count(*) filter (where ${long.over78})::int as over78,
			count(*) filter (where ${long.over104})::int as over104,
			count(*) filter (where not exists (
				select 1 from bookings b where b.pathway_id = p.id and b.status = 'booked'))::int as unbooked
		from pathways p join specialties s on s.code = p.specialty_code
		where ${clockRunningSql(sql`p.rtt_status`)}
		group by p.specialty_code, s.name
		order by p.specialty_code`);
	return rowsOf<SpecialtyWaits>(rows);
}
