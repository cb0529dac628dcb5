import { database } from '$db';
import { endpointEntry, mayUse } from '$lib/access';
import { trustToday } from '$lib/server/trustCalendar';
import { requirePageAccess } from '$lib/server/guard';
import { FilterError, parsePtlFilters, queryPtl, WAIT_BANDS } from '$lib/server/ptl';
import { listSites, listSpecialties } from '$lib/server/reference';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const user = requirePageAccess(locals);
	const canChangeBookings = mayUse(endpointEntry('/api/bookings/[id=id]/move', 'POST')!, user.role);
	const { db } = await database();
	const [specialties, sites] = await Promise.all([listSpecialties(db), listSites(db)]);
	const bands = Object.entries(WAIT_BANDS).map(([value, b]) => ({ value, label: b.label }));
	try {
		const filters = parsePtlFilters(url.searchParams);
		return {
			specialties,
			sites,
			bands,
			canChangeBookings,
			filterError: null,
			ptl: await queryPtl(db, filters, await trustToday(db))
		};
	} catch (e) {
		if (!(e instanceof FilterError)) throw e;
		return { specialties, sites, bands, canChangeBookings, filterError: e.message, ptl: null };
	}
}) satisfies PageServerLoad;
