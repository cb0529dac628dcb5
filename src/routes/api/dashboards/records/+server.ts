import { json } from '@sveltejs/kit';
import { cachedRecordsDashboard, parseRecordsFilters } from '$lib/server/dashboards/records';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import type { RequestHandler } from './$types';

/** The records dashboard's figures: `?siteId=<id>&weeks=<1–52>` (both optional). */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
	requireAccess(locals);
	const filters = parseRecordsFilters(url.searchParams);
	return json(await cachedRecordsDashboard(await db(), filters));
});
