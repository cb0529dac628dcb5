import { describe, expect, it } from 'vitest';
import { exportFilename, toCsv, type Column } from './exports';

interface Row {
	name: string;
	count: number;
	share: number | null;
}

const columns: Column<Row>[] = [
	{ key: 'name', label: 'Specialty' },
	{ key: 'count', label: 'Patients' },
	{ key: 'share', label: 'Share, %', format: (v) => `${String(v)}%` }
];

describe('toCsv', () => {
	it('writes a header and raw values, one line per row, with CRLF endings', () => {
		expect(toCsv([{ name: 'ENT', count: 12, share: 92.5 }], columns)).toBe(
			'Specialty,Patients,"Share, %"\r\nENT,12,92.5\r\n'
		);
	});

	it('quotes commas, quotes and line breaks, and leaves missing values empty', () => {
		const rows = [{ name: 'Trauma, "T&O"\nward', count: 0, share: null }];
		expect(toCsv(rows, columns).split('\r\n')[1]).toBe('"Trauma, ""T&O""\nward",0,');
	});
});

describe('exportFilename', () => {
	it('names the file by what the chart holds and the date of its figures', () => {
		expect(exportFilename('Long waiters by specialty', '2026-12-07', 'csv')).toBe(
			'long-waiters-by-specialty-2026-12-07.csv'
		);
		expect(exportFilename('Weeks waited', '2026-12-07', 'png')).toBe('weeks-waited-2026-12-07.png');
	});

	it('keeps letters and digits only, so the name is safe on every system', () => {
		expect(exportFilename('Delivered within SLA, by urgency', '2026-12-07', 'svg')).toBe(
			'delivered-within-sla-by-urgency-2026-12-07.svg'
		);
		expect(exportFilename('Patients over 52–65 weeks / “today”', '2026-12-07', 'csv')).toBe(
			'patients-over-52-65-weeks-today-2026-12-07.csv'
		);
	});
});
