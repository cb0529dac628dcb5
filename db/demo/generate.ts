/**
 * Generates the demo trust: a pure function of (seed, pathways, today). Each stage draws from its
 * own random stream (see Random.stream), so the stages can change independently.
 *
 * The order matters because later stages read earlier ones:
 *   reference data → pathway skeleton (specialty, list) → patients and procedures → session
 *   templates → past lists (which patients were treated: the closed pathways) → waits, priorities
 *   and the rest of the open pathways → past outcomes for open pathways → future bookings →
 *   TCI dates → case notes and summarising (records.ts).
 */
import {
	addDays,
	dayNumber,
	fromDayNumber,
	nhsCheckDigit,
	type Priority
} from '../../src/lib/domain/rtt';
import {
	CONSULTANT_NAMES,
	DEMO_ACCOUNTS,
	DEMO_STAFF,
	FAMILY_NAMES,
	FEMALE_NAMES,
	GP_PRACTICES,
	MALE_NAMES,
	OUTPATIENT_FOLLOW_UP,
	OUTPATIENT_NEW,
	PATHWAY_NOTES,
	SITES,
	SPECIALTIES,
	STREETS,
	TOWNS,
	UNAVAILABILITY_REASONS,
	type DemoAccount,
	type Sex,
	type SpecialtySpec
} from './catalogue';
import {
	dayOfWeek,
	isWorkingDay,
	londonTime,
	MINUTE,
	minutesOf,
	mondayOf,
	timeOf,
	TRUST_TIME_ZONE
} from './clock';
import type {
	DemoBooking,
	DemoClinician,
	DemoData,
	DemoLocation,
	DemoOptions,
	DemoPathway,
	DemoPatient,
	DemoSession,
	DemoSite,
	DemoUnavailability
} from './model';
import { Random } from './random';
import { CANCELLATION_REASONS, type CancellationReason } from '../../src/lib/domain/attendance';
import { generateRecords } from './records';
import { sourceDocuments } from './letters';

/** The demo's "now": 07:30 on the census date, before the first clinic of the day. */
export const NOW_MINUTE_OF_DAY = 7 * 60 + 30;

/** Sessions run from 4 weeks before today (history) to 8 weeks after it (the planning horizon). */
export const PAST_DAYS = 28;
export const FUTURE_DAYS = 56;

/** Share of each list the sessions over the 8-week horizon can see: demand outstrips capacity. */
const OUTPATIENT_THROUGHPUT = 0.4;
const ADMITTED_THROUGHPUT = 0.25;

/**
 * Waits of open pathways, in days, by national band. The shape follows the published RTT
 * statistics: most within 18 weeks, a long tail, a few percent over 52 weeks and a handful beyond
 * 65 and 78 (DOMAIN.md: within 18 weeks ⇔ days ≤ 126; over 52 ⇔ ≥ 365).
 */
const OPEN_WAIT_BANDS = [
	{ from: 1, to: 126, share: 0.61 },
	{ from: 127, to: 364, share: 0.357 },
	{ from: 365, to: 455, share: 0.027 },
	{ from: 456, to: 546, share: 0.0045 },
	{ from: 547, to: 728, share: 0.0015 }
] as const;

/** Waits at treatment for the pathways closed in the last 4 weeks (treated patients waited less). */
const TREATED_WAIT_BANDS = [
	{ from: 7, to: 126, share: 0.56 },
	{ from: 127, to: 364, share: 0.4 },
	{ from: 365, to: 455, share: 0.035 },
	{ from: 456, to: 600, share: 0.005 }
] as const;

const PRIORITY_RANK: Record<Priority, number> = { P1a: 1, P1b: 2, P2: 3, P3: 4, P4: 5 };

const TITLES_SURGICAL = ['Mr', 'Mr', 'Ms', 'Ms', 'Miss'] as const;
/** Letters a postcode's inward code may use. */
const INWARD_LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ'];

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

interface Template {
	spec: SpecialtySpec;
	kind: 'clinic' | 'theatre';
	weekday: number;
	half: 'am' | 'pm' | 'day';
	clinician: number | null;
	site: number;
	location: number;
	slotTypes: string[];
	start: number;
	end: number;
	bookable: number;
}

/** Per-pathway facts the generator needs while it works; not stored. */
interface PathwayState {
	spec: SpecialtySpec;
	role: 'primary' | 'secondary' | 'duplicate';
	open: boolean;
	live: boolean;
	pastBooked: boolean;
	unavailable: [number, number][];
}

export function validateDemoOptions(options: DemoOptions): void {
	if (!Number.isSafeInteger(options.seed)) throw new RangeError('seed must be a whole number');
	if (
		!Number.isSafeInteger(options.pathways) ||
		options.pathways < 1 ||
		options.pathways > 1_000_000
	) {
		throw new RangeError('pathways must be a whole number from 1 to 1,000,000');
	}
	dayNumber(options.today); // throws on anything that is not a calendar date
}

/** Everything the demo trust holds, as plain data; the same options always give the same data. */
export function generateDemoTrust(options: DemoOptions): DemoData {
	validateDemoOptions(options);
	return new TrustGenerator(options).run();
}

export class TrustGenerator {
	readonly seed: number;
	readonly n: number;
	readonly today: string;
	readonly todayDay: number;
	/** Epoch ms of "now" (07:30 London on the census date): nothing happened after it. */
	readonly now: number;

	readonly users: DemoAccount[] = [...DEMO_ACCOUNTS, ...DEMO_STAFF];
	readonly specialties = [...SPECIALTIES].sort((a, b) => a.code.localeCompare(b.code));
	readonly sites: DemoSite[] = [];
	readonly locations: DemoLocation[] = [];
	readonly clinicians: DemoClinician[] = [];
	readonly patients: DemoPatient[] = [];
	readonly pathways: DemoPathway[] = [];
	readonly unavailability: DemoUnavailability[] = [];
	readonly sessions: DemoSession[] = [];
	readonly bookings: DemoBooking[] = [];

	// Lookups built with the reference data.
	readonly siteByCode = new Map<string, number>();
	readonly locationByName = new Map<string, number>();
	readonly roomsByTag = new Map<string, number[]>();
	/** Per site: the library, its bays (terminal-digit ranges), the ward and the office. */
	readonly siteRecords: {
		library: number;
		bays: { location: number; from: number; to: number }[];
		ward: number;
		office: number;
		emergency: number | null;
	}[] = [];
	readonly cliniciansBySpecialty = new Map<string, number[]>();
	readonly userByEmail = new Map<string, number>();
	readonly coordinators: number[];
	readonly recordsStaff: number[];
	readonly summarisers: number[];

