/**
 * `npm run import -- job-plans` and `npm run sessions:generate` as real processes, on the README's
 * example file: the --json reports, a dry run that writes nothing, and a second run that changes
 * nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../../db';
import { clinicians, locations, sessions, sites, specialties } from '../../db/schema';
import type {
	JobPlanImportReport,
	SessionGenerationReport
} from '../../src/lib/contracts/jobPlans';
import { runScript } from '../runScript';

const dir = mkdtempSync(join(tmpdir(), 'waitwise-job-plans-cli-'));
const example = join(import.meta.dirname, '../../docs/examples/job-plans.csv');
/** Each command starts tsx and opens an embedded database on disk: slow on a busy machine. */
const SLOW = 240_000;

describe('npm run import -- job-plans, then sessions:generate', () => {
	it(
		'imports the example, generates its sessions once, and refuses a bad range',
		async () => {
			const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'db') };
			delete env.DATABASE_URL;
			// the example's reference data, as the demo trust has it
			const open = await connect(join(dir, 'db', 'pglite'));
			await open.db.insert(specialties).values([
				{ code: '110', name: 'Trauma & Orthopaedics' },
				{ code: '120', name: 'ENT' }
			]);
			const [wgh] = await open.db
				.insert(sites)
				.values([
					{ code: 'WGH', name: 'Waitwise General Hospital' },
					{ code: 'RCH', name: 'Riverside Community Hospital' }
				])
				.returning();
			await open.db.insert(locations).values([
				{ siteId: wgh.id, name: 'Outpatients A – Room 1', kind: 'clinic' },
				{ siteId: wgh.id, name: 'Day Surgery Theatre 1', kind: 'theatre' }
			]);
			await open.db
				.insert(clinicians)
				.values({ code: 'C12001', name: 'Ms Example', specialtyCode: '120' });
			await open.close();

			const dry = await runScript(
				'import.ts',
				['job-plans', '--file', example, '--dry-run', '--json'],
				env
			);
			expect(dry.stderr).toBe('');
			expect(dry.code).toBe(0);
			expect(JSON.parse(dry.stdout)).toEqual({
				rows: 3,
				accepted: 2,
				rejected: [
					{
						line: 4,
						template: 'EX-TO-FRI-PM',
						reasons: ['end_time: 12:00 is not after the start (13:30)']
					}
				],
				created: 2,
				updated: 0,
				unchanged: 0
			} satisfies JobPlanImportReport);

			const real = await runScript('import.ts', ['job-plans', '--file', example], env);
			expect(real.code).toBe(0);
			expect(real.stdout).toContain('3 templates, 2 accepted, 1 rejected');
			expect(real.stdout).toContain('created 2, updated 0, unchanged 0');
			expect(real.stdout).toContain('line 4 (EX-TO-FRI-PM): end_time: 12:00 is not after');

			const range = ['--from', '2027-01-04', '--to', '2027-01-17'];
			const first = await runScript('sessions-generate.ts', [...range, '--json'], env);
			expect(first.stderr).toBe('');
			const report = JSON.parse(first.stdout) as SessionGenerationReport;
			expect(report).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
			expect(report.sessions.map((s) => [s.date, s.template])).toEqual([
				['2027-01-04', 'EX-ENT-MON-AM'],
				['2027-01-07', 'EX-ENT-THU-THR'],
				['2027-01-11', 'EX-ENT-MON-AM']
			]);
			const again = await runScript('sessions-generate.ts', range, env);
			expect(again.stdout).toContain('created 0, updated 0, unchanged 3');

			const bad = await runScript(
				'sessions-generate.ts',
				['--from', '2027-01-17', '--to', '2027-01-04'],
				env
			);
			expect(bad.code).toBe(2);
			expect(bad.stderr).toContain('to: 2027-01-04 is before from (2027-01-17)');

			const check = await connect(join(dir, 'db', 'pglite'));
			expect(await check.db.select().from(sessions)).toHaveLength(3);
			await check.close();
		},
		SLOW
	);
});
