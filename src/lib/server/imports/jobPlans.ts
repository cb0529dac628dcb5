/**
 * Job-plan import (issue 14 part 2): weekly session templates, CSV or XLSX, one row a template.
 *
 * Every row is checked against the trust's reference data (sites, their locations, specialties,
 * consultants) and rejected with all its reasons; the accepted rows are upserted by
 * `template_code`, field by field, so an unchanged file changes nothing and each change is
 * audited. A dry run does all of it and rolls back (`unlessDryRun`), so its report is exact.
 * A job plan is a few hundred rows, so the rows are held in memory (at most MAX_ROWS).
 */
import { eq } from 'drizzle-orm';
import type { Database, Tx } from '../../../../db';
import { clinicians, locations, sessionTemplates, sites, specialties } from '../../../../db/schema';
import type { JobPlanImportReport, JobPlanRejection } from '../../contracts/jobPlans';
import { isIsoDate, isoShapedDate } from '../../domain/rtt';
import { minutesOf } from '../../domain/workingTime';
import { changedFields, writeAudit } from '../audit';
import { unlessDryRun } from '../dryRun';
import { AppError } from '../errors';
import { readTable } from './tableFile';

export type { JobPlanImportReport } from '../../contracts/jobPlans';

export const MAX_ROWS = 5000;

export const JOB_PLAN_COLUMNS = [
	'template_code',
	'kind',
	'site_code',
	'location',
	'specialty_code',
	'consultant_code',
	'weekday',
	'start_time',
	'end_time',
	'bookable_minutes',
	'slot_minutes',
	'slot_types',
	'valid_from',
	'valid_to',
	'every_weeks'
] as const;
type Column = (typeof JOB_PLAN_COLUMNS)[number];
const REQUIRED: readonly Column[] = [
	'template_code',
	'kind',
	'site_code',
	'specialty_code',
	'weekday',
	'start_time',
	'end_time',
	'bookable_minutes',
	'valid_from'
];

export interface JobPlanImportOptions {
	dryRun: boolean;
	/** Who imports (the audit log's user); null from the command line. */
	userId: number | null;
	/** How messages name the file (the uploaded name, not the temporary path). */
	fileName?: string;
}

type Template = Omit<typeof sessionTemplates.$inferInsert, 'id' | 'updatedAt'>;

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const CODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/;
const TIME = /^([01]?\d|2[0-3]):([0-5]\d)(:00)?$/;

/** ISO weekday (1 = Monday) from "Mon", "monday" or "1"; null when it is none. */
function weekdayOf(text: string): number | null {
	const t = text.toLowerCase();
	if (/^[1-7]$/.test(t)) return Number(t);
	const i = WEEKDAYS.findIndex((d) => t.length >= 3 && d.startsWith(t));
	return i < 0 ? null : i + 1;
}

/** The trust's reference data, by the codes a file uses. */
interface Reference {
	sites: Map<string, number>;
	/** `${siteId}/${lower-case name}` → location id. */
	locations: Map<string, number>;
	specialties: Set<string>;
	clinicians: Map<string, number>;
}

async function readReference(tx: Tx): Promise<Reference> {
	const [s, l, sp, c] = await Promise.all([
		tx.select({ code: sites.code, id: sites.id }).from(sites),
		tx.select({ id: locations.id, siteId: locations.siteId, name: locations.name }).from(locations),
		tx.select({ code: specialties.code }).from(specialties),
		tx.select({ code: clinicians.code, id: clinicians.id }).from(clinicians)
	]);
	return {
		sites: new Map(s.map((r) => [r.code.toUpperCase(), r.id])),
		locations: new Map(l.map((r) => [`${r.siteId}/${r.name.toLowerCase()}`, r.id])),
		specialties: new Set(sp.map((r) => r.code)),
		clinicians: new Map(c.map((r) => [r.code.toUpperCase(), r.id]))
	};
}