	// Per-patient and per-pathway working state.
	readonly patientHome: number[] = [];
	readonly patientSite: number[] = [];
	readonly patientAge: number[] = [];
	readonly state: PathwayState[] = [];
	/** Minutes booked per clinician per day, for planning rule 7 (daily limits). */
	private readonly clinicianMinutes = new Map<string, number>();
	/** Minutes used per session, cancelled bookings included, so no list is ever over-filled. */
	readonly sessionUsed: number[] = [];

	constructor(options: DemoOptions) {
		this.seed = options.seed;
		this.n = options.pathways;
		this.today = options.today;
		this.todayDay = dayNumber(options.today);
		this.now = londonTime(options.today, NOW_MINUTE_OF_DAY);
		this.users.forEach((u, i) => this.userByEmail.set(u.email, i));
		this.coordinators = this.usersWithRole('coordinator', 'team_leader');
		this.recordsStaff = this.usersWithRole('records');
		this.summarisers = this.usersWithRole('summariser');
	}

	private usersWithRole(...roles: string[]): number[] {
		return this.users.flatMap((u, i) => (roles.includes(u.role) ? [i] : []));
	}

	stream(label: string): Random {
		return Random.stream(this.seed, label);
	}

	run(): DemoData {
		this.referenceData();
		this.skeleton();
		this.people();
		this.addresses();
		const templates = this.sessionTemplates();
		this.instantiateSessions(templates);
		this.pastTreated();
		this.openPathways();
		this.pastOutcomes();
		this.futureBookings();
		this.finishPathways();
		const records = generateRecords(this);
		return {
			options: { seed: this.seed, pathways: this.n, today: this.today },
			users: this.users,
			specialties: this.specialties.map((s) => ({ code: s.code, name: s.name })),
			sites: this.sites,
			locations: this.locations,
			clinicians: this.clinicians,
			patients: this.patients,
			pathways: this.pathways,
			unavailability: this.unavailability,
			sessions: this.sessions,
			bookings: this.bookings,
			caseNoteRequests: records.requests,
			caseNoteMovements: records.movements,
			summarisingItems: records.summarising,
			documents: sourceDocuments(this, records.summarising),
			settings: [
				{
					key: 'caseNotes.sla',
					value: { emergencyMinutes: 30, urgentMinutes: 240, routineWorkingDays: 2 }
				},
				{ key: 'caseNotes.clinicLeadWorkingDays', value: 2 },
				{ key: 'trust.timeZone', value: TRUST_TIME_ZONE }
			]
		};
	}

	// ---------------------------------------------------------------- reference data

	private referenceData(): void {
		for (const site of SITES) {
			const siteIndex = this.sites.length;
			this.sites.push({ code: site.code, name: site.name });
			this.siteByCode.set(site.code, siteIndex);
			const add = (name: string, kind: DemoLocation['kind'], tag?: string) => {
				const index = this.locations.length;
				this.locations.push({ site: siteIndex, name, kind });
				this.locationByName.set(`${site.code}|${name}`, index);
				if (tag) {
					pushTo(this.roomsByTag, `${site.code}|${kind}|${tag}`, index);
				}
				return index;
			};
			for (const room of site.rooms) add(room.name, room.kind, room.tag);
			const library = add(site.library, 'library');
			const bays = site.bays.map((b) => ({
				location: add(b.name, 'library'),
				from: b.from,
				to: b.to
			}));
			const at = (name: string) => this.locationByName.get(`${site.code}|${name}`) as number;
			this.siteRecords.push({
				library,
				bays,
				ward: at(site.ward),
				office: at(site.office),
				emergency: site.emergency ? at(site.emergency) : null
			});
		}

		const rng = this.stream('clinicians');
		const surnames = rng.shuffle([...CONSULTANT_NAMES]);
		let next = 0;
		for (const spec of this.specialties) {
			const ids: number[] = [];
			for (let k = 0; k < spec.consultants; k++) {
				const title = spec.surgical ? rng.pick(TITLES_SURGICAL) : 'Dr';
				const surname = surnames[next++ % surnames.length];
				ids.push(this.clinicians.length);
				this.clinicians.push({
					code: `C${spec.code}${String(k + 1).padStart(2, '0')}`,
					name: `${title} ${surname}`,
					specialtyCode: spec.code,
					// Some consultants cap their daily operating/clinic time (planning rule 7).
					maxMinutesPerDay: rng.chance(0.3) ? rng.pick([300, 360, 420]) : null
				});
			}
			this.cliniciansBySpecialty.set(spec.code, ids);
		}
	}

	// ---------------------------------------------------------------- pathways and patients

	/** Specialty and list type for every pathway. */
	private skeleton(): void {
		const rng = this.stream('skeleton');
		const weights = this.specialties.map((s) => s.weight);
		for (let i = 0; i < this.n; i++) {
			const spec = rng.weighted(this.specialties, weights);
			const admitted = rng.chance(spec.admittedShare);
			this.state.push({
				spec,
				role: 'primary',
				open: true,
				live: false,
				pastBooked: false,
				unavailable: []
			});
			this.pathways.push({
				patient: -1,
				specialtyCode: spec.code,
				listType: admitted ? 'admitted' : 'outpatient',
				clockStart: '',
				rttStatus: '20',
				priority: null,
				decisionDate: null,
				procedure: null,
				procedureCode: null,
				slotType: null,
				expectedMinutes: 0,
				clinician: null,
				site: 0,
				lastValidatedOn: null,
				tciDate: null,
				clockStoppedOn: null,
				notes: null,
				createdAt: 0,
				updatedAt: 0
			});
		}
	}

