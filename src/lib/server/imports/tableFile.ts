/**
 * Reads an uploaded or given table file, CSV or XLSX, one row at a time from disk, so memory stays
 * bounded whatever the file's size: csv-parse over a file stream, and exceljs's streaming
 * WorkbookReader (which keeps only the shared-string table, as the XLSX format requires).
 * A file that is neither, or that cannot be read as one, is refused as a whole (AppError
 * 'invalid') with a message naming the problem.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../errors';

/** One row: its line in the file (the header is line 1 when it is the first line) and its cells. */
export interface TableRow {
	line: number;
	cells: string[];
}

export type TableKind = 'csv' | 'xlsx';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** The OLE compound file of Excel 97–2003 (.xls). */
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * What the file is, from its first bytes (never from its name, which the sender chooses): XLSX is
 * a zip; CSV is text (no NUL bytes, valid UTF-8 in its first 64 KiB). `name` only words messages.
 */
export async function tableKind(path: string, name = path): Promise<TableKind> {
	const handle = await open(path, 'r');
	try {
		const head = Buffer.alloc(64 * 1024);
		const { bytesRead } = await handle.read(head, 0, head.length, 0);
		const bytes = head.subarray(0, bytesRead);
		if (bytesRead === 0) throw new AppError('invalid', `${name} is empty: there is no header row`);
		if (bytes.subarray(0, 4).equals(ZIP)) return 'xlsx';
		if (bytes.subarray(0, 4).equals(OLE)) {
			throw new AppError(
				'invalid',
				`${name} is an old Excel (.xls) file: save it as XLSX or CSV and import that`
			);
		}
		if (bytes.includes(0) || !isUtf8Prefix(bytes, bytesRead === head.length)) {
			throw new AppError('invalid', `${name} is not a CSV or XLSX file`);
		}
		return 'csv';
	} finally {
		await handle.close();
	}
}

/** Valid UTF-8; when the file goes on, the cut may split one character at the end. */
function isUtf8Prefix(bytes: Buffer, cutShort: boolean): boolean {
	for (let cut = 0; cut < (cutShort ? 4 : 1) && cut < bytes.length; cut++) {
		try {
			new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
			return true;
		} catch {
			// try without the last byte or three, which may be half a character
		}
	}
	return false;
}

/**
 * The rows of the file, header first, skipping rows with no content. Throws AppError 'invalid'
 * for a file that cannot be read as its kind (an unclosed quote, a broken zip), naming the line.
 */
export async function* readTable(path: string, name = path): AsyncGenerator<TableRow> {
	const kind = await tableKind(path, name);
	if (kind === 'csv') yield* readCsv(path, name);
	else yield* readXlsx(path, name);
}

async function* readCsv(path: string, name: string): AsyncGenerator<TableRow> {
	const parser = createReadStream(path).pipe(
		parse({
			bom: true,
			relax_column_count: true,
			info: true,
			// A file edited by hand may mix Windows and Unix line ends.
			record_delimiter: ['\r\n', '\n', '\r']
		})
	);
	let endOfLast = 0;
	try {
		for await (const record of parser as AsyncIterable<{
			record: string[];
			info: { lines: number };
		}>) {
			const line = endOfLast + 1;
			endOfLast = record.info.lines;
			if (record.record.some((c) => c.trim() !== '')) yield { line, cells: record.record };
		}
	} catch (err) {
		if (err instanceof AppError) throw err;
		const where = (err as { lines?: number }).lines;
		throw new AppError(
			'invalid',
			`${name} cannot be read as CSV${where ? ` at line ${where}` : ''}: ${(err as Error).message}`,
			{ cause: err }
		);
	}
}

async function* readXlsx(path: string, name: string): AsyncGenerator<TableRow> {
	const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
		worksheets: 'emit',
		sharedStrings: 'cache',
		styles: 'cache',
		hyperlinks: 'ignore',
		entries: 'ignore'
	});
	try {
		// Only the first worksheet: an extract is one table.
		for await (const worksheet of workbook) {
			for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
				const values = row.values as ExcelJS.CellValue[];
				const cells: string[] = [];
				for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
				if (cells.some((c) => c.trim() !== '')) yield { line: row.number, cells };
			}
			return;
		}
	} catch (err) {
		if (err instanceof AppError) throw err;
		throw new AppError('invalid', `${name} cannot be read as XLSX: ${(err as Error).message}`, {
			cause: err
		});
	}
}

/**
 * A cell as text: a date cell as its ISO calendar date (exceljs gives the date at UTC midnight),
 * a formula as its result, rich text joined.
 */
function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
		if ('richText' in value) return value.richText.map((r) => r.text).join('');
		if ('text' in value) return String(value.text);
		if ('error' in value) return '';
		return '';
	}
	return String(value);
}
