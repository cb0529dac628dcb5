/** PTL import (issue 14) against the real databases: upsert, audit, re-import, flags, dry run. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { auditLog, pathways, patients, specialties } from '../../db/schema';
import { importPtl, type PtlImportOptions } from '../../src/lib/server/imports/ptl';
import { targets } from './databases';
import { validNhsNumber } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'waitwise-ptl-import-'));
let files = 0;
function csv(lines: string[]): string {
	const path = join(dir, `extract-${++files}.csv`);
	writeFileSync(path, lines.join('\n') + '\n');
	return path;
}

const HEADER =
	'patient_pathway_identifier,organisation_code_patient_pathway_identifier_issuer,nhs_number,' +
	'person_family_name,person_given_name,person_birth_date,activity_treatment_function_code,' +
	'waiting_list_type,referral_to_treatment_period_start_date,clinical_priority,' +
	'priority_decision_date,local_patient_identifier,rtt_status_code,referral_to_treatment_period_end_date';

const nhs = (n: number) => validNhsNumber(60, n);
const row = (id: string, n: number, rest = 'ORTT,2026-06-01,,,,,') =>
	`${id},RXX,${nhs(n)},Testpatient${n},Ann,1970-05-04,110,${rest}`;

const FIRST = [
	HEADER,
	row('PW1', 1, 'IRTT,01/06/2026,P2,02/06/2026,H1000001,,'),
	row('PW2', 2),
	row('PW3', 3),
	row('PW4', 4, 'ORTT,2026-06-01,,,,20,'),
	`PW5,RXX,${nhs(5)},Testpatient5,Bob,1970-05-04,103,ORTT,2026-07-01,,,,,`, // new specialty
	row('PWBAD', 6, 'ORTT,2026-12-25,P9,,,,'), // after the extract; bad priority
	row('PWDUP', 7),
	row('PWDUP', 8)
];

/** A week on: PW1 P2 → P3; PW2 treated (30); PW3 ended; PW5 renamed; PW4 missing. */
const LATER = [
	HEADER,
	row('PW1', 1, 'IRTT,01/06/2026,P3,02/06/2026,H1000001,,'),
	row('PW2', 2, 'ORTT,2026-06-01,,,,30,'),
	row('PW3', 3, 'ORTT,2026-06-01,,,,,2026-11-20'),
	`PW5,RXX,${nhs(5)},Testpatient5,Robert,1970-05-04,103,ORTT,2026-07-01,,,,,`
];

const EXTRACT = '2026-12-01';
const options = (over: Partial<PtlImportOptions> = {}): PtlImportOptions => ({
	extractDate: EXTRACT,
	dryRun: false,
	userId: null,
	...over
});

