/**
 * Waiting-list validation tasks for coordinators: pathways due for validation at 12, 26 and 52
 * weeks, and data-quality flags, as one worklist; outcomes update the pathway (and so the PTL).
 */
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema, parseInput, wholeNumber } from '../input';
import type { Database, Executor } from '../../../../db';
import {
	bookings,
	pathways,
	patients,
	sessions,
	specialties,
	users,
	validationAssignments,
	validationOutcomes
} from '../../../../db/schema';
import { clockFacts, isIsoDate, maskNhsNumber, validationDueDate } from '../../domain/rtt';
import {
	asksAgreement,
	DATA_QUALITY_FLAGS,
	outcomeEffect,
	type WorklistFlag
} from '../../domain/validationOutcome';
import { patientName } from '../../domain/patient';
import { cancellationCode, REVIEW_AFTER_PATIENT_CANCELLATIONS } from '../../domain/attendance';
import type { WorklistItem } from '../../contracts/records/validation';
import { writeAudit } from '../audit';
import { clockRunningSql, validationDueSql } from '../rttSql';
import { cancelBookingIn } from './bookings';
import { AppError } from '../errors';
import { announceTakeOvers, checkHandOn, type HandOnResult } from './handOn';
import { announceRecords, announceValidation, announceWaitlist } from './live';
import { requireUserWithRole, type Actor } from './staff';
import { trustDateSql, trustTimeZone } from '../trustCalendar';

/** Who may be given validation tasks. */
export const VALIDATOR_ROLES = ['coordinator', 'team_leader'] as const;

const openClock = clockRunningSql(pathways.rttStatus);

/** The next validation date, in SQL (rttSql.ts validationDueSql). */
const validationDue = validationDueSql(pathways.clockStart, pathways.lastValidatedOn);

const liveBookingFrom = (census: string) =>
	sql`exists (select 1 from ${bookings} join ${sessions} on ${sessions.id} = ${bookings.sessionId}
		where ${bookings.pathwayId} = ${pathways.id} and ${bookings.status} = 'booked' and ${sessions.date} >= ${census})`;

/** Each flag's condition on a pathway row, for the census date in the trust's time zone. */
function flagConditions(census: string, timeZone: string): Record<WorklistFlag, SQL> {
	const other = sql.raw('other');
	return {
		validation_due: sql`(${openClock} and ${validationDue} <= ${census}::date)`,
		past_tci: sql`(${openClock} and ${pathways.listType} = 'admitted' and ${pathways.tciDate} < ${census}::date)`,
		missing_procedure: sql`(${openClock} and coalesce(btrim(${pathways.procedure}), '') = '')`,
		missing_priority: sql`(${openClock} and ${pathways.priority} is null)`,
		duplicate_pathway: sql`(${openClock} and exists (select 1 from ${pathways} ${other}
			where ${other}.patient_id = ${pathways.patientId} and ${other}.specialty_code = ${pathways.specialtyCode}
			and ${other}.id <> ${pathways.id} and ${clockRunningSql(sql`${other}.rtt_status`)}))`,
		admitted_no_open_clock: sql`(${pathways.listType} = 'admitted' and not ${openClock}
			and (${pathways.tciDate} >= ${census}::date or ${liveBookingFrom(census)}))`,
		// as domain/attendance.ts countsTowardReview and reviewForCancellations: since the last
		// validation (or the clock start), on the trust's calendar
		patient_cancellations: sql`(${openClock} and (select count(*) from ${bookings}
			where ${bookings.pathwayId} = ${pathways.id} and ${bookings.attendanceCode} = ${cancellationCode('patient')}
			and ${trustDateSql(bookings.statusChangedAt, timeZone)}
				>= coalesce(${pathways.lastValidatedOn}, ${pathways.clockStart})) >= ${REVIEW_AFTER_PATIENT_CANCELLATIONS})`
	};
}

const flagSchema = z.enum(DATA_QUALITY_FLAGS);

