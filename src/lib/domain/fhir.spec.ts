import { describe, expect, it } from 'vitest';
import {
	APPOINTMENT_STATUSES,
	readSlotBundle,
	searchset,
	SLOT_STATUSES,
	systems,
	toAppointment,
	toSchedule,
	toSlot,
	type BookingRow,
	type SessionRow
} from './fhir';

const sys = systems('https://waitwise.test/');
const LONDON = 'Europe/London';

/**
 * What R4 publishes (hl7.org/fhir/R4): each resource's elements of cardinality 1..*, and the
 * codes of the value sets bound `required` to the elements written here.
 */
const REQUIRED: Record<string, string[]> = {
	Bundle: ['type'],
	Schedule: ['actor'],
	Slot: ['schedule', 'status', 'start', 'end'],
	Appointment: ['status', 'participant']
};
const R4 = {
	slotStatus: ['busy', 'free', 'busy-unavailable', 'busy-tentative', 'entered-in-error'],
	appointmentStatus: [
		'proposed',
		'pending',
		'booked',
		'arrived',
		'fulfilled',
		'cancelled',
		'noshow',
		'entered-in-error',
		'checked-in',
		'waitlist'
	],
	participationStatus: ['accepted', 'declined', 'tentative', 'needs-action'],
	participantRequired: ['required', 'optional', 'information-only'],
	bundleType: [
		'document',
		'message',
		'transaction',
		'transaction-response',
		'batch',
		'batch-response',
		'history',
		'searchset',
		'collection'
	],
	searchMode: ['match', 'include', 'outcome']
};

const session = (over: Partial<SessionRow> = {}): SessionRow => ({
	id: 12,
	kind: 'theatre',
	date: '2026-07-01',
	startTime: '08:30',
	endTime: '12:30',
	bookableMinutes: 240,
	slotMinutes: null,
	bookedMinutes: 90,
	cancelled: false,
	specialtyCode: '110',
	specialtyName: 'Trauma and orthopaedics',
	clinician: { code: 'C1234567', name: 'Mr Hale' },
	site: { code: 'RXX01', name: 'General Hospital' },
	...over
});

const booking = (status: BookingRow['status']): BookingRow => ({
	id: 7,
	status,
	bookedAt: '2026-06-01T10:00:00.000Z',
	startTime: null,
	minutes: 90,
	session: session(),
	nhsNumber: '9990001234',
	patientName: 'SIMPSON, Grace',
	pathwayId: 44
});

function missing(resource: Record<string, unknown>): string[] {
	return REQUIRED[resource.resourceType as string].filter((e) => {
		const v = resource[e];
		return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
	});
}

describe('FHIR R4 resources', () => {
	it('our status lists are R4’s required value sets, code for code', () => {
		expect([...SLOT_STATUSES].sort()).toEqual([...R4.slotStatus].sort());
		expect([...APPOINTMENT_STATUSES].sort()).toEqual([...R4.appointmentStatus].sort());
	});

	it('every resource carries the elements R4 requires, with codes from its value sets', () => {
		const slot = toSlot(session(), LONDON, sys);
		const schedule = toSchedule(session(), { from: '2026-07-01', to: '2026-07-31' }, sys);
		const appointments = (['booked', 'cancelled', 'dna', 'attended'] as const).map((s) =>
			toAppointment(booking(s), LONDON, sys)
		);
		const bundle = searchset([slot, ...appointments], [schedule], sys, new Date());
		for (const r of [bundle, slot, schedule, ...appointments]) {
			expect(missing(r as unknown as Record<string, unknown>), r.resourceType).toEqual([]);
		}
		expect(R4.bundleType).toContain(bundle.type);
		for (const e of bundle.entry!) expect(R4.searchMode).toContain(e.search!.mode);
		expect(R4.slotStatus).toContain(slot.status);
		expect(appointments.map((a) => a.status)).toEqual([
			'booked',
			'cancelled',
			'noshow',
			'fulfilled'
		]);
		for (const a of appointments) {
			// app-3: only proposed or cancelled appointments may lack start and end
			expect(a.start && a.end).toBeTruthy();
			for (const p of a.participant) {
				expect(R4.participationStatus).toContain(p.status);
				expect(R4.participantRequired).toContain(p.required);
			}
		}
	});

	it('writes instants in UTC from the trust’s clocks, summer and winter', () => {
		expect(toSlot(session(), LONDON, sys)).toMatchObject({
			start: '2026-07-01T07:30:00.000Z',
			end: '2026-07-01T11:30:00.000Z'
		});
		expect(toSlot(session({ date: '2026-12-08' }), LONDON, sys).start).toBe(
			'2026-12-08T08:30:00.000Z'
		);
		expect(toAppointment(booking('booked'), LONDON, sys)).toMatchObject({
			start: '2026-07-01T07:30:00.000Z',
			end: '2026-07-01T09:00:00.000Z',
			minutesDuration: 90
		});
	});

	it('a session full or cancelled is a busy or unavailable slot', () => {
		expect(toSlot(session({ bookedMinutes: 240 }), LONDON, sys).status).toBe('busy');
		expect(toSlot(session({ cancelled: true }), LONDON, sys).status).toBe('busy-unavailable');
	});
});

