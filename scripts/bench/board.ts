/**
 * The synthetic board the sync benches edit: one ENT site with 40 clinic sessions, 600 waiting
 * pathways, `boards` boards over them, and coordinators (writers) and managers (viewers) with
 * live sessions, inserted straight into the tables: the benches measure sync, not password
 * hashes. Used by `npm run bench:sync` (in-memory) and `npm run bench:cluster` (PostgreSQL).
 */
import type { OpenDatabase } from '../../db';
import { boards, patients, pathways, sessions, sites, specialties, users } from '../../db/schema';
import { createSession, SESSION_COOKIE } from '../../src/lib/server/auth';
import { addDays } from '../../src/lib/domain/rtt';
import { trustToday } from '../../src/lib/server/trustCalendar';

export interface BenchBoards {
	boardIds: number[];
	writerCookies: string[];
	/** Who each writer is signed in as: edits carry it, as the app's do. */
	writerAuthors: { id: number; name: string }[];
	viewerCookies: string[];
	pathwayIds: number[];
	sessionIds: number[];
}

export async function seedBenchBoards(
	open: OpenDatabase,
	counts: { writers: number; viewers: number; boards?: number }
): Promise<BenchBoards> {
	const { db } = open;
	const today = await trustToday(db);
	await db.insert(specialties).values({ code: '120', name: 'ENT' });
	const [site] = await db.insert(sites).values({ code: 'B1', name: 'Bench General' }).returning();
	const sessionRows = await db
		.insert(sessions)
		.values(
			Array.from({ length: 40 }, (_, i) => ({
				kind: 'clinic' as const,
				date: addDays(today, 1 + Math.floor(i / 2)),
				startTime: i % 2 ? '13:30' : '08:30',
				endTime: i % 2 ? '17:30' : '12:30',
				bookableMinutes: 240,
				slotMinutes: 20,
				specialtyCode: '120',
				siteId: site.id
			}))
		)
		.returning({ id: sessions.id });
	const patientRows = await db
		.insert(patients)
		.values(
			Array.from({ length: 600 }, (_, i) => ({
				nhsNumber: `999${String(i).padStart(7, '0')}`,
				givenName: 'Bench',
				familyName: `Patient${i}`,
				dateOfBirth: '1970-01-01',
				sex: 'female'
			}))
		)
		.returning({ id: patients.id });
	const pathwayRows = await db
		.insert(pathways)
		.values(
			patientRows.map((p, i) => ({
				patientId: p.id,
				specialtyCode: '120',
				listType: 'outpatient' as const,
				clockStart: addDays(today, -(i % 400)),
				priority: 'P4' as const,
				decisionDate: addDays(today, -(i % 400)),
				expectedMinutes: 20
			}))
		)
		.returning({ id: pathways.id });
	const boardRows = await db
		.insert(boards)
		.values(
			Array.from({ length: counts.boards ?? 1 }, (_, i) => ({
				name: `Bench ${i + 1}`,
				specialtyCode: '120',
				horizonStart: today,
				horizonEnd: addDays(today, 41)
			}))
		)
		.returning({ id: boards.id });
	const make = async (role: 'coordinator' | 'manager', n: number) => {
		const rows = n
			? await db
					.insert(users)
					.values(
						Array.from({ length: n }, (_, i) => ({
							email: `${role}${i}@bench.test`,
							name: `${role} ${i}`,
							role,
							passwordHash: 'x'
						}))
					)
					.returning({ id: users.id, name: users.name })
			: [];
		const cookies: string[] = [];
		for (const r of rows)
			cookies.push(`${SESSION_COOKIE}=${(await createSession(db, r.id)).token}`);
		return { cookies, authors: rows };
	};
	const writerUsers = await make('coordinator', counts.writers);
	return {
		boardIds: boardRows.map((b) => b.id),
		writerCookies: writerUsers.cookies,
		writerAuthors: writerUsers.authors,
		viewerCookies: (await make('manager', counts.viewers)).cookies,
		pathwayIds: pathwayRows.map((p) => p.id),
		sessionIds: sessionRows.map((s) => s.id)
	};
}
