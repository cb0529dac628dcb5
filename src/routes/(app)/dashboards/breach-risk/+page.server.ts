import { mayUse, pageEntry } from '$lib/access';
import { requirePageAccess } from '$lib/server/guard';
import { pageLoad } from '$lib/server/http/answer';
import type { PageServerLoad } from './$types';
import { loadBreachRiskView } from './view.server';

export const load = pageLoad(async ({ locals, url }) => {
	const user = requirePageAccess(locals);
	return {
		...(await loadBreachRiskView(url)),
		// patients behind a bar are shown only to those who may see the PTL
		canDrill: mayUse(pageEntry('/(app)/ptl')!, user.role),
		canBenchmark: mayUse(pageEntry('/(app)/dashboards/benchmark')!, user.role)
	};
}) satisfies PageServerLoad;
