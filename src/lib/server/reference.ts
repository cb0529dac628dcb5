import { asc } from 'drizzle-orm';
import type { Database } from '../../../db';
import { sites, specialties } from '../../../db/schema';

export function listSpecialties(db: Database): Promise<{ code: string; name: string }[]> {
	return db.select().from(specialties).orderBy(asc(specialties.code));
}

export function listSites(db: Database): Promise<{ id: number; code: string; name: string }[]> {
	return db.select().from(sites).orderBy(asc(sites.name));
}
