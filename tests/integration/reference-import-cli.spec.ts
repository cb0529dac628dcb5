/**
 * `npm run import -- sites|specialties|consultants|staff` as a real process, on the README's
 * example files: the plain and --json reports, set-password links printed once, dry runs and
 * exit code 2 for a refused file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../../db';
import { clinicians, users } from '../../db/schema';
import type { TableImportReport } from '../../src/lib/contracts/referenceImport';
import { runScript } from '../runScript';

const dir = mkdtempSync(join(tmpdir(), 'waitwise-reference-cli-'));
const example = (name: string) => join(import.meta.dirname, '../../docs/examples', name);

/** The embedded database in a folder of its own, whatever DATABASE_URL the tests run with. */
function environment(name: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		DATA_DIR: join(dir, name),
		ORIGIN: 'https://waitwise.zedford.example'
	};
	delete env.DATABASE_URL;
	return env;
}

/** Each command starts tsx and opens an embedded database on disk: slow on a busy machine. */
const SLOW = 300_000;

describe('npm run import -- sites|specialties|consultants|staff', () => {
	it(
		'imports each example file, printing set-password links once; a re-run is unchanged',
		async () => {
			const env = environment('db1');
			const sites = await runScript('import.ts', ['sites', '--file', example('sites.csv')], env);
			expect(sites.stderr).toBe('');
			expect(sites.code).toBe(0);
			expect(sites.stdout).toBe(
				[
					'3 rows, 2 accepted, 1 rejected',
					'  created 2, updated 0, unchanged 0',
					'  line 4 (ZZ1A!): site_code: "ZZ1A!" is not 3 to 10 letters and digits',
					''
				].join('\n')
			);

			const consultants = await runScript(
				'import.ts',
				['consultants', '--file', example('consultants.csv'), '--json'],
				env
			);
			expect(consultants.code).toBe(0);
			expect(JSON.parse(consultants.stdout)).toEqual({
				rows: 3,
				accepted: 2,
				rejected: [{ line: 4, key: 'ZC0003', reasons: ['gmc_number: "70001" is not 7 digits'] }],
				created: 2,
				updated: 0,
				unchanged: 0
			} satisfies TableImportReport);

			const staff = await runScript('import.ts', ['staff', '--file', example('staff.csv')], env);
			expect(staff.code).toBe(0);
			expect(staff.stdout).toContain('3 rows, 2 accepted, 1 rejected');
			expect(staff.stdout).toContain(
				'line 4 (cy.display@zedford.example): role: "display" is not one of admin, coordinator, team_leader, records, summariser, manager'
			);
			expect(staff.stdout).toMatch(
				/ada\.coordinator@zedford\.example \(Ada Coordinator\): https:\/\/waitwise\.zedford\.example\/welcome\/[\w-]{43}\n/
			);
			expect(staff.stdout).toMatch(/ben\.records@zedford\.example \(Ben Records\): https:\/\//);

			const again = await runScript(
				'import.ts',
				['staff', '--file', example('staff.csv'), '--dry-run', '--json'],
				env
			);
			expect(again.code).toBe(0);
			expect(JSON.parse(again.stdout)).toMatchObject({
				unchanged: 2,
				created: 0,
				setPasswordLinks: []
			});

			const open = await connect(join(dir, 'db1', 'pglite'));
			try {
				expect(await open.db.select().from(clinicians)).toHaveLength(2);
				// the consultants' national specialties were created with them
				expect((await open.db.select().from(users)).map((u) => u.email).sort()).toEqual([
					'ada.coordinator@zedford.example',
					'ben.records@zedford.example'
				]);
			} finally {
				await open.close();
			}
		},
		SLOW
	);

	it(
		'refuses a file as a whole with exit 2, naming the problem; a dry run writes nothing',
		async () => {
			const env = environment('db2');
			const short = join(dir, 'short.csv');
			writeFileSync(short, 'email,name\nx@y.example,X\n');
			const [noColumn, noFile, dry] = await Promise.all([
				runScript('import.ts', ['staff', '--file', short], env),
				runScript('import.ts', ['specialties', '--json'], env),
				runScript(
					'import.ts',
					['specialties', '--file', example('specialties.csv'), '--dry-run'],
					environment('db3')
				)
			]);
			expect(noColumn.code).toBe(2);
			expect(noColumn.stdout).toBe('');
			expect(noColumn.stderr).toBe(
				'import: short.csv, line 1: The header lacks required column: role\n'
			);
			expect(noFile.code).toBe(2);
			expect(noFile.stderr).toMatch(/--file is required/);
			expect(dry.code).toBe(0);
			expect(dry.stdout).toContain('Dry run (nothing written): 3 rows, 2 accepted, 1 rejected');
			expect(dry.stdout).toContain(
				'line 4 (999): treatment_function_code: "999" is not a national treatment function code'
			);
		},
		SLOW
	);
});
