import { json } from '@sveltejs/kit';
import { censusDate } from '$lib/domain/rtt';
import { cachedBreachRisk, parseDashboardFilters } from '$lib/server/dashboards/breachRisk';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import type { RequestHandler } from './$types';

/** The breach-risk figures as JSON; `specialty`, `listType` and `site` filter them. */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
	requireAccess(locals);
	const filters = parseDashboardFilters(url.searchParams);
	return json(await cachedBreachRisk(await db(), filters, censusDate()));
});
