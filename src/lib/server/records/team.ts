/**
 * The team leader's view: open work by person and by age (case-note requests due now, summarising
 * claims, validation tasks), reassignment, and the week's throughput per person.
 */
import { and, asc, count, eq, gte, inArray, isNotNull, notInArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema, parseInput } from '../input';
import type { Database, Executor } from '../../../../db';
import {
	caseNoteMovements,
	caseNoteRequests,
	pathways,
	patients,
	summarisingItems,
	users,
	validationAssignments,
	validationOutcomes,
	type Role
} from '../../../../db/schema';
import { CLOSED_STATUSES, STATUS_LABELS } from '../../domain/caseNoteLifecycle';
import {
	AGE_BANDS,
	WORK_KINDS,
	type AgeBand,
	type PersonWork,
	type WorkItem,
	type WorkKind
} from '../../contracts/records/team';
import { dayNumber, maskNhsNumber } from '../../domain/rtt';
import { wallDate, wallTime } from '../../domain/workingTime';
import { dayIn } from '../trustCalendar';
import { assignRequests } from './assignment';
import type { Actor } from './staff';
import { readRecordsSettings } from './settings';
import { reassignItems, releaseItems } from './summarising';
import { HELD_STATUS, unassignedByDay } from './summarisingBacklog';
import { assignValidation } from './validation';
import { patientName } from '../../domain/patient';

/** Who can be given each kind of work. */
export const ROLES_FOR: Record<WorkKind, readonly Role[]> = {
	request: ['records'],
	summary: ['summariser'],
	validation: ['coordinator', 'team_leader']
};

export function ageBand(days: number): AgeBand {
	if (days < 1) return 'today';
	if (days <= 2) return '1–2 days';
	if (days <= 7) return '3–7 days';
	return 'over a week';
}

export interface Throughput {
	person: { id: number; name: string; role: Role };
	movements: number;
	summaries: number;
	validations: number;
}

export interface TeamView {
	today: string;
	weekStart: string;
	people: PersonWork[];
	/**
	 * Work nobody holds: case-note requests due now (listed, to hand out here) and the summarising
	 * queue (counted only: its items are claimed on the summarising page). Validation's pool is its
	 * own worklist.
	 */
	unassigned: PersonWork;
	throughput: Throughput[];
	staff: { id: number; name: string; role: Role }[];
}

const TEAM_ROLES: Role[] = ['records', 'summariser', 'coordinator', 'team_leader'];