	/**
	 * Patients: most have one pathway, some a second in another specialty, and a few pathways are
	 * duplicates of another (a data-quality flag), which get their patient once waits are known.
	 */
	private people(): void {
		const rng = this.stream('patients');
		const order = rng.shuffle(Array.from({ length: this.n }, (_, i) => i));
		const duplicates = Math.round(this.n * 0.004);
		const secondaries = Math.round(this.n * 0.08);
		order.slice(0, duplicates).forEach((i) => (this.state[i].role = 'duplicate'));
		order
			.slice(duplicates, duplicates + secondaries)
			.forEach((i) => (this.state[i].role = 'secondary'));

		const usedNhs = new Set<string>();
		const primaries: number[] = [];
		for (let i = 0; i < this.n; i++) {
			if (this.state[i].role !== 'primary') continue;
			primaries.push(i);
			this.pathways[i].patient = this.newPatient(rng, this.state[i].spec, usedNhs);
		}

		// Second pathways join a patient who has only one, in a different specialty.
		const hosts = rng.shuffle([...primaries]);
		let h = 0;
		const nonGynae = this.specialties.filter((s) => s.code !== '502');
		for (let i = 0; i < this.n; i++) {
			if (this.state[i].role !== 'secondary') continue;
			const host = hosts[h++ % hosts.length];
			const patient = this.pathways[host].patient;
			let spec = this.state[i].spec;
			const p = this.patients[patient];
			while (
				spec.code === this.state[host].spec.code ||
				(spec.code === '502' && (p.sex !== 'female' || this.patientAge[patient] < 16))
			) {
				spec = rng.weighted(
					nonGynae,
					nonGynae.map((s) => s.weight)
				);
			}
			if (spec !== this.state[i].spec) {
				this.state[i].spec = spec;
				this.pathways[i].specialtyCode = spec.code;
				this.pathways[i].listType = rng.chance(spec.admittedShare) ? 'admitted' : 'outpatient';
			}
			this.pathways[i].patient = patient;
		}

		// What each admitted patient is waiting for, fitting their age and sex.
		for (let i = 0; i < this.n; i++) {
			const pw = this.pathways[i];
			if (pw.listType !== 'admitted' || this.state[i].role === 'duplicate') continue;
			this.chooseProcedure(rng, i);
		}
	}

	private chooseProcedure(rng: Random, i: number): void {
		const pw = this.pathways[i];
		const spec = this.state[i].spec;
		const patient = this.patients[pw.patient];
		const age = this.patientAge[pw.patient];
		pw.slotType = rng.chance(0.85) ? 'procedure' : null;
		// Missing procedure: one of the data-quality flags validation looks for.
		if (rng.chance(0.008)) {
			pw.procedure = null;
			pw.procedureCode = null;
			pw.expectedMinutes = 60;
			return;
		}
		let options = spec.procedures.filter(
			(p) =>
				(!p.sex || p.sex === patient.sex) &&
				(p.minAge === undefined || age >= p.minAge) &&
				(p.maxAge === undefined || age <= p.maxAge)
		);
		if (options.length === 0) options = [...spec.procedures];
		const proc = rng.weighted(
			options,
			options.map((p) => p.weight)
		);
		pw.procedure = proc.name;
		pw.procedureCode = proc.code;
		// Complex cases are listed for longer than the standard time.
		pw.expectedMinutes = Math.min(240, proc.minutes + (rng.chance(0.1) ? 15 : 0));
	}

	private newPatient(rng: Random, spec: SpecialtySpec, usedNhs: Set<string>): number {
		const sex: Sex = rng.chance(spec.femaleShare) ? 'female' : 'male';
		let age: number;
		if (spec.age.childShare && rng.chance(spec.age.childShare)) age = rng.int(2, 15);
		else
			age = Math.round(
				Math.min(
					97,
					Math.max(spec.code === '502' ? 16 : 18, rng.normal(spec.age.mean, spec.age.sd))
				)
			);
		const dob = fromDayNumber(this.todayDay - Math.floor(age * 365.25) - rng.int(0, 364));

		// 999 is the NHS number range kept for testing: never issued to a real person.
		let nhs: string;
		for (;;) {
			const stem = `999${String(rng.int(0, 999_999)).padStart(6, '0')}`;
			const check = nhsCheckDigit(stem);
			if (check === null) continue;
			nhs = `${stem}${check}`;
			if (!usedNhs.has(nhs)) break;
		}
		usedNhs.add(nhs);

		const index = this.patients.length;
		this.patients.push({
			nhsNumber: nhs,
			givenName: rng.pick(sex === 'female' ? FEMALE_NAMES : MALE_NAMES),
			familyName: rng.pick(FAMILY_NAMES),
			dateOfBirth: dob,
			sex,
			// ZZ is no UK postcode area, so these can never be mistaken for an address.
			postcode: rng.chance(0.97)
				? `ZZ${rng.int(1, 99)} ${rng.int(1, 9)}${rng.pick(INWARD_LETTERS)}${rng.pick(INWARD_LETTERS)}`
				: null,
			// filled in by addresses(), from a stream of its own
			addressLine1: null,
			addressLine2: null,
			town: null,
			gpPracticeCode: null,
			gpPracticeName: null,
			// Ofcom's ranges reserved for drama: 01632 960xxx and 07700 900xxx.
			phone: rng.chance(0.05)
				? null
				: rng.chance(0.62)
					? `01632 960${String(rng.int(0, 999)).padStart(3, '0')}`
					: `07700 900${String(rng.int(0, 999)).padStart(3, '0')}`
		});
		this.patientAge.push(age);
		// Notes are filed by terminal digits (here digits 8–9 of the NHS number) in the home library.
		const site = rng.weighted(
			SITES.map((_, s) => s),
			SITES.map((s) => s.notesShare)
		);
		const terminal = Number(nhs.slice(7, 9));
		const bay = this.siteRecords[site].bays.find((b) => terminal >= b.from && terminal <= b.to);
		this.patientSite.push(site);
		this.patientHome.push(bay ? bay.location : this.siteRecords[site].library);
		return index;
	}

	/**
	 * Addresses and GP practices, from a stream of their own so adding them changed nothing else
	 * the demo draws. Those with no postcode have no address either; a few have no GP recorded.
	 */
	private addresses(): void {
		const rng = this.stream('addresses');
		for (const p of this.patients) {
			if (p.postcode !== null) {
				const street = `${rng.int(1, 199)} ${rng.pick(STREETS)}`;
				const flat = rng.chance(0.15) ? `Flat ${rng.int(1, 24)}` : null;
				[p.addressLine1, p.addressLine2] = flat ? [flat, street] : [street, null];
				p.town = rng.pick(TOWNS);
			}
			if (rng.chance(0.98)) [p.gpPracticeCode, p.gpPracticeName] = rng.pick(GP_PRACTICES);
		}
	}

	// ---------------------------------------------------------------- sessions

