import { requireRole } from '$lib/server/guard';
import { DASHBOARD_ROLES } from '$lib/server/roles';
import type { PageServerLoad } from './$types';
import { loadBreachRiskView } from '../view.server';

export const load = (async ({ locals, url }) => {
	requireRole(locals, DASHBOARD_ROLES);
	return loadBreachRiskView(url);
}) satisfies PageServerLoad;
