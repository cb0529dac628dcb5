/** The sites to filter by, and the names of places and specialties the other sections label. */
import { sql } from 'drizzle-orm';

export interface PlaceRow {
	id: number;
	name: string;
	site: string;
}

export const sitesQuery = sql`select id, code, name from sites order by code`;
export const placesQuery = sql`
	select l.id, l.name, s.code as site from locations l join sites s on s.id = l.site_id`;
export const specialtiesQuery = sql`select code, name from specialties`;

const NO_LOCATION = 'No location recorded';

/** How the sections name a location (with its site) and a specialty. */
export interface Labels {
	locationLabel: (id: number | null) => { location: string; site: string };
	specialtyName: Map<string, string>;
}

export function labelsFrom(
	places: PlaceRow[],
	specialties: { code: string; name: string }[]
): Labels {
	const place = new Map(places.map((p) => [p.id, p]));
	const specialtyName = new Map(specialties.map((s) => [s.code, s.name]));
	const locationLabel = (id: number | null) =>
		id === null
			? { location: NO_LOCATION, site: '' }
			: { location: place.get(id)?.name ?? NO_LOCATION, site: place.get(id)?.site ?? '' };
	return { locationLabel, specialtyName };
}
