/**
 * Job plans (issue 14 part 2): the trust's weekly session templates, and the dated clinic and
 * theatre sessions they generate over a horizon.
 *
 * Generation is idempotent: a session remembers its template (`sessions.template_id`, unique with
 * the date), so a second run finds it and makes nothing new. A session a template would change
 * (the template was edited) is brought in line unless it has bookings: booked sessions are never
 * touched, and a cancelled one stays cancelled. Dates on the trust's bank holidays (the records
 * calendar setting) get no session. A dry run does all of it and rolls back (`unlessDryRun`).
 */
import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database, Executor, Tx } from '../../../db';
import {
	auditLog,
	bookings,
	clinicians,
	locations,
	sessions,
	sessionTemplates,
	sites
} from '../../../db/schema';
import type {
	GeneratedSession,
	SessionGenerationReport,
	SessionTemplateView
} from '../contracts/jobPlans';
import { addDays, dayNumber, isIsoDate } from '../domain/rtt';
import { dayOfWeek, mondayOf } from '../domain/workingTime';
import { changedFields } from './audit';
import { unlessDryRun } from './dryRun';
import { AppError } from './errors';
import { readRecordsSettings } from './records/settings';

export type { SessionGenerationReport } from '../contracts/jobPlans';

/** The longest horizon one run generates: a year and a day or so. */
export const MAX_RANGE_DAYS = 400;
/** How many dates a report lists; the counts cover them all. */
export const LISTED_SESSIONS = 500;

