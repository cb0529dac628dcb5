import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type OpenDatabase } from '../../db';
import { TOTAL_SPECIALTY } from '../../src/lib/domain/nationalRtt';
import { rttCsv, type FixtureRow } from '../../src/lib/domain/nationalRttFixture';
import { readNationalRttFiles } from '../../src/lib/server/imports/nationalRttFile';
import {
	benchmark,
	importedPeriods,
	monthEnd,
	ownFigures,
	storeNationalRtt
} from '../../src/lib/server/nationalRtt';
import { waitsBySpecialty } from '../../src/lib/server/overview';
import { runScript } from '../runScript';
import { targets } from './databases';
import { CENSUS, loadFixture } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'waitwise-national-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csvFile(name: string, rows: FixtureRow[]): string {
	const path = join(dir, name);
	writeFileSync(path, rttCsv(rows));
	return path;
}

const TWO_PROVIDERS: FixtureRow[] = [
	{ provider: 'RAA', part: 'Part_2', specialty: 'C_999', bands: { 0: 10, 30: 10 } },
	{ provider: 'RAA', part: 'Part_2', specialty: 'C_110', bands: { 0: 10, 30: 10 } },
	{ provider: 'RBB', part: 'Part_2', specialty: 'C_999', bands: { 10: 20 } },
	{ provider: 'RBB', part: 'Part_2', specialty: 'C_110', bands: { 10: 20 } },
	{ provider: 'RBB', part: 'Part_3', specialty: 'C_999', totalAll: 9 }
];

describe.each(targets)('national RTT statistics on $name', (target) => {
	let open: OpenDatabase;
	beforeAll(async () => {
		open = await target.open();
		await loadFixture(open);
	});
	afterAll(async () => {
		await open?.close();
	});

	it('stores a month and reads England and the chosen providers back by the same rules', async () => {
		const read = await readNationalRttFiles([csvFile('two.csv', TWO_PROVIDERS)]);
		const stored = await storeNationalRtt(open.db, read.tally.entries());
		expect(stored).toEqual({ periods: ['2026-10'], providers: 2, replaced: 0, inserted: 5 });
		expect(await importedPeriods(open.db)).toEqual(['2026-10']);

		const b = await benchmark(open.db, '2026-10', TOTAL_SPECIALTY, ['RBB', 'RZZ', 'RAA']);
		expect(b.providers.map((p) => p.code)).toEqual(['RAA', 'RBB']);
		// England: 10 in "Gt 00 To 01", 20 in "Gt 10 To 11", 10 in "Gt 30 To 31"; the 20th of 40 is
		// halfway through the 20 of "Gt 10 To 11".
		expect(b.england.incomplete).toMatchObject({
			total: 40,
			within18Weeks: 30,
			medianWeeks: 10.5
		});
		expect(b.england.newPeriods).toBe(9);
		expect(b.compared.map((p) => [p.code, p.incomplete.total, p.incomplete.medianWeeks])).toEqual([
			['RBB', 20, 10.5],
			['RAA', 20, 1]
		]);
	});

	it('replaces a month on a second import, so importing twice changes nothing', async () => {
		const before = await benchmark(open.db, '2026-10', 'C_110', ['RAA']);
		const read = await readNationalRttFiles([csvFile('again.csv', TWO_PROVIDERS)]);
		const stored = await storeNationalRtt(open.db, read.tally.entries());
		expect(stored.replaced).toBe(5);
		expect(await benchmark(open.db, '2026-10', 'C_110', ['RAA'])).toEqual(before);
	});

	it("recomputes the trust's own list by the same definitions as its dashboards", async () => {
		const period = CENSUS.slice(0, 7);
		const own = await ownFigures(open.db, period, TOTAL_SPECIALTY);
		const live = await waitsBySpecialty(open.db, monthEnd(period));
		const sum = (k: 'total' | 'within18' | 'over52' | 'over104') =>
			live.reduce((a, r) => a + r[k], 0);
		expect(sum('total')).toBeGreaterThan(0);
		expect(own.incomplete).toMatchObject({
			total: sum('total'),
			within18Weeks: sum('within18'),
			over52Weeks: sum('over52'),
			over104Weeks: sum('over104')
		});
		const ent = await ownFigures(open.db, period, 'C_120');
		expect(ent.incomplete.total).toBe(live.find((r) => r.specialty === '120')?.total);
	});
});

describe('npm run import -- rtt-csv', () => {
	const env = (name: string) => ({ ...process.env, DATABASE_URL: join(dir, name) });

	it('prints each provider and month as JSON and stores them; a dry run stores nothing', async () => {
		const file = csvFile('cli.csv', TWO_PROVIDERS);
		const dry = await runScript(
			'import.ts',
			['rtt-csv', '--file', file, '--json', '--dry-run'],
			env('db1')
		);
		expect(dry.stderr).toBe('');
		expect(dry.code).toBe(0);
		const out = JSON.parse(dry.stdout);
		expect(out.stored).toBeNull();
		expect(out.providers.map((p: { code: string; period: string }) => [p.code, p.period])).toEqual([
			['RAA', '2026-10'],
			['RBB', '2026-10']
		]);
		expect(Object.keys(out.providers[0].incomplete)).toEqual([
			'total',
			'within18Weeks',
			'over52Weeks',
			'over65Weeks',
			'over78Weeks',
			'over104Weeks',
			'medianWeeks',
			'p92Weeks'
		]);
		expect(Object.keys(out.providers[0].bySpecialty)).toEqual(['C_110']);

		const real = await runScript('import.ts', ['rtt-csv', '--file', file, '--json'], env('db1'));
		expect(real.code).toBe(0);
		expect(JSON.parse(real.stdout).stored).toMatchObject({ inserted: 5, replaced: 0 });
		const db = await connect(join(dir, 'db1'));
		try {
			// the dry run left nothing: the real run replaced nothing
			expect((await benchmark(db.db, '2026-10', TOTAL_SPECIALTY, [])).providers).toHaveLength(2);
		} finally {
			await db.close();
		}
	});

	it('refuses a file with a bad cell, naming the line and field, and changes nothing', async () => {
		const file = csvFile('bad.csv', [
			...TWO_PROVIDERS,
			{ part: 'Part_2', specialty: 'C_999', cells: { 'Gt 03 To 04 Weeks SUM 1': 'n/a' } }
		]);
		const bad = await runScript('import.ts', ['rtt-csv', '--file', file], env('db2'));
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain(
			'line 7, Gt 03 To 04 Weeks SUM 1: a whole number of pathways or blank, not "n/a"'
		);
		expect(bad.stderr).toContain('nothing was imported');
		const notCsv = await runScript(
			'import.ts',
			['rtt-csv', '--file', join(dir, 'missing.csv')],
			env('db2')
		);
		expect(notCsv.code).toBe(2);
		expect(notCsv.stderr).toMatch(/missing\.csv: no such file/);
		const unknown = await runScript('import.ts', ['rtt-xls'], env('db2'));
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toMatch(/unknown kind "rtt-xls"/);
		const db = await connect(join(dir, 'db2'));
		try {
			expect(await importedPeriods(db.db)).toEqual([]);
		} finally {
			await db.close();
		}
	});
});
