import { database } from '$db';
import { cachedRecordsDashboard, parseRecordsFilters } from '$lib/server/dashboards/records';
import { requireAccess } from '$lib/server/guard';
import { jsonAction } from '$lib/server/records/http';
import type { RequestHandler } from './$types';

/** The records dashboard's figures: `?siteId=<id>&weeks=<1–52>` (both optional). */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireAccess(locals);
	return jsonAction(async () =>
		cachedRecordsDashboard((await database()).db, parseRecordsFilters(url.searchParams))
	);
};
