import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../../../../db';
import {
	boards,
	bookings,
	clinicians,
	pathwayUnavailability,
	pathways,
	patients,
	sessions,
	sites,
	specialties
} from '../../../../db/schema';
import { mayUse, upgradeEntry, type Role } from '../../access';
import { addDays, clockFacts, OPEN_CLOCK_STATUSES, type Priority } from '../../domain/rtt';
import { waitRisk } from '../../domain/risk';
import type {
	BoardInfo,
	BoardReference,
	BoardView,
	ShownPathway,
	WatchedPathway
} from '../../contracts/planner/reference';
import { writeAudit } from '../audit';
import { ageOn, patientName } from '../../domain/patient';

export type BoardAccess = 'edit' | 'view' | null;

/** The live board's entry in the access table: who may watch, who may change it. */
const LIVE_BOARD = upgradeEntry('/yjs/[board]');

export function boardAccess(role: Role): BoardAccess {
	if (!mayUse(LIVE_BOARD, role)) return null;
	return LIVE_BOARD.write.includes(role) ? 'edit' : 'view';
}

const boardColumns = {
	id: boards.id,
	name: boards.name,
	specialty: boards.specialtyCode,
	specialtyName: specialties.name,
	start: boards.horizonStart,
	end: boards.horizonEnd
};

const toInfo = (r: {
	id: number;
	name: string;
	specialty: string;
	specialtyName: string;
	start: string;
	end: string;
}): BoardInfo => ({
	id: r.id,
	name: r.name,
	specialty: r.specialty,
	specialtyName: r.specialtyName,
	horizon: { start: r.start, end: r.end }
});

export async function listBoards(db: Database): Promise<BoardInfo[]> {
	const rows = await db
		.select(boardColumns)
		.from(boards)
		.innerJoin(specialties, eq(specialties.code, boards.specialtyCode))
		.orderBy(asc(boards.specialtyCode), asc(boards.horizonStart));
	return rows.map(toInfo);
}

export async function getBoard(db: Database, id: number): Promise<BoardInfo | null> {
	const [row] = await db
		.select(boardColumns)
		.from(boards)
		.innerJoin(specialties, eq(specialties.code, boards.specialtyCode))
		.where(eq(boards.id, id));
	return row ? toInfo(row) : null;
}

/** One board per specialty over the next `weeks` weeks, for specialties that have none yet. */
export async function createDefaultBoards(db: Database, today: string, weeks = 6): Promise<number> {
	const all = await db.select().from(specialties).orderBy(asc(specialties.code));
	const existing = new Set(
		(await db.select({ s: boards.specialtyCode }).from(boards)).map((r) => r.s)
	);
	const missing = all.filter((s) => !existing.has(s.code));
	if (missing.length === 0) return 0;
	await db.transaction(async (tx) => {
		const rows = await tx
			.insert(boards)
			.values(
				missing.map((s) => ({
					name: `${s.name}: next ${weeks} weeks`,
					specialtyCode: s.code,
					horizonStart: today,
					horizonEnd: addDays(today, 7 * weeks - 1)
				}))
			)
			.returning({ id: boards.id, name: boards.name });
		for (const r of rows)
			await writeAudit(tx, {
				userId: null,
				action: 'create',
				entity: 'board',
				entityId: r.id,
				after: r
			});
	});
	return missing.length;
}

/**
 * Everything a board shows beside the doc: its sessions, the specialty's open pathways that are
 * unbooked or booked into one of those sessions, and the consultants' daily limits.
 */