export async function teamView(db: Executor, now = new Date()): Promise<TeamView> {
	const settings = await readRecordsSettings(db);
	const tz = settings.calendar.timeZone;
	const { today, monday } = dayIn(tz, now);
	const days = (from: string) => Math.max(0, dayNumber(today) - dayNumber(from));
	const staff = await db
		.select({ id: users.id, name: users.name, role: users.role })
		.from(users)
		.where(and(inArray(users.role, TEAM_ROLES), eq(users.active, true)))
		.orderBy(asc(users.name));

	const items: (WorkItem & { holder: number | null })[] = [];
	const pullDay = sql<string>`coalesce(${caseNoteRequests.pullOn}, (${caseNoteRequests.requestedAt} at time zone ${tz})::date)`;
	const requests = await db
		.select({
			id: caseNoteRequests.id,
			status: caseNoteRequests.status,
			volumeBarcode: caseNoteRequests.volumeBarcode,
			pullOn: pullDay,
			holder: caseNoteRequests.assignedTo,
			givenName: patients.givenName,
			familyName: patients.familyName,
			nhsNumber: patients.nhsNumber
		})
		.from(caseNoteRequests)
		.innerJoin(patients, eq(patients.id, caseNoteRequests.patientId))
		// Work due now: open requests whose pull day has come; the dashboard's outstanding requests
		// (dashboards/recordsSections/outstanding.ts) count the same set: change both together.
		.where(
			and(notInArray(caseNoteRequests.status, [...CLOSED_STATUSES]), sql`${pullDay} <= ${today}`)
		)
		.orderBy(asc(pullDay), asc(caseNoteRequests.id));
	for (const r of requests) {
		const since = String(r.pullOn);
		items.push({
			kind: 'request',
			id: r.id,
			patient: `${patientName(r)} (${maskNhsNumber(r.nhsNumber)})`,
			// the work as the team knows it (the patient is in the next column), never by an id
			detail: `${r.volumeBarcode ? `Volume ${r.volumeBarcode}` : 'No volume yet'} · ${STATUS_LABELS[r.status]}`,
			since,
			ageDays: days(since),
			holder: r.holder
		});
	}
	const claims = await db
		.select({
			id: summarisingItems.id,
			source: summarisingItems.source,
			claimedAt: summarisingItems.claimedAt,
			holder: summarisingItems.claimedBy,
			givenName: patients.givenName,
			familyName: patients.familyName,
			nhsNumber: patients.nhsNumber
		})
		.from(summarisingItems)
		.innerJoin(patients, eq(patients.id, summarisingItems.patientId))
		.where(eq(summarisingItems.status, HELD_STATUS))
		.orderBy(asc(summarisingItems.claimedAt));
	for (const c of claims) {
		const since = wallDate((c.claimedAt ?? now).getTime(), tz);
		items.push({
			kind: 'summary',
			id: c.id,
			patient: `${patientName(c)} (${maskNhsNumber(c.nhsNumber)})`,
			detail: c.source.charAt(0).toUpperCase() + c.source.slice(1),
			since,
			ageDays: days(since),
			holder: c.holder
		});
	}
	const tasks = await db
		.select({
			id: validationAssignments.pathwayId,
			assignedAt: validationAssignments.assignedAt,
			holder: validationAssignments.assignedTo,
			specialty: pathways.specialtyCode,
			givenName: patients.givenName,
			familyName: patients.familyName,
			nhsNumber: patients.nhsNumber
		})
		.from(validationAssignments)
		.innerJoin(pathways, eq(pathways.id, validationAssignments.pathwayId))
		.innerJoin(patients, eq(patients.id, pathways.patientId))
		.orderBy(asc(validationAssignments.assignedAt));
	for (const t of tasks) {
		const since = wallDate(t.assignedAt.getTime(), tz);
		items.push({
			kind: 'validation',
			id: t.id,
			patient: `${patientName(t)} (${maskNhsNumber(t.nhsNumber)})`,
			detail: `Specialty ${t.specialty}`,
			since,
			ageDays: days(since),
			holder: t.holder
		});
	}

	// The summarising queue as the backlog counts it, aged from the day each item arrived.
	const queued = (await unassignedByDay(db, tz)).map((q) => ({ ageDays: days(q.day), n: q.n }));

	const summarise = (
		person: PersonWork['person'],
		mine: WorkItem[],
		counted: { ageDays: number; n: number }[] = []
	): PersonWork => ({
		person,
		items: [...mine].sort(
			(a, b) => b.ageDays - a.ageDays || a.kind.localeCompare(b.kind) || a.id - b.id
		),
		byKind: Object.fromEntries(
			WORK_KINDS.map((k) => [
				k,
				mine.filter((i) => i.kind === k).length +
					(k === 'summary' ? counted.reduce((n, q) => n + q.n, 0) : 0)
			])
		) as Record<WorkKind, number>,
		byAge: Object.fromEntries(
			AGE_BANDS.map((b) => [
				b,
				mine.filter((i) => ageBand(i.ageDays) === b).length +
					counted.filter((q) => ageBand(q.ageDays) === b).reduce((n, q) => n + q.n, 0)
			])
		) as Record<AgeBand, number>
	});
	const strip = ({ holder: _holder, ...item }: WorkItem & { holder: number | null }): WorkItem =>
		item;
	const known = new Map(staff.map((s) => [s.id, s]));
	const holders = new Set(items.map((i) => i.holder).filter((h): h is number => h !== null));
	// Someone holding work who is no longer active still shows, so their work can be moved on.
	const missing = [...holders].filter((h) => !known.has(h));
	if (missing.length) {
		for (const u of await db
			.select({ id: users.id, name: users.name, role: users.role })
			.from(users)
			.where(inArray(users.id, missing))) {
			known.set(u.id, u);
		}
	}
	const people = [...known.values()]
		.map((p) => summarise(p, items.filter((i) => i.holder === p.id).map(strip)))
		.sort(
			(a, b) => b.items.length - a.items.length || a.person!.name.localeCompare(b.person!.name)
		);

	// The week so far, from Monday 00:00 on the trust's clocks.
	const weekStart = monday;
	const since = new Date(wallTime(weekStart, 0, tz));
	const moves = new Map(
		(
			await db
				.select({ id: caseNoteMovements.byUserId, n: count() })
				.from(caseNoteMovements)
				.where(and(gte(caseNoteMovements.at, since), isNotNull(caseNoteMovements.byUserId)))
				.groupBy(caseNoteMovements.byUserId)
		).map((r) => [r.id as number, r.n])
	);
	const summaries = new Map(
		(
			await db
				.select({ id: summarisingItems.completedBy, n: count() })
				.from(summarisingItems)
				.where(
					and(gte(summarisingItems.completedAt, since), isNotNull(summarisingItems.completedBy))
				)
				.groupBy(summarisingItems.completedBy)
		).map((r) => [r.id as number, r.n])
	);
	const validations = new Map(
		(
			await db
				.select({ id: validationOutcomes.recordedBy, n: count() })
				.from(validationOutcomes)
				.where(
					and(gte(validationOutcomes.recordedAt, since), isNotNull(validationOutcomes.recordedBy))
				)
				.groupBy(validationOutcomes.recordedBy)
		).map((r) => [r.id as number, r.n])
	);
	return {
		today,
		weekStart,
		people,
		unassigned: summarise(null, items.filter((i) => i.holder === null).map(strip), queued),
		throughput: staff.map((p) => ({
			person: p,
			movements: moves.get(p.id) ?? 0,
			summaries: summaries.get(p.id) ?? 0,
			validations: validations.get(p.id) ?? 0
		})),
		staff
	};
}

export const reassignSchema = z
	.object({
		kind: z.enum(WORK_KINDS),
		ids: z.array(idSchema).min(1, 'choose at least one item').max(500),
		/** A user id, or "none" to put the work back in the pool. */
		to: z.union([z.literal('none'), idSchema])
	})
	.strict();

/** Moves work to another person (or back to the pool), audited by the module that owns it. */
export async function reassignWork(
	db: Database,
	actor: Actor,
	input: unknown,
	now = new Date()
): Promise<number> {
	const data = parseInput(reassignSchema, input);
	const to = data.to === 'none' ? null : data.to;
	if (data.kind === 'request') {
		return (await assignRequests(db, actor, data.ids, to)).length;
	}
	if (data.kind === 'validation') {
		return (await assignValidation(db, actor, data.ids, to, now)).length;
	}
	if (to === null) {
		// Summarising work goes back to the pool by being returned to the queue.
		await releaseItems(db, actor, data.ids);
		return data.ids.length;
	}
	await reassignItems(db, actor, data.ids, to, now);
	return data.ids.length;
}
