import { cachedBreachRisk, parseDashboardFilters } from '$lib/server/dashboards/breachRisk';
import { db } from '$lib/server/db';
import { listSites, listSpecialties } from '$lib/server/reference';
import { trustToday } from '$lib/server/trustCalendar';

/**
 * What the dashboard and its print layout both show: the figures for the URL's filters. A bad
 * filter is a 400 naming it (the pages' `pageLoad` turns it into the error page).
 */
export async function loadBreachRiskView(url: URL) {
	const filters = parseDashboardFilters(url.searchParams);
	const handle = await db();
	const [dashboard, specialties, sites] = await Promise.all([
		cachedBreachRisk(handle, filters, await trustToday(handle)),
		listSpecialties(handle),
		listSites(handle)
	]);
	return { dashboard, specialties, sites };
}
