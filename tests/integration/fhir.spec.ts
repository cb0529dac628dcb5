import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, Slot } from '@medplum/fhirtypes';
import { type OpenDatabase } from '../../db';
import { auditLog, sessions } from '../../db/schema';
import { addDays } from '../../src/lib/domain/rtt';
import { NHS_NUMBER_SYSTEM } from '../../src/lib/domain/fhir';
import {
	appointmentBundle,
	importSlotBundle,
	parseFhirQuery,
	slotBundle
} from '../../src/lib/server/fhir';
import { targets } from './databases';
import { CENSUS, loadFixture } from './fixtures';

const ORIGIN = 'https://waitwise.test';
const WEEK = { from: CENSUS, to: addDays(CENSUS, 13) };

async function sessionCount(open: OpenDatabase): Promise<number> {
	const [row] = await open.db.select({ n: count() }).from(sessions);
	return row.n;
}

describe.each(targets)('FHIR R4 exports and the Slot import on $name', (target) => {
	let open: OpenDatabase;
	beforeAll(async () => {
		open = await target.open();
		await loadFixture(open);
	});
	afterAll(async () => {
		await open?.close();
	});

	it('exports the sessions of the days asked as Slots, each with its Schedule in the bundle', async () => {
		const bundle = await slotBundle(open.db, WEEK, ORIGIN);
		const slots = bundle.entry!.filter((e) => e.resource!.resourceType === 'Slot');
		// the fixture books two patients, each in a session of their own within the fortnight
		expect(slots).toHaveLength(2);
		expect(bundle.total).toBe(2);
		const included = new Set(
			bundle.entry!.filter((e) => e.search?.mode === 'include').map((e) => e.fullUrl)
		);
		for (const { resource } of slots) {
			const slot = resource as Slot;
			expect(included).toContain(`${ORIGIN}/fhir/${slot.schedule.reference}`);
			// 30 minutes booked of 240
			expect(slot.status).toBe('free');
			expect(slot.end > slot.start).toBe(true);
		}
		expect(JSON.stringify(bundle)).not.toMatch(/Able|Baker|Carter|nhs-number/);
	});

	it('exports the bookings as Appointments naming the patient by NHS number, and audits it', async () => {
		const bundle = await appointmentBundle(open.db, WEEK, ORIGIN, null);
		const appointments = bundle.entry!.map((e) => e.resource!);
		expect(appointments).toHaveLength(2);
		for (const a of appointments) {
			expect(a.resourceType).toBe('Appointment');
			if (a.resourceType !== 'Appointment') continue;
			expect(a.status).toBe('booked');
			expect(a.minutesDuration).toBe(30);
			const patient = a.participant.find((p) => p.actor?.type === 'Patient')!;
			expect(patient.actor!.identifier).toMatchObject({ system: NHS_NUMBER_SYSTEM });
			expect(patient.actor!.identifier!.value).toMatch(/^\d{10}$/);
			expect(a.slot![0].reference).toMatch(/^Slot\/session-\d+$/);
		}
		const audited = await open.db.select().from(auditLog).where(eq(auditLog.action, 'fhir-export'));
		expect(audited).toHaveLength(1);
		expect(audited[0].after).toMatchObject({ appointments: 2 });
	});

	it('imports its own export as nothing new, and a new slot only when it is not a dry run', async () => {
		const before = await sessionCount(open);
		const bundle = await slotBundle(open.db, WEEK, ORIGIN);
		expect(
			await importSlotBundle(open.db, bundle, ORIGIN, { dryRun: false, userId: null })
		).toEqual({ slots: 2, created: 0, unchanged: 2, skipped: 0, dryRun: false });

		// the same list a week later is a new session
		const later = structuredClone(bundle) as Bundle;
		for (const e of later.entry!) {
			if (e.resource!.resourceType !== 'Slot') continue;
			const slot = e.resource as Slot;
			slot.start = new Date(Date.parse(slot.start) + 7 * 86_400_000).toISOString();
			slot.end = new Date(Date.parse(slot.end) + 7 * 86_400_000).toISOString();
		}
		const dry = await importSlotBundle(open.db, later, ORIGIN, { dryRun: true, userId: null });
		expect(dry).toMatchObject({ created: 2, unchanged: 0, dryRun: true });
		expect(await sessionCount(open)).toBe(before);

		const real = await importSlotBundle(open.db, later, ORIGIN, { dryRun: false, userId: null });
		expect(real).toMatchObject({ created: 2, dryRun: false });
		expect(await sessionCount(open)).toBe(before + 2);
		const again = await slotBundle(open.db, { from: CENSUS, to: addDays(CENSUS, 20) }, ORIGIN);
		expect(again.total).toBe(4);
	});

	it('refuses a bundle with any bad slot as a whole, naming each entry and element', async () => {
		const before = await sessionCount(open);
		const bundle = (await slotBundle(open.db, WEEK, ORIGIN)) as Bundle;
		const [first, second] = bundle.entry!.filter((e) => e.resource!.resourceType === 'Slot');
		// the first is new and good; the second names a site the trust lacks and has no status
		(first.resource as Slot).start = '2027-03-01T08:30:00Z';
		(first.resource as Slot).end = '2027-03-01T12:30:00Z';
		const schedule = bundle.entry!.find(
			(e) => `${ORIGIN}/fhir/${(second.resource as Slot).schedule.reference}` === e.fullUrl
		)!.resource!;
		const odd = structuredClone(schedule) as typeof schedule & { id: string; actor: unknown[] };
		odd.id = 'elsewhere';
		odd.actor = [
			{
				type: 'Location',
				identifier: { system: 'https://fhir.nhs.uk/Id/ods-site-code', value: 'ZZZ99' }
			}
		];
		bundle.entry!.push({ resource: odd });
		(second.resource as Slot).schedule = { reference: 'Schedule/elsewhere' };
		const refused = importSlotBundle(open.db, bundle, ORIGIN, { dryRun: false, userId: null });
		await expect(refused).rejects.toThrow(/schedule: site ZZZ99 is not set up here/);
		await expect(refused).rejects.toThrow(/^The bundle was not imported \(nothing was written\)/);
		expect(await sessionCount(open)).toBe(before);

		delete (second.resource as Partial<Slot>).status;
		await expect(
			importSlotBundle(open.db, bundle, ORIGIN, { dryRun: false, userId: null })
		).rejects.toThrow(/entry \d+ \(Slot session-\d+\)\.status: must be one of busy, free/);
		expect(await sessionCount(open)).toBe(before);
	});

	it('reads the days and specialty asked for, and refuses others by name', () => {
		expect(
			parseFhirQuery(new URLSearchParams('from=2026-06-01&to=2026-06-30&specialty=110'))
		).toEqual({ from: '2026-06-01', to: '2026-06-30', specialty: '110' });
		expect(() => parseFhirQuery(new URLSearchParams('from=2026-06-30&to=2026-06-01'))).toThrow(
			'to: must not be before from'
		);
		expect(() => parseFhirQuery(new URLSearchParams('from=2026-01-01&to=2027-06-01'))).toThrow(
			/to: at most 366 days after from/
		);
		expect(() => parseFhirQuery(new URLSearchParams('from=2026-02-30&to=2026-03-01'))).toThrow(
			/from: a date as YYYY-MM-DD/
		);
		expect(() => parseFhirQuery(new URLSearchParams('from=2026-06-01'))).toThrow(
			'to: a date as YYYY-MM-DD is needed'
		);
		expect(() =>
			parseFhirQuery(new URLSearchParams('from=2026-06-01&to=2026-06-02&who=me'))
		).toThrow('unknown filter: who');
	});
});
