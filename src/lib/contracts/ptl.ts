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
