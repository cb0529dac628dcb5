import { requirePageAccess } from '$lib/server/guard';
import { pageLoad } from '$lib/server/http/answer';
import type { PageServerLoad } from './$types';
import { loadBreachRiskView } from '../view.server';

export const load = pageLoad(async ({ locals, url }) => {
	requirePageAccess(locals);
	return loadBreachRiskView(url);
}) satisfies PageServerLoad;
