import { describe, expect, it } from 'vitest';
import { toCsv, type Column } from './csv';

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

	it('writes text a spreadsheet would run as a formula as text, and numbers as numbers', () => {
		const rows = [
			{ name: '=HYPERLINK("http://x")', count: -3, share: null },
			{ name: '+1', count: 1, share: null },
			{ name: '-', count: 1, share: null },
			{ name: '@SUM(A1)', count: 1, share: null },
			{ name: 'Smith-Jones', count: 1, share: null }
		];
		expect(toCsv(rows, columns).split('\r\n').slice(1, 6)).toEqual([
			`"'=HYPERLINK(""http://x"")",-3,`,
			"'+1,1,",
			"'-,1,",
			"'@SUM(A1),1,",
			'Smith-Jones,1,'
		]);
	});
});
