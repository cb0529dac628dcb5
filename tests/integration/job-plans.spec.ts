/**
 * Job plans (issue 14 part 2) against the real databases: the template import (every row checked,
 * dry run, upsert by template_code, re-import, audit) and generating a horizon's sessions from the
 * templates (idempotent, bank holidays skipped, booked sessions left alone).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db';
import { auditLog, bookings, sessions, sessionTemplates, settings } from '../../db/schema';
import { importJobPlans } from '../../src/lib/server/imports/jobPlans';
import { generateSessions } from '../../src/lib/server/jobPlans';
import { targets } from './databases';
import {
	addClinician,
	addLocations,
	addPathway,
	addPatient,
	addTestSite,
	testNhsNumber
} from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'waitwise-job-plans-'));
let files = 0;
function csv(lines: string[]): string {
	const path = join(dir, `templates-${++files}.csv`);
	writeFileSync(path, lines.join('\n') + '\n');
	return path;
}

const HEADER =
	'template_code,kind,site_code,location,specialty_code,consultant_code,weekday,start_time,' +
	'end_time,bookable_minutes,slot_minutes,slot_types,valid_from,valid_to,every_weeks';
const ENT_MONDAY =
	'JPT-ENT-MON,clinic,RX1,Clinic A,120,C1,Mon,09:00,12:00,180,15,new;follow-up,2027-01-04,,';
const TO_WEDNESDAY =
	'JPT-TO-WED,theatre,RX1,,110,,Wednesday,08:30,17:00,450,,,2027-01-04,2027-03-31,2';
const GOOD = [HEADER, ENT_MONDAY, TO_WEDNESDAY];
const BAD = [
	'JPT-BAD-1,ward,RX9,Nowhere,999,C9,Funday,25:00,09:00,x,0,,2027-13-01,2026-01-01,9',
	'JPT-BAD-2,clinic,RX1,,120,,Tue,10:00,09:00,30,15,,2027-01-04,,',
	'JPT-BAD-3,clinic,RX1,,120,,Tue,09:00,10:00,90,15,,2027-01-04,,',
	'JPT-TWICE,clinic,RX1,,120,,Thu,09:00,10:00,60,15,,2027-01-04,,',
	'JPT-TWICE,clinic,RX1,,120,,Fri,09:00,10:00,60,15,,2027-01-04,,'
];

describe.each(targets)('job plans on $name', (target) => {
	let open: OpenDatabase;
	const count = async (table: typeof auditLog | typeof sessionTemplates | typeof sessions) =>
		(await open.db.select().from(table)).length;

	beforeAll(async () => {
		open = await target.open();
		const siteId = await addTestSite(open);
		await addLocations(open, [{ siteId, name: 'Clinic A', kind: 'clinic' }]);
		await addClinician(open);
		// Monday 11 January 2027 is a bank holiday at this trust
		await open.db.insert(settings).values({ key: 'trust.bankHolidays', value: ['2027-01-11'] });
	});
	afterAll(async () => {
		await open?.close();
	});

	it('a dry run checks every row, reports all reasons, and writes nothing', async () => {
		const audit = await count(auditLog);
		const report = await importJobPlans(open.db, csv([...GOOD, ...BAD]), {
			dryRun: true,
			userId: null
		});
		expect(report).toMatchObject({ rows: 7, accepted: 2, created: 2, updated: 0, unchanged: 0 });
		expect(report.rejected.map((r) => [r.line, r.template])).toEqual([
			[4, 'JPT-BAD-1'],
			[5, 'JPT-BAD-2'],
			[6, 'JPT-BAD-3'],
			[7, 'JPT-TWICE'],
			[8, 'JPT-TWICE']
		]);
		const bad1 = report.rejected[0].reasons.join('\n');
		for (const word of [
			'kind',
			'site_code: no site RX9',
			'specialty_code: no specialty 999',
			'consultant_code: no consultant C9',
			'weekday',
			'start_time',
			'bookable_minutes',
			'slot_minutes',
			'valid_from',
			'every_weeks'
		]) {
			expect(bad1).toContain(word);
		}
		expect(report.rejected[1].reasons.join()).toContain('end_time: 09:00 is not after the start');
		expect(report.rejected[2].reasons.join()).toContain(
			'bookable_minutes: 90 is more than the session'
		);
		expect(report.rejected[3].reasons.join()).toContain('lines 7 and 8');
		expect(await count(sessionTemplates)).toBe(0);
		expect(await count(auditLog)).toBe(audit);
	});

	it('imports the accepted rows, audited; re-importing changes nothing', async () => {
		const report = await importJobPlans(open.db, csv([...GOOD, ...BAD]), {
			dryRun: false,
			userId: null
		});
		expect(report).toMatchObject({ accepted: 2, created: 2, updated: 0, unchanged: 0 });
		const rows = await open.db.select().from(sessionTemplates).orderBy(asc(sessionTemplates.code));
		expect(rows.map((r) => [r.code, r.kind, r.weekday, r.everyWeeks, r.slotTypes])).toEqual([
			['JPT-ENT-MON', 'clinic', 1, 1, ['new', 'follow-up']],
			['JPT-TO-WED', 'theatre', 3, 2, null]
		]);
		const created = await open.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.entity, 'session-template'));
		expect(created.map((a) => a.action)).toEqual(['import-create', 'import-create']);

		const audit = await count(auditLog);
		const again = await importJobPlans(open.db, csv(GOOD), { dryRun: false, userId: null });
		expect(again).toMatchObject({ rows: 2, accepted: 2, created: 0, updated: 0, unchanged: 2 });
		expect(await count(auditLog)).toBe(audit);
	});

	it('reads the same templates from XLSX (dates as date cells): nothing changes', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Job plan');
		for (const line of GOOD) {
			sheet.addRow(
				line
					.split(',')
					.map((cell) => (/^\d{4}-\d\d-\d\d$/.test(cell) ? new Date(`${cell}T00:00:00Z`) : cell))
			);
		}
		const path = join(dir, 'templates.xlsx');
		await workbook.xlsx.writeFile(path);
		const report = await importJobPlans(open.db, path, { dryRun: true, userId: null });
		expect(report).toMatchObject({ rows: 2, accepted: 2, created: 0, updated: 0, unchanged: 2 });
	});

	it('generates the horizon once, skipping the bank holiday and the off weeks', async () => {
		const range = { from: '2027-01-04', to: '2027-01-24', userId: null };
		const preview = await generateSessions(open.db, { ...range, dryRun: true });
		expect(preview).toMatchObject({ created: 4, updated: 0, unchanged: 0, keptBooked: 0 });
		expect(preview.skippedHolidays).toEqual([{ date: '2027-01-11', template: 'JPT-ENT-MON' }]);
		expect(preview.sessions.map((s) => [s.date, s.template, s.action])).toEqual([
			['2027-01-04', 'JPT-ENT-MON', 'create'],
			['2027-01-06', 'JPT-TO-WED', 'create'],
			['2027-01-18', 'JPT-ENT-MON', 'create'],
			['2027-01-20', 'JPT-TO-WED', 'create']
		]);
		expect(preview.byWeek).toEqual([
			{ week: '2027-01-04', site: 'RX1', sessions: 2 },
			{ week: '2027-01-18', site: 'RX1', sessions: 2 }
		]);
		expect(await count(sessions)).toBe(0);

		const run = await generateSessions(open.db, { ...range, dryRun: false });
		expect(run.created).toBe(4);
		const made = await open.db
			.select()
			.from(sessions)
			.where(isNotNull(sessions.templateId))
			.orderBy(asc(sessions.date));
		expect(
			made.map((s) => [s.date, s.kind, s.startTime, s.bookableMinutes, s.slotMinutes])
		).toEqual([
			['2027-01-04', 'clinic', '09:00:00', 180, 15],
			['2027-01-06', 'theatre', '08:30:00', 450, null],
			['2027-01-18', 'clinic', '09:00:00', 180, 15],
			['2027-01-20', 'theatre', '08:30:00', 450, null]
		]);
		const audited = await open.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'session'), eq(auditLog.action, 'generate')));
		expect(audited).toHaveLength(4);

		const twice = await generateSessions(open.db, { ...range, dryRun: false });
		expect(twice).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
		expect(await count(sessions)).toBe(4);
	});

	it('a changed template updates its unbooked sessions and leaves booked ones alone', async () => {
		const booked = (
			await open.db.select().from(sessions).where(eq(sessions.date, '2027-01-18'))
		)[0];
		const patientId = await addPatient(open, {
			nhsNumber: testNhsNumber('716', 1),
			familyName: 'Jobplan'
		});
		const pathwayId = await addPathway(open, patientId);
		await open.db.insert(bookings).values({ pathwayId, sessionId: booked.id, startTime: '09:00' });

		const changed = ENT_MONDAY.replace('09:00,12:00,180', '09:00,13:00,240');
		const report = await importJobPlans(open.db, csv([HEADER, changed, TO_WEDNESDAY]), {
			dryRun: false,
			userId: null
		});
		expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
		const [update] = await open.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'session-template'), eq(auditLog.action, 'import-update')));
		expect(update.before).toEqual({ endTime: '12:00:00', bookableMinutes: 180 });
		expect(update.after).toEqual({ endTime: '13:00:00', bookableMinutes: 240 });

		const run = await generateSessions(open.db, {
			from: '2027-01-04',
			to: '2027-01-24',
			dryRun: false,
			userId: null
		});
		expect(run).toMatchObject({ created: 0, updated: 1, unchanged: 2, keptBooked: 1 });
		const byDate = new Map(
			(await open.db.select().from(sessions)).map((s) => [s.date, s] as const)
		);
		expect(byDate.get('2027-01-04')).toMatchObject({ endTime: '13:00:00', bookableMinutes: 240 });
		expect(byDate.get('2027-01-18')).toMatchObject({ endTime: '12:00:00', bookableMinutes: 180 });
	});

	it('refuses a range that is not one', async () => {
		await expect(
			generateSessions(open.db, {
				from: '2027-02-01',
				to: '2027-01-01',
				dryRun: true,
				userId: null
			})
		).rejects.toThrow(/to: .* is before from/);
	});
});