export const worklistFiltersSchema = z
	.object({
		flag: flagSchema.optional(),
		specialty: z
			.string()
			.regex(/^(\d{3}|X0[2-6])$/, 'a treatment function code such as 120')
			.optional(),
		assigned: z.union([z.enum(['me', 'unassigned']), idSchema]).optional(),
		page: wholeNumber(1, 1_000_000).default(1),
		pageSize: wholeNumber(1, 200).default(50)
	})
	.strict();
export type WorklistFilters = z.infer<typeof worklistFiltersSchema>;

export interface Worklist {
	census: string;
	total: number;
	page: number;
	pageSize: number;
	/** How many pathways carry each flag (ignoring the flag filter). */
	flagCounts: Record<WorklistFlag, number>;
	items: WorklistItem[];
}

/** The validation worklist on `census`, filtered and paged on the server. */
export async function validationWorklist(
	db: Executor,
	filters: WorklistFilters,
	census: string,
	viewerId: number
): Promise<Worklist> {
	const flags = flagConditions(census, await trustTimeZone(db));
	const anyFlag = sql`(${sql.join(Object.values(flags), sql` or `)})`;
	const narrow: SQL[] = [];
	if (filters.specialty) narrow.push(eq(pathways.specialtyCode, filters.specialty));
	if (filters.assigned === 'me') narrow.push(eq(validationAssignments.assignedTo, viewerId));
	else if (filters.assigned === 'unassigned')
		narrow.push(sql`${validationAssignments.assignedTo} is null`);
	else if (typeof filters.assigned === 'number')
		narrow.push(eq(validationAssignments.assignedTo, filters.assigned));
	const where = and(filters.flag ? flags[filters.flag] : anyFlag, ...narrow);

	const [counts] = await db
		.select(
			Object.fromEntries(
				DATA_QUALITY_FLAGS.map((f) => [
					f,
					sql<number>`count(*) filter (where ${flags[f]})`.mapWith(Number)
				])
			) as unknown as Record<WorklistFlag, SQL.Aliased<number>>
		)
		.from(pathways)
		.leftJoin(validationAssignments, eq(validationAssignments.pathwayId, pathways.id))
		.where(and(anyFlag, ...narrow));
	const [{ total }] = await db
		.select({ total: count() })
		.from(pathways)
		.leftJoin(validationAssignments, eq(validationAssignments.pathwayId, pathways.id))
		.where(where);
	const rows = await db
		.select({
			pathwayId: pathways.id,
			patientId: patients.id,
			givenName: patients.givenName,
			familyName: patients.familyName,
			nhsNumber: patients.nhsNumber,
			dateOfBirth: patients.dateOfBirth,
			specialty: pathways.specialtyCode,
			specialtyName: specialties.name,
			listType: pathways.listType,
			procedure: pathways.procedure,
			priority: pathways.priority,
			decisionDate: pathways.decisionDate,
			rttStatus: pathways.rttStatus,
			clockStart: pathways.clockStart,
			lastValidatedOn: pathways.lastValidatedOn,
			tciDate: pathways.tciDate,
			assigneeId: users.id,
			assigneeName: users.name,
			assignedAt: validationAssignments.assignedAt,
			...(Object.fromEntries(
				DATA_QUALITY_FLAGS.map((f) => [f, sql<boolean>`${flags[f]}`])
			) as unknown as Record<WorklistFlag, SQL.Aliased<boolean>>)
		})
		.from(pathways)
		.innerJoin(patients, eq(patients.id, pathways.patientId))
		.innerJoin(specialties, eq(specialties.code, pathways.specialtyCode))
		.leftJoin(validationAssignments, eq(validationAssignments.pathwayId, pathways.id))
		.leftJoin(users, eq(users.id, validationAssignments.assignedTo))
		.where(where)
		// Longest waiters first, as the list is treated in turn.
		.orderBy(asc(pathways.clockStart), asc(pathways.id))
		.limit(filters.pageSize)
		.offset((filters.page - 1) * filters.pageSize);

	return {
		census,
		total,
		page: filters.page,
		pageSize: filters.pageSize,
		flagCounts: counts as Record<WorklistFlag, number>,
		items: rows.map((r) => {
			const facts = clockFacts(r.clockStart, r.priority, r.decisionDate, census);
			return {
				pathwayId: r.pathwayId,
				patientId: r.patientId,
				patient: patientName(r),
				nhsMasked: maskNhsNumber(r.nhsNumber),
				dateOfBirth: r.dateOfBirth,
				specialty: r.specialty,
				specialtyName: r.specialtyName,
				listType: r.listType,
				procedure: r.procedure,
				priority: r.priority,
				rttStatus: r.rttStatus,
				clockStart: r.clockStart,
				daysWaited: facts.daysWaited,
				weekBand: facts.weekBand,
				lastValidatedOn: r.lastValidatedOn,
				validationDue: validationDueDate(r.clockStart, r.lastValidatedOn),
				tciDate: r.tciDate,
				flags: DATA_QUALITY_FLAGS.filter((f) => (r as unknown as Record<WorklistFlag, boolean>)[f]),
				assignee:
					r.assigneeId !== null && r.assigneeName !== null
						? { id: r.assigneeId, name: r.assigneeName }
						: null,
				assignedAt: r.assignedAt?.toISOString() ?? null
			};
		})
	};
}

