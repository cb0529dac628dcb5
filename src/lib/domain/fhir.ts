/**
 * FHIR R4 for the PAS and other tools (issue 14, part 3; DOMAIN.md "FHIR R4"): the trust's clinic
 * and theatre sessions as `Schedule` (the list's owner: a consultant, or the specialty, at a site)
 * and `Slot` (the session's time), bookings as `Appointment`, and a `Slot` bundle read back as
 * sessions. Pure: the server gathers the rows (src/lib/server/fhir.ts) and answers with these.
 *
 * Instants are written in UTC (`…Z`); dates and times on the trust's clocks are converted with its
 * time zone both ways. Identifiers the NHS publishes a system for use it (NHS number, ODS site
 * code); Waitwise's own (sessions, bookings, pathways, consultant codes, session kinds, treatment
 * functions) use systems under the server's own address, so two trusts' ids never meet.
 */
import type {
	Appointment,
	Location,
	Practitioner,
	AppointmentParticipant,
	Bundle,
	BundleEntry,
	CodeableConcept,
	Extension,
	Reference,
	Resource,
	Schedule,
	Slot
} from '@medplum/fhirtypes';
import { dayNumber } from './rtt';
import { minutesOf, timeOfMinutes, wallClock, wallTime } from './workingTime';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_SITE_SYSTEM = 'https://fhir.nhs.uk/Id/ods-site-code';

/** The value sets R4 binds as required, as published (checked in fhir.spec.ts). */
export const SLOT_STATUSES = [
	'busy',
	'free',
	'busy-unavailable',
	'busy-tentative',
	'entered-in-error'
] as const satisfies readonly Slot['status'][];
export const APPOINTMENT_STATUSES = [
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
] as const satisfies readonly Appointment['status'][];

/** Waitwise's own identifier and code systems, under the server's address. */
export function systems(origin: string) {
	const base = `${origin.replace(/\/+$/, '')}/fhir`;
	return {
		base,
		session: `${base}/Id/session`,
		booking: `${base}/Id/booking`,
		pathway: `${base}/Id/pathway`,
		consultant: `${base}/Id/consultant-code`,
		sessionKind: `${base}/CodeSystem/session-kind`,
		treatmentFunction: `${base}/CodeSystem/treatment-function`,
		bookableMinutes: `${base}/StructureDefinition/bookable-minutes`,
		slotMinutes: `${base}/StructureDefinition/slot-minutes`
	};
}
export type Systems = ReturnType<typeof systems>;

export type SessionKindCode = 'clinic' | 'theatre';

/** A session as the server reads it for export. */
export interface SessionRow {
	id: number;
	kind: SessionKindCode;
	date: string;
	startTime: string;
	endTime: string;
	bookableMinutes: number;
	slotMinutes: number | null;
	/** Minutes its live bookings take. */
	bookedMinutes: number;
	cancelled: boolean;
	specialtyCode: string;
	specialtyName: string;
	clinician: { code: string; name: string } | null;
	site: { code: string; name: string };
}

/** A booking as the server reads it for export. */
export interface BookingRow {
	id: number;
	status: 'booked' | 'cancelled' | 'dna' | 'attended';
	bookedAt: string;
	/** The booked start time, or null for the session's start (a theatre list). */
	startTime: string | null;
	minutes: number;
	session: SessionRow;
	nhsNumber: string;
	patientName: string;
	pathwayId: number;
}

const KIND_NAMES: Record<SessionKindCode, string> = {
	clinic: 'Outpatient clinic',
	theatre: 'Theatre list'
};

export const APPOINTMENT_STATUS_OF: Record<BookingRow['status'], Appointment['status']> = {
	booked: 'booked',
	cancelled: 'cancelled',
	dna: 'noshow',
	attended: 'fulfilled'
};

/** An instant on the trust's clocks, in UTC as FHIR writes instants. */
export function instant(date: string, time: string, timeZone: string): string {
	return new Date(wallTime(date, minutesOf(time), timeZone)).toISOString();
}

function scheduleId(s: SessionRow): string {
	return `${s.specialtyCode}-${s.clinician?.code ?? 'list'}-${s.site.code}`.replace(
		/[^A-Za-z0-9.-]/g,
		'-'
	);
}