	/**
	 * Consultants' weekly job plans: each clinic or theatre list recurs on the same weekday and
	 * half-day, sized so 8 weeks of capacity meets part of the list (demand outstrips capacity).
	 */
	private sessionTemplates(): Template[] {
		const rng = this.stream('sessions');
		const counts = new Map<string, { outpatient: number; admitted: number }>();
		for (let i = 0; i < this.n; i++) {
			const c = counts.get(this.pathways[i].specialtyCode) ?? { outpatient: 0, admitted: 0 };
			c[this.pathways[i].listType]++;
			counts.set(this.pathways[i].specialtyCode, c);
		}
		const busyRoom = new Set<string>();
		const busyClinician = new Set<string>();
		const templates: Template[] = [];

		for (const spec of this.specialties) {
			const c = counts.get(spec.code) ?? { outpatient: 0, admitted: 0 };
			const consultants = rng.shuffle([...(this.cliniciansBySpecialty.get(spec.code) ?? [])]);
			const outpatientMinutes = 0.75 * spec.clinic.newMinutes + 0.25 * spec.clinic.followUpMinutes;
			const totalWeight = spec.procedures.reduce((s, p) => s + p.weight, 0);
			const procedureMinutes =
				spec.procedures.reduce((s, p) => s + p.minutes * p.weight, 0) / totalWeight;
			const perWeek = (patients: number, throughput: number, minutes: number) =>
				Math.min(
					consultants.length * 3,
					Math.max(1, Math.round((patients * throughput * minutes) / 240 / (FUTURE_DAYS / 7)))
				);
			const clinics = perWeek(c.outpatient, OUTPATIENT_THROUGHPUT, outpatientMinutes);
			const theatres = perWeek(c.admitted, ADMITTED_THROUGHPUT, procedureMinutes);

			for (let k = 0; k < clinics + theatres; k++) {
				const kind = k < clinics ? 'clinic' : 'theatre';
				// Nurse-led follow-up clinics and some lists have no named consultant.
				const unnamed = kind === 'clinic' ? k > 0 && rng.chance(0.12) : rng.chance(0.05);
				const preferred = unnamed ? null : consultants[k % consultants.length];
				let slotTypes: string[];
				if (kind === 'theatre') slotTypes = ['procedure'];
				else if (k === 0) slotTypes = ['new', 'follow-up'];
				else if (unnamed) slotTypes = ['follow-up'];
				else
					slotTypes = rng.weighted([['new'], ['follow-up'], ['new', 'follow-up']], [0.4, 0.2, 0.4]);
				const allDay = kind === 'theatre' && rng.chance(spec.allDayShare);
				const need = kind === 'clinic' ? spec.clinicRooms : spec.theatreRooms;
				const placed = this.placeTemplate(rng, {
					kind,
					need,
					allDay,
					candidates:
						preferred === null
							? [null]
							: [preferred, ...consultants.filter((x) => x !== preferred), null],
					busyRoom,
					busyClinician
				});
				if (!placed) continue;
				const short = kind === 'clinic' && rng.chance(0.15);
				const start = placed.half === 'pm' ? 13 * 60 + 30 : 8 * 60 + 30;
				const end = placed.half === 'day' ? 17 * 60 + 30 : start + (short ? 210 : 240);
				templates.push({
					spec,
					kind,
					weekday: placed.weekday,
					half: placed.half,
					clinician: placed.clinician,
					site: placed.site,
					location: placed.location,
					slotTypes,
					start: short && placed.half === 'am' ? start + 30 : start,
					end,
					// All-day lists lose an hour to lunch; half-day lists are bookable end to end.
					bookable: placed.half === 'day' ? 480 : short ? 210 : 240
				});
			}
		}
		return templates;
	}

	private placeTemplate(
		rng: Random,
		p: {
			kind: 'clinic' | 'theatre';
			need: SpecialtySpec['clinicRooms'];
			allDay: boolean;
			candidates: (number | null)[];
			busyRoom: Set<string>;
			busyClinician: Set<string>;
		}
	): {
		weekday: number;
		half: 'am' | 'pm' | 'day';
		clinician: number | null;
		site: number;
		location: number;
	} | null {
		const slots: { weekday: number; half: 'am' | 'pm' | 'day' }[] = [];
		for (let weekday = 1; weekday <= 5; weekday++) {
			if (p.allDay) slots.push({ weekday, half: 'day' });
			else slots.push({ weekday, half: 'am' }, { weekday, half: 'pm' });
		}
		rng.shuffle(slots);
		// The first listed site is the specialty's main base.
		const sites = [...p.need.sites];
		if (sites.length > 1 && rng.chance(0.35)) sites.push(sites.shift() as string);
		const halves = (half: 'am' | 'pm' | 'day') => (half === 'day' ? ['am', 'pm'] : [half]);
		for (const clinician of p.candidates) {
			for (const slot of slots) {
				const hs = halves(slot.half);
				if (
					clinician !== null &&
					hs.some((h) => p.busyClinician.has(`${clinician}|${slot.weekday}|${h}`))
				)
					continue;
				for (const siteCode of sites) {
					const rooms = this.roomsByTag.get(`${siteCode}|${p.kind}|${p.need.tag}`) ?? [];
					const room = rooms.find((r) =>
						hs.every((h) => !p.busyRoom.has(`${r}|${slot.weekday}|${h}`))
					);
					if (room === undefined) continue;
					for (const h of hs) {
						p.busyRoom.add(`${room}|${slot.weekday}|${h}`);
						if (clinician !== null) p.busyClinician.add(`${clinician}|${slot.weekday}|${h}`);
					}
					return {
						weekday: slot.weekday,
						half: slot.half,
						clinician,
						site: this.siteByCode.get(siteCode) as number,
						location: room
					};
				}
			}
		}
		return null;
	}

	/** The job plans laid over 4 weeks back and 8 weeks ahead, with consultants' leave. */
	private instantiateSessions(templates: Template[]): void {
		const rng = this.stream('session-weeks');
		const first = this.todayDay - PAST_DAYS;
		const last = this.todayDay + FUTURE_DAYS - 1;
		// Leave is taken in whole weeks (Monday-based), cancelling every list that week.
		const weekOf = (day: number) => dayNumber(mondayOf(fromDayNumber(day)));
		const weeks: number[] = [];
		for (let m = weekOf(first); m <= last; m += 7) weeks.push(m);
		const leave = new Map<number, number>();
		this.clinicians.forEach((_, c) => {
			if (rng.chance(0.55)) leave.set(c, rng.pick(weeks));
		});
		const rows: DemoSession[] = [];
		for (let day = first; day <= last; day++) {
			const date = fromDayNumber(day);
			const weekday = dayOfWeek(date);
			if (weekday === 0 || weekday === 6) continue;
			for (const t of templates) {
				if (t.weekday !== weekday) continue;
				const onLeave = t.clinician !== null && leave.get(t.clinician) === weekOf(day);
				rows.push({
					kind: t.kind,
					date,
					startTime: timeOf(t.start),
					endTime: timeOf(t.end),
					bookableMinutes: t.bookable,
					slotMinutes: t.kind === 'clinic' ? t.spec.clinic.slotMinutes : null,
					slotTypes: [...t.slotTypes],
					specialtyCode: t.spec.code,
					clinician: t.clinician,
					site: t.site,
					location: t.location,
					// Besides leave, the odd list is lost to staffing or equipment.
					status: onLeave || rng.chance(0.012) ? 'cancelled' : 'open'
				});
			}
		}
		rows.sort(
			(a, b) =>
				a.date.localeCompare(b.date) ||
				a.startTime.localeCompare(b.startTime) ||
				a.specialtyCode.localeCompare(b.specialtyCode) ||
				a.location - b.location
		);
		this.sessions.push(...rows);
		for (let s = 0; s < rows.length; s++) this.sessionUsed.push(0);
	}

