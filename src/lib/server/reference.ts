import { asc } from 'drizzle-orm';
import type { Database } from '../../../db';
import { specialties } from '../../../db/schema';

export function listSpecialties(db: Database): Promise<{ code: string; name: string }[]> {
	return db.select().from(specialties).orderBy(asc(specialties.code));
}