/** One row's checks: every reason it cannot be imported, or the template it says. */
export function checkTemplateRow(
	cell: (c: Column) => string,
	ref: Reference
): { ok: true; template: Template } | { ok: false; reasons: string[] } {
	const reasons: string[] = [];
	const need = (c: Column): string | null => {
		const v = cell(c);
		if (v === '') reasons.push(`${c}: missing`);
		return v === '' ? null : v;
	};
	const whole = (c: Column, v: string, min: number): number | null => {
		if (!/^\d{1,5}$/.test(v) || Number(v) < min) {
			reasons.push(`${c}: ${v} is not a whole number${min > 0 ? ` of at least ${min}` : ''}`);
			return null;
		}
		return Number(v);
	};
	const time = (c: Column): string | null => {
		const v = need(c);
		if (v === null) return null;
		const m = TIME.exec(v);
		if (!m) reasons.push(`${c}: ${v} is not a time of day as HH:MM`);
		return m ? `${m[1].padStart(2, '0')}:${m[2]}:00` : null;
	};
	const day = (c: Column): string | null => {
		const v = c === 'valid_from' ? need(c) : cell(c) || null;
		if (v === null) return null;
		const iso = isoShapedDate(v);
		if (iso === null || !isIsoDate(iso)) reasons.push(`${c}: ${v} is not a date`);
		return iso !== null && isIsoDate(iso) ? iso : null;
	};

	const code = need('template_code');
	if (code !== null && !CODE.test(code)) {
		reasons.push(`template_code: ${code} is not a code (letters, digits, . _ / -; up to 40)`);
	}
	const kindText = need('kind')?.toLowerCase() ?? null;
	const kind = kindText === 'clinic' || kindText === 'theatre' ? kindText : null;
	if (kindText !== null && kind === null)
		reasons.push(`kind: ${kindText} is not clinic or theatre`);

	const siteCode = need('site_code');
	const siteId = siteCode === null ? undefined : ref.sites.get(siteCode.toUpperCase());
	if (siteCode !== null && siteId === undefined) reasons.push(`site_code: no site ${siteCode}`);
	const locationName = cell('location');
	let locationId: number | null = null;
	if (locationName !== '' && siteId !== undefined) {
		locationId = ref.locations.get(`${siteId}/${locationName.toLowerCase()}`) ?? null;
		if (locationId === null) {
			reasons.push(`location: no location ${locationName} at ${siteCode}`);
		}
	}
	const specialtyCode = need('specialty_code');
	if (specialtyCode !== null && !ref.specialties.has(specialtyCode)) {
		reasons.push(`specialty_code: no specialty ${specialtyCode} (import the specialties first)`);
	}
	const consultant = cell('consultant_code');
	const clinicianId = consultant === '' ? null : ref.clinicians.get(consultant.toUpperCase());
	if (clinicianId === undefined) reasons.push(`consultant_code: no consultant ${consultant}`);

	const weekdayText = need('weekday');
	const weekday = weekdayText === null ? null : weekdayOf(weekdayText);
	if (weekdayText !== null && weekday === null) {
		reasons.push(`weekday: ${weekdayText} is not a day of the week (Mon … Sun or 1 … 7)`);
	}
	const startTime = time('start_time');
	const endTime = time('end_time');
	const length =
		startTime !== null && endTime !== null ? minutesOf(endTime) - minutesOf(startTime) : null;
	if (length !== null && length <= 0) {
		reasons.push(
			`end_time: ${endTime!.slice(0, 5)} is not after the start (${startTime!.slice(0, 5)})`
		);
	}
	const bookableText = need('bookable_minutes');
	const bookable = bookableText === null ? null : whole('bookable_minutes', bookableText, 0);
	if (bookable !== null && length !== null && length > 0 && bookable > length) {
		reasons.push(`bookable_minutes: ${bookable} is more than the session's ${length} minutes`);
	}
	const slotText = cell('slot_minutes');
	let slotMinutes: number | null = null;
	if (slotText !== '') {
		slotMinutes = whole('slot_minutes', slotText, 1);
		if (kind === 'theatre') {
			reasons.push('slot_minutes: a theatre list is booked by procedure minutes, not slots');
		} else if (slotMinutes !== null && bookable !== null && slotMinutes > bookable) {
			reasons.push(`slot_minutes: ${slotMinutes} is more than the ${bookable} bookable minutes`);
		}
	} else if (kind === 'clinic')
		reasons.push('slot_minutes: missing (a clinic needs its slot length)');
	const slotTypes = cell('slot_types')
		.split(/[;|]/)
		.map((t) => t.trim())
		.filter((t) => t !== '');
	const validFrom = day('valid_from');
	const validTo = day('valid_to');
	if (validFrom !== null && validTo !== null && validTo < validFrom) {
		reasons.push(`valid_to: ${validTo} is before valid_from ${validFrom}`);
	}
	const everyText = cell('every_weeks');
	let everyWeeks = 1;
	if (everyText !== '') {
		const n = /^\d{1,2}$/.test(everyText) ? Number(everyText) : NaN;
		if (!(n >= 1 && n <= 8)) reasons.push(`every_weeks: ${everyText} is not a whole number 1 to 8`);
		else everyWeeks = n;
	}
	if (reasons.length > 0) return { ok: false, reasons };
	return {
		ok: true,
		template: {
			code: code!,
			kind: kind!,
			siteId: siteId!,
			locationId,
			specialtyCode: specialtyCode!,
			clinicianId: clinicianId ?? null,
			weekday: weekday!,
			startTime: startTime!,
			endTime: endTime!,
			bookableMinutes: bookable!,
			slotMinutes,
			slotTypes: slotTypes.length > 0 ? slotTypes : null,
			validFrom: validFrom!,
			validTo,
			everyWeeks
		}
	};
}

