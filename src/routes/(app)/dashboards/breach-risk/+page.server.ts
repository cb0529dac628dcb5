import { requireRole } from '$lib/server/guard';
import { DASHBOARD_ROLES, PTL_ROLES } from '$lib/server/roles';
import type { PageServerLoad } from './$types';
import { loadBreachRiskView } from './view.server';

export const load = (async ({ locals, url }) => {
	const user = requireRole(locals, DASHBOARD_ROLES);
	return {
		...(await loadBreachRiskView(url)),
		// patients behind a bar are shown only to those who may see the PTL
		canDrill: PTL_ROLES.includes(user.role)
	};
}) satisfies PageServerLoad;
