import { error } from '@sveltejs/kit';
import { database } from '$db';
import { cachedRecordsDashboard, parseRecordsFilters } from '$lib/server/dashboards/records';
import { requireRole } from '$lib/server/guard';
import { WorkflowError } from '$lib/server/records/errors';
import { RECORDS_DASHBOARD_ROLES } from '$lib/server/roles';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	requireRole(locals, RECORDS_DASHBOARD_ROLES);
	try {
		const filters = parseRecordsFilters(url.searchParams);
		return { dashboard: await cachedRecordsDashboard((await database()).db, filters) };
	} catch (e) {
		if (e instanceof WorkflowError) error(e.status, e.message);
		throw e;
	}
}) satisfies PageServerLoad;
