import { cachedBreachRisk, parseDashboardFilters } from '$lib/server/dashboards/breachRisk';
import { db } from '$lib/server/db';
import { AppError, isAppError } from '$lib/server/errors';
import { listSites, listSpecialties } from '$lib/server/reference';
import { trustToday } from '$lib/server/trustCalendar';

/**
 * What the dashboard and its print layout both show: the figures for the URL's filters. A bad
 * filter is a 400 naming it, said as a person reads it on the error page (the pages' `pageLoad`
 * turns it into that page); the JSON endpoint names the filter alone.
 */
export async function loadBreachRiskView(url: URL) {
	const filters = filtersFrom(url);
	const handle = await db();
	const [dashboard, specialties, sites] = await Promise.all([
		cachedBreachRisk(handle, filters, await trustToday(handle)),
		listSpecialties(handle),
		listSites(handle)
	]);
	return { dashboard, specialties, sites };
}

function filtersFrom(url: URL) {
	try {
		return parseDashboardFilters(url.searchParams);
	} catch (e) {
		if (isAppError(e) && e.kind === 'invalid')
			throw new AppError('invalid', `Those filters are not valid: ${e.message}`);
		throw e;
	}
}