	// ---------------------------------------------------------------- history: who was treated

	/**
	 * The last 4 weeks' lists were run: patients treated on a theatre list, and some seen in clinic
	 * whose clock stopped there (treated in clinic, active monitoring, decision not to treat),
	 * become the closed pathways. Everyone else is still waiting.
	 */
	private pastTreated(): void {
		const rng = this.stream('history-treated');
		const cap = Math.round(this.n * 0.07);
		let closed = 0;
		const pools = new Map<string, number[]>();
		for (let i = 0; i < this.n; i++) {
			if (this.state[i].role === 'duplicate') continue;
			pushTo(pools, `${this.pathways[i].specialtyCode}|${this.pathways[i].listType}`, i);
		}
		for (const pool of pools.values()) rng.shuffle(pool);

		for (let s = 0; s < this.sessions.length && closed < cap; s++) {
			const session = this.sessions[s];
			if (session.date >= this.today || session.status === 'cancelled') continue;
			const theatre = session.kind === 'theatre';
			const pool =
				pools.get(`${session.specialtyCode}|${theatre ? 'admitted' : 'outpatient'}`) ?? [];
			// Theatre lists mostly treat (leaving room for on-the-day cancellations and DNAs);
			// a minority of clinic attendances end the pathway.
			const target =
				session.bookableMinutes * (theatre ? rng.uniform(0.78, 0.9) : rng.uniform(0.05, 0.12));
			let misses = 0;
			while (this.sessionUsed[s] < target && pool.length > 0 && misses < 5 && closed < cap) {
				const i = pool[pool.length - 1];
				if (!theatre) {
					this.pathways[i].slotType = 'new';
					this.pathways[i].procedure = OUTPATIENT_NEW.name;
					this.pathways[i].procedureCode = OUTPATIENT_NEW.code;
					this.pathways[i].expectedMinutes = this.state[i].spec.clinic.newMinutes;
				}
				if (this.sessionUsed[s] + this.pathways[i].expectedMinutes > session.bookableMinutes) {
					misses++;
					rng.shuffle(pool);
					continue;
				}
				pool.pop();
				this.closeAfterSession(rng, i, s);
				closed++;
			}
		}
	}

	private closeAfterSession(rng: Random, i: number, s: number): void {
		const session = this.sessions[s];
		const pw = this.pathways[i];
		const wait = this.bandDays(
			rng,
			rng.weighted(
				TREATED_WAIT_BANDS,
				TREATED_WAIT_BANDS.map((b) => b.share)
			)
		);
		pw.clockStart = addDays(session.date, -wait);
		pw.clockStoppedOn = session.date;
		pw.rttStatus =
			session.kind === 'theatre'
				? '30'
				: rng.weighted(['30', '32', '34', '35'], [0.5, 0.25, 0.15, 0.1]);
		if (session.clinician !== null && rng.chance(0.7)) pw.clinician = session.clinician;
		const priority = rng.weighted<Priority>(['P2', 'P3', 'P4'], [0.1, 0.45, 0.45]);
		pw.priority = priority;
		pw.decisionDate =
			pw.listType === 'admitted'
				? addDays(pw.clockStart, Math.floor(wait * rng.uniform(0.1, 0.7)))
				: addDays(pw.clockStart, Math.min(wait - 1, rng.int(0, 10)));
		if (pw.listType === 'admitted') pw.tciDate = session.date;
		this.state[i].open = false;
		this.state[i].pastBooked = true;
		this.book(rng, i, s, 'attended');
	}

	/** Days within a band: recent waits are commoner than old ones inside each band. */
	private bandDays(rng: Random, band: { from: number; to: number }): number {
		const span = band.to - band.from;
		if (band.from <= 7) {
			// Referrals arrive steadily, with a little more in the last weeks.
			return band.from + Math.floor((span + 1) * (rng.chance(0.75) ? rng.next() : rng.next() ** 2));
		}
		if (band.from === 127) {
			const scale = 120;
			const u = rng.next();
			return (
				band.from +
				Math.min(span, Math.floor(-scale * Math.log(1 - u * (1 - Math.exp(-span / scale)))))
			);
		}
		return band.from + Math.floor(rng.next() * (span + 1));
	}

	// ---------------------------------------------------------------- open pathways

	private openPathways(): void {
		const rng = this.stream('waits');
		const open: number[] = [];
		for (let i = 0; i < this.n; i++) {
			if (this.state[i].open && this.state[i].role !== 'duplicate') open.push(i);
		}

		// Exact counts per band, so the national shape holds at any size; the longest waits go to
		// the specialties and lists that have them (orthopaedic and ENT surgery more than clinics).
		const over104 =
			open.length >= 200 ? Math.min(3, Math.max(1, Math.round(open.length / 8000))) : 0;
		const rest = open.length - over104;
		const quotas = OPEN_WAIT_BANDS.map((b) => Math.floor(b.share * rest));
		let short = rest - quotas.reduce((a, b) => a + b, 0);
		const remainders = OPEN_WAIT_BANDS.map((b, k) => ({ k, r: b.share * rest - quotas[k] })).sort(
			(a, b) => b.r - a.r
		);
		for (const { k } of remainders) {
			if (short-- <= 0) break;
			quotas[k]++;
		}
		const keyed = open.map((i) => {
			const propensity =
				this.state[i].spec.longWait * (this.pathways[i].listType === 'admitted' ? 1.8 : 1);
			return { i, key: Math.log(propensity) + rng.gumbel() };
		});
		keyed.sort((a, b) => b.key - a.key || a.i - b.i);
		const bands: { from: number; to: number }[] = [{ from: 729, to: 800 }];
		const counts = [over104];
		for (let k = OPEN_WAIT_BANDS.length - 1; k >= 0; k--) {
			bands.push(OPEN_WAIT_BANDS[k]);
			counts.push(quotas[k]);
		}
		let at = 0;
		bands.forEach((band, b) => {
			for (let c = 0; c < counts[b]; c++) {
				const { i } = keyed[at++];
				this.pathways[i].clockStart = addDays(this.today, -this.bandDays(rng, band));
			}
		});

		for (const i of open) this.describeOpen(rng, i);
		this.duplicates(rng, open);

		// Admitted-list entries whose clock already stopped (e.g. after first treatment): flagged
		// by validation as "admitted-list entry with no open clock".
		const admitted = open.filter((i) => this.pathways[i].listType === 'admitted');
		for (let k = 0; k < Math.round(this.n * 0.002) && admitted.length > 0; k++) {
			const i = admitted[rng.int(0, admitted.length - 1)];
			const pw = this.pathways[i];
			const wait = dayNumber(this.today) - dayNumber(pw.clockStart);
			if (!this.state[i].open || wait < 40) continue;
			pw.rttStatus = '90';
			pw.clockStoppedOn = addDays(pw.clockStart, rng.int(20, wait - 10));
			this.state[i].open = false;
		}

		// Holidays and other dates patients cannot come in (planning rule 5).
		const urng = this.stream('unavailability');
		for (let i = 0; i < this.n; i++) {
			if (!this.state[i].open || !urng.chance(0.04)) continue;
			let from = this.todayDay + urng.int(-20, 70);
			for (let r = 0; r < (urng.chance(0.15) ? 2 : 1); r++) {
				const to = from + urng.int(5, 20);
				this.unavailability.push({
					pathway: i,
					fromDate: fromDayNumber(from),
					toDate: fromDayNumber(to),
					reason: urng.pick(UNAVAILABILITY_REASONS)
				});
				this.state[i].unavailable.push([from, to]);
				from = to + urng.int(10, 40);
			}
		}
	}