describe('reading a Slot bundle', () => {
	const exported = (rows: SessionRow[]) =>
		searchset(
			rows.map((s) => toSlot(s, LONDON, sys)),
			rows.map((s) => toSchedule(s, { from: '2026-07-01', to: '2026-07-31' }, sys)),
			sys,
			new Date()
		);

	it('reads back the sessions it exports', () => {
		const clinic = session({ id: 13, kind: 'clinic', slotMinutes: 15, clinician: null });
		const read = readSlotBundle(exported([session(), clinic]), LONDON, sys);
		expect(read).toEqual({
			ok: true,
			skipped: 0,
			sessions: [
				expect.objectContaining({
					kind: 'theatre',
					date: '2026-07-01',
					startTime: '08:30',
					endTime: '12:30',
					bookableMinutes: 240,
					slotMinutes: null,
					specialtyCode: '110',
					consultantCode: 'C1234567',
					siteCode: 'RXX01',
					cancelled: false
				}),
				expect.objectContaining({ kind: 'clinic', slotMinutes: 15, consultantCode: null })
			]
		});
	});

	it('names every problem by entry and element', () => {
		const bundle = exported([session()]);
		const slot = bundle.entry![0].resource as unknown as Record<string, unknown>;
		slot.start = '2026-07-01T08:30:00';
		slot.status = 'open';
		slot.serviceCategory = [];
		bundle.entry!.push({ resource: { resourceType: 'Patient' } });
		const read = readSlotBundle(bundle, LONDON, sys);
		expect(read.ok).toBe(false);
		if (read.ok) return;
		expect(read.errors).toEqual([
			'entry 2: a Patient (only Slot and Schedule resources are read)',
			expect.stringMatching(
				/^entry 0 \(Slot session-12\)\.status: must be one of busy, free, .* \(not "open"\)$/
			),
			'entry 0 (Slot session-12).start: not an instant with a time zone ("2026-07-01T08:30:00")',
			expect.stringMatching(/^entry 0 \(Slot session-12\)\.serviceCategory: needs a coding of /)
		]);
	});

	it('refuses what is not a bundle, and a slot ending before it starts', () => {
		expect(readSlotBundle({ resourceType: 'Slot' }, LONDON, sys)).toEqual({
			ok: false,
			errors: ['resourceType: expected "Bundle"']
		});
		const bundle = exported([session()]);
		(bundle.entry![0].resource as { end: string }).end = '2026-07-01T06:00:00Z';
		const read = readSlotBundle(bundle, LONDON, sys);
		expect(read.ok === false && read.errors).toEqual([
			'entry 0 (Slot session-12).end: must come after start, on the same day on the trust’s clocks'
		]);
		(bundle.entry![0].resource as { end: string }).end = '2026-07-01T10:30:00Z';
		(
			bundle.entry![0].resource as { extension: { valueInteger: number }[] }
		).extension[0].valueInteger = -5;
		const negative = readSlotBundle(bundle, LONDON, sys);
		expect(negative.ok === false && negative.errors).toEqual([
			'entry 0 (Slot session-12).extension (bookable minutes): a whole number from 0 to 1440'
		]);
	});
});
