/**
 * The PTL as a file (CSV or an Excel workbook): every row the filters match, not the page on screen, in the page's order and
 * with its columns; dates in ISO form (a spreadsheet reads them as dates); NHS numbers masked as on
 * the screen (revealing one stays a single, audited action). Each export is audited: who took
 * which list, and how many rows.
 */
import ExcelJS from 'exceljs';
import { toCsv, type Column } from '../csv';
import { fileName } from '../fileName';
import type { Database } from '../../../db';
import { writeAudit } from './audit';
import { AppError } from './errors';
import { parsePtlFilters, queryPtl, WAIT_BANDS, type PtlFilters, type PtlItem } from './ptl';

export const PTL_FORMATS = ['json', 'csv', 'xlsx'] as const;
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

type Row = PtlItem & { overdue: string };

/** Columns holding ISO dates: typed dates in a workbook. */
const DATES = new Set<keyof Row>([
	'dateOfBirth',
	'decisionDate',
	'priorityDue',
	'clockStart',
	'rttDeadline',
	'validationDue',
	'bookedDate'
]);

const COLUMNS: Column<Row>[] = [
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
	{ key: 'bookedDate', label: 'Booked for' },
	// last, so the columns scripts already read keep their places (issue 12)
	{ key: 'dateOfBirth', label: 'Date of birth' },
	{ key: 'hospitalNumber', label: 'Hospital number' }
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
	if (filters.band) parts.push(WAIT_BANDS[filters.band].label);
	if (filters.weeks !== undefined) parts.push(`week-${filters.weeks}`);
	if (filters.over !== undefined) parts.push(`over-${filters.over}-weeks`);
	if (filters.rtt) parts.push(filters.rtt === 'within' ? 'within-18-weeks' : 'past-18-weeks');
	if (filters.booked) parts.push(filters.booked);
	if (filters.site !== undefined) parts.push(`site-${filters.site}`);
	if (filters.overdue) parts.push('priority-overdue');
	if (filters.breach) parts.push('breaching-soon');
	if (filters.q) parts.push('search');
	parts.push(census);
	return fileName(parts, format);
}

/** A workbook of one sheet: bold header, frozen under a filter, dates as dates, numbers as numbers. */
async function workbook(rows: Row[]): Promise<Uint8Array<ArrayBuffer>> {
	const book = new ExcelJS.Workbook();
	book.creator = 'Waitwise';
	const sheet = book.addWorksheet('PTL', { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = COLUMNS.map((c) => ({
		header: c.label,
		key: c.key,
		width: Math.max(12, c.label.length + 2),
		style: DATES.has(c.key) ? { numFmt: 'dd/mm/yyyy' } : {}
	}));
	sheet.getRow(1).font = { bold: true };
	for (const row of rows) {
		// strings are written as text, never as formulas, so nothing needs escaping here
		sheet.addRow(
			Object.fromEntries(
				COLUMNS.map((c) => {
					const value = row[c.key];
					const date = DATES.has(c.key) && typeof value === 'string';
					return [c.key, date ? new Date(`${value}T00:00:00Z`) : (value ?? null)];
				})
			)
		);
	}
	sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
	return new Uint8Array(await book.xlsx.writeBuffer());
}

const CONTENT_TYPES = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
} as const;

/** The whole filtered PTL as a file, audited as taken by `userId`. */
export async function ptlFile(
	db: Database,
	filters: PtlFilters,
	census: string,
	userId: number,
	format: Exclude<PtlFormat, 'json'>
): Promise<{
	filename: string;
	contentType: string;
	body: string | Uint8Array<ArrayBuffer>;
	rows: number;
}> {
	const { items } = await queryPtl(db, filters, census, { whole: true });
	const rows = items.map((i) => ({ ...i, overdue: yesNo(i.priorityOverdue) }));
	const body = format === 'csv' ? toCsv(rows, COLUMNS) : await workbook(rows);
	const { page: _page, pageSize: _pageSize, ...narrowing } = filters;
	await writeAudit(db, {
		userId,
		action: 'ptl.export',
		entity: 'ptl',
		after: { format, census, filters: narrowing, rows: items.length }
	});
	return {
		filename: ptlFileName(filters, census, format),
		contentType: CONTENT_TYPES[format],
		body,
		rows: items.length
	};
}