	/** Priority, decision, what the patient waits for, consultant, validation, status, notes. */
	private describeOpen(rng: Random, i: number): void {
		const pw = this.pathways[i];
		const spec = this.state[i].spec;
		const wait = this.todayDay - dayNumber(pw.clockStart);
		const admitted = pw.listType === 'admitted';
		const band = wait <= 126 ? 0 : wait <= 364 ? 1 : 2;
		const choices: (Priority | null)[] = ['P1b', 'P2', 'P3', 'P4', null];
		const weights = admitted
			? [
					[0.025, 0.16, 0.42, 0.385, 0.01],
					[0.005, 0.08, 0.4, 0.505, 0.01],
					[0, 0.03, 0.3, 0.66, 0.01]
				][band]
			: [
					[0.004, 0.1, 0.4, 0.486, 0.01],
					[0, 0.04, 0.36, 0.59, 0.01],
					[0, 0.02, 0.3, 0.67, 0.01]
				][band];
		const priority = rng.weighted(choices, weights);
		pw.priority = priority;
		const latest = this.todayDay - 1;
		const start = dayNumber(pw.clockStart);
		const clamp = (day: number) => fromDayNumber(Math.max(start, Math.min(latest, day)));
		if (priority === null) {
			// Missing priority (a data-quality flag); sometimes the decision was recorded anyway.
			pw.decisionDate = rng.chance(0.3) ? clamp(start + rng.int(0, wait)) : null;
		} else if (!admitted) {
			// Outpatients are prioritised when the referral is triaged, within days of it.
			pw.decisionDate = clamp(start + rng.int(0, 10));
		} else if (priority === 'P1b') {
			pw.decisionDate = clamp(latest - rng.int(0, 4));
		} else if (priority === 'P2') {
			pw.decisionDate = clamp(latest - rng.int(0, 45));
		} else {
			pw.decisionDate = clamp(start + Math.floor(wait * rng.uniform(0.15, 0.7)));
		}

		if (!admitted) {
			// Patients already seen once wait for a follow-up while the clock runs on.
			const followUp = wait >= 21 && rng.chance(0.28);
			const kind = followUp ? OUTPATIENT_FOLLOW_UP : OUTPATIENT_NEW;
			pw.slotType = followUp ? 'follow-up' : 'new';
			pw.procedure = kind.name;
			pw.procedureCode = kind.code;
			pw.expectedMinutes = followUp ? spec.clinic.followUpMinutes : spec.clinic.newMinutes;
		}
		const named = admitted ? 0.55 : pw.slotType === 'follow-up' ? 0.65 : 0.12;
		if (rng.chance(named)) pw.clinician = rng.pick(this.cliniciansBySpecialty.get(spec.code) ?? []);

		// Validation at 12, 26 and 52 weeks: most reached points validated, some overdue.
		const points = [84, 182, 364].filter((p) => p < wait);
		if (points.length > 0 && rng.chance(0.65)) {
			const p =
				points.length > 1 && rng.chance(0.3)
					? points[points.length - 2]
					: points[points.length - 1];
			pw.lastValidatedOn = addDays(pw.clockStart, p + rng.int(0, Math.min(28, wait - 1 - p)));
		}

		const r = rng.next();
		if (r < 0.005) pw.rttStatus = '11';
		else if (r < 0.009) pw.rttStatus = '21';
		else if (!admitted && pw.slotType === 'new' && wait <= 42 && rng.chance(0.7))
			pw.rttStatus = '10';
		else pw.rttStatus = '20';
		if (rng.chance(0.05)) pw.notes = rng.pick(PATHWAY_NOTES);
	}

	/** The same patient listed twice for the same thing: a duplicate pathway to validate away. */
	private duplicates(rng: Random, open: number[]): void {
		for (let i = 0; i < this.n; i++) {
			if (this.state[i].role !== 'duplicate') continue;
			const original = open[rng.int(0, open.length - 1)];
			const o = this.pathways[original];
			const pw = this.pathways[i];
			const start = Math.min(this.todayDay - 2, dayNumber(o.clockStart) + rng.int(-7, 7));
			Object.assign(pw, {
				patient: o.patient,
				specialtyCode: o.specialtyCode,
				listType: o.listType,
				clockStart: fromDayNumber(start),
				rttStatus: '20',
				priority: o.priority,
				decisionDate:
					o.decisionDate === null
						? null
						: fromDayNumber(Math.max(start, dayNumber(o.decisionDate))),
				procedure: o.procedure,
				procedureCode: o.procedureCode,
				slotType: o.slotType,
				expectedMinutes: o.expectedMinutes
			});
			if (pw.decisionDate !== null && pw.decisionDate >= this.today)
				pw.decisionDate = fromDayNumber(start);
			this.state[i].spec = this.state[original].spec;
		}
	}

	// ---------------------------------------------------------------- bookings

