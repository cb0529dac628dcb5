/**
 * The PTL as a file: every row the filters match, not the page on screen, in the page's order and
 * with its columns; dates in ISO form (a spreadsheet reads them as dates); NHS numbers masked as on
 * the screen (revealing one stays a single, audited action). Each export is audited: who took
 * which list, and how many rows.
 */
import { toCsv, type Column } from '../csv';
import type { Database } from '../../../db';
import { writeAudit } from './audit';
import { AppError } from './errors';
import { parsePtlFilters, queryPtl, WAIT_BANDS, type PtlFilters, type PtlItem } from './ptl';

export const PTL_FORMATS = ['json', 'csv'] as const;
export type PtlFormat = (typeof PTL_FORMATS)[number];

/** Reads `format` (default json) and the filters, which are everything else in the query. */
export function parsePtlQuery(params: URLSearchParams): { format: PtlFormat; filters: PtlFilters } {
	const rest = new URLSearchParams(params);
	const format = rest.get('format') || 'json';
	rest.delete('format');
	if (!(PTL_FORMATS as readonly string[]).includes(format))
		throw new AppError('invalid', `format: one of ${PTL_FORMATS.join(', ')} (it was "${format}")`);
	return { format: format as PtlFormat, filters: parsePtlFilters(rest) };
}

const yesNo = (v: boolean) => (v ? 'yes' : 'no');

const COLUMNS: Column<PtlItem & { overdue: string }>[] = [
	{ key: 'name', label: 'Patient' },
	{ key: 'nhsNumberMasked', label: 'NHS number (masked)' },
	{ key: 'specialty', label: 'Treatment function code' },
	{ key: 'specialtyName', label: 'Specialty' },
	{ key: 'listType', label: 'List' },
	{ key: 'procedure', label: 'Procedure' },
	{ key: 'priority', label: 'Priority' },
	{ key: 'decisionDate', label: 'Decision to admit' },
	{ key: 'priorityDue', label: 'Priority due' },
	{ key: 'overdue', label: 'Priority overdue' },
	{ key: 'clockStart', label: 'Clock start' },
	{ key: 'daysWaited', label: 'Days waited' },
	{ key: 'weekBand', label: 'Weeks waited (band)' },
	{ key: 'rttDeadline', label: '18-week date' },
	{ key: 'validationDue', label: 'Validation due' },
	{ key: 'clinician', label: 'Consultant' },
	{ key: 'bookedDate', label: 'Booked for' }
];

/**
 * A file name that says which list and when: `ptl-120-110-admitted-p2-unbooked-2026-12-07.csv`.
 * Only the filters that narrow the list appear; the date is the census date.
 */
export function ptlFileName(filters: PtlFilters, census: string, format: PtlFormat): string {
	const parts = ['ptl'];
	if (filters.specialty) parts.push(...filters.specialty);
	if (filters.listType) parts.push(filters.listType);
	if (filters.priority?.length) parts.push(...filters.priority.map((p) => p.toLowerCase()));
	if (filters.band) parts.push(`${WAIT_BANDS[filters.band].label}`);
	if (filters.weeks !== undefined) parts.push(`week-${filters.weeks}`);
	if (filters.over !== undefined) parts.push(`over-${filters.over}-weeks`);
	if (filters.rtt) parts.push(filters.rtt === 'within' ? 'within-18-weeks' : 'past-18-weeks');
	if (filters.booked) parts.push(filters.booked);
	if (filters.site !== undefined) parts.push(`site-${filters.site}`);
	if (filters.overdue) parts.push('priority-overdue');
	if (filters.breach) parts.push('breaching-soon');
	if (filters.q) parts.push('search');
	parts.push(census);
	const stem = parts
		.join('-')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return `${stem}.${format}`;
}

/** The whole filtered PTL as CSV, audited as taken by `userId`. */
export async function ptlCsv(
	db: Database,
	filters: PtlFilters,
	census: string,
	userId: number
): Promise<{ filename: string; csv: string; rows: number }> {
	const { items } = await queryPtl(db, filters, census, { whole: true });
	const csv = toCsv(
		items.map((i) => ({ ...i, overdue: yesNo(i.priorityOverdue) })),
		COLUMNS
	);
	const { page: _page, pageSize: _pageSize, ...narrowing } = filters;
	await writeAudit(db, {
		userId,
		action: 'ptl.export',
		entity: 'ptl',
		after: { format: 'csv', census, filters: narrowing, rows: items.length }
	});
	return { filename: ptlFileName(filters, census, 'csv'), csv, rows: items.length };
}