/** Every pathway id on the worklist (no paging): for tests and bulk assignment. */
export async function worklistPathwayIds(
	db: Executor,
	census: string,
	flag?: WorklistFlag
): Promise<number[]> {
	const flags = flagConditions(census, await trustTimeZone(db));
	const rows = await db
		.select({ id: pathways.id })
		.from(pathways)
		.where(flag ? flags[flag] : sql`(${sql.join(Object.values(flags), sql` or `)})`)
		.orderBy(asc(pathways.id));
	return rows.map((r) => r.id);
}

const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean());
const decision = z
	.string()
	.trim()
	.min(10, 'describe the clinical decision: who decided what (at least 10 characters)')
	.max(1000);
const isoDate = z.string().refine(isIsoDate, 'a date as YYYY-MM-DD');

export const outcomeSchema = z.discriminatedUnion('outcome', [
	z
		.object({ outcome: z.literal('still_waiting'), note: z.string().trim().max(1000).optional() })
		.strict(),
	z
		.object({
			outcome: z.literal('treated_elsewhere'),
			clinicalDecision: decision,
			stopDate: isoDate,
			patientAgreed: checkbox,
			note: z.string().trim().max(1000).optional()
		})
		.strict(),
	z
		.object({
			outcome: z.literal('no_longer_required'),
			stopCode: z.enum(['34', '35', '36']).optional(),
			clinicalDecision: decision,
			stopDate: isoDate,
			patientAgreed: checkbox,
			note: z.string().trim().max(1000).optional()
		})
		.strict()
]);

/**
 * Records a validation outcome for a pathway, in one transaction: still waiting sets
 * lastValidatedOn; a removal stops the clock with its RTT status code (or, for a stopped-clock
 * entry still on the admitted list, takes it off), cancels its live bookings (withdrawing their
 * case-note requests), and needs the clinical decision.
 */
