/**
 * Telling patients apart (issue 12): three Grace Simpsons on the PTL, told apart by date of
 * birth, age and hospital number without revealing an NHS number, and found by each of those;
 * the patient page's JSON (`GET /api/patients/<id>`) with every pathway and its history, refused
 * to roles that may not see patient data and 404 for unknown ids.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDatabase, type OpenDatabase } from '../../db';
import { bookings, caseNoteRequests, validationOutcomes } from '../../db/schema';
import type { SessionUser } from '../../src/lib/server/auth';
import { revealNhsNumber } from '../../src/lib/server/nhsNumber';
import type { PtlPage } from '../../src/lib/server/ptl';
import type { PatientRecord } from '../../src/lib/server/patients';
import { accessFor } from '../../src/lib/server/roles';
import { GET as pathwaysGet } from '../../src/routes/api/pathways/+server';
import { GET as patientGet } from '../../src/routes/api/patients/[id=id]/+server';
import { targets } from './databases';
import { addClinic, addPathway, addPatient, addTestSite, addUser, testNhsNumber } from './fixtures';
import { requestEvent } from './requestEvent';

/** Three patients of one name, born apart, as the issue found them. */
const GRACES = [
	{ dateOfBirth: '1952-03-07', hospitalNumber: 'H1000001', nhs: testNhsNumber('120', 1) },
	{ dateOfBirth: '1988-11-23', hospitalNumber: 'H1000002', nhs: testNhsNumber('120', 2) },
	{ dateOfBirth: '2000-02-29', hospitalNumber: 'H1000003', nhs: testNhsNumber('120', 3) }
] as const;

describe('who may read a patient', () => {
	it.each(['/patients/7', '/api/patients/7'])('%s: the PTL roles only', (path) => {
		for (const role of ['admin', 'coordinator', 'team_leader'] as const)
			expect(accessFor(path, role), role).toBe('allow');
		for (const role of ['records', 'summariser', 'manager', 'display'] as const)
			expect(accessFor(path, role), role).toBe('forbidden');
		expect(accessFor(path, null)).toBe('sign-in');
	});
});

