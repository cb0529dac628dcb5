/**
 * Reference-data and staff imports (issue 14 part 2) against the real databases: each kind's
 * accepted and rejected rows, dry runs, re-imports, audited updates, repeated keys, refused
 * files; the staff import's set-password links and role changes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDatabase, type OpenDatabase } from '../../db';
import { auditLog, clinicians, setPasswordLinks, sites, specialties, users } from '../../db/schema';
import { authenticate, createUser } from '../../src/lib/server/auth';
import { AppError } from '../../src/lib/server/errors';
import { importReference } from '../../src/lib/server/imports/referenceImports';
import type { TableImportOptions } from '../../src/lib/server/imports/tableImport';
import { onSessionsEnded, type SessionsEnded } from '../../src/lib/server/sessionEvents';
import { setPasswordLinkOwner, setPasswordWithLink } from '../../src/lib/server/setPasswordLinks';
import {
	actions as welcome,
	load as welcomeLoad
} from '../../src/routes/welcome/[token]/+page.server';
import { targets } from './databases';
import { requestEvent, runAction } from './requestEvent';

const dir = mkdtempSync(join(tmpdir(), 'waitwise-reference-import-'));
let files = 0;
function csv(lines: string[]): string {
	const path = join(dir, `file-${++files}.csv`);
	writeFileSync(path, lines.join('\n') + '\n');
	return path;
}

const real: TableImportOptions = { dryRun: false, userId: null, fileName: 'ref.csv' };
const dry: TableImportOptions = { ...real, dryRun: true };
const tokenOf = (path: string) => path.replace('/welcome/', '');

describe.each(targets)('reference imports on $name', (target) => {
	let open: OpenDatabase;
	const auditCount = async () => (await open.db.select().from(auditLog)).length;

	beforeAll(async () => {
		open = await target.open();
	});
	afterAll(async () => {
		await open?.close();
	});

	describe('sites', () => {
		const FILE = [
			'Site_Code,site_name,ignored column',
			'RIM01,Riverside General,x',
			'RIM02,Hillcrest Community,',
			'R!,Bad code,',
			'RIM03,,',
			'RIMDUP,First copy,',
			'RIMDUP,Second copy,'
		];

		it('a dry run reports what the import would do and writes nothing', async () => {
			const before = await auditCount();
			const report = await importReference(open.db, 'sites', csv(FILE), dry);
			expect(report).toMatchObject({ rows: 6, accepted: 2, created: 2 });
			expect(await open.db.select().from(sites)).toEqual([]);
			expect(await auditCount()).toBe(before);
		});

		it('creates sites, rejecting each bad row and every copy of a repeated code', async () => {
			expect(await importReference(open.db, 'sites', csv(FILE), real)).toEqual({
				rows: 6,
				accepted: 2,
				rejected: [
					{ line: 4, key: 'R!', reasons: ['site_code: "R!" is not 3 to 10 letters and digits'] },
					{ line: 5, key: 'RIM03', reasons: ['site_name: missing'] },
					{
						line: 6,
						key: 'RIMDUP',
						reasons: ['site_code: RIMDUP appears 2 times in the file (lines 6, 7)']
					},
					{
						line: 7,
						key: 'RIMDUP',
						reasons: ['site_code: RIMDUP appears 2 times in the file (lines 6, 7)']
					}
				],
				created: 2,
				updated: 0,
				unchanged: 0
			});
			const rows = await open.db.select({ code: sites.code, name: sites.name }).from(sites);
			expect(rows.sort((a, b) => a.code.localeCompare(b.code))).toEqual([
				{ code: 'RIM01', name: 'Riverside General' },
				{ code: 'RIM02', name: 'Hillcrest Community' }
			]);
		});

		it('re-importing the same file changes nothing', async () => {
			const before = await auditCount();
			const report = await importReference(open.db, 'sites', csv(FILE), real);
			expect(report).toMatchObject({ accepted: 2, created: 0, updated: 0, unchanged: 2 });
			expect(await auditCount()).toBe(before);
		});

		it('a renamed site is updated and the change audited field by field', async () => {
			const report = await importReference(
				open.db,
				'sites',
				csv(['site_code,site_name', 'RIM01,Riverside General Hospital']),
				{ ...real, userId: null }
			);
			expect(report).toMatchObject({ updated: 1, unchanged: 0 });
			const [site] = await open.db.select().from(sites).where(eq(sites.code, 'RIM01'));
			const [entry] = await open.db
				.select()
				.from(auditLog)
				.where(
					and(
						eq(auditLog.entity, 'site'),
						eq(auditLog.entityId, String(site.id)),
						eq(auditLog.action, 'import-update')
					)
				);
			expect(entry).toMatchObject({
				before: { name: 'Riverside General' },
				after: { name: 'Riverside General Hospital' }
			});
		});
	});

	describe('refused files', () => {
		it.each([
			[['site_code', 'RIM09'], 'ref.csv, line 1: The header lacks required column: site_name'],
			[
				['code,name', 'RIM09,x'],
				'ref.csv, line 1: The header lacks required columns: site_code, site_name'
			],
			[
				['site_code,site_name,site_code', 'RIM09,x,y'],
				'ref.csv, line 1: The header has site_code twice (columns 1 and 3)'
			],
			[[''], 'ref.csv is empty: there is no header row']
		])('%j is refused as a whole: %s', async (lines, message) => {
			const path = join(dir, `refused-${++files}.csv`);
			writeFileSync(path, lines.join('\n'));
			await expect(importReference(open.db, 'sites', path, real)).rejects.toThrow(
				new AppError('invalid', message)
			);
		});

		it('a file that is not CSV or XLSX is refused', async () => {
			const path = join(dir, 'binary.csv');
			writeFileSync(path, Buffer.from([0x00, 0x01, 0x02, 0xff]));
			await expect(importReference(open.db, 'staff', path, real)).rejects.toThrow(
				'ref.csv is not a CSV or XLSX file'
			);
		});
	});

	describe('specialties', () => {
		it('takes national codes only; a missing name is the national title', async () => {
			const report = await importReference(
				open.db,
				'specialties',
				csv(['treatment_function_code,name', '101,', '120,Ear Nose and Throat', '999,Nonsense']),
				real
			);
			expect(report).toMatchObject({
				rows: 3,
				accepted: 2,
				created: 2,
				rejected: [
					{
						line: 4,
						key: '999',
						reasons: ['treatment_function_code: "999" is not a national treatment function code']
					}
				]
			});
			const rows = await open.db
				.select()
				.from(specialties)
				.where(inArray(specialties.code, ['101', '120']));
			expect(rows.sort((a, b) => a.code.localeCompare(b.code))).toEqual([
				{ code: '101', name: 'Urology' },
				{ code: '120', name: 'Ear Nose and Throat' }
			]);
		});

		it('a blank name keeps the trust name; a new one is audited', async () => {
			const report = await importReference(
				open.db,
				'specialties',
				csv(['treatment_function_code,name', '101,Urology (ours)', '120,']),
				real
			);
			expect(report).toMatchObject({ updated: 1, unchanged: 1 });
			const entries = await open.db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.entity, 'specialty'), eq(auditLog.entityId, '101')));
			expect(entries.map((e) => [e.action, e.before, e.after])).toEqual([
				['import-create', null, { code: '101', name: 'Urology' }],
				['import-update', { name: 'Urology' }, { name: 'Urology (ours)' }]
			]);
		});
	});

	describe('consultants', () => {
		const HEADER = 'consultant_code,name,treatment_function_code,gmc_number,max_minutes_per_day';

		it('creates consultants and the national specialties they need; checks each cell', async () => {
			const report = await importReference(
				open.db,
				'consultants',
				csv([
					HEADER,
					'CRI001,Dr Ada Testdoctor,130,1234567,240',
					'CRI002,Dr Ben Testdoctor,101,,',
					'CRI003,Dr Cy Testdoctor,998,12345,0',
					'CRI004,,101,7654321,',
					'CRI005,Dr Dee Testdoctor,101,1234567,'
				]),
				real
			);
			expect(report).toEqual({
				rows: 5,
				accepted: 2,
				rejected: [
					{
						line: 4,
						key: 'CRI003',
						reasons: [
							'treatment_function_code: "998" is not a national treatment function code',
							'gmc_number: "12345" is not 7 digits',
							'max_minutes_per_day: "0" is not a whole number of minutes from 1 to 1440'
						]
					},
					{ line: 5, key: 'CRI004', reasons: ['name: missing'] },
					{ line: 6, key: 'CRI005', reasons: ['gmc_number: 1234567 belongs to consultant CRI001'] }
				],
				created: 2,
				updated: 0,
				unchanged: 0
			});
			const [ada] = await open.db.select().from(clinicians).where(eq(clinicians.code, 'CRI001'));
			expect(ada).toMatchObject({
				name: 'Dr Ada Testdoctor',
				specialtyCode: '130',
				gmcNumber: '1234567',
				maxMinutesPerDay: 240
			});
			const [ophthalmology] = await open.db
				.select()
				.from(specialties)
				.where(eq(specialties.code, '130'));
			expect(ophthalmology).toEqual({ code: '130', name: 'Ophthalmology' });
			// CRI005 was rejected, so nothing it names was written
			expect(await open.db.select().from(clinicians).where(eq(clinicians.code, 'CRI005'))).toEqual(
				[]
			);
		});

		it('re-imports unchanged; a change is audited field by field; blanks keep values', async () => {
			const again = await importReference(
				open.db,
				'consultants',
				csv([HEADER, 'CRI001,Dr Ada Testdoctor,130,1234567,240', 'CRI002,Dr Ben Testdoctor,101,,']),
				dry
			);
			expect(again).toMatchObject({ unchanged: 2, updated: 0, created: 0 });
			const changed = await importReference(
				open.db,
				'consultants',
				csv([HEADER, 'CRI001,Dr Ada Testdoctor,130,,300']),
				real
			);
			expect(changed).toMatchObject({ updated: 1 });
			const [ada] = await open.db.select().from(clinicians).where(eq(clinicians.code, 'CRI001'));
			expect(ada).toMatchObject({ gmcNumber: '1234567', maxMinutesPerDay: 300 });
			const [entry] = await open.db
				.select()
				.from(auditLog)
				.where(
					and(
						eq(auditLog.entity, 'clinician'),
						eq(auditLog.entityId, String(ada.id)),
						eq(auditLog.action, 'import-update')
					)
				);
			expect(entry).toMatchObject({
				before: { maxMinutesPerDay: 240 },
				after: { maxMinutesPerDay: 300 }
			});
		});
	});

	describe('staff', () => {
		const HEADER = 'email,name,role';
		let adminId: number;
		beforeAll(async () => {
			adminId = (
				await createUser(
					open.db,
					{
						email: 'rim-admin@import.test',
						name: 'Rim Admin',
						role: 'admin',
						password: 'a long admin password'
					},
					null
				)
			).id;
		});
		const asAdmin = (over: Partial<TableImportOptions> = {}) => ({
			...real,
			userId: adminId,
			...over
		});

		it('a dry run makes no account and no link', async () => {
			const report = await importReference(
				open.db,
				'staff',
				csv([HEADER, 'rim-one@import.test,Rim One,coordinator']),
				asAdmin({ dryRun: true })
			);
			expect(report).toMatchObject({ created: 1, setPasswordLinks: [] });
			expect(
				await open.db.select().from(users).where(eq(users.email, 'rim-one@import.test'))
			).toEqual([]);
			expect(await open.db.select().from(setPasswordLinks)).toEqual([]);
		});

		it('creates accounts without a password, each with a one-time link', async () => {
			const report = await importReference(
				open.db,
				'staff',
				csv([
					HEADER,
					' RIM-One@Import.test ,Rim One,coordinator',
					'rim-two@import.test,Rim Two,Records',
					'not-an-email,Nobody,admin',
					'rim-three@import.test,Rim Three,display',
					'rim-dup@import.test,Rim Dup,records',
					'RIM-DUP@import.test,Rim Dup,records'
				]),
				asAdmin()
			);
			expect(report.rejected).toEqual([
				{
					line: 4,
					key: 'not-an-email',
					reasons: ['email: "not-an-email" is not an email address']
				},
				{
					line: 5,
					key: 'rim-three@import.test',
					reasons: [
						'role: "display" is not one of admin, coordinator, team_leader, records, summariser, manager'
					]
				},
				{
					line: 6,
					key: 'rim-dup@import.test',
					reasons: ['email: rim-dup@import.test appears 2 times in the file (lines 6, 7)']
				},
				{
					line: 7,
					key: 'rim-dup@import.test',
					reasons: ['email: rim-dup@import.test appears 2 times in the file (lines 6, 7)']
				}
			]);
			expect(report).toMatchObject({ rows: 6, accepted: 2, created: 2 });
			expect(report.setPasswordLinks!.map((l) => [l.email, l.name])).toEqual([
				['rim-one@import.test', 'Rim One'],
				['rim-two@import.test', 'Rim Two']
			]);
			const [one] = await open.db
				.select()
				.from(users)
				.where(eq(users.email, 'rim-one@import.test'));
			expect(one).toMatchObject({ name: 'Rim One', role: 'coordinator', active: true });
			expect(await authenticate(open.db, 'rim-one@import.test', '')).toBeNull();
			// the table holds no token, only hashes
			const link = report.setPasswordLinks![0];
			const stored = await open.db.select().from(setPasswordLinks);
			expect(stored).toHaveLength(2);
			expect(stored.some((s) => s.tokenHash === tokenOf(link.path))).toBe(false);
			const days = (new Date(link.expiresAt).getTime() - Date.now()) / 86_400_000;
			expect(days).toBeGreaterThan(6.9);
			expect(days).toBeLessThanOrEqual(7);
		});

		it('a set-password link works once; a wrong or expired one opens nothing', async () => {
			const report = await importReference(
				open.db,
				'staff',
				csv([HEADER, 'rim-four@import.test,Rim Four,manager']),
				asAdmin()
			);
			const token = tokenOf(report.setPasswordLinks![0].path);
			expect(await setPasswordLinkOwner(open.db, token)).toEqual({
				name: 'Rim Four',
				email: 'rim-four@import.test'
			});
			await expect(setPasswordWithLink(open.db, token, 'too short')).rejects.toThrow(
				'the password must be at least 12 characters'
			);
			await setPasswordWithLink(open.db, token, 'rim four password');
			expect(
				await authenticate(open.db, 'rim-four@import.test', 'rim four password')
			).toMatchObject({ role: 'manager' });
			const spent = setPasswordWithLink(open.db, token, 'another long password');
			await expect(spent).rejects.toMatchObject({ kind: 'not-found' });
			await expect(setPasswordLinkOwner(open.db, token)).rejects.toMatchObject({
				kind: 'not-found'
			});
			await expect(setPasswordLinkOwner(open.db, 'no-such-token')).rejects.toMatchObject({
				kind: 'not-found'
			});

			const later = await importReference(
				open.db,
				'staff',
				csv([HEADER, 'rim-five@import.test,Rim Five,manager']),
				asAdmin()
			);
			const late = tokenOf(later.setPasswordLinks![0].path);
			const eightDays = new Date(Date.now() + 8 * 86_400_000);
			await expect(setPasswordLinkOwner(open.db, late, eightDays)).rejects.toMatchObject({
				kind: 'not-found'
			});
			await expect(
				setPasswordWithLink(open.db, late, 'rim five password', eightDays)
			).rejects.toMatchObject({ kind: 'not-found' });
		});

		it('the page /welcome/<token>: a wrong token is a 404; the password is typed twice', async () => {
			registerDatabase(open);
			const report = await importReference(
				open.db,
				'staff',
				csv([HEADER, 'rim-six@import.test,Rim Six,summariser']),
				asAdmin()
			);
			const token = tokenOf(report.setPasswordLinks![0].path);
			const at = (t: string, form?: Record<string, string>) =>
				requestEvent(`/welcome/${t}`, { params: { token: t }, form, user: null });
			expect(await runAction(welcomeLoad, at('wrong-token'))).toMatchObject({ status: 404 });
			expect(await runAction(welcomeLoad, at(token))).toMatchObject({
				owner: { name: 'Rim Six', email: 'rim-six@import.test' }
			});
			const differ = { password: 'rim six password', confirm: 'rim six passw0rd' };
			expect(await runAction(welcome.default, at(token, differ))).toMatchObject({
				status: 400,
				data: { message: 'The two passwords differ: type the same one twice' }
			});
			const same = { password: 'rim six password', confirm: 'rim six password' };
			expect(await runAction(welcome.default, at(token, same))).toMatchObject({
				status: 303,
				location: '/login'
			});
			expect(await runAction(welcome.default, at(token, same))).toMatchObject({ status: 404 });
			expect(await authenticate(open.db, 'rim-six@import.test', 'rim six password')).toMatchObject({
				role: 'summariser'
			});
		});

		it('re-importing changes nothing and makes no new link', async () => {
			const links = (await open.db.select().from(setPasswordLinks)).length;
			const report = await importReference(
				open.db,
				'staff',
				csv([
					HEADER,
					'rim-one@import.test,Rim One,coordinator',
					'rim-two@import.test,Rim Two,records'
				]),
				asAdmin()
			);
			expect(report).toMatchObject({ unchanged: 2, created: 0, updated: 0, setPasswordLinks: [] });
			expect(await open.db.select().from(setPasswordLinks)).toHaveLength(links);
		});

		it('name and role changes are audited; a role change closes their connections', async () => {
			const heard: SessionsEnded[] = [];
			const stop = onSessionsEnded((e) => heard.push(e));
			try {
				const report = await importReference(
					open.db,
					'staff',
					csv([
						HEADER,
						'rim-one@import.test,Rim One-Smith,team_leader',
						'rim-two@import.test,Rim Two Renamed,records',
						'rim-admin@import.test,Rim Admin,manager'
					]),
					asAdmin()
				);
				expect(report).toMatchObject({ updated: 2, unchanged: 0 });
				expect(report.rejected).toEqual([
					{
						line: 4,
						key: 'rim-admin@import.test',
						reasons: ['role: you cannot change your own role; ask another administrator']
					}
				]);
				const [one] = await open.db
					.select()
					.from(users)
					.where(eq(users.email, 'rim-one@import.test'));
				expect(one).toMatchObject({ name: 'Rim One-Smith', role: 'team_leader' });
				const entries = await open.db
					.select()
					.from(auditLog)
					.where(and(eq(auditLog.entity, 'user'), eq(auditLog.entityId, String(one.id))));
				expect(entries.map((e) => [e.userId, e.action, e.before, e.after])).toEqual([
					[
						adminId,
						'import-create',
						null,
						{ email: 'rim-one@import.test', name: 'Rim One', role: 'coordinator' }
					],
					[adminId, 'import-update', { name: 'Rim One' }, { name: 'Rim One-Smith' }],
					[adminId, 'change-role', { role: 'coordinator' }, { role: 'team_leader' }]
				]);
				expect(heard).toEqual([{ userIds: [one.id], reason: 'role-changed' }]);
				const [me] = await open.db.select().from(users).where(eq(users.id, adminId));
				expect(me.role).toBe('admin');
			} finally {
				stop();
			}
		});

		it('a dry run announces no role change', async () => {
			const heard: SessionsEnded[] = [];
			const stop = onSessionsEnded((e) => heard.push(e));
			try {
				const report = await importReference(
					open.db,
					'staff',
					csv([HEADER, 'rim-two@import.test,Rim Two Renamed,summariser']),
					asAdmin({ dryRun: true })
				);
				expect(report).toMatchObject({ updated: 1 });
				expect(heard).toEqual([]);
				const [two] = await open.db
					.select()
					.from(users)
					.where(eq(users.email, 'rim-two@import.test'));
				expect(two.role).toBe('records');
			} finally {
				stop();
			}
		});
	});
});