/** The header's columns, in the file's order (null for a column the import does not know). */
function readHeader(cells: string[], name: string, line: number): (Column | null)[] {
	const columns = cells.map((c) => {
		const key = c.trim().toLowerCase().replace(/\s+/g, '_');
		return (JOB_PLAN_COLUMNS as readonly string[]).includes(key) ? (key as Column) : null;
	});
	const missing = REQUIRED.filter((c) => !columns.includes(c));
	if (missing.length > 0) {
		throw new AppError(
			'invalid',
			`${name}, line ${line}: the header lacks ${missing.join(', ')} (columns: ${JOB_PLAN_COLUMNS.join(', ')})`
		);
	}
	return columns;
}

export async function importJobPlans(
	db: Database,
	path: string,
	options: JobPlanImportOptions
): Promise<JobPlanImportReport> {
	const name = options.fileName ?? path;
	let columns: (Column | null)[] | null = null;
	const rows: { line: number; cells: string[] }[] = [];
	for await (const { line, cells } of readTable(path, name)) {
		if (columns === null) columns = readHeader(cells, name, line);
		else if (rows.push({ line, cells }) > MAX_ROWS) {
			throw new AppError('invalid', `${name} has more than ${MAX_ROWS} rows: split it`);
		}
	}
	if (columns === null) throw new AppError('invalid', `${name} has no header row`);
	const header = columns;

	const report: JobPlanImportReport = {
		rows: rows.length,
		accepted: 0,
		rejected: [],
		created: 0,
		updated: 0,
		unchanged: 0
	};
	await unlessDryRun(db, options.dryRun, async (tx) => {
		const ref = await readReference(tx);
		const rejected = new Map<number, JobPlanRejection>();
		const accepted: { line: number; template: Template }[] = [];
		const linesOf = new Map<string, number[]>();
		for (const { line, cells } of rows) {
			const cell = (c: Column) => (cells[header.indexOf(c)] ?? '').trim();
			const template = cell('template_code');
			const check = checkTemplateRow(cell, ref);
			if (!check.ok) rejected.set(line, { line, template, reasons: check.reasons });
			else accepted.push({ line, template: check.template });
			const key = template.toUpperCase();
			if (key !== '') linesOf.set(key, [...(linesOf.get(key) ?? []), line]);
		}
		// a code the file repeats is ambiguous: every copy is rejected
		for (const lines of linesOf.values()) {
			if (lines.length < 2) continue;
			for (const line of lines) {
				const r = rejected.get(line) ?? {
					line,
					template: accepted.find((a) => a.line === line)!.template.code,
					reasons: []
				};
				r.reasons.push(`template_code: ${r.template} is on lines ${lines.join(' and ')}`);
				rejected.set(line, r);
			}
		}
		for (const { line, template } of accepted) {
			if (rejected.has(line)) continue;
			await upsert(tx, template, options.userId, report);
		}
		report.rejected = [...rejected.values()].sort((a, b) => a.line - b.line);
		report.accepted = report.rows - report.rejected.length;
	});
	return report;
}

async function upsert(
	tx: Tx,
	template: Template,
	userId: number | null,
	report: JobPlanImportReport
): Promise<void> {
	const [before] = await tx
		.select()
		.from(sessionTemplates)
		.where(eq(sessionTemplates.code, template.code));
	if (!before) {
		const [made] = await tx
			.insert(sessionTemplates)
			.values(template)
			.returning({ id: sessionTemplates.id });
		await writeAudit(tx, {
			userId,
			action: 'import-create',
			entity: 'session-template',
			entityId: made.id,
			after: template
		});
		report.created++;
		return;
	}
	const change = changedFields<Template>(before, template);
	if (!change) {
		report.unchanged++;
		return;
	}
	await tx
		.update(sessionTemplates)
		.set({ ...change.after, updatedAt: new Date() })
		.where(eq(sessionTemplates.id, before.id));
	await writeAudit(tx, {
		userId,
		action: 'import-update',
		entity: 'session-template',
		entityId: before.id,
		before: change.before,
		after: change.after
	});
	report.updated++;
}