function specialtyConcept(s: SessionRow, sys: Systems): CodeableConcept {
	return {
		coding: [{ system: sys.treatmentFunction, code: s.specialtyCode, display: s.specialtyName }],
		text: s.specialtyName
	};
}

function kindConcept(kind: SessionKindCode, sys: Systems): CodeableConcept {
	return {
		coding: [{ system: sys.sessionKind, code: kind, display: KIND_NAMES[kind] }],
		text: KIND_NAMES[kind]
	};
}

function practitioner(s: SessionRow, sys: Systems): Reference<Practitioner> | null {
	if (!s.clinician) return null;
	return {
		type: 'Practitioner',
		identifier: { system: sys.consultant, value: s.clinician.code },
		display: s.clinician.name
	};
}

function location(s: SessionRow): Reference<Location> {
	return {
		type: 'Location',
		identifier: { system: ODS_SITE_SYSTEM, value: s.site.code },
		display: s.site.name
	};
}

export function toSchedule(s: SessionRow, horizon: { from: string; to: string }, sys: Systems) {
	const owner = practitioner(s, sys);
	const schedule: Schedule = {
		resourceType: 'Schedule',
		id: scheduleId(s),
		active: true,
		serviceType: [specialtyConcept(s, sys)],
		actor: owner ? [owner, location(s)] : [location(s)],
		planningHorizon: { start: horizon.from, end: horizon.to },
		comment: `${s.specialtyName} lists${s.clinician ? ` of ${s.clinician.name}` : ''} at ${s.site.name}`
	};
	return schedule;
}

export function slotStatus(s: SessionRow): Slot['status'] {
	if (s.cancelled) return 'busy-unavailable';
	return s.bookedMinutes >= s.bookableMinutes ? 'busy' : 'free';
}

export function toSlot(s: SessionRow, timeZone: string, sys: Systems): Slot {
	const extension: Extension[] = [{ url: sys.bookableMinutes, valueInteger: s.bookableMinutes }];
	if (s.slotMinutes !== null) extension.push({ url: sys.slotMinutes, valueInteger: s.slotMinutes });
	return {
		resourceType: 'Slot',
		id: `session-${s.id}`,
		extension,
		identifier: [{ system: sys.session, value: String(s.id) }],
		serviceCategory: [kindConcept(s.kind, sys)],
		serviceType: [specialtyConcept(s, sys)],
		schedule: { reference: `Schedule/${scheduleId(s)}` },
		status: slotStatus(s),
		start: instant(s.date, s.startTime, timeZone),
		end: instant(s.date, s.endTime, timeZone),
		comment: `${KIND_NAMES[s.kind]}: ${s.bookedMinutes} of ${s.bookableMinutes} bookable minutes booked`
	};
}

export function toAppointment(b: BookingRow, timeZone: string, sys: Systems): Appointment {
	const startMs = wallTime(b.session.date, minutesOf(b.startTime ?? b.session.startTime), timeZone);
	const participant: AppointmentParticipant[] = [
		{
			actor: {
				type: 'Patient',
				identifier: { system: NHS_NUMBER_SYSTEM, value: b.nhsNumber },
				display: b.patientName
			},
			required: 'required',
			status: 'accepted'
		}
	];
	const owner = practitioner(b.session, sys);
	if (owner) participant.push({ actor: owner, required: 'required', status: 'accepted' });
	participant.push({ actor: location(b.session), required: 'required', status: 'accepted' });
	return {
		resourceType: 'Appointment',
		id: `booking-${b.id}`,
		identifier: [{ system: sys.booking, value: String(b.id) }],
		status: APPOINTMENT_STATUS_OF[b.status],
		serviceCategory: [kindConcept(b.session.kind, sys)],
		serviceType: [specialtyConcept(b.session, sys)],
		start: new Date(startMs).toISOString(),
		end: new Date(startMs + b.minutes * 60_000).toISOString(),
		minutesDuration: b.minutes,
		slot: [{ reference: `Slot/session-${b.session.id}` }],
		basedOn: [
			{ type: 'ServiceRequest', identifier: { system: sys.pathway, value: String(b.pathwayId) } }
		],
		created: b.bookedAt,
		participant
	};
}

