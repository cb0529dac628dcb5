import { json } from '@sveltejs/kit';
import { cachedBreachRisk, parseDashboardFilters } from '$lib/server/dashboards/breachRisk';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { trustToday } from '$lib/server/trustCalendar';
import type { RequestHandler } from './$types';

/** The breach-risk figures as JSON; `specialty`, `listType` and `site` filter them. */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
	requireAccess(locals);
	const filters = parseDashboardFilters(url.searchParams);
	const handle = await db();
	return json(await cachedBreachRisk(handle, filters, await trustToday(handle)));
});
