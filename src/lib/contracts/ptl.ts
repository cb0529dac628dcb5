/**
 * The PTL's orders, shared by the page (its column headers and sort menu) and the server
 * (server/ptl.ts builds each ORDER BY). One per column but the NHS number, which is masked:
 * `priority` is treat in turn; `wait` (clock start, weeks waited) the longest wait first;
 * `deadline` the earliest RTT deadline first; the others by their column, treat in turn among
 * equals. `dir=desc` reverses the column; empty values (no procedure, no validation due,
 * unbooked) stay last either way.
 */
export const PTL_SORTS = [
	'priority',
	'wait',
	'deadline',
	'name',
	'specialty',
	'procedure',
	'validation',
	'booked'
] as const;
export type PtlSort = (typeof PTL_SORTS)[number];

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** The sort menu's words for each order, in its natural direction. */
export const PTL_SORT_LABELS: Record<PtlSort, string> = {
	priority: 'Priority, then longest wait',
	wait: 'Longest wait',
	deadline: 'RTT deadline, earliest first',
	name: 'Name',
	specialty: 'Specialty',
	procedure: 'Procedure',
	validation: 'Validation due, earliest first',
	booked: 'Booked date, earliest first'
};

/**
 * The rows a PTL page can hold (issue 12: up to 500, as the spreadsheet's screenful), offered by
 * the page's menu and the only sizes `pageSize` takes, on the page and from the API.
 */
export const PTL_PAGE_SIZES = [25, 50, 100, 200, 500] as const;
export type PtlPageSize = (typeof PTL_PAGE_SIZES)[number];
export const PTL_DEFAULT_PAGE_SIZE: PtlPageSize = 50;
