import { cachedRecordsDashboard, parseRecordsFilters } from '$lib/server/dashboards/records';
import { db } from '$lib/server/db';
import { requirePageAccess } from '$lib/server/guard';
import { pageLoad } from '$lib/server/http/answer';
import type { PageServerLoad } from './$types';

export const load = pageLoad(async ({ locals, url }) => {
	requirePageAccess(locals);
	const filters = parseRecordsFilters(url.searchParams);
	return { dashboard: await cachedRecordsDashboard(await db(), filters) };
}) satisfies PageServerLoad;
