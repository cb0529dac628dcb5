/**
 * The README's worked example files (docs/examples/, "Bringing your trust's data in"), each
 * imported as the README says and giving what it says it prints, so they never rot. Both
 * databases; the demo trust is loaded for the FHIR bundle, whose sessions need its specialties,
 * consultants and sites.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { loadDemoTrust } from '../../db/demo';
import { rttCsv } from '../../src/lib/domain/nationalRttFixture';
import { importSlotBundle } from '../../src/lib/server/fhir';
import { storeNationalRtt } from '../../src/lib/server/nationalRtt';
import { readNationalRttFiles } from '../../src/lib/server/imports/nationalRttFile';
import { importPtl, type PtlImportOptions } from '../../src/lib/server/imports/ptl';
import { saveSource, sourceMapping } from '../../src/lib/server/imports/sources';
import { targets } from './databases';
import { EXAMPLE_RTT_ROWS } from './examples';

const example = (name: string) => join(import.meta.dirname, '../../docs/examples', name);
const ptlOptions: PtlImportOptions = { extractDate: '2026-12-01', dryRun: false, userId: null };

/** What the README says the PTL example prints (`--json`). */
const PTL_REPORT = {
	rows: 3,
	accepted: 2,
	rejected: [
		{
			line: 4,
			pathway: 'EX0003',
			reasons: [
				'nhs_number: 9990630012 fails the Modulus 11 check',
				'clinical_priority: "P9" is not one of P1a, P1b, P2, P3, P4',
				'referral_to_treatment_period_start_date: 2026-12-25 is after the extract date 2026-12-01'
			]
		}
	],
	created: 2,
	updated: 0,
	unchanged: 0,
	flaggedMissing: 0
};

it('the national RTT example is the fixture rows written in the published layout', () => {
	expect(readFileSync(example('national-rtt.csv'), 'utf8')).toBe(rttCsv(EXAMPLE_RTT_ROWS));
});

describe.each(targets)('the README example files on $name', (target) => {
	let open: OpenDatabase;
	beforeAll(async () => {
		open = await target.open();
		await loadDemoTrust(open, { seed: 42, pathways: 200, today: '2026-12-01', log: () => {} });
	}, 240_000);
	afterAll(async () => {
		await open?.close();
	});

	it('ptl.csv: two pathways created, one row rejected with all its reasons', async () => {
		expect(await importPtl(open.db, example('ptl.csv'), ptlOptions)).toEqual(PTL_REPORT);
	});

	it('ptl-lorenzo.csv: refused until its source is saved, then the same rows, unchanged', async () => {
		await expect(importPtl(open.db, example('ptl-lorenzo.csv'), ptlOptions)).rejects.toThrow(
			'ptl-lorenzo.csv, line 1: The header lacks required columns: patient_pathway_identifier,'
		);
		const body: unknown = JSON.parse(readFileSync(example('ptl-lorenzo-source.json'), 'utf8'));
		await saveSource(open.db, body, (await open.db.query.users.findFirst())!.id);
		const mapping = await sourceMapping(open.db, { name: 'Lorenzo PAS weekly' });
		const report = await importPtl(open.db, example('ptl-lorenzo.csv'), { ...ptlOptions, mapping });
		expect(report).toEqual({ ...PTL_REPORT, created: 0, unchanged: 2 });
	});

	it('national-rtt.csv: one provider, one month, no warnings', async () => {
		const read = await readNationalRttFiles([example('national-rtt.csv')]);
		expect(read.problems).toEqual([]);
		expect(read.warnings).toEqual([]);
		expect(read.providers).toHaveLength(1);
		expect(read.providers[0]).toMatchObject({
			code: 'ZZ9',
			period: '2026-10',
			incomplete: { total: 31, within18Weeks: 24, over52Weeks: 2 },
			newPeriods: 15
		});
		const stored = await storeNationalRtt(open.db, read.tally.entries());
		expect(stored).toMatchObject({ periods: ['2026-10'], providers: 1 });
	});

	it('fhir-slots.json: two sessions created in the demo trust, none the second time', async () => {
		const bundle: unknown = JSON.parse(readFileSync(example('fhir-slots.json'), 'utf8'));
		const run = () =>
			importSlotBundle(open.db, bundle, 'http://localhost:3000', { dryRun: false, userId: null });
		expect(await run()).toEqual({ slots: 2, created: 2, unchanged: 0, skipped: 0, dryRun: false });
		expect(await run()).toEqual({ slots: 2, created: 0, unchanged: 2, skipped: 0, dryRun: false });
	});
});