/** A `searchset` bundle of what matched, and what it refers to included. */
export function searchset(
	matches: Resource[],
	includes: Resource[],
	sys: Systems,
	now: Date
): Bundle {
	const entry = (resource: Resource, mode: 'match' | 'include'): BundleEntry => ({
		fullUrl: `${sys.base}/${resource.resourceType}/${resource.id}`,
		resource,
		search: { mode }
	});
	return {
		resourceType: 'Bundle',
		type: 'searchset',
		timestamp: now.toISOString(),
		total: matches.length,
		entry: [...matches.map((r) => entry(r, 'match')), ...includes.map((r) => entry(r, 'include'))]
	};
}

// ---- reading a Slot bundle back as sessions ---------------------------------------------------

/** A session a `Slot` describes, in the trust's terms; codes still to be looked up. */
export interface SlotSession {
	/** Where it is in the bundle, for messages: "entry 3 (Slot session-12)". */
	where: string;
	kind: SessionKindCode;
	date: string;
	startTime: string;
	endTime: string;
	bookableMinutes: number;
	slotMinutes: number | null;
	specialtyCode: string;
	consultantCode: string | null;
	siteCode: string;
	cancelled: boolean;
}

export type SlotReading =
	{ ok: true; sessions: SlotSession[]; skipped: number } | { ok: false; errors: string[] };

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The code of the first coding with `system` in any of the concepts. */
function codeIn(concepts: unknown, system: string): string | null {
	for (const concept of list(concepts)) {
		if (!isObject(concept)) continue;
		for (const coding of list(concept.coding)) {
			if (isObject(coding) && coding.system === system && typeof coding.code === 'string')
				return coding.code;
		}
	}
	return null;
}

function identifierOf(reference: unknown, type: string, system: string): string | null {
	if (!isObject(reference) || reference.type !== type || !isObject(reference.identifier))
		return null;
	const id = reference.identifier;
	return id.system === system && typeof id.value === 'string' && id.value.trim() !== ''
		? id.value.trim()
		: null;
}

function extensionInteger(resource: Loose, url: string): unknown {
	const ext = list(resource.extension).find((e) => isObject(e) && e.url === url);
	return isObject(ext) ? ext.valueInteger : undefined;
}

const DAY_MINUTES = 24 * 60;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An R4 `instant` (a time zone is required) as milliseconds, or null. */
function instantMs(value: unknown): number | null {
	if (typeof value !== 'string' || !INSTANT.test(value)) return null;
	try {
		dayNumber(value.slice(0, 10));
	} catch {
		return null;
	}
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? null : ms;
}

/**
 * Reads a `Bundle` of `Slot`s (with the `Schedule`s they refer to, as entries) into sessions. Every
 * problem is reported, each naming the entry and the element; the caller writes nothing unless
 * there are none. A slot `entered-in-error` is skipped; `busy-unavailable` is a cancelled session;
 * any other status an open one. Kind comes from `serviceCategory` and the specialty from
 * `serviceType` (the slot's or its schedule's), in Waitwise's code systems as exported.
 */