describe.each(targets)('PTL import on $name', (target) => {
	let open: OpenDatabase;
	const counts = async () => ({
		patients: (await open.db.select().from(patients)).length,
		pathways: (await open.db.select().from(pathways)).length,
		audit: (await open.db.select().from(auditLog)).length
	});
	const pathway = async (id: string) =>
		(await open.db.select().from(pathways).where(eq(pathways.pathwayIdentifier, id)))[0];

	beforeAll(async () => {
		open = await target.open();
		await open.db.insert(specialties).values({ code: '110', name: 'T&O (ours)' });
	});
	afterAll(async () => {
		await open?.close();
	});

	it('a dry run reports exactly what the import would do, and writes nothing', async () => {
		const before = await counts();
		const report = await importPtl(open.db, csv(FIRST), options({ dryRun: true }));
		expect(report).toMatchObject({ rows: 8, accepted: 5, created: 5, updated: 0 });
		expect(await counts()).toEqual(before);
	});

	it('creates patients and pathways, rejecting each bad row with all its reasons', async () => {
		const report = await importPtl(open.db, csv(FIRST), options());
		expect(report).toEqual({
			rows: 8,
			accepted: 5,
			rejected: [
				{
					line: 7,
					pathway: 'PWBAD',
					reasons: [
						'clinical_priority: "P9" is not one of P1a, P1b, P2, P3, P4',
						'referral_to_treatment_period_start_date: 2026-12-25 is after the extract date 2026-12-01'
					]
				},
				{
					line: 8,
					pathway: 'PWDUP',
					reasons: ['patient_pathway_identifier: PWDUP appears 2 times in the file (lines 8, 9)']
				},
				{
					line: 9,
					pathway: 'PWDUP',
					reasons: ['patient_pathway_identifier: PWDUP appears 2 times in the file (lines 8, 9)']
				}
			],
			created: 5,
			updated: 0,
			unchanged: 0,
			flaggedMissing: 0
		});
		const pw1 = await pathway('PW1');
		expect(pw1).toMatchObject({
			pathwayIssuer: 'RXX',
			listType: 'admitted',
			clockStart: '2026-06-01',
			priority: 'P2',
			decisionDate: '2026-06-02',
			rttStatus: '20',
			expectedMinutes: 60,
			clockStoppedOn: null
		});
		const [ann] = await open.db.select().from(patients).where(eq(patients.id, pw1.patientId));
		expect(ann).toMatchObject({ nhsNumber: nhs(1), hospitalNumber: 'H1000001', sex: 'unknown' });
		const codes = await open.db.select().from(specialties).orderBy(asc(specialties.code));
		// the trust's own name for 110 stays; 103 is created with its national name
		expect(codes).toEqual([
			{ code: '103', name: 'Breast Surgery' },
			{ code: '110', name: 'T&O (ours)' }
		]);
		const created = await open.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.entityId, String(pw1.id)));
		expect(created.some((a) => a.action === 'import-create' && a.entity === 'pathway')).toBe(true);
	});

	it('re-importing the same file changes nothing', async () => {
		const before = await counts();
		const snapshot = await open.db.select().from(pathways).orderBy(asc(pathways.id));
		const report = await importPtl(open.db, csv(FIRST), options());
		expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 5, flaggedMissing: 0 });
		expect(await counts()).toEqual(before);
		expect(await open.db.select().from(pathways).orderBy(asc(pathways.id))).toEqual(snapshot);
	});

	it('a later extract updates what changed, field by field; closes clocks; flags the missing', async () => {
		const pw1 = await pathway('PW1');
		const report = await importPtl(open.db, csv(LATER), options({ extractDate: '2026-12-08' }));
		expect(report).toMatchObject({
			rows: 4,
			accepted: 4,
			rejected: [],
			created: 0,
			updated: 4,
			unchanged: 0,
			flaggedMissing: 1
		});
		const audit = await open.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.entityId, String(pw1.id)));
		const update = audit.find((a) => a.action === 'import-update' && a.entity === 'pathway');
		expect(update).toMatchObject({ before: { priority: 'P2' }, after: { priority: 'P3' } });
		expect(await pathway('PW2')).toMatchObject({ rttStatus: '30', clockStoppedOn: '2026-12-08' });
		expect(await pathway('PW3')).toMatchObject({ rttStatus: '99', clockStoppedOn: '2026-11-20' });
		expect(await pathway('PW4')).toMatchObject({
			rttStatus: '20',
			missingFromExtractOn: '2026-12-08'
		});
		const renamed = await open.db
			.select()
			.from(patients)
			.where(eq(patients.nhsNumber, nhs(5)));
		expect(renamed[0].givenName).toBe('Robert');
	});

	it('the same later extract again, a week on, changes nothing (the stop date stays)', async () => {
		const before = await counts();
		const report = await importPtl(open.db, csv(LATER), options({ extractDate: '2026-12-15' }));
		expect(report).toMatchObject({ updated: 0, unchanged: 4, flaggedMissing: 1 });
		expect(await counts()).toEqual(before);
		expect(await pathway('PW2')).toMatchObject({ clockStoppedOn: '2026-12-08' });
		expect(await pathway('PW4')).toMatchObject({ missingFromExtractOn: '2026-12-08' });
	});

	it("rejects a local id that is another patient's, and other demographics for one NHS number", async () => {
		const report = await importPtl(
			open.db,
			csv([
				HEADER,
				row('PW9', 9, 'ORTT,2026-06-01,,,H1000001,,'),
				row('PW4', 4, 'ORTT,2026-06-01,,,,20,'),
				`PW10,RXX,${nhs(4)},Other,Ann,1970-05-04,110,ORTT,2026-06-01,,,,,`
			]),
			options()
		);
		expect(report.rejected).toEqual([
			{
				line: 2,
				pathway: 'PW9',
				reasons: [
					`local_patient_identifier: H1000001 belongs to another patient (NHS number ending ${nhs(1).slice(-4)})`
				]
			},
			{
				line: 4,
				pathway: 'PW10',
				reasons: [
					`nhs_number: ${nhs(4)} has other names, birth date, gender, postcode or local id on line 3`
				]
			}
		]);
		// PW4 is back in the extract: its flag is cleared (and audited)
		expect(report).toMatchObject({ accepted: 1, updated: 1 });
		expect(await pathway('PW4')).toMatchObject({ missingFromExtractOn: null });
	});

	it('refuses a file lacking a required column as a whole, naming it, and writes nothing', async () => {
		const before = await counts();
		await expect(
			importPtl(open.db, csv([HEADER.replace('nhs_number,', ''), 'x']), options())
		).rejects.toThrow(/line 1: The header lacks required column: nhs_number/);
		expect(await counts()).toEqual(before);
	});
});
