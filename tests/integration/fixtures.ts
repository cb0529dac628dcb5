/**
 * A small hand-made waiting list whose answers are known without running the app's code: each
 * test states what it expects from the rows it inserts.
 */
import type { OpenDatabase } from '../../db';
import {
	boards,
	bookings,
	clinicians,
	locations,
	pathways,
	patients,
	sessions,
	sites,
	specialties
} from '../../db/schema';
import { addDays, nhsCheckDigit } from '../../src/lib/domain/rtt';
import { createUser, type Role, type SessionUser } from '../../src/lib/server/auth';

export const CENSUS = '2026-06-01';

export interface FixturePathway {
	key: string;
	specialty: string;
	listType: 'outpatient' | 'admitted';
	daysWaited: number;
	priority: 'P1a' | 'P1b' | 'P2' | 'P3' | 'P4' | null;
	decisionDaysAgo?: number;
	rttStatus?: string;
	family: string;
	bookedInDays?: number;
}

export const FIXTURE: FixturePathway[] = [
	{
		key: 'a',
		specialty: '120',
		listType: 'outpatient',
		daysWaited: 10,
		priority: 'P4',
		family: 'Able'
	},
	{
		key: 'b',
		specialty: '120',
		listType: 'outpatient',
		daysWaited: 126,
		priority: 'P3',
		family: 'Baker'
	},
	{
		key: 'c',
		specialty: '120',
		listType: 'admitted',
		daysWaited: 127,
		priority: 'P2',
		decisionDaysAgo: 40,
		family: 'Carter'
	},
	{
		key: 'd',
		specialty: '120',
		listType: 'admitted',
		daysWaited: 365,
		priority: 'P3',
		family: 'Dawson',
		bookedInDays: 7
	},
	{
		key: 'e',
		specialty: '110',
		listType: 'admitted',
		daysWaited: 729,
		priority: 'P4',
		family: 'Evans'
	},
	{
		key: 'f',
		specialty: '110',
		listType: 'admitted',
		daysWaited: 400,
		priority: 'P1b',
		decisionDaysAgo: 1,
		family: 'Foster'
	},
	{
		key: 'g',
		specialty: '110',
		listType: 'outpatient',
		daysWaited: 60,
		priority: null,
		family: 'Green'
	},
	{
		key: 'h',
		specialty: '110',
		listType: 'outpatient',
		daysWaited: 456,
		priority: 'P4',
		family: 'Hughes',
		bookedInDays: 3
	},
	{
		key: 'i',
		specialty: '110',
		listType: 'outpatient',
		daysWaited: 300,
		priority: 'P4',
		rttStatus: '30',
		family: 'Irwin'
	}
];

/** Inserts the fixture; returns pathway ids by key. */
export async function loadFixture(open: OpenDatabase): Promise<Record<string, number>> {
	const { db } = open;
	const siteId = await addTestSite(open);
	const [clinician] = await db
		.insert(clinicians)
		.values({ code: 'C1', name: 'Ms Test', specialtyCode: '110' })
		.returning();
	const ids: Record<string, number> = {};
	let n = 0;
	for (const f of FIXTURE) {
		n++;
		const patientId = await addPatient(open, {
			nhsNumber: testNhsNumber('000', n),
			familyName: f.family
		});
		const [pathway] = await db
			.insert(pathways)
			.values({
				patientId,
				specialtyCode: f.specialty,
				listType: f.listType,
				clockStart: addDays(CENSUS, -f.daysWaited),
				rttStatus: f.rttStatus ?? '20',
				priority: f.priority,
				decisionDate: f.priority ? addDays(CENSUS, -(f.decisionDaysAgo ?? 5)) : null,
				procedure: 'Test procedure',
				expectedMinutes: 30
			})
			.returning();
		ids[f.key] = pathway.id;
		if (f.bookedInDays !== undefined) {
			const [session] = await db
				.insert(sessions)
				.values({
					kind: f.listType === 'admitted' ? 'theatre' : 'clinic',
					date: addDays(CENSUS, f.bookedInDays),
					startTime: '08:30',
					endTime: '12:30',
					bookableMinutes: 240,
					specialtyCode: f.specialty,
					clinicianId: clinician.id,
					siteId
				})
				.returning();
			await db.insert(bookings).values({ pathwayId: pathway.id, sessionId: session.id });
		}
	}
	return ids;
}

/**
 * ENT clinics for the live-board tests, each starting at 09:00 `day` days after the census day
 * with `minutes` bookable, at the fixture's first site. Returns their ids in order.
 */
export async function addEntClinics(
	open: OpenDatabase,
	clinics: readonly { day: number; minutes: number }[]
): Promise<number[]> {
	const [site] = await open.query<{ id: number }>('select id from sites order by id limit 1');
	const end = (minutes: number) => {
		const m = 9 * 60 + minutes;
		return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
	};
	const made = await open.db
		.insert(sessions)
		.values(
			clinics.map((c) => ({
				kind: 'clinic' as const,
				date: addDays(CENSUS, c.day),
				startTime: '09:00',
				endTime: end(c.minutes),
				bookableMinutes: c.minutes,
				specialtyCode: '120',
				siteId: site.id
			}))
		)
		.returning({ id: sessions.id });
	return made.map((m) => m.id);
}

/** An ENT planning board over the six weeks from the census day. */
export async function addEntBoard(open: OpenDatabase, name = 'ENT test'): Promise<number> {
	const [board] = await open.db
		.insert(boards)
		.values({ name, specialtyCode: '120', horizonStart: CENSUS, horizonEnd: addDays(CENSUS, 41) })
		.returning({ id: boards.id });
	return board.id;
}