	/**
	 * Past lists also had patients who are still waiting: clinic attenders now awaiting a
	 * follow-up or listed for surgery, DNAs at follow-ups (the clock runs on: only a first-
	 * appointment DNA would reset it), and cancellations.
	 */
	private pastOutcomes(): void {
		const rng = this.stream('history-open');
		const pools = new Map<string, number[]>();
		for (let i = 0; i < this.n; i++) {
			if (!this.state[i].open) continue;
			const pw = this.pathways[i];
			pushTo(pools, `${pw.specialtyCode}|${pw.listType}`, i);
			if (pw.slotType === 'follow-up') pushTo(pools, `${pw.specialtyCode}|follow-up`, i);
		}
		const draw = (key: string, ok: (i: number) => boolean): number | null => {
			const pool = pools.get(key) ?? [];
			for (let t = 0; t < 12 && pool.length > 0; t++) {
				const i = pool[rng.int(0, pool.length - 1)];
				if (!this.state[i].pastBooked && ok(i)) return i;
			}
			return null;
		};
		for (let s = 0; s < this.sessions.length; s++) {
			const session = this.sessions[s];
			if (session.date >= this.today) break;
			const day = dayNumber(session.date);
			const startedBefore = (i: number, days: number) =>
				dayNumber(this.pathways[i].clockStart) <= day - days;
			if (session.status === 'cancelled') {
				// Patients already booked when the list was cancelled were stood down.
				for (let k = rng.int(0, 3); k > 0; k--) {
					const i = draw(
						`${session.specialtyCode}|${session.kind === 'theatre' ? 'admitted' : 'outpatient'}`,
						(x) => startedBefore(x, 14)
					);
					if (i !== null && this.fits(s, i)) this.book(rng, i, s, 'cancelled');
				}
				continue;
			}
			const target = session.bookableMinutes * rng.uniform(0.85, 1);
			let misses = 0;
			while (this.sessionUsed[s] < target && misses < 6) {
				let i: number | null;
				let outcome: 'attended' | 'dna' | 'cancelled';
				if (session.kind === 'theatre') {
					outcome = rng.chance(0.75) ? 'cancelled' : 'dna';
					i = draw(`${session.specialtyCode}|admitted`, (x) => startedBefore(x, 14));
				} else {
					outcome = rng.weighted(['attended', 'dna', 'cancelled'] as const, [0.82, 0.08, 0.1]);
					if (outcome === 'cancelled')
						i = draw(`${session.specialtyCode}|outpatient`, (x) => startedBefore(x, 7));
					else if (outcome === 'dna' || rng.chance(0.7))
						i = draw(`${session.specialtyCode}|follow-up`, (x) => startedBefore(x, 10));
					else {
						// Seen in clinic and listed for surgery there: the decision date is that day.
						i = draw(
							`${session.specialtyCode}|admitted`,
							(x) =>
								startedBefore(x, 10) &&
								(this.pathways[x].priority === 'P3' || this.pathways[x].priority === 'P4')
						);
						if (i !== null && this.fits(s, i)) this.pathways[i].decisionDate = session.date;
					}
				}
				if (i === null || !this.fits(s, i)) {
					misses++;
					continue;
				}
				if (
					outcome === 'attended' &&
					this.pathways[i].slotType === 'follow-up' &&
					session.clinician !== null &&
					this.pathways[i].clinician === null &&
					rng.chance(0.6)
				) {
					this.pathways[i].clinician = session.clinician;
				}
				// An operation cancelled on the day, or a DNA, can keep its TCI date until the patient
				// is rebooked: the "past TCI" data-quality flag.
				if (session.kind === 'theatre' && (outcome === 'dna' || rng.chance(0.4)))
					this.pathways[i].tciDate = session.date;
				this.state[i].pastBooked = true;
				this.book(rng, i, s, outcome);
			}
		}
	}

	private fits(s: number, i: number): boolean {
		return (
			this.sessionUsed[s] + this.pathways[i].expectedMinutes <= this.sessions[s].bookableMinutes
		);
	}

	/**
	 * Today's and future lists, partly booked already: nearly full for the next week, emptying
	 * towards the end of the horizon. Coordinators mostly book in turn (priority, then longest
	 * wait) but not always, which is what the optimiser is there to improve.
	 */
	private futureBookings(): void {
		const rng = this.stream('bookings');
		const queues = new Map<string, { items: number[]; head: number }>();
		const rankOf = (i: number) => {
			const p = this.pathways[i].priority;
			return p === null ? 5 : PRIORITY_RANK[p];
		};
		for (let i = 0; i < this.n; i++) {
			if (!this.state[i].open) continue;
			const pw = this.pathways[i];
			// A booking is made before now, and a patient referred yesterday is not booked yet.
			if (dayNumber(pw.clockStart) > this.todayDay - 2) continue;
			const key =
				pw.listType === 'admitted'
					? `${pw.specialtyCode}|procedure`
					: `${pw.specialtyCode}|${pw.slotType}`;
			let q = queues.get(key);
			if (!q) queues.set(key, (q = { items: [], head: 0 }));
			q.items.push(i);
		}
		const sortKey = new Map<number, number>();
		for (const q of queues.values()) {
			for (const i of q.items)
				sortKey.set(i, rankOf(i) * 1e6 + dayNumber(this.pathways[i].clockStart));
			q.items.sort((a, b) => (sortKey.get(a) as number) - (sortKey.get(b) as number) || a - b);
		}

		for (let s = 0; s < this.sessions.length; s++) {
			const session = this.sessions[s];
			if (session.date < this.today) continue;
			const day = dayNumber(session.date);
			const lead = day - this.todayDay;
			const keys =
				session.kind === 'theatre'
					? [`${session.specialtyCode}|procedure`]
					: session.slotTypes.map((t) => `${session.specialtyCode}|${t}`);
			const eligible = (i: number) => {
				const pw = this.pathways[i];
				const st = this.state[i];
				if (!st.open || st.live) return false;
				if (!this.fits(s, i)) return false;
				if (
					pw.clinician !== null &&
					session.clinician !== null &&
					pw.clinician !== session.clinician
				)
					return false;
				if (st.unavailable.some(([a, b]) => day >= a && day <= b)) return false;
				if (pw.clinician !== null) {
					const limit = this.clinicians[pw.clinician].maxMinutesPerDay;
					const used = this.clinicianMinutes.get(`${pw.clinician}|${session.date}`) ?? 0;
					if (limit !== null && used + pw.expectedMinutes > limit) return false;
				}
				return true;
			};
			const pick = (): number | null => {
				const key =
					keys.length === 1
						? keys[0]
						: rng.weighted(
								keys,
								keys.map((k) => (k.endsWith('follow-up') ? 0.3 : 0.7))
							);
				for (const k of [key, ...keys.filter((x) => x !== key)]) {
					const q = queues.get(k);
					if (!q) continue;
					while (
						q.head < q.items.length &&
						(!this.state[q.items[q.head]].open || this.state[q.items[q.head]].live)
					)
						q.head++;
					const len = q.items.length;
					if (q.head >= len) continue;
					// In turn most of the time; otherwise someone further down the list.
					const from = rng.chance(0.7) ? q.head : rng.int(q.head, len - 1);
					for (let t = 0; t < Math.min(400, len - q.head); t++) {
						const i = q.items[q.head + ((from - q.head + t) % (len - q.head))];
						if (eligible(i)) return i;
					}
				}
				return null;
			};

			if (session.status === 'cancelled') {
				// Stood down when the consultant's leave was booked; they go back on the list.
				for (let k = rng.int(0, 2); k > 0; k--) {
					const i = pick();
					if (i !== null) this.book(rng, i, s, 'cancelled');
				}
				continue;
			}
			const fill =
				lead <= 6
					? rng.uniform(0.8, 1)
					: lead <= 13
						? rng.uniform(0.6, 0.9)
						: lead <= 27
							? rng.uniform(0.3, 0.6)
							: lead <= 41
								? rng.uniform(0.1, 0.35)
								: rng.uniform(0, 0.12);
			const target = session.bookableMinutes * fill;
			let misses = 0;
			while (this.sessionUsed[s] < target && misses < 3) {
				const i = pick();
				if (i === null) {
					misses++;
					continue;
				}
				// Some patients cancel in advance and go back on the list.
				this.book(rng, i, s, rng.chance(0.04) ? 'cancelled' : 'booked');
			}
		}
	}