export async function recordOutcome(
	db: Database,
	actor: Actor,
	pathwayId: number,
	input: unknown,
	census: string,
	now = new Date()
): Promise<{
	outcomeId: number;
	/** The patient as the worklist names them, for the confirmation. */
	patient: string;
	rttStatus: string;
	cancelledBookings: number[];
}> {
	const data = parseInput(outcomeSchema, input);
	const result = await db.transaction(async (tx) => {
		const [p] = await tx.select().from(pathways).where(eq(pathways.id, pathwayId)).for('update');
		if (!p) throw new AppError('not-found', `No pathway ${pathwayId}`);
		const stopCode = 'stopCode' in data ? data.stopCode : null;
		const check = outcomeEffect(p.rttStatus, data.outcome, stopCode);
		if (!check.ok) throw new AppError(check.status === 400 ? 'invalid' : 'conflict', check.message);
		const effect = check.effect;
		let stopDate: string | null = null;
		if (data.outcome !== 'still_waiting') {
			stopDate = data.stopDate;
			if (effect.kind === 'stop-clock' && stopDate < p.clockStart) {
				throw new AppError(
					'invalid',
					`stopDate: ${stopDate} is before the clock started (${p.clockStart})`
				);
			}
			if (stopDate > census)
				throw new AppError('invalid', `stopDate: ${stopDate} is in the future`);
			if (asksAgreement(p.rttStatus, data.outcome, stopCode) && !data.patientAgreed) {
				throw new AppError(
					'invalid',
					'patientAgreed: a patient is taken off the list only with their agreement; confirm they agreed'
				);
			}
		}
		const rttStatus = effect.rttStatus ?? p.rttStatus;
		const set: Partial<typeof pathways.$inferInsert> = { lastValidatedOn: census, updatedAt: now };
		if (effect.kind === 'stop-clock') Object.assign(set, { rttStatus, clockStoppedOn: stopDate });
		if (effect.kind !== 'validated' && p.tciDate !== null && p.tciDate >= census)
			set.tciDate = null;
		await tx.update(pathways).set(set).where(eq(pathways.id, pathwayId));

		const cancelledBookings: number[] = [];
		const requestIds: number[] = [];
		if (effect.kind !== 'validated') {
			const live = await tx
				.select({ id: bookings.id })
				.from(bookings)
				.where(and(eq(bookings.pathwayId, pathwayId), eq(bookings.status, 'booked')));
			for (const b of live) {
				const r = await cancelBookingIn(
					tx,
					actor,
					b.id,
					{
						by: 'hospital',
						reason: 'removed-at-validation',
						note: `Validation outcome: ${data.outcome.replaceAll('_', ' ')}`
					},
					now
				);
				cancelledBookings.push(b.id);
				requestIds.push(...r.withdrawn, ...r.stillOut);
			}
		}
		const [row] = await tx
			.insert(validationOutcomes)
			.values({
				pathwayId,
				outcome: data.outcome,
				rttStatusBefore: p.rttStatus,
				rttStatusAfter: rttStatus,
				clinicalDecision: data.outcome === 'still_waiting' ? null : data.clinicalDecision,
				patientAgreed: data.outcome === 'still_waiting' ? null : data.patientAgreed,
				stopDate,
				note: data.note ?? null,
				recordedBy: actor.id,
				recordedAt: now
			})
			.returning({ id: validationOutcomes.id });
		// The task is done: it leaves its owner's list.
		await tx.delete(validationAssignments).where(eq(validationAssignments.pathwayId, pathwayId));
		await writeAudit(tx, {
			userId: actor.id,
			action: 'validation-outcome',
			entity: 'pathway',
			entityId: pathwayId,
			before: {
				rttStatus: p.rttStatus,
				lastValidatedOn: p.lastValidatedOn,
				clockStoppedOn: p.clockStoppedOn,
				tciDate: p.tciDate
			},
			after: {
				outcome: data.outcome,
				rttStatus,
				lastValidatedOn: census,
				clockStoppedOn: effect.kind === 'stop-clock' ? stopDate : p.clockStoppedOn,
				clinicalDecision: data.outcome === 'still_waiting' ? null : data.clinicalDecision,
				cancelledBookings
			}
		});
		const [named] = await tx
			.select({ familyName: patients.familyName, givenName: patients.givenName })
			.from(patients)
			.where(eq(patients.id, p.patientId));
		return {
			outcomeId: row.id,
			patient: patientName(named),
			rttStatus,
			cancelledBookings,
			requestIds,
			specialty: p.specialtyCode
		};
	});
	announceValidation('outcome', [pathwayId]);
	void announceWaitlist('validated', result.specialty);
	announceRecords('booking-cancelled', result.requestIds);
	return {
		outcomeId: result.outcomeId,
		patient: result.patient,
		rttStatus: result.rttStatus,
		cancelledBookings: result.cancelledBookings
	};
}