// ---------------------------------------------------------------- builders the spec files share

/** The password every test account gets (long enough for the account rules). */
export const TEST_PASSWORD = 'a long test password';

const SPECIALTY_NAMES = { '110': 'Trauma & Orthopaedics', '120': 'ENT' } as const;

/**
 * The reference rows most tests stand on: the specialties (ENT and T&O unless told) and one
 * site, RX1 "Test General". Returns the site's id.
 */
export async function addTestSite(
	open: OpenDatabase,
	codes: readonly (keyof typeof SPECIALTY_NAMES)[] = ['120', '110']
): Promise<number> {
	await open.db
		.insert(specialties)
		.values(codes.map((code) => ({ code, name: SPECIALTY_NAMES[code] })));
	const [site] = await open.db
		.insert(sites)
		.values({ code: 'RX1', name: 'Test General' })
		.returning({ id: sites.id });
	return site.id;
}

/** A second site, RX2 "Test Community" (after addTestSite). Returns its id. */
export async function addCommunitySite(open: OpenDatabase): Promise<number> {
	const [site] = await open.db
		.insert(sites)
		.values({ code: 'RX2', name: 'Test Community' })
		.returning({ id: sites.id });
	return site.id;
}

/** Locations at sites, in the order given; returns their ids in that order. */
export async function addLocations(
	open: OpenDatabase,
	rows: readonly (typeof locations.$inferInsert)[]
): Promise<number[]> {
	const made = await open.db
		.insert(locations)
		.values([...rows])
		.returning({ id: locations.id });
	return made.map((m) => m.id);
}

/** A records library at the site. */
export async function addLibrary(open: OpenDatabase, siteId: number, name = 'Library') {
	const [library] = await open.db
		.insert(locations)
		.values({ siteId, name, kind: 'library' })
		.returning({ id: locations.id });
	return library.id;
}

/**
 * A user of the role with the test password, mailed at the first word of the name at `domain`
 * ("Cara Coordinator", "records.test": cara@records.test).
 */
export function addUser(
	open: OpenDatabase,
	role: Role,
	name: string,
	domain: string
): Promise<SessionUser> {
	const email = `${name.split(' ')[0].toLowerCase()}@${domain}`;
	return createUser(open.db, { email, name, role, password: TEST_PASSWORD }, null);
}

/**
 * The `n`th NHS number of a 999-range series (`series` is three digits, so spec files do not
 * collide); the check digit is not valid, which these tests do not need.
 */
export function testNhsNumber(series: string, n: number): string {
	return `999${series}${String(n).padStart(4, '0')}`;
}

/**
 * The `n`th (below 1000) of a series of NHS numbers that pass Modulus 11, for code that checks
 * them (the PTL import); `series` (0–99) keeps spec files apart. In the 999 range, like
 * {@link testNhsNumber}.
 */
export function validNhsNumber(series: number, n: number): string {
	for (let nine = 999_000_000 + series * 10_000 + n * 10; ; nine++) {
		const check = nhsCheckDigit(String(nine));
		if (check !== null) return `${nine}${check}`;
	}
}

/** A patient; "Test", born 1 January 1970, sex unknown, unless told otherwise. Returns the id. */
export async function addPatient(
	open: OpenDatabase,
	values: { nhsNumber: string; familyName: string } & Partial<typeof patients.$inferInsert>
): Promise<number> {
	const [patient] = await open.db
		.insert(patients)
		.values({ givenName: 'Test', dateOfBirth: '1970-01-01', sex: 'U', ...values })
		.returning({ id: patients.id });
	return patient.id;
}

/**
 * A pathway for the patient: unless told otherwise an ENT outpatient review, P3, waiting (and
 * decided) since 1 August 2026, expected to take 30 minutes. Returns the id.
 */
export async function addPathway(
	open: OpenDatabase,
	patientId: number,
	values: Partial<typeof pathways.$inferInsert> = {}
): Promise<number> {
	const [pathway] = await open.db
		.insert(pathways)
		.values({
			patientId,
			specialtyCode: '120',
			listType: 'outpatient',
			clockStart: '2026-08-01',
			priority: 'P3',
			decisionDate: '2026-08-01',
			procedure: 'ENT review',
			expectedMinutes: 30,
			...values
		})
		.returning({ id: pathways.id });
	return pathway.id;
}

/** A consultant; "Ms Test" (C1) in ENT (120) unless told otherwise. Returns the id. */
export async function addClinician(
	open: OpenDatabase,
	values: Partial<typeof clinicians.$inferInsert> = {}
): Promise<number> {
	const [clinician] = await open.db
		.insert(clinicians)
		.values({ code: 'C1', name: 'Ms Test', specialtyCode: '120', ...values })
		.returning({ id: clinicians.id });
	return clinician.id;
}

/** An ENT clinic at the site on `date`, 09:00–12:00 with 180 bookable minutes unless told otherwise. Returns the id. */
export async function addClinic(
	open: OpenDatabase,
	date: string,
	siteId: number,
	values: Partial<typeof sessions.$inferInsert> = {}
): Promise<number> {
	const [session] = await open.db
		.insert(sessions)
		.values({
			kind: 'clinic',
			date,
			siteId,
			startTime: '09:00',
			endTime: '12:00',
			bookableMinutes: 180,
			specialtyCode: '120',
			...values
		})
		.returning({ id: sessions.id });
	return session.id;
}
