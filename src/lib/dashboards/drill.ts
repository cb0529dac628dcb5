import { resolve } from '$app/paths';
import { dashboardQuery, type DashboardFilters } from './breachRisk';

/**
 * The PTL rows behind a figure: the dashboard's filters plus the figure's own condition, as PTL
 * query parameters (`src/lib/server/ptl.ts` applies the same conditions the dashboard counts).
 */
export function ptlHref(
	filters: DashboardFilters,
	condition: Record<string, string | number>
): string {
	const params = new URLSearchParams(dashboardQuery(filters));
	for (const [key, value] of Object.entries(condition)) params.set(key, String(value));
	params.set('sort', 'wait');
	return `${resolve('/(app)/ptl')}?${params}`;
}
