import { describe, expect, it } from 'vitest';
import { toCsv, type Column } from './exports';

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
