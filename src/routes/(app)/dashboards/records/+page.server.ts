import { error } from '@sveltejs/kit';
import { database } from '$db';
import { cachedRecordsDashboard, parseRecordsFilters } from '$lib/server/dashboards/records';
import { requirePageAccess } from '$lib/server/guard';
import { WorkflowError } from '$lib/server/records/errors';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	requirePageAccess(locals);
	try {
		const filters = parseRecordsFilters(url.searchParams);
		return { dashboard: await cachedRecordsDashboard((await database()).db, filters) };
	} catch (e) {
		if (e instanceof WorkflowError) error(e.status, e.message);
		throw e;
	}
}) satisfies PageServerLoad;
