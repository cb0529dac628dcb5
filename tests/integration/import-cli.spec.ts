/** `npm run import -- ptl` as a real process: the --json report, dry runs, XLSX, exit code 2. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { connect } from '../../db';
import { pathways } from '../../db/schema';
import { PTL_REQUIRED_COLUMNS } from '../../src/lib/domain/ptlImport';
import type { PtlImportReport } from '../../src/lib/server/imports/ptl';
import { saveSource } from '../../src/lib/server/imports/sources';
import { runScript } from '../runScript';
import { validNhsNumber } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'waitwise-import-cli-'));
function file(name: string, content: string | Buffer): string {
	const path = join(dir, name);
	writeFileSync(path, content);
	return path;
}

/** The embedded database in a folder of its own, whatever DATABASE_URL the tests run with. */
function environment(name: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, name) };
	delete env.DATABASE_URL;
	return env;
}

const nhs = (n: number) => validNhsNumber(61, n);

const HEADER: string[] = [...PTL_REQUIRED_COLUMNS];
const ROWS = [
	['A1', 'RXX', nhs(1), 'Testpatient', 'Ann', '04/05/1970', '120', 'ORTT', '01/06/2026'],
	['A2', 'RXX', nhs(2), 'Testpatient', 'Bob', '1971-01-02', '120', 'IRTT', '2026-07-01'],
	['A3', 'RXX', '1234567890', 'Testpatient', 'Cy', '1972-01-02', '120', 'IRTT', '2026-07-01']
];
const GOOD_CSV = [HEADER, ...ROWS].map((r) => r.join(',')).join('\n');

/** Each command starts tsx and opens an embedded database on disk: slow on a busy machine. */
const SLOW = 240_000;

describe('npm run import -- ptl', () => {
	it(
		'imports with --json, and a second run (dry or not) finds everything unchanged',
		async () => {
			const env = environment('db1');
			const path = file('ptl.csv', GOOD_CSV);
			const first = await runScript(
				'import.ts',
				['ptl', '--file', path, '--json', '--extract-date', '2026-12-01'],
				env
			);
			expect(first.stderr).toBe('');
			expect(first.code).toBe(0);
			const report = JSON.parse(first.stdout) as PtlImportReport;
			expect(report).toEqual({
				rows: 3,
				accepted: 2,
				rejected: [
					{ line: 4, pathway: 'A3', reasons: ['nhs_number: 1234567890 fails the Modulus 11 check'] }
				],
				created: 2,
				updated: 0,
				unchanged: 0,
				flaggedMissing: 0
			});
			expect(Object.keys(report)).toEqual([
				'rows',
				'accepted',
				'rejected',
				'created',
				'updated',
				'unchanged',
				'flaggedMissing'
			]);

			const dry = await runScript(
				'import.ts',
				['ptl', '--file', path, '--dry-run', '--extract-date', '2026-12-01'],
				env
			);
			expect(dry.code).toBe(0);
			expect(dry.stdout).toContain('Dry run (nothing written): 3 rows, 2 accepted, 1 rejected');
			expect(dry.stdout).toContain('created 0, updated 0, unchanged 2');
			expect(dry.stdout).toContain(
				'line 4 (A3): nhs_number: 1234567890 fails the Modulus 11 check'
			);

			const open = await connect(join(dir, 'db1', 'pglite'));
			try {
				expect(await open.db.select().from(pathways)).toHaveLength(2);
			} finally {
				await open.close();
			}
		},
		SLOW
	);

	it(
		'reads XLSX the same way',
		async () => {
			const workbook = new ExcelJS.Workbook();
			const sheet = workbook.addWorksheet('PTL');
			for (const r of [HEADER, ...ROWS]) sheet.addRow(r);
			const path = join(dir, 'ptl.xlsx');
			await workbook.xlsx.writeFile(path);
			const run = await runScript(
				'import.ts',
				['ptl', '--file', path, '--json', '--extract-date', '2026-12-01'],
				environment('db2')
			);
			expect(run.code).toBe(0);
			expect(JSON.parse(run.stdout)).toMatchObject({ rows: 3, accepted: 2, created: 2 });
		},
		SLOW
	);

	it(
		'refuses a file as a whole with exit 2, naming the problem',
		async () => {
			const env = environment('db3');
			const [noColumn, notTable, empty, noFile, badDate, unknownKind] = await Promise.all([
				runScript(
					'import.ts',
					['ptl', '--file', file('short.csv', 'patient_pathway_identifier,nhs_number\nA1,1\n')],
					env
				),
				runScript(
					'import.ts',
					['ptl', '--file', file('a.png', Buffer.from([0x89, 0x50, 0, 1]))],
					env
				),
				runScript('import.ts', ['ptl', '--file', file('empty.csv', '')], env),
				runScript('import.ts', ['ptl', '--json'], env),
				runScript('import.ts', ['ptl', '--file', 'x.csv', '--extract-date', '31/12/2026'], env),
				runScript('import.ts', ['rtt', '--file', 'x.csv'], env)
			]);
			expect(noColumn.code).toBe(2);
			expect(noColumn.stdout).toBe('');
			expect(noColumn.stderr).toMatch(
				/short\.csv, line 1: The header lacks required columns: organisation_code_patient_pathway_identifier_issuer, person_family_name/
			);
			expect(notTable.code).toBe(2);
			expect(notTable.stderr).toMatch(/a\.png is not a CSV or XLSX file/);
			expect(empty.code).toBe(2);
			expect(empty.stderr).toMatch(/empty\.csv is empty: there is no header row/);
			expect(noFile.code).toBe(2);
			expect(noFile.stderr).toMatch(/--file is required/);
			expect(badDate.code).toBe(2);
			expect(badDate.stderr).toMatch(/--extract-date must be a calendar date as YYYY-MM-DD/);
			expect(unknownKind.code).toBe(2);
			expect(unknownKind.stderr).toMatch(/unknown kind "rtt"/);
		},
		SLOW
	);

	it(
		'applies the header mapping saved for a source with --source, and names the headers nothing maps',
		async () => {
			const env = environment('db4');
			const path = join(import.meta.dirname, '../../docs/examples/ptl-lorenzo.csv');
			const args = ['ptl', '--file', path, '--json', '--extract-date', '2026-12-01'];
			const unmapped = await runScript('import.ts', args, env);
			expect(unmapped.code).toBe(2);
			expect(unmapped.stderr).toContain(
				'headers nothing maps: Pathway ID, Issuer, NHS No, Surname, Forename, DOB, TFC, List, Clock start, Priority, DTA date, Procedure, OPCS, Ward'
			);

			const open = await connect(join(dir, 'db4', 'pglite'));
			try {
				const source: unknown = JSON.parse(
					readFileSync(
						join(import.meta.dirname, '../../docs/examples/ptl-lorenzo-source.json'),
						'utf8'
					)
				);
				await saveSource(open.db, source, null);
			} finally {
				await open.close();
			}
			// one after the other: the embedded database allows one process at a time
			const mapped = await runScript('import.ts', [...args, '--source', 'lorenzo PAS weekly'], env);
			const unknown = await runScript(
				'import.ts',
				[...args, '--source', 'Nowhere PAS', '--dry-run'],
				env
			);
			expect(mapped.stderr).toBe('');
			expect(JSON.parse(mapped.stdout)).toMatchObject({ rows: 3, accepted: 2, created: 2 });
			expect(unknown.code).toBe(2);
			expect(unknown.stderr).toBe('import: There is no import source "Nowhere PAS"\n');
		},
		SLOW
	);
});
