import { requirePageAccess } from '$lib/server/guard';
import type { PageServerLoad } from './$types';
import { loadBreachRiskView } from '../view.server';

export const load = (async ({ locals, url }) => {
	requirePageAccess(locals);
	return loadBreachRiskView(url);
}) satisfies PageServerLoad;