export function readSlotBundle(bundle: unknown, timeZone: string, sys: Systems): SlotReading {
	if (!isObject(bundle) || bundle.resourceType !== 'Bundle')
		return { ok: false, errors: ['resourceType: expected "Bundle"'] };
	if (typeof bundle.type !== 'string')
		return { ok: false, errors: ['type: a Bundle needs its type (for example "collection")'] };
	if (!Array.isArray(bundle.entry) || bundle.entry.length === 0)
		return { ok: false, errors: ['entry: the bundle holds no entries'] };
	const errors: string[] = [];
	const schedules = new Map<string, Loose>();
	const slots: { index: number; slot: Loose }[] = [];
	bundle.entry.forEach((entry: unknown, index) => {
		const resource = isObject(entry) ? entry.resource : undefined;
		if (!isObject(resource)) {
			errors.push(`entry ${index}: has no resource`);
			return;
		}
		if (resource.resourceType === 'Schedule' && typeof resource.id === 'string') {
			schedules.set(`Schedule/${resource.id}`, resource);
			if (isObject(entry) && typeof entry.fullUrl === 'string')
				schedules.set(entry.fullUrl, resource);
		} else if (resource.resourceType === 'Slot') slots.push({ index, slot: resource });
		else
			errors.push(
				`entry ${index}: a ${String(resource.resourceType)} (only Slot and Schedule resources are read)`
			);
	});
	if (slots.length === 0 && errors.length === 0) errors.push('entry: the bundle holds no Slot');
	const sessions: SlotSession[] = [];
	let skipped = 0;
	for (const { index, slot } of slots) {
		const where = `entry ${index} (Slot${typeof slot.id === 'string' ? ` ${slot.id}` : ''})`;
		const problems: string[] = [];
		const status = slot.status;
		if (!(SLOT_STATUSES as readonly unknown[]).includes(status)) {
			problems.push(
				`status: must be one of ${SLOT_STATUSES.join(', ')} (not ${JSON.stringify(status)})`
			);
		}
		if (status === 'entered-in-error') {
			skipped++;
			continue;
		}
		const ref = isObject(slot.schedule) ? slot.schedule.reference : undefined;
		const schedule = typeof ref === 'string' ? schedules.get(ref) : undefined;
		if (!schedule) {
			problems.push(
				`schedule: must refer to a Schedule in the bundle (not ${JSON.stringify(ref ?? null)})`
			);
		}
		const start = instantMs(slot.start);
		const end = instantMs(slot.end);
		if (start === null)
			problems.push(
				`start: not an instant with a time zone (${JSON.stringify(slot.start ?? null)})`
			);
		if (end === null)
			problems.push(`end: not an instant with a time zone (${JSON.stringify(slot.end ?? null)})`);
		const from = start === null ? null : wallClock(start, timeZone);
		const to = end === null ? null : wallClock(end, timeZone);
		const timed = from !== null && to !== null && from.date === to.date && to.minute > from.minute;
		if (from && to && !timed) {
			problems.push('end: must come after start, on the same day on the trust’s clocks');
		}
		const kind = codeIn(slot.serviceCategory, sys.sessionKind);
		if (kind !== 'clinic' && kind !== 'theatre') {
			problems.push(
				`serviceCategory: needs a coding of ${sys.sessionKind} with code "clinic" or "theatre"`
			);
		}
		const specialty =
			codeIn(slot.serviceType, sys.treatmentFunction) ??
			(schedule ? codeIn(schedule.serviceType, sys.treatmentFunction) : null);
		if (specialty === null) {
			problems.push(`serviceType: needs a treatment function coding of ${sys.treatmentFunction}`);
		}
		const actors = schedule ? list(schedule.actor) : [];
		const site = actors.map((a) => identifierOf(a, 'Location', ODS_SITE_SYSTEM)).find(Boolean);
		const consultant =
			actors.map((a) => identifierOf(a, 'Practitioner', sys.consultant)).find(Boolean) ?? null;
		if (schedule && !site) {
			problems.push(
				`schedule.actor: the Schedule needs a Location identified by ${ODS_SITE_SYSTEM}`
			);
		}
		// Bookable minutes may exceed the span (a clinic run in two rooms); without the extension
		// a slot is bookable from start to end.
		const span = timed ? to.minute - from.minute : 0;
		const bookable = extensionInteger(slot, sys.bookableMinutes) ?? span;
		const bookableOk =
			Number.isInteger(bookable) &&
			(bookable as number) >= 0 &&
			(bookable as number) <= DAY_MINUTES;
		if (timed && !bookableOk) {
			problems.push(`extension (bookable minutes): a whole number from 0 to ${DAY_MINUTES}`);
		}
		const slotLength = extensionInteger(slot, sys.slotMinutes) ?? null;
		if (slotLength !== null && (!Number.isInteger(slotLength) || (slotLength as number) < 1)) {
			problems.push('extension (slot minutes): a whole number of at least 1');
		}
		if (problems.length > 0) {
			errors.push(...problems.map((p) => `${where}.${p}`));
			continue;
		}
		sessions.push({
			where,
			kind: kind as SessionKindCode,
			date: from!.date,
			startTime: timeOfMinutes(from!.minute),
			endTime: timeOfMinutes(to!.minute),
			bookableMinutes: bookable as number,
			slotMinutes: slotLength as number | null,
			specialtyCode: specialty!,
			consultantCode: consultant,
			siteCode: site!,
			cancelled: status === 'busy-unavailable'
		});
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, sessions, skipped };
}

/** The longest span one export covers, so a request cannot ask for every session ever. */
export const FHIR_MAX_DAYS = 366;

export function daysBetween(from: string, to: string): number {
	return dayNumber(to) - dayNumber(from);
}