export async function loadBoardReference(
	db: Database,
	boardId: number,
	census: string
): Promise<BoardReference | null> {
	const board = await getBoard(db, boardId);
	if (!board) return null;

	const sessionRows = await db
		.select({
			id: sessions.id,
			date: sessions.date,
			start: sessions.startTime,
			end: sessions.endTime,
			minutes: sessions.bookableMinutes,
			kind: sessions.kind,
			clinicianId: sessions.clinicianId,
			clinicianName: clinicians.name,
			slotTypes: sessions.slotTypes,
			slotMinutes: sessions.slotMinutes,
			site: sites.name
		})
		.from(sessions)
		.innerJoin(sites, eq(sites.id, sessions.siteId))
		.leftJoin(clinicians, eq(clinicians.id, sessions.clinicianId))
		.where(
			and(
				eq(sessions.specialtyCode, board.specialty),
				gte(sessions.date, board.horizon.start),
				lte(sessions.date, board.horizon.end),
				eq(sessions.status, 'open')
			)
		)
		.orderBy(asc(sessions.date), asc(sessions.startTime), asc(sessions.id));
	const sessionIds = sessionRows.map((s) => s.id);

	const live = and(eq(bookings.pathwayId, pathways.id), eq(bookings.status, 'booked'));
	const pathwayRows = await db
		.select({
			id: pathways.id,
			givenName: patients.givenName,
			familyName: patients.familyName,
			nhsNumber: patients.nhsNumber,
			dateOfBirth: patients.dateOfBirth,
			hospitalNumber: patients.hospitalNumber,
			listType: pathways.listType,
			procedure: pathways.procedure,
			priority: pathways.priority,
			decisionDate: pathways.decisionDate,
			clockStart: pathways.clockStart,
			minutes: pathways.expectedMinutes,
			slotType: pathways.slotType,
			clinicianId: pathways.clinicianId,
			bookedSessionId: bookings.sessionId
		})
		.from(pathways)
		.innerJoin(patients, eq(patients.id, pathways.patientId))
		.leftJoin(bookings, live)
		.where(
			and(
				eq(pathways.specialtyCode, board.specialty),
				inArray(pathways.rttStatus, [...OPEN_CLOCK_STATUSES]),
				sessionIds.length
					? sql`(${bookings.id} is null or ${inArray(bookings.sessionId, sessionIds)})`
					: sql`${bookings.id} is null`
			)
		)
		.orderBy(asc(pathways.clockStart), asc(pathways.id));

	const ids = pathwayRows.map((p) => p.id);
	const unavailable = new Map<number, { from: string; to: string }[]>();
	for (let i = 0; i < ids.length; i += 5000) {
		const rows = await db
			.select({
				pathwayId: pathwayUnavailability.pathwayId,
				from: pathwayUnavailability.fromDate,
				to: pathwayUnavailability.toDate
			})
			.from(pathwayUnavailability)
			.where(inArray(pathwayUnavailability.pathwayId, ids.slice(i, i + 5000)));
		for (const r of rows) {
			const list = unavailable.get(r.pathwayId) ?? [];
			list.push({ from: r.from, to: r.to });
			unavailable.set(r.pathwayId, list);
		}
	}

	const clinicianRows = await db
		.select({
			id: clinicians.id,
			name: clinicians.name,
			maxMinutesPerDay: clinicians.maxMinutesPerDay
		})
		.from(clinicians)
		.where(eq(clinicians.specialtyCode, board.specialty))
		.orderBy(asc(clinicians.name));

	return {
		board,
		census,
		clinicians: clinicianRows,
		sessions: sessionRows.map((s) => ({
			...s,
			start: s.start.slice(0, 5),
			end: s.end.slice(0, 5)
		})),
		pathways: pathwayRows.map((p) => ({
			id: p.id,
			name: patientName(p),
			nhsLast4: p.nhsNumber.slice(-4),
			dateOfBirth: p.dateOfBirth,
			age: ageOn(p.dateOfBirth, census),
			hospitalNumber: p.hospitalNumber,
			listType: p.listType,
			procedure: p.procedure,
			priority: p.priority,
			clockStart: p.clockStart,
			...clockFacts(p.clockStart, p.priority as Priority | null, p.decisionDate, census),
			minutes: p.minutes,
			slotType: p.slotType,
			clinicianId: p.clinicianId,
			unavailable: unavailable.get(p.id) ?? [],
			bookedSessionId: p.bookedSessionId
		}))
	};
}

/**
 * The board as a client is sent it: planners get every pathway with its patient; roles without
 * patient data get only the fields listed here (a whitelist, so a new column stays private).
 */
export function boardView(ref: BoardReference, withPatients: boolean): BoardView {
	const pathways = ref.pathways.map((p): ShownPathway => {
		const risk = waitRisk(p.daysWaited, p.priorityDue !== null && p.priorityDue < ref.census);
		if (withPatients) return { ...p, risk };
		const watched: WatchedPathway = {
			id: p.id,
			listType: p.listType,
			priority: p.priority,
			weekBand: p.weekBand,
			risk,
			minutes: p.minutes,
			slotType: p.slotType,
			clinicianId: p.clinicianId,
			bookedSessionId: p.bookedSessionId
		};
		return watched;
	});
	return { ...ref, pathways };
}