	/** Adds a booking at the next free time in the session. */
	/**
	 * How a past booking ended, in the national codes. Drawn from the booking's place in the list
	 * rather than the random stream, so that the rest of the demo stays as it was: a stood-down
	 * list is the hospital's doing, other theatre cancellations mostly so, clinic ones mostly the
	 * patient's; about one in eight seen patients arrived late.
	 */
	private endedAs(
		status: DemoBooking['status'],
		session: DemoSession
	): Pick<DemoBooking, 'attendanceCode' | 'cancellationReason'> {
		const n = this.bookings.length;
		if (status === 'attended')
			return { attendanceCode: n % 8 === 0 ? '6' : '5', cancellationReason: null };
		if (status === 'dna')
			return { attendanceCode: n % 10 === 0 ? '7' : '3', cancellationReason: null };
		if (status !== 'cancelled') return { attendanceCode: null, cancellationReason: null };
		if (session.status === 'cancelled')
			return { attendanceCode: '4', cancellationReason: 'list-cancelled' };
		const byHospital = session.kind === 'theatre' ? n % 5 !== 0 : n % 4 === 0;
		const reasons = Object.keys(CANCELLATION_REASONS[byHospital ? 'hospital' : 'patient']).filter(
			(r) => r !== 'list-cancelled' && r !== 'removed-at-validation'
		) as CancellationReason[];
		return {
			attendanceCode: byHospital ? '4' : '2',
			cancellationReason: reasons[n % reasons.length]
		};
	}

	private book(rng: Random, i: number, s: number, status: DemoBooking['status']): void {
		const session = this.sessions[s];
		const pw = this.pathways[i];
		const offset = this.sessionUsed[s];
		const start = minutesOf(session.startTime) + offset;
		this.sessionUsed[s] += pw.expectedMinutes;
		const sessionStart = londonTime(session.date, minutesOf(session.startTime));
		const day = dayNumber(session.date);
		const earliest = dayNumber(pw.clockStart) + 1;
		const latest = Math.min(day - 1, this.todayDay - 1);
		let bookedDay = Math.max(earliest, latest - rng.int(0, 35));
		while (!isWorkingDay(fromDayNumber(bookedDay)) && bookedDay - 1 >= earliest) bookedDay--;
		const bookedAt = londonTime(fromDayNumber(bookedDay), 9 * 60 + rng.int(0, 450));
		let statusChangedAt: number | null = null;
		if (status === 'attended')
			statusChangedAt = sessionStart + (offset + pw.expectedMinutes + rng.int(0, 20)) * MINUTE;
		else if (status === 'dna') statusChangedAt = sessionStart + (offset + 30) * MINUTE;
		else if (status === 'cancelled') {
			const until = Math.min(sessionStart - 30 * MINUTE, this.now);
			statusChangedAt = bookedAt + Math.floor(rng.next() * Math.max(MINUTE, until - bookedAt));
		}
		this.bookings.push({
			pathway: i,
			session: s,
			startTime: timeOf(start),
			status,
			bookedBy: rng.weighted(
				this.coordinators,
				this.coordinators.map((u) => (this.users[u].role === 'team_leader' ? 0.15 : 0.5))
			),
			bookedAt,
			statusChangedAt,
			...this.endedAs(status, session)
		});
		if (status === 'booked') {
			this.state[i].live = true;
			if (pw.clinician !== null) {
				const key = `${pw.clinician}|${session.date}`;
				this.clinicianMinutes.set(key, (this.clinicianMinutes.get(key) ?? 0) + pw.expectedMinutes);
			}
			if (session.kind === 'theatre') pw.tciDate = session.date;
		}
	}

	// ---------------------------------------------------------------- finishing touches

	private finishPathways(): void {
		const rng = this.stream('finish');
		// A pathway is listed at the site of its latest booking, otherwise at the patient's home
		// site (derived, so it draws nothing from the streams and the rest of the trust is unchanged).
		const bookedSite = new Map<number, number>();
		for (const b of this.bookings) bookedSite.set(b.pathway, this.sessions[b.session].site);
		for (let i = 0; i < this.n; i++) {
			const pw = this.pathways[i];
			const st = this.state[i];
			pw.site = bookedSite.get(i) ?? this.patientSite[pw.patient];
			if (pw.listType === 'admitted' && st.open && !st.live && pw.tciDate === null) {
				// A TCI given and never updated ("past TCI"), or one beyond the planning horizon.
				const r = rng.next();
				if (r < 0.008) pw.tciDate = addDays(this.today, -rng.int(3, 40));
				else if (r < 0.035)
					pw.tciDate = addDays(this.today, rng.int(FUTURE_DAYS + 2, FUTURE_DAYS + 50));
			}
			if (pw.priority !== null && pw.decisionDate === null)
				throw new Error(`pathway ${i}: priority without decision`);
			const created = londonTime(pw.clockStart, 9 * 60 + rng.int(0, 480));
			const touched = [pw.decisionDate, pw.lastValidatedOn, pw.clockStoppedOn]
				.filter((d): d is string => d !== null)
				.sort()
				.pop();
			pw.createdAt = created;
			pw.updatedAt =
				touched && touched > pw.clockStart
					? londonTime(touched, 10 * 60 + rng.int(0, 360))
					: created;
		}
	}
}
