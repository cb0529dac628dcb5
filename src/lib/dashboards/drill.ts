import { resolve } from '$app/paths';
import { dashboardQuery, type DashboardFilters } from '../contracts/dashboards/breachRisk';

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

/** The PTL filters only a drill-down sets (the PTL's own form has no control for them). */
export const DRILL_KEYS = ['weeks', 'over', 'site', 'overdue', 'breach'] as const;

/** What a drilled-down PTL is showing, in words, or null when it was not drilled down. */
export function drillDescription(
	params: URLSearchParams,
	siteName: (id: number) => string | undefined
): string | null {
	const parts: string[] = [];
	const weeks = params.get('weeks');
	if (weeks)
		parts.push(
			Number(weeks) >= 105 ? 'waits over 104 weeks' : `waits of ${Number(weeks) - 1}–${weeks} weeks`
		);
	const over = params.get('over');
	if (over) parts.push(`waits over ${over} weeks`);
	const site = params.get('site');
	if (site) parts.push(`listed at ${siteName(Number(site)) ?? `site ${site}`}`);
	if (params.get('overdue') === 'pcode') parts.push('past their P-code target date');
	if (params.get('breach') === 'soon') parts.push('unbooked and breaching 18 weeks within 4 weeks');
	return parts.length ? parts.join(', ') : null;
}

/** The same PTL without the drill-down's own filters. */
export function withoutDrill(params: URLSearchParams): string {
	const kept = new URLSearchParams(params);
	for (const key of DRILL_KEYS) kept.delete(key);
	const query = kept.toString();
	return `${resolve('/(app)/ptl')}${query ? `?${query}` : ''}`;
}
