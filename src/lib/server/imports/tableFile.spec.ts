import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable, tableKind, type TableRow } from './tableFile';

const dir = mkdtempSync(join(tmpdir(), 'waitwise-table-'));
function file(name: string, content: string | Buffer): string {
	const path = join(dir, name);
	writeFileSync(path, content);
	return path;
}

async function rows(path: string): Promise<TableRow[]> {
	const all: TableRow[] = [];
	for await (const row of readTable(path)) all.push(row);
	return all;
}

describe('readTable: CSV', () => {
	it('reads quoted commas and newlines, a BOM and blank lines, numbering lines as in the file', async () => {
		const path = file(
			'a.csv',
			'\uFEFFid,name,note\r\n1,"SMITH, Ann",x\r\n\r\n2,Bob,"two\nlines"\n3,Cy,z\n'
		);
		expect(await rows(path)).toEqual([
			{ line: 1, cells: ['id', 'name', 'note'] },
			{ line: 2, cells: ['1', 'SMITH, Ann', 'x'] },
			{ line: 4, cells: ['2', 'Bob', 'two\nlines'] },
			{ line: 6, cells: ['3', 'Cy', 'z'] }
		]);
	});

	it('refuses a CSV it cannot parse, naming the line', async () => {
		const path = file('bad.csv', 'id,name\n1,"unclosed\n');
		await expect(rows(path)).rejects.toThrow(
			/bad\.csv cannot be read as CSV at line 2: Quote Not Closed/
		);
	});
});

describe('readTable: XLSX', () => {
	it('streams the first worksheet; dates as ISO, numbers as text, formulas as their result', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('PTL');
		sheet.addRow(['nhs_number', 'person_birth_date', 'name', 'minutes']);
		sheet.addRow([
			9434765919,
			new Date(Date.UTC(1970, 4, 4)),
			'Ann',
			{ formula: '30+15', result: 45 }
		]);
		sheet.addRow([]);
		sheet.addRow(['9434765919', '04/05/1970', { richText: [{ text: 'B' }, { text: 'ob' }] }, 30]);
		workbook.addWorksheet('Other').addRow(['ignored']);
		const path = join(dir, 'a.xlsx');
		await workbook.xlsx.writeFile(path);
		expect(await tableKind(path)).toBe('xlsx');
		expect(await rows(path)).toEqual([
			{ line: 1, cells: ['nhs_number', 'person_birth_date', 'name', 'minutes'] },
			{ line: 2, cells: ['9434765919', '1970-05-04', 'Ann', '45'] },
			{ line: 4, cells: ['9434765919', '04/05/1970', 'Bob', '30'] }
		]);
	});

	it('refuses a broken zip as XLSX', async () => {
		const path = file(
			'broken.xlsx',
			Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(50, 7)])
		);
		await expect(rows(path)).rejects.toThrow(/broken\.xlsx cannot be read as XLSX/);
	});
});

describe('tableKind: whole-file refusals', () => {
	it('refuses an empty file, an old .xls and binary data, naming the problem', async () => {
		await expect(tableKind(file('empty.csv', ''))).rejects.toThrow(
			/empty\.csv is empty: there is no header row/
		);
		await expect(
			tableKind(file('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
		).rejects.toThrow(/old Excel \(\.xls\) file: save it as XLSX or CSV/);
		await expect(
			tableKind(file('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1])))
		).rejects.toThrow(/photo\.png is not a CSV or XLSX file/);
		await expect(
			tableKind(file('latin1.csv', Buffer.from([0x61, 0xff, 0xfe, 0x62])))
		).rejects.toThrow(/not a CSV or XLSX file/);
	});

	it('takes text as CSV whatever its name', async () => {
		expect(await tableKind(file('extract.txt', 'a,b\n1,2\n'))).toBe('csv');
	});
});
