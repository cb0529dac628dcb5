import { error } from '@sveltejs/kit';
import { database } from '$db';
import { censusDate } from '$lib/domain/rtt';
import {
	cachedBreachRisk,
	DashboardFilterError,
	parseDashboardFilters
} from '$lib/server/dashboards/breachRisk';
import { requireRole } from '$lib/server/guard';
import { listSites, listSpecialties } from '$lib/server/reference';
import { DASHBOARD_ROLES, PTL_ROLES } from '$lib/server/roles';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const user = requireRole(locals, DASHBOARD_ROLES);
	let filters;
	try {
		filters = parseDashboardFilters(url.searchParams);
	} catch (e) {
		if (e instanceof DashboardFilterError) error(400, e.message);
		throw e;
	}
	const { db } = await database();
	const [dashboard, specialties, sites] = await Promise.all([
		cachedBreachRisk(db, filters, censusDate()),
		listSpecialties(db),
		listSites(db)
	]);
	return {
		dashboard,
		specialties,
		sites,
		// patients behind a bar are shown only to those who may see the PTL
		canDrill: PTL_ROLES.includes(user.role)
	};
}) satisfies PageServerLoad;