/** Gives validation tasks to a coordinator (or back to the pool with null), audited. */
export async function assignValidation(
	db: Database,
	actor: Actor,
	pathwayIds: number[],
	assigneeId: number | null,
	now = new Date(),
	options: { takeOver?: boolean } = {}
): Promise<number[]> {
	return (await handOnValidation(db, actor, pathwayIds, assigneeId, now, options)).changed;
}

/**
 * Moves validation tasks under the hand-on rules (handOn.ts): all or none; take-overs audited as
 * such and their holders told.
 */
export async function handOnValidation(
	db: Database,
	actor: Actor,
	pathwayIds: number[],
	assigneeId: number | null,
	now = new Date(),
	options: { takeOver?: boolean } = {}
): Promise<HandOnResult> {
	if (pathwayIds.length === 0)
		throw new AppError('invalid', 'pathwayIds: choose at least one pathway');
	const result = await db.transaction(async (tx) => {
		if (assigneeId !== null)
			await requireUserWithRole(tx, assigneeId, VALIDATOR_ROLES, 'assigneeId');
		const found = await tx
			.select({ id: pathways.id, familyName: patients.familyName, givenName: patients.givenName })
			.from(pathways)
			.innerJoin(patients, eq(patients.id, pathways.patientId))
			.where(inArray(pathways.id, pathwayIds));
		const known = new Map(found.map((f) => [f.id, patientName(f)]));
		const unknown = pathwayIds.filter((id) => !known.has(id));
		if (unknown.length) throw new AppError('not-found', `No pathway ${unknown.join(', ')}`);
		const current = new Map(
			(
				await tx
					.select({
						pathwayId: validationAssignments.pathwayId,
						holder: validationAssignments.assignedTo,
						name: users.name
					})
					.from(validationAssignments)
					.innerJoin(users, eq(users.id, validationAssignments.assignedTo))
					.where(inArray(validationAssignments.pathwayId, pathwayIds))
					.for('update', { of: validationAssignments })
			).map((a) => [a.pathwayId, { id: a.holder, name: a.name }])
		);
		const moves = [...new Set(pathwayIds)].map((id) => ({
			id,
			before: current.get(id) ?? null,
			kind: checkHandOn(
				actor,
				{ label: `${known.get(id)}'s validation`, holder: current.get(id) ?? null },
				assigneeId,
				options
			)
		}));
		const result: HandOnResult = { changed: [], takenOver: [] };
		for (const { id, before, kind } of moves) {
			if (kind === 'unchanged') continue;
			if (assigneeId === null) {
				await tx.delete(validationAssignments).where(eq(validationAssignments.pathwayId, id));
			} else {
				await tx
					.insert(validationAssignments)
					.values({ pathwayId: id, assignedTo: assigneeId, assignedBy: actor.id, assignedAt: now })
					.onConflictDoUpdate({
						target: validationAssignments.pathwayId,
						set: { assignedTo: assigneeId, assignedBy: actor.id, assignedAt: now }
					});
			}
			await writeAudit(tx, {
				userId: actor.id,
				action: kind === 'take-over' ? 'take-over-validation' : 'assign-validation',
				entity: 'pathway',
				entityId: id,
				before: { assignedTo: before?.id ?? null },
				after: { assignedTo: assigneeId }
			});
			result.changed.push(id);
			if (kind === 'take-over' && before) result.takenOver.push({ id, from: before });
		}
		return result;
	});
	announceValidation('assigned', result.changed);
	announceTakeOvers('validation', result.takenOver, actor);
	return result;
}

/** Coordinators and team leaders, for assignment. */
export async function validators(db: Executor) {
	return db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(and(inArray(users.role, [...VALIDATOR_ROLES]), eq(users.active, true)))
		.orderBy(asc(users.name));
}
