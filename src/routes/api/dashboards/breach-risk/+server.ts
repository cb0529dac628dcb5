import { json } from '@sveltejs/kit';
import { database } from '$db';
import { trustToday } from '$lib/server/trustCalendar';
import {
	cachedBreachRisk,
	DashboardFilterError,
	parseDashboardFilters
} from '$lib/server/dashboards/breachRisk';
import { requireAccess } from '$lib/server/guard';
import type { RequestHandler } from './$types';

/** The breach-risk figures as JSON; `specialty`, `listType` and `site` filter them. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireAccess(locals);
	let filters;
	try {
		filters = parseDashboardFilters(url.searchParams);
	} catch (e) {
		if (e instanceof DashboardFilterError) return json({ error: e.message }, { status: 400 });
		throw e;
	}
	const { db } = await database();
	return json(await cachedBreachRisk(db, filters, await trustToday(db)));
};
