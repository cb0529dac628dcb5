import { database } from '$db';
import { censusDate } from '$lib/domain/rtt';
import { requireRole } from '$lib/server/guard';
import { FilterError, parsePtlFilters, queryPtl, WAIT_BANDS } from '$lib/server/ptl';
import { listSites, listSpecialties } from '$lib/server/reference';
import { BOOKING_ROLES, PTL_ROLES } from '$lib/server/roles';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const user = requireRole(locals, PTL_ROLES);
	const canChangeBookings = BOOKING_ROLES.includes(user.role);
	const { db } = await database();
	const [specialties, sites] = await Promise.all([listSpecialties(db), listSites(db)]);
	const bands = Object.entries(WAIT_BANDS).map(([value, b]) => ({ value, label: b.label }));
	try {
		const filters = parsePtlFilters(url.searchParams);
		return { specialties, sites, bands, canChangeBookings, filterError: null, ptl: await queryPtl(db, filters, censusDate()) };
	} catch (e) {
		if (!(e instanceof FilterError)) throw e;
		return { specialties, sites, bands, canChangeBookings, filterError: e.message, ptl: null };
	}
}) satisfies PageServerLoad;
