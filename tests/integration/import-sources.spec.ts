/**
 * Import sources (issue 14): a PAS's own headers mapped once to the canonical columns and saved
 * under the source's name; choosing the source again applies the mapping. Both databases.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { eq } from 'drizzle-orm';
import { auditLog, importSources } from '../../db/schema';
import { AppError } from '../../src/lib/server/errors';
import { importPtl } from '../../src/lib/server/imports/ptl';
import { listSources, saveSource, sourceMapping } from '../../src/lib/server/imports/sources';
import { targets } from './databases';
import { addUser, validNhsNumber } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'waitwise-import-sources-'));
const path = join(dir, 'lorenzo.csv');
writeFileSync(
	path,
	[
		'Pathway ID,Issuer,NHS No,Surname,Forename,DOB,TFC,List,Clock start,Ward',
		`L1,RXX,${validNhsNumber(62, 1)},Testpatient,Ann,1970-05-04,110,ORTT,2026-06-01,W1`
	].join('\n')
);
const MAPPING = {
	'Pathway ID': 'patient_pathway_identifier',
	Issuer: 'organisation_code_patient_pathway_identifier_issuer',
	'NHS No': 'nhs_number',
	Surname: 'person_family_name',
	Forename: 'person_given_name',
	DOB: 'person_birth_date',
	TFC: 'activity_treatment_function_code',
	List: 'waiting_list_type',
	'Clock start': 'referral_to_treatment_period_start_date'
};
const dryRun = { extractDate: '2026-12-01', dryRun: true, userId: null, fileName: 'lorenzo.csv' };

async function refusal(work: Promise<unknown>): Promise<AppError> {
	const e = await work.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(AppError);
	return e as AppError;
}

describe.each(targets)('import sources on $name', (target) => {
	let open: OpenDatabase;
	let admin: number;
	beforeAll(async () => {
		open = await target.open();
		admin = (await addUser(open, 'admin', 'Sources Admin', 'test.test')).id;
	});
	afterAll(async () => {
		await open?.close();
	});

	it('refuses a file with unknown headers, listing those nothing maps', async () => {
		const e = await refusal(importPtl(open.db, path, dryRun));
		expect(e.message).toMatch(/^lorenzo\.csv, line 1: The header lacks required columns: /);
		expect(e.details.unmapped).toEqual([...Object.keys(MAPPING), 'Ward']);
	});

	it('saves a mapping under a source, and the source applies it', async () => {
		const saved = await saveSource(
			open.db,
			{ name: 'Lorenzo PAS weekly', mapping: MAPPING },
			admin
		);
		expect(saved).toEqual({ id: saved.id, name: 'Lorenzo PAS weekly', mapping: MAPPING });
		expect(await listSources(open.db)).toEqual([saved]);
		const mapping = await sourceMapping(open.db, { id: String(saved.id) });
		const report = await importPtl(open.db, path, { ...dryRun, mapping });
		expect(report).toMatchObject({ rows: 1, accepted: 1, created: 1, rejected: [] });
		// by name, any case, as the command line names it
		expect(await sourceMapping(open.db, { name: 'lorenzo pas WEEKLY' })).toEqual(MAPPING);
	});

	it('saving the same name again replaces the mapping, keeping one source', async () => {
		const smaller = { 'Pathway ID': 'patient_pathway_identifier' };
		const again = await saveSource(
			open.db,
			{ name: 'LORENZO PAS weekly', mapping: smaller },
			admin
		);
		expect(await listSources(open.db)).toEqual([{ ...again, name: 'Lorenzo PAS weekly' }]);
		await saveSource(open.db, { name: 'Lorenzo PAS weekly', mapping: MAPPING }, admin);
		// each save is audited with the mapping it replaced
		const trail = await open.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'save-import-source'))
			.orderBy(auditLog.id);
		expect(trail.map((t) => [t.userId, t.entityId, t.before, t.after])).toEqual([
			[admin, String(again.id), null, { name: 'Lorenzo PAS weekly', mapping: MAPPING }],
			[admin, String(again.id), { mapping: MAPPING }, { mapping: smaller }],
			[admin, String(again.id), { mapping: smaller }, { mapping: MAPPING }]
		]);
	});

	it('refuses a bad mapping naming each header, and writes nothing', async () => {
		const before = await open.db.select().from(importSources);
		const bad = {
			name: 'Other PAS',
			mapping: { 'Pathway ID': 'pathway_id', NHS: 'nhs_number', 'NHS no': 'nhs_number' }
		};
		const e = await refusal(saveSource(open.db, bad, admin));
		expect(e.message).toBe(
			'mapping: "Pathway ID": "pathway_id" is not a PTL column; "NHS no": nhs_number is already mapped from "NHS"'
		);
		const unnamed = await refusal(saveSource(open.db, { name: ' ', mapping: MAPPING }, admin));
		expect(unnamed.message).toBe('name: give the source a name');
		expect(await open.db.select().from(importSources)).toEqual(before);
	});

	it('names a source that does not exist', async () => {
		const e = await refusal(sourceMapping(open.db, { name: 'Nowhere PAS' }));
		expect(e.kind).toBe('not-found');
		expect(e.message).toBe('There is no import source "Nowhere PAS"');
	});
});