describe.each(targets)('patient identity on $name', (target) => {
	let open: OpenDatabase;
	let cara: SessionUser;
	let manager: SessionUser;
	let display: SessionUser;
	const patientIds: number[] = [];
	const pathwayIds: number[] = [];

	const ptl = async (q: string, user = cara) => {
		const res = await pathwaysGet(
			requestEvent(`/api/pathways?q=${encodeURIComponent(q)}`, { method: 'GET', user }) as never
		);
		return { status: res.status, body: (await res.json()) as PtlPage & { message?: string } };
	};
	const patient = (id: string, user: SessionUser) =>
		patientGet(
			requestEvent(`/api/patients/${id}`, { method: 'GET', user, params: { id } }) as never
		);
	beforeAll(async () => {
		open = await target.open();
		registerDatabase(open);
		const siteId = await addTestSite(open);
		cara = await addUser(open, 'coordinator', 'Cara Coordinator', 'identity.test');
		manager = await addUser(open, 'manager', 'Mo Manager', 'identity.test');
		display = await addUser(open, 'display', 'Dee Display', 'identity.test');
		for (const g of GRACES) {
			const id = await addPatient(open, {
				nhsNumber: g.nhs,
				familyName: 'Simpson',
				givenName: 'Grace',
				dateOfBirth: g.dateOfBirth,
				hospitalNumber: g.hospitalNumber,
				addressLine1: '1 Test Street',
				town: 'Testington',
				postcode: 'ZZ1 1AA',
				gpPracticeCode: 'Z99001',
				gpPracticeName: 'Test Surgery'
			});
			patientIds.push(id);
			pathwayIds.push(await addPathway(open, id));
		}
		// the first Grace's history: a second pathway, a cancelled then a live booking, a
		// validation, a case-note request and an NHS number revealed
		const clinic = await addClinic(open, '2026-09-01', siteId);
		const other = await addPathway(open, patientIds[0], {
			specialtyCode: '110',
			clockStart: '2025-01-10',
			rttStatus: '30',
			clockStoppedOn: '2025-06-01',
			decisionDate: '2025-01-10',
			procedure: 'Knee review'
		});
		await open.db.insert(bookings).values([
			{ pathwayId: pathwayIds[0], sessionId: clinic, status: 'cancelled' },
			{ pathwayId: pathwayIds[0], sessionId: clinic }
		]);
		await open.db.insert(validationOutcomes).values({
			pathwayId: pathwayIds[0],
			outcome: 'still_waiting',
			rttStatusBefore: '20',
			rttStatusAfter: '20',
			note: 'Rang the patient',
			recordedBy: cara.id
		});
		await open.db.insert(caseNoteRequests).values({
			patientId: patientIds[0],
			reason: 'clinic',
			urgency: 'routine',
			neededBy: new Date('2026-08-31T09:00:00Z')
		});
		await revealNhsNumber(open.db, pathwayIds[0], cara.id);
		pathwayIds.push(other);
	});
	afterAll(async () => {
		await open?.close();
	});

	it('tells the three Grace Simpsons apart by date of birth and hospital number', async () => {
		const { body } = await ptl('SIMPSON, Grace');
		expect(body.total).toBe(3);
		const seen = body.items.map((i) => [i.name, i.dateOfBirth, i.hospitalNumber]);
		expect(seen.sort()).toEqual([
			['SIMPSON, Grace', '1952-03-07', 'H1000001'],
			['SIMPSON, Grace', '1988-11-23', 'H1000002'],
			['SIMPSON, Grace', '2000-02-29', 'H1000003']
		]);
		// ages on the census date, which the list states
		for (const item of body.items) {
			const born = GRACES.find((g) => g.hospitalNumber === item.hospitalNumber)!;
			expect(item.age).toBe(ageFrom(born.dateOfBirth, body.censusDate));
		}
		// told apart without revealing an NHS number
		for (const item of body.items) expect(item.nhsNumberMasked).toMatch(/^\*\*\* \*\*\* \d{4}$/);
	});

	it.each([
		['hospital number', 'H1000002', 1],
		['hospital number in lower case', 'h1000002', 1],
		['NHS number', GRACES[1].nhs, 1],
		[
			'NHS number with spaces',
			`${GRACES[1].nhs.slice(0, 3)} ${GRACES[1].nhs.slice(3, 6)} ${GRACES[1].nhs.slice(6)}`,
			1
		],
		['date of birth as typed', '23/11/1988', 1],
		['date of birth, ISO', '1988-11-23', 1]
	])('finds the one Grace by %s', async (_how, q) => {
		const { status, body } = await ptl(q);
		expect(status).toBe(200);
		expect(body.items.map((i) => i.patientId)).toEqual([patientIds[1]]);
	});

	it('refuses a date of birth that is no date, saying so, rather than finding nobody', async () => {
		const { status, body } = await ptl('31/02/1988');
		expect(status).toBe(400);
		expect(body.message).toBe('q: 31/02/1988 is not a date (dd/mm/yyyy)');
	});

	it('gives a patient’s demographics, every pathway and its history', async () => {
		const res = await patient(String(patientIds[0]), cara);
		expect(res.status).toBe(200);
		const record = (await res.json()) as PatientRecord;
		expect(record.patient).toMatchObject({
			id: patientIds[0],
			name: 'SIMPSON, Grace',
			nhsNumberMasked: `*** *** ${GRACES[0].nhs.slice(6)}`,
			hospitalNumber: 'H1000001',
			dateOfBirth: '1952-03-07',
			age: ageFrom('1952-03-07', record.today),
			address: ['1 Test Street', 'Testington', 'ZZ1 1AA'],
			gpPractice: { code: 'Z99001', name: 'Test Surgery' }
		});
		expect(record.pathways.map((p) => p.id).sort()).toEqual([pathwayIds[0], pathwayIds[3]].sort());
		const ent = record.pathways.find((p) => p.id === pathwayIds[0])!;
		expect(ent).toMatchObject({ open: true, specialty: '120', clockStart: '2026-08-01' });
		expect(ent.bookings.map((b) => b.status).sort()).toEqual(['booked', 'cancelled']);
		expect(ent.validations).toEqual([
			expect.objectContaining({
				outcome: 'still_waiting',
				note: 'Rang the patient',
				by: 'Cara Coordinator'
			})
		]);
		const knee = record.pathways.find((p) => p.id === pathwayIds[3])!;
		expect(knee).toMatchObject({ open: false, rttStatus: '30', clockStoppedOn: '2025-06-01' });
		expect(knee.history.map((e) => e.what)).toEqual([
			'Clock started',
			'Decision to treat, priority P3',
			'Clock stopped (30)'
		]);
		expect(record.caseNoteRequests).toEqual([
			expect.objectContaining({ reason: 'clinic', urgency: 'routine', status: 'requested' })
		]);
		expect(record.audit.map((a) => a.action)).toContain('reveal-nhs-number');
	});

	it('keeps one patient’s record to that patient', async () => {
		const record = (await (await patient(String(patientIds[1]), cara)).json()) as PatientRecord;
		expect(record.pathways.map((p) => p.id)).toEqual([pathwayIds[1]]);
		expect(record.caseNoteRequests).toEqual([]);
		expect(record.audit.map((a) => a.action)).toEqual([]);
	});

	it('is 404 for a patient that does not exist', async () => {
		const res = await patient('999999', cara);
		expect(res.status).toBe(404);
		expect(await res.json()).toEqual({ message: 'No patient 999999' });
	});

	it('is refused to roles that may not see patient data, office displays included', async () => {
		for (const user of [manager, display])
			await expect(patient(String(patientIds[0]), user)).rejects.toMatchObject({ status: 403 });
	});

	it('adds date of birth and hospital number to the PTL export', async () => {
		const res = await pathwaysGet(
			requestEvent('/api/pathways?format=xlsx&q=H1000003', { method: 'GET', user: cara }) as never
		);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await res.arrayBuffer());
		const sheet = book.getWorksheet('PTL')!;
		const header = (sheet.getRow(1).values as unknown[]).slice(1);
		const cell = (label: string) => sheet.getRow(2).getCell(header.indexOf(label) + 1).value;
		expect(sheet.rowCount).toBe(2);
		expect((cell('Date of birth') as Date).toISOString().slice(0, 10)).toBe('2000-02-29');
		expect(cell('Hospital number')).toBe('H1000003');
	});
});

/** Whole years, counted independently of the code under test (no leap-day case is on 28/29 Feb here). */
function ageFrom(dob: string, on: string): number {
	const [y, m, d] = dob.split('-').map(Number);
	const [oy, om, od] = on.split('-').map(Number);
	return oy - y - (om < m || (om === m && od < d) ? 1 : 0);
}
