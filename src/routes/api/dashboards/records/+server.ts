import { database } from '$db';
import { cachedRecordsDashboard, parseRecordsFilters } from '$lib/server/dashboards/records';
import { requireRole } from '$lib/server/guard';
import { jsonAction } from '$lib/server/records/http';
import { RECORDS_DASHBOARD_ROLES } from '$lib/server/roles';
import type { RequestHandler } from './$types';

/** The records dashboard's figures: `?siteId=<id>&weeks=<1–52>` (both optional). */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireRole(locals, RECORDS_DASHBOARD_ROLES);
	return jsonAction(async () =>
		cachedRecordsDashboard((await database()).db, parseRecordsFilters(url.searchParams))
	);
};
