/**
 * A small table import that each kind of reference file plugs into (sites, specialties,
 * consultants, staff: referenceImports.ts): the kind gives its columns, a pure check of one row
 * returning every reason, the row's natural key and a writer that upserts one row; this module
 * reads the file (CSV or XLSX, tableFile.ts), refuses a file as a whole when it is no table, has
 * no header or lacks a required column, rejects every copy of a repeated key, writes the accepted
 * rows in one transaction (rolled back for a dry run, dryRun.ts) and counts what happened, in the
 * PTL import's report shape.
 *
 * Reference files are small (a trust has dozens of sites and a few thousand staff), so the
 * checked rows are held in memory between the check and the write, up to MAX_TABLE_ROWS.
 */
import type { Database, Tx } from '../../../../db';
import type { TableImportReport, TableRejection } from '../../contracts/referenceImport';
import {
	cellValues,
	readTableHeader,
	repeatedKeyReason,
	type CellValues,
	type Checked,
	type ColumnSpec
} from '../../domain/referenceImport';
import { unlessDryRun } from '../dryRun';
import { AppError } from '../errors';
import { readTable } from './tableFile';

/** More rows than any trust's reference data: a file past it is the wrong file. */
export const MAX_TABLE_ROWS = 50_000;

export interface TableImportOptions {
	dryRun: boolean;
	/** Who imports (the audit log's user); null from the command line. */
	userId: number | null;
	/** How messages name the file (the uploaded name, not the temporary path). */
	fileName?: string;
}

export type RowOutcome = 'created' | 'updated' | 'unchanged' | { reasons: string[] };

/** One import's writes, inside its transaction. */
export interface RowWriter<Row> {
	/** Upserts one accepted row, auditing each change; reasons when it must not (nothing written). */
	write(row: Row): Promise<RowOutcome>;
	/** Inside the transaction, once every row is written: what the kind adds to the report. */
	finish?(report: TableImportReport): void;
	/** Once the writes have committed (never after a dry run). */
	committed?(): void;
}

export interface TableKind<Row> {
	columns: ColumnSpec;
	check(values: CellValues): Checked<Row>;
	/** The row's natural key, before any check (repeats are found on it); '' when it has none. */
	key(values: CellValues): string;
	writer(tx: Tx, options: TableImportOptions): Promise<RowWriter<Row>>;
}

export async function importTable<Row>(
	db: Database,
	path: string,
	kind: TableKind<Row>,
	options: TableImportOptions
): Promise<TableImportReport> {
	const name = options.fileName ?? path;
	const { rows, accepted, rejected } = await checkTable(path, name, kind);
	const report: TableImportReport = {
		rows,
		accepted: 0,
		rejected: [],
		created: 0,
		updated: 0,
		unchanged: 0
	};
	let writer: RowWriter<Row> | undefined;
	await unlessDryRun(db, options.dryRun, async (tx) => {
		writer = await kind.writer(tx, options);
		for (const { line, key, row } of accepted) {
			const outcome = await writer.write(row);
			if (typeof outcome === 'string') report[outcome]++;
			else rejected.push({ line, key, reasons: outcome.reasons });
		}
		writer.finish?.(report);
	});
	if (!options.dryRun) writer?.committed?.();
	report.rejected = rejected.sort((a, b) => a.line - b.line);
	report.accepted = report.rows - report.rejected.length;
	return report;
}

/** Every row checked, and every copy of a repeated key rejected. */
async function checkTable<Row>(path: string, name: string, kind: TableKind<Row>) {
	let columns: (string | null)[] | null = null;
	const checked: { line: number; key: string; check: Checked<Row> }[] = [];
	const linesOf = new Map<string, number[]>();
	for await (const { line, cells } of readTable(path, name)) {
		if (columns === null) {
			const header = readTableHeader(kind.columns, cells);
			if (!header.ok) throw new AppError('invalid', `${name}, line ${line}: ${header.message}`);
			columns = header.columns;
			continue;
		}
		if (checked.length >= MAX_TABLE_ROWS) {
			throw new AppError('invalid', `${name} has more than ${MAX_TABLE_ROWS} rows`);
		}
		const values = cellValues(columns, cells);
		const key = kind.key(values);
		checked.push({ line, key, check: kind.check(values) });
		if (key) linesOf.set(key, [...(linesOf.get(key) ?? []), line]);
	}
	if (columns === null) throw new AppError('invalid', `${name} has no header row`);
	const accepted: { line: number; key: string; row: Row }[] = [];
	const rejected: TableRejection[] = [];
	for (const { line, key, check } of checked) {
		const reasons = check.ok ? [] : [...check.reasons];
		const lines = linesOf.get(key) ?? [];
		if (lines.length > 1) reasons.push(repeatedKeyReason(kind.columns.key, key, lines));
		if (reasons.length > 0) rejected.push({ line, key, reasons });
		else if (check.ok) accepted.push({ line, key, row: check.row });
	}
	return { rows: checked.length, accepted, rejected };
}

/**
 * The fields of `next` that differ from `before`, among those the file speaks for (an undefined
 * field is one it does not): what an upsert writes and the audit log records, field by field.
 */
export function changes<T extends object>(
	before: T,
	next: Partial<T>,
	speaks: (field: keyof T) => boolean = () => true
): { before: Partial<T>; after: Partial<T> } | null {
	const was: Partial<T> = {};
	const now: Partial<T> = {};
	for (const field of Object.keys(next) as (keyof T)[]) {
		if (!speaks(field) || next[field] === undefined) continue;
		if (before[field] !== next[field]) {
			was[field] = before[field];
			now[field] = next[field];
		}
	}
	return Object.keys(now).length === 0 ? null : { before: was, after: now };
}
