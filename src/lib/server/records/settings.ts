/**
 * The records service's settings: SLAs per urgency, the clinic pull lead time (a trust default
 * and per-site overrides), the bank holidays that are not working days, and the trust's time
 * zone. Every threshold is local (DOMAIN.md), so each lives in the `settings` table.
 */
import { asc, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor } from '../../../../db';
import { settings, sites } from '../../../../db/schema';
import {
	DEFAULT_CLINIC_LEAD_WORKING_DAYS,
	DEFAULT_SLA,
	type CaseNoteSla,
	type TrustCalendar
} from '../../domain/caseNoteSla';
import { isIsoDate } from '../../domain/rtt';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../domain/workingTime';
import { writeAudit } from '../audit';
import type { SessionUser } from '../auth';
import { AppError } from '../errors';
import { parseInput } from '../input';

export const SETTING_KEYS = {
	sla: 'caseNotes.sla',
	lead: 'caseNotes.clinicLeadWorkingDays',
	leadBySite: 'caseNotes.clinicLeadWorkingDaysBySite',
	holidays: 'trust.bankHolidays',
	timeZone: 'trust.timeZone'
} as const;

const minutes = z
	.number()
	.int()
	.min(1)
	.max(7 * 24 * 60);
const workingDays = z.number().int().min(0).max(20);

const slaSchema = z
	.object({
		emergencyMinutes: minutes,
		urgentMinutes: minutes,
		routineWorkingDays: workingDays.min(1),
		filingHours: z
			.number()
			.int()
			.min(1)
			.max(24 * 14)
			.optional()
	})
	.strict();
const leadBySiteSchema = z.record(
	z.string().regex(/^[A-Z0-9]{2,10}$/, 'a site code such as WGH'),
	workingDays
);
const holidaysSchema = z.array(z.string().refine(isIsoDate, 'a date as YYYY-MM-DD')).max(400);
const timeZoneSchema = z.string().refine(isTimeZone, 'an IANA time zone such as Europe/London');

export interface RecordsSettings {
	sla: CaseNoteSla;
	/** Trust default: working days before a clinic its notes are pulled. */
	clinicLeadWorkingDays: number;
	/** Per-site overrides of the lead time, by site code. */
	leadBySite: Record<string, number>;
	calendar: TrustCalendar;
	bankHolidays: string[];
}

/** The settings in force; a missing or unreadable row falls back to the default (and says so). */
export async function readRecordsSettings(db: Executor): Promise<RecordsSettings> {
	const rows = await db
		.select({ key: settings.key, value: settings.value })
		.from(settings)
		.where(inArray(settings.key, Object.values(SETTING_KEYS)));
	const stored = new Map(rows.map((r) => [r.key, r.value]));
	const read = <T>(key: string, schema: z.ZodType<T>, fallback: T): T => {
		if (!stored.has(key)) return fallback;
		const parsed = schema.safeParse(stored.get(key));
		if (parsed.success) return parsed.data;
		console.warn(
			`[waitwise] setting ${key} is not valid (${parsed.error.issues[0].message}); using the default`
		);
		return fallback;
	};
	const sla = read(SETTING_KEYS.sla, slaSchema, DEFAULT_SLA);
	const bankHolidays = read(SETTING_KEYS.holidays, holidaysSchema, []);
	return {
		sla: { ...DEFAULT_SLA, ...sla },
		clinicLeadWorkingDays: read(SETTING_KEYS.lead, workingDays, DEFAULT_CLINIC_LEAD_WORKING_DAYS),
		leadBySite: read(SETTING_KEYS.leadBySite, leadBySiteSchema, {}),
		calendar: {
			timeZone: read(SETTING_KEYS.timeZone, timeZoneSchema, DEFAULT_TIME_ZONE),
			holidays: new Set(bankHolidays)
		},
		bankHolidays: [...bankHolidays].sort()
	};
}

/** The settings as the settings page and `/api/records/settings` show them. */
export const recordsSettingsView = (s: RecordsSettings) => ({
	sla: s.sla,
	clinicLeadWorkingDays: s.clinicLeadWorkingDays,
	leadBySite: s.leadBySite,
	bankHolidays: s.bankHolidays,
	timeZone: s.calendar.timeZone
});

/** The trust's sites, for per-site settings. */
export async function siteChoices(db: Executor) {
	return db.select({ code: sites.code, name: sites.name }).from(sites).orderBy(asc(sites.code));
}

/** The lead time for a clinic at a site. */
export function leadTimeFor(s: RecordsSettings, siteCode: string): number {
	return s.leadBySite[siteCode] ?? s.clinicLeadWorkingDays;
}

export const settingsUpdateSchema = z
	.object({
		sla: slaSchema.optional(),
		clinicLeadWorkingDays: workingDays.optional(),
		leadBySite: leadBySiteSchema.optional(),
		bankHolidays: holidaysSchema.optional()
	})
	.strict();
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

/** Changes the records settings, audited with the old and new values, in one transaction. */
export async function updateRecordsSettings(
	db: Database,
	user: SessionUser,
	input: unknown
): Promise<RecordsSettings> {
	const update = parseInput(settingsUpdateSchema, input);
	if (update.leadBySite) {
		const codes = Object.keys(update.leadBySite);
		const known = codes.length
			? new Set(
					(await db.select({ code: sites.code }).from(sites).where(inArray(sites.code, codes))).map(
						(r) => r.code
					)
				)
			: new Set<string>();
		const unknown = codes.filter((c) => !known.has(c));
		if (unknown.length)
			throw new AppError('invalid', `leadBySite: no site with code ${unknown.join(', ')}`);
	}
	const values: { key: string; value: unknown }[] = [];
	if (update.sla) values.push({ key: SETTING_KEYS.sla, value: update.sla });
	if (update.clinicLeadWorkingDays !== undefined)
		values.push({ key: SETTING_KEYS.lead, value: update.clinicLeadWorkingDays });
	if (update.leadBySite) values.push({ key: SETTING_KEYS.leadBySite, value: update.leadBySite });
	if (update.bankHolidays)
		values.push({ key: SETTING_KEYS.holidays, value: [...new Set(update.bankHolidays)].sort() });
	if (values.length === 0)
		throw new AppError('invalid', 'Nothing to change: give at least one setting');

	return db.transaction(async (tx) => {
		const before = await readRecordsSettings(tx);
		for (const v of values) {
			await tx
				.insert(settings)
				.values({ key: v.key, value: v.value })
				.onConflictDoUpdate({
					target: settings.key,
					set: { value: v.value, updatedAt: sql`now()` }
				});
		}
		await writeAudit(tx, {
			userId: user.id,
			action: 'update-settings',
			entity: 'settings',
			entityId: 'records',
			before: {
				sla: before.sla,
				clinicLeadWorkingDays: before.clinicLeadWorkingDays,
				leadBySite: before.leadBySite,
				bankHolidays: before.bankHolidays
			},
			after: Object.fromEntries(values.map((v) => [v.key, v.value]))
		});
		return readRecordsSettings(tx);
	});
}