export interface GenerateOptions {
	from: string;
	to: string;
	dryRun: boolean;
	/** Who generates (the audit log's user); null from the command line. */
	userId: number | null;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
const isoWeekday = (date: string) => dayOfWeek(date) || 7;

/** Whether an every-N-weeks template runs in the week of `date` (weeks counted from validFrom's). */
function inItsWeek(date: string, validFrom: string, everyWeeks: number): boolean {
	const weeks = (dayNumber(mondayOf(date)) - dayNumber(mondayOf(validFrom))) / 7;
	return weeks % everyWeeks === 0;
}

function checkRange(from: string, to: string): void {
	for (const [name, value] of [
		['from', from],
		['to', to]
	] as const) {
		const shown = value.slice(0, 20) || 'nothing';
		if (!isIsoDate(value)) throw new AppError('invalid', `${name}: ${shown} is not a date`);
	}
	if (to < from) throw new AppError('invalid', `to: ${to} is before from (${from})`);
	const days = dayNumber(to) - dayNumber(from) + 1;
	if (days > MAX_RANGE_DAYS) {
		throw new AppError('invalid', `the range is ${days} days: generate at most ${MAX_RANGE_DAYS}`);
	}
}

type Template = typeof sessionTemplates.$inferSelect & { site: string };
type SessionFields = Pick<
	typeof sessions.$inferInsert,
	| 'kind'
	| 'startTime'
	| 'endTime'
	| 'bookableMinutes'
	| 'slotMinutes'
	| 'slotTypes'
	| 'specialtyCode'
	| 'clinicianId'
	| 'siteId'
	| 'locationId'
>;

/** What a template's session on any date is. */
function fieldsOf(t: Template): SessionFields {
	return {
		kind: t.kind,
		startTime: t.startTime,
		endTime: t.endTime,
		bookableMinutes: t.bookableMinutes,
		slotMinutes: t.slotMinutes,
		slotTypes: t.slotTypes,
		specialtyCode: t.specialtyCode,
		clinicianId: t.clinicianId,
		siteId: t.siteId,
		locationId: t.locationId
	};
}

export async function generateSessions(
	db: Database,
	options: GenerateOptions
): Promise<SessionGenerationReport> {
	const { from, to } = options;
	checkRange(from, to);
	const report: SessionGenerationReport = {
		from,
		to,
		created: 0,
		updated: 0,
		unchanged: 0,
		keptBooked: 0,
		skippedHolidays: [],
		byWeek: [],
		sessions: [],
		more: 0
	};
	await unlessDryRun(db, options.dryRun, async (tx) => {
		const all = await generateIn(tx, options, report);
		report.sessions = all.slice(0, LISTED_SESSIONS);
		report.more = all.length - report.sessions.length;
	});
	return report;
}

async function generateIn(
	tx: Tx,
	{ from, to, userId }: GenerateOptions,
	report: SessionGenerationReport
): Promise<GeneratedSession[]> {
	const holidays = (await readRecordsSettings(tx)).calendar.holidays;
	const templates: Template[] = (
		await tx
			.select({ t: sessionTemplates, site: sites.code })
			.from(sessionTemplates)
			.innerJoin(sites, eq(sites.id, sessionTemplates.siteId))
			.where(
				and(
					lte(sessionTemplates.validFrom, to),
					or(isNull(sessionTemplates.validTo), gte(sessionTemplates.validTo, from))
				)
			)
			.orderBy(asc(sessionTemplates.code))
	).map((r) => ({ ...r.t, site: r.site }));
	const existing = await tx
		.select()
		.from(sessions)
		.where(and(isNotNull(sessions.templateId), gte(sessions.date, from), lte(sessions.date, to)));
	const ids = existing.map((s) => s.id);
	const booked = new Set<number>();
	for (let i = 0; i < ids.length; i += 1000) {
		const rows = await tx
			.selectDistinct({ id: bookings.sessionId })
			.from(bookings)
			.where(inArray(bookings.sessionId, ids.slice(i, i + 1000)));
		for (const r of rows) booked.add(r.id);
	}
	const byKey = new Map(existing.map((s) => [`${s.templateId}/${s.date}`, s]));

	const listed: GeneratedSession[] = [];
	const toCreate: (typeof sessions.$inferInsert)[] = [];
	const audit: (typeof auditLog.$inferInsert)[] = [];
	const weekly = new Map<string, number>();
	for (let date = from; date <= to; date = addDays(date, 1)) {
		for (const t of templates) {
			if (isoWeekday(date) !== t.weekday || date < t.validFrom) continue;
			if ((t.validTo !== null && date > t.validTo) || !inItsWeek(date, t.validFrom, t.everyWeeks)) {
				continue;
			}
			if (holidays.has(date)) {
				report.skippedHolidays.push({ date, template: t.code });
				continue;
			}
			const fields = fieldsOf(t);
			const session = byKey.get(`${t.id}/${date}`);
			const change =
				session && session.status === 'open' ? changedFields<SessionFields>(session, fields) : null;
			const action = !session
				? 'create'
				: !change
					? 'unchanged'
					: booked.has(session.id)
						? 'kept-booked'
						: 'update';
			listed.push({
				date,
				template: t.code,
				kind: t.kind,
				site: t.site,
				specialtyCode: t.specialtyCode,
				startTime: t.startTime.slice(0, 5),
				endTime: t.endTime.slice(0, 5),
				action
			});
			if (action === 'unchanged') report.unchanged++;
			else if (action === 'kept-booked') report.keptBooked++;
			else {
				const week = `${mondayOf(date)}/${t.site}`;
				weekly.set(week, (weekly.get(week) ?? 0) + 1);
			}
			if (action === 'create') toCreate.push({ ...fields, date, templateId: t.id });
			if (action === 'update') {
				await tx.update(sessions).set(change!.after).where(eq(sessions.id, session!.id));
				audit.push({
					userId,
					action: 'generate-update',
					entity: 'session',
					entityId: String(session!.id),
					before: change!.before,
					after: change!.after
				});
				report.updated++;
			}
		}
	}
	for (let i = 0; i < toCreate.length; i += 500) {
		// a run racing this one may have made some: theirs stand, and are not counted here
		const made = await tx
			.insert(sessions)
			.values(toCreate.slice(i, i + 500))
			.onConflictDoNothing({ target: [sessions.templateId, sessions.date] })
			.returning({ id: sessions.id, templateId: sessions.templateId, date: sessions.date });
		report.created += made.length;
		for (const m of made) {
			audit.push({
				userId,
				action: 'generate',
				entity: 'session',
				entityId: String(m.id),
				after: { templateId: m.templateId, date: m.date }
			});
		}
	}
	for (let i = 0; i < audit.length; i += 500) {
		await tx.insert(auditLog).values(audit.slice(i, i + 500));
	}
	report.byWeek = [...weekly]
		.map(([key, n]) => {
			const [week, site] = key.split('/');
			return { week, site, sessions: n };
		})
		.sort((a, b) => a.week.localeCompare(b.week) || a.site.localeCompare(b.site));
	return listed;
}

/** The templates as the job-plans page lists them, with how many sessions each has made. */
export async function listTemplates(db: Executor): Promise<SessionTemplateView[]> {
	const made = db
		.select({ templateId: sessions.templateId, n: sql<number>`count(*)::int`.as('n') })
		.from(sessions)
		.where(isNotNull(sessions.templateId))
		.groupBy(sessions.templateId)
		.as('made');
	const rows = await db
		.select({
			t: sessionTemplates,
			site: sites.code,
			location: locations.name,
			consultant: clinicians.code,
			sessions: made.n
		})
		.from(sessionTemplates)
		.innerJoin(sites, eq(sites.id, sessionTemplates.siteId))
		.leftJoin(locations, eq(locations.id, sessionTemplates.locationId))
		.leftJoin(clinicians, eq(clinicians.id, sessionTemplates.clinicianId))
		.leftJoin(made, eq(made.templateId, sessionTemplates.id))
		.orderBy(asc(sessionTemplates.code));
	return rows.map(({ t, site, location, consultant, sessions: n }) => ({
		id: t.id,
		code: t.code,
		kind: t.kind,
		site,
		location,
		specialtyCode: t.specialtyCode,
		consultant,
		weekday: t.weekday,
		startTime: t.startTime.slice(0, 5),
		endTime: t.endTime.slice(0, 5),
		bookableMinutes: t.bookableMinutes,
		slotMinutes: t.slotMinutes,
		slotTypes: t.slotTypes ?? [],
		validFrom: t.validFrom,
		validTo: t.validTo,
		everyWeeks: t.everyWeeks,
		sessions: n ?? 0
	}));
}
