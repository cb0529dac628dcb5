/**
 * A small hand-made waiting list whose answers are known without running the app's code: each
 * test states what it expects from the rows it inserts.
 */
import type { OpenDatabase } from '../../db';
import {
	boards,
	bookings,
	clinicians,
	pathways,
	patients,
	sessions,
	sites,
	specialties
} from '../../db/schema';
import { addDays } from '../../src/lib/domain/rtt';

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
	await db.insert(specialties).values([
		{ code: '110', name: 'Trauma & Orthopaedics' },
		{ code: '120', name: 'ENT' }
	]);
	const [site] = await db.insert(sites).values({ code: 'RX1', name: 'Test General' }).returning();
	const [clinician] = await db
		.insert(clinicians)
		.values({ code: 'C1', name: 'Ms Test', specialtyCode: '110' })
		.returning();
	const ids: Record<string, number> = {};
	let n = 0;
	for (const f of FIXTURE) {
		n++;
		const [patient] = await db
			.insert(patients)
			.values({
				// 999-range test numbers; the check digit is not needed for these tests
				nhsNumber: `999000${String(n).padStart(4, '0')}`,
				givenName: 'Test',
				familyName: f.family,
				dateOfBirth: '1970-01-01',
				sex: 'U'
			})
			.returning();
		const [pathway] = await db
			.insert(pathways)
			.values({
				patientId: patient.id,
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
					siteId: site.id
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
