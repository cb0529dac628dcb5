import { endpointEntry, mayUse } from '$lib/access';
import { db } from '$lib/server/db';
import { requirePageAccess } from '$lib/server/guard';
import { ptlPage, WAIT_BANDS } from '$lib/server/ptl';
import { listSites, listSpecialties } from '$lib/server/reference';
import { trustToday } from '$lib/server/trustCalendar';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const user = requirePageAccess(locals);
	const canChangeBookings = mayUse(endpointEntry('/api/bookings/[id=id]/move', 'POST')!, user.role);
	const handle = await db();
	const [specialties, sites, found] = await Promise.all([
		listSpecialties(handle),
		listSites(handle),
		ptlPage(handle, url.searchParams, await trustToday(handle))
	]);
	const bands = Object.entries(WAIT_BANDS).map(([value, b]) => ({ value, label: b.label }));
	return { specialties, sites, bands, canChangeBookings, ...found };
}) satisfies PageServerLoad;
