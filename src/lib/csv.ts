/**
 * CSV files people open in a spreadsheet: the dashboards' chart exports and the PTL export write
 * through here.
 */

/** A file's columns (for a chart: what its table alternative and its CSV export both show). */
export interface Column<T> {
	key: keyof T & string;
	label: string;
	format?: (value: T[keyof T & string], row: T) => string;
}

/**
 * RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled. Text that a
 * spreadsheet would run as a formula (starting "=", "+", "-", "@", a tab or a carriage return) is
 * written after an apostrophe, which the spreadsheet shows as text: a name or a procedure typed as
 * "=HYPERLINK(…)" must not become a live link in someone's PTL. Numbers are written as numbers.
 */
export function toCsv<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
	const field = (value: unknown): string => {
		let text = value === null || value === undefined ? '' : String(value);
		if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
		return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
	};
	const lines = [columns.map((c) => field(c.label)).join(',')];
	// raw values, not the display format: a spreadsheet wants 92.4, not "92.4%"
	for (const row of rows) lines.push(columns.map((c) => field(row[c.key])).join(','));
	return lines.join('\r\n') + '\r\n';
}
