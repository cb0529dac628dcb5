import { error } from '@sveltejs/kit';
import { database } from '$db';
import { trustToday } from '$lib/server/trustCalendar';
import {
	cachedBreachRisk,
	DashboardFilterError,
	parseDashboardFilters
} from '$lib/server/dashboards/breachRisk';
import { listSites, listSpecialties } from '$lib/server/reference';

/** What the dashboard and its print layout both show: the figures for the URL's filters. */
export async function loadBreachRiskView(url: URL) {
	let filters;
	try {
		filters = parseDashboardFilters(url.searchParams);
	} catch (e) {
		if (e instanceof DashboardFilterError) error(400, `Those filters are not valid: ${e.message}`);
		throw e;
	}
	const { db } = await database();
	const [dashboard, specialties, sites] = await Promise.all([
		cachedBreachRisk(db, filters, await trustToday(db)),
		listSpecialties(db),
		listSites(db)
	]);
	return { dashboard, specialties, sites };
}
