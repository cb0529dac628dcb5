/**
 * PTL import (issue 14): a PAS extract, CSV or XLSX, into patients and pathways.
 *
 * Two passes over the file on disk, so memory holds neither the file nor its rows: the first
 * checks every row (src/lib/domain/ptlImport.ts) and counts pathway ids, so a repeated id rejects
 * every copy; the second writes the accepted rows in batches, inside one transaction. Memory grows
 * only with the pathway keys (a few dozen bytes each), the patients seen (for conflicts inside the
 * file) and the rejections reported.
 *
 * Accepted rows are upserted by (issuer, pathway identifier): a field is compared and written only
 * when the file has its column, so an unchanged extract changes nothing, and each change is
 * audited field by field. An open pathway of the same issuer that the extract lacks is flagged for
 * validation, never deleted. A dry run does all of it and rolls back, so its report is exact.
 */
import { and, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { rowsOf, type Database, type Tx } from '../../../../db';
import {
	auditLog,
	clinicians,
	pathways,
	patients,
	sites,
	specialties
} from '../../../../db/schema';
import {
	checkPtlRow,
	pathwayKey,
	readHeader,
	repeatedPathwayReason,
	rowValues,
	type PtlColumn,
	type PtlRow
} from '../../domain/ptlImport';
import { isClockRunning } from '../../domain/rtt';
import { clockRunningSql } from '../rttSql';
import { unlessDryRun } from '../dryRun';
import { AppError } from '../errors';
import { readTable } from './tableFile';
import { changes } from './tableImport';
import type { PtlImportPhase, PtlImportReport, PtlRejection } from '../../contracts/ptlImport';

export type { PtlImportReport, PtlRejection } from '../../contracts/ptlImport';

export interface PtlImportOptions {
	/** The date the extract was taken: no clock may start after it; flags carry it. */
	extractDate: string;
	dryRun: boolean;
	/** Who imports (the audit log's user); null from the command line. */
	userId: number | null;
	/** Source header → canonical column, for headers that are not canonical names. */
	mapping?: Readonly<Record<string, string>>;
	/** How messages name the file (the uploaded name, not the temporary path). */
	fileName?: string;
	/** Told every PROGRESS_EVERY rows, per pass: the page's progress bar. */
	onProgress?: (progress: { phase: PtlImportPhase; rows: number }) => void;
	batchSize?: number;
}

export const PROGRESS_EVERY = 1000;

/**
 * Minutes a pathway is planned for when the extract gives none: placeholders the planner
 * corrects, one for a clinic appointment and one for an operation.
 */
export const DEFAULT_MINUTES = { outpatient: 20, admitted: 60 } as const;

/**
 * Inserts many rows as one JSON parameter (`json_populate_recordset` over the table's row type),
 * on both drivers: PGlite spends most of a multi-row VALUES insert on its parameters (10,000
 * pathways took 18 s that way), and one JSON document costs a fraction of that. Fields are
 * drizzle's (camelCase), mapped to column names here; omitted columns take their defaults.
 */
async function insertRows<R = unknown>(
	tx: Tx,
	table: PgTable,
	rows: Record<string, unknown>[],
	returning?: string
): Promise<R[]> {
	const columns = getTableColumns(table) as Record<string, PgColumn>;
	const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((f) => columns[f]);
	const names = sql.raw(fields.map((f) => `"${columns[f].name}"`).join(', '));
	const json = JSON.stringify(
		rows.map((r) => Object.fromEntries(fields.map((f) => [columns[f].name, r[f] ?? null])))
	);
	const result = await tx.execute(
		sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${json}::json)${returning ? sql.raw(` returning ${returning}`) : sql``}`
	);
	return rowsOf<R>(result);
}

export async function importPtl(
	db: Database,
	path: string,
	options: PtlImportOptions
): Promise<PtlImportReport> {
	const name = options.fileName ?? path;
	const checked = await checkFile(path, name, options);
	// the first pass's last word is the whole count, which the second pass reads up to
	options.onProgress?.({ phase: 'checking', rows: checked.rows });
	const report: PtlImportReport = {
		rows: checked.rows,
		accepted: 0,
		rejected: [],
		created: 0,
		updated: 0,
		unchanged: 0,
		flaggedMissing: 0
	};
	const rejected = checked.rejected;
	await unlessDryRun(db, options.dryRun, async (tx) => {
		const writer = await PtlWriter.start(tx, options, checked.present);
		let batch: { line: number; row: PtlRow }[] = [];
		const flush = async () => {
			for (const r of await writer.write(batch, report)) addRejection(rejected, r);
			batch = [];
		};
		let rows = 0;
		for await (const { line, cells } of readTable(path, name)) {
			if (line === checked.headerLine) continue;
			if (++rows % PROGRESS_EVERY === 0) options.onProgress?.({ phase: 'writing', rows });
			if (rejected.has(line)) continue;
			const check = checkPtlRow(rowValues(checked.columns, cells), options.extractDate);
			// The file was read once already; a row that changed since is a file being rewritten.
			if (!check.ok) throw new AppError('invalid', `${name} changed while it was imported`);
			batch.push({ line, row: check.row });
			if (batch.length >= (options.batchSize ?? 2000)) await flush();
		}
		await flush();
		report.flaggedMissing = await writer.flagMissing(checked.keys);
	});
	report.rejected = [...rejected.values()].sort((a, b) => a.line - b.line);
	report.accepted = report.rows - report.rejected.length;
	return report;
}

function addRejection(rejected: Map<number, PtlRejection>, r: PtlRejection): void {
	const had = rejected.get(r.line);
	if (had) had.reasons.push(...r.reasons);
	else rejected.set(r.line, r);
}

interface CheckedFile {
	headerLine: number;
	columns: (PtlColumn | null)[];
	present: ReadonlySet<PtlColumn>;
	rows: number;
	rejected: Map<number, PtlRejection>;
	/** Every pathway key in the file, rejected rows' too (they are in the extract). */
	keys: ReadonlySet<string>;
}

/** Pass one: the header, every row's checks, and pathway ids the file repeats. */
async function checkFile(
	path: string,
	name: string,
	options: PtlImportOptions
): Promise<CheckedFile> {
	let header: { line: number; columns: (PtlColumn | null)[] } | null = null;
	const rejected = new Map<number, PtlRejection>();
	const firstLine = new Map<string, number>();
	const repeats = new Map<string, { pathway: string; lines: number[] }>();
	let rows = 0;
	for await (const { line, cells } of readTable(path, name)) {
		if (header === null) {
			const read = readHeader(cells, options.mapping);
			if (!read.ok) {
				throw new AppError('invalid', `${name}, line ${line}: ${read.message}`, {
					details: read.unmapped ? { unmapped: read.unmapped } : {}
				});
			}
			header = { line, columns: read.columns };
			continue;
		}
		if (++rows % PROGRESS_EVERY === 0) options.onProgress?.({ phase: 'checking', rows });
		const values = rowValues(header.columns, cells);
		const pathway = values.patient_pathway_identifier?.trim() ?? '';
		const issuer = values.organisation_code_patient_pathway_identifier_issuer?.trim() ?? '';
		const check = checkPtlRow(values, options.extractDate);
		if (!check.ok) rejected.set(line, { line, pathway, reasons: check.reasons });
		if (pathway && issuer) {
			const key = pathwayKey(issuer.toUpperCase(), pathway);
			const first = firstLine.get(key);
			if (first === undefined) firstLine.set(key, line);
			else {
				const r = repeats.get(key) ?? { pathway, lines: [first] };
				r.lines.push(line);
				repeats.set(key, r);
			}
		}
	}
	if (header === null) throw new AppError('invalid', `${name} has no header row`);
	for (const { pathway, lines } of repeats.values()) {
		for (const line of lines) {
			addRejection(rejected, { line, pathway, reasons: [repeatedPathwayReason(pathway, lines)] });
		}
	}
	return {
		headerLine: header.line,
		columns: header.columns,
		present: new Set(header.columns.filter((c): c is PtlColumn => c !== null)),
		rows,
		rejected,
		keys: new Set(firstLine.keys())
	};
}

type PatientRecord = typeof patients.$inferSelect;
type PathwayRecord = typeof pathways.$inferSelect;
type PatientFields = Pick<
	PatientRecord,
	'givenName' | 'familyName' | 'dateOfBirth' | 'sex' | 'postcode' | 'hospitalNumber'
>;
type PathwayFields = Omit<
	typeof pathways.$inferInsert,
	'id' | 'createdAt' | 'updatedAt' | 'notes' | 'slotType'
>;

/** Which column each patient field comes from: written only when the file has that column. */
const PATIENT_SOURCE: Record<keyof PatientFields, PtlColumn> = {
	givenName: 'person_given_name',
	familyName: 'person_family_name',
	dateOfBirth: 'person_birth_date',
	sex: 'person_stated_gender_code',
	postcode: 'postcode',
	hospitalNumber: 'local_patient_identifier'
};

/** Which column each pathway field comes from (patientId and the identity always). */
const PATHWAY_SOURCE: Record<
	Exclude<keyof PathwayFields, 'patientId' | 'pathwayIssuer' | 'pathwayIdentifier'>,
	PtlColumn | 'always'
> = {
	specialtyCode: 'activity_treatment_function_code',
	listType: 'waiting_list_type',
	clockStart: 'referral_to_treatment_period_start_date',
	priority: 'clinical_priority',
	// with the priority, which a decision date must accompany (schema check)
	decisionDate: 'clinical_priority',
	decisionToAdmitDate: 'decision_to_admit_date',
	procedure: 'procedure_description',
	procedureCode: 'opcs4_code',
	expectedMinutes: 'expected_duration_minutes',
	clinicianId: 'consultant_code',
	siteId: 'organisation_site_identifier_of_treatment',
	lastValidatedOn: 'last_pas_validation_date',
	tciDate: 'tci_date',
	nextAppointmentDate: 'outpatient_future_appointment_date',
	rttStatus: 'always',
	clockStoppedOn: 'always',
	missingFromExtractOn: 'always'
};

function patientFields(row: PtlRow): PatientFields {
	return {
		givenName: row.givenName,
		familyName: row.familyName,
		dateOfBirth: row.dateOfBirth,
		sex: row.sex,
		postcode: row.postcode,
		hospitalNumber: row.hospitalNumber
	};
}

/** Pass two's writes, batch by batch, inside the import's transaction. */
class PtlWriter {
	private readonly specialtyCodes: Set<string>;
	private readonly siteIds: Map<string, number>;
	private readonly clinicianIds: Map<string, number>;
	/** Demographics each patient was given earlier in this file, with its line. */
	private readonly patientsSeen = new Map<string, { line: number; fields: string }>();
	private readonly issuers = new Set<string>();
	private readonly audit: (typeof auditLog.$inferInsert)[] = [];

	private constructor(
		private readonly tx: Tx,
		private readonly options: PtlImportOptions,
		private readonly present: ReadonlySet<PtlColumn>,
		reference: { specialties: string[]; sites: [string, number][]; clinicians: [string, number][] }
	) {
		this.specialtyCodes = new Set(reference.specialties);
		this.siteIds = new Map(reference.sites);
		this.clinicianIds = new Map(reference.clinicians);
	}

	static async start(
		tx: Tx,
		options: PtlImportOptions,
		present: ReadonlySet<PtlColumn>
	): Promise<PtlWriter> {
		const [s, si, c] = await Promise.all([
			tx.select({ code: specialties.code }).from(specialties),
			tx.select({ code: sites.code, id: sites.id }).from(sites),
			tx.select({ code: clinicians.code, id: clinicians.id }).from(clinicians)
		]);
		return new PtlWriter(tx, options, present, {
			specialties: s.map((r) => r.code),
			sites: si.map((r) => [r.code, r.id]),
			clinicians: c.map((r) => [r.code, r.id])
		});
	}

	private log(
		action: string,
		entity: string,
		entityId: number | string,
		before: unknown,
		after: unknown
	) {
		this.audit.push({
			userId: this.options.userId,
			action,
			entity,
			entityId: String(entityId),
			before: before ?? null,
			after: after ?? null
		});
	}

	/** Writes one batch; returns the rows it had to reject (conflicts with other patients). */
	async write(
		batch: { line: number; row: PtlRow }[],
		report: PtlImportReport
	): Promise<PtlRejection[]> {
		if (batch.length === 0) return [];
		const rejections: PtlRejection[] = [];
		const reject = (line: number, row: PtlRow, reason: string) => {
			rejections.push({ line, pathway: row.pathwayIdentifier, reasons: [reason] });
		};
		await this.ensureReference(batch.map((b) => b.row));

		// Patients by NHS number, and whoever holds the local numbers the batch gives.
		const nhsNumbers = [...new Set(batch.map((b) => b.row.nhsNumber))];
		const localNumbers = [
			...new Set(batch.map((b) => b.row.hospitalNumber).filter((h): h is string => h !== null))
		];
		const [existing, holders] = await Promise.all([
			this.tx.select().from(patients).where(inArray(patients.nhsNumber, nhsNumbers)),
			localNumbers.length === 0
				? Promise.resolve([])
				: this.tx
						.select({ nhsNumber: patients.nhsNumber, hospitalNumber: patients.hospitalNumber })
						.from(patients)
						.where(inArray(patients.hospitalNumber, localNumbers))
		]);
		const byNhs = new Map(existing.map((p) => [p.nhsNumber, p]));
		const holderOf = new Map(holders.map((h) => [h.hospitalNumber!, h.nhsNumber]));

		const accepted: { line: number; row: PtlRow; patientUpdated: boolean }[] = [];
		for (const { line, row } of batch) {
			const fields = patientFields(row);
			const seen = this.patientsSeen.get(row.nhsNumber);
			const signature = JSON.stringify(fields);
			if (seen && seen.fields !== signature) {
				reject(
					line,
					row,
					`nhs_number: ${row.nhsNumber} has other names, birth date, gender, postcode or local id on line ${seen.line}`
				);
				continue;
			}
			const holder = row.hospitalNumber === null ? undefined : holderOf.get(row.hospitalNumber);
			if (this.present.has('local_patient_identifier') && holder && holder !== row.nhsNumber) {
				reject(
					line,
					row,
					`local_patient_identifier: ${row.hospitalNumber} belongs to another patient (NHS number ending ${holder.slice(-4)})`
				);
				continue;
			}
			if (!seen) this.patientsSeen.set(row.nhsNumber, { line, fields: signature });
			if (row.hospitalNumber !== null) holderOf.set(row.hospitalNumber, row.nhsNumber);
			accepted.push({ line, row, patientUpdated: false });
		}

		// New patients in one insert; changed ones one by one, each change audited.
		const fresh = new Map<string, PatientFields & { nhsNumber: string }>();
		for (const a of accepted) {
			const patient = byNhs.get(a.row.nhsNumber);
			const fields = patientFields(a.row);
			if (!patient) {
				fresh.set(a.row.nhsNumber, { nhsNumber: a.row.nhsNumber, ...fields });
				continue;
			}
			const change = changes(patient as PatientFields, fields, (f) =>
				this.present.has(PATIENT_SOURCE[f])
			);
			if (!change) continue;
			await this.tx.update(patients).set(change.after).where(eq(patients.id, patient.id));
			Object.assign(patient, change.after);
			this.log('import-update', 'patient', patient.id, change.before, change.after);
			a.patientUpdated = true;
		}
		if (fresh.size > 0) {
			const inserted = await insertRows<{ id: number; nhs_number: string }>(
				this.tx,
				patients,
				[...fresh.values()],
				'id, nhs_number'
			);
			for (const p of inserted) {
				byNhs.set(p.nhs_number, { ...fresh.get(p.nhs_number)!, id: p.id } as PatientRecord);
				this.log('import-create', 'patient', p.id, null, { nhsNumber: p.nhs_number });
			}
		}

		// Pathways by (issuer, identifier).
		for (const a of accepted) this.issuers.add(a.row.issuer);
		// By issuer, then identifier list: PGlite fails on a row-value `(a, b) in (…)` of a few
		// hundred pairs inside a transaction ("bad buffer ID"), and a plain IN list is indexed too.
		const identifiersBy = new Map<string, string[]>();
		for (const a of accepted) {
			const list = identifiersBy.get(a.row.issuer) ?? [];
			list.push(a.row.pathwayIdentifier);
			identifiersBy.set(a.row.issuer, list);
		}
		const found: PathwayRecord[] = [];
		for (const [issuer, identifiers] of identifiersBy) {
			found.push(
				...(await this.tx
					.select()
					.from(pathways)
					.where(
						and(
							eq(pathways.pathwayIssuer, issuer),
							inArray(pathways.pathwayIdentifier, identifiers)
						)
					))
			);
		}
		const byKey = new Map(
			found.map((p) => [pathwayKey(p.pathwayIssuer!, p.pathwayIdentifier!), p])
		);
		const toInsert: PathwayFields[] = [];
		for (const a of accepted) {
			const patientId = byNhs.get(a.row.nhsNumber)!.id;
			const before = byKey.get(pathwayKey(a.row.issuer, a.row.pathwayIdentifier));
			const next = this.pathwayFields(a.row, patientId, before);
			if (!before) {
				toInsert.push(next);
				report.created++;
				continue;
			}
			const change = changes(before as PathwayFields, next, (f) => {
				if (f === 'patientId') return true;
				const source = PATHWAY_SOURCE[f as keyof typeof PATHWAY_SOURCE];
				return source === 'always' || (source !== undefined && this.present.has(source));
			});
			if (change) {
				await this.tx
					.update(pathways)
					.set({ ...change.after, updatedAt: sql`now()` })
					.where(eq(pathways.id, before.id));
				this.log('import-update', 'pathway', before.id, change.before, change.after);
			}
			if (change || a.patientUpdated) report.updated++;
			else report.unchanged++;
		}
		if (toInsert.length > 0) {
			const inserted = await insertRows<{
				id: number;
				pathway_issuer: string;
				pathway_identifier: string;
			}>(this.tx, pathways, toInsert, 'id, pathway_issuer, pathway_identifier');
			for (const p of inserted) {
				this.log('import-create', 'pathway', p.id, null, {
					issuer: p.pathway_issuer,
					pathway: p.pathway_identifier
				});
			}
		}
		await this.flushAudit();
		return rejections;
	}

	/** What the row says the pathway is; fields the file has no column for keep `before`'s. */
	private pathwayFields(
		row: PtlRow,
		patientId: number,
		before: PathwayRecord | undefined
	): PathwayFields {
		const running = row.rttStatus !== null && isClockRunning(row.rttStatus);
		const wasStopped = before !== undefined && !isClockRunning(before.rttStatus);
		// A stop without an end date happened by the extract date; a later extract that still
		// says stopped keeps the date first recorded.
		const stoppedOn = row.stopsClock
			? (row.clockEnd ?? (wasStopped ? before.clockStoppedOn : null) ?? this.options.extractDate)
			: running
				? null
				: (before?.clockStoppedOn ?? null);
		return {
			patientId,
			pathwayIssuer: row.issuer,
			pathwayIdentifier: row.pathwayIdentifier,
			specialtyCode: row.specialtyCode,
			listType: row.listType,
			clockStart: row.clockStart,
			priority: row.priority,
			decisionDate: row.decisionDate,
			decisionToAdmitDate: row.decisionToAdmitDate,
			procedure: row.procedure,
			procedureCode: row.procedureCode,
			// never blank in the database: a blank cell keeps what was planned
			expectedMinutes:
				row.expectedMinutes ?? before?.expectedMinutes ?? DEFAULT_MINUTES[row.listType],
			clinicianId: row.consultantCode === null ? null : this.clinicianIds.get(row.consultantCode)!,
			siteId: row.siteCode === null ? null : this.siteIds.get(row.siteCode)!,
			lastValidatedOn: row.lastValidatedOn,
			tciDate: row.tciDate,
			nextAppointmentDate: row.outpatientAppointmentDate,
			// A row without a status keeps the pathway's; a running status reopens a stopped clock.
			rttStatus: row.rttStatus ?? before?.rttStatus ?? '20',
			clockStoppedOn: stoppedOn,
			missingFromExtractOn: null
		};
	}

	/**
	 * Specialties, sites and consultants the batch names that the trust has not set up: a valid
	 * national specialty code is created with its national title; a site or consultant with its
	 * code as its name until someone names it.
	 */
	private async ensureReference(rows: PtlRow[]): Promise<void> {
		const newSpecialties = new Map<string, string>();
		const newSites = new Set<string>();
		const newClinicians = new Map<string, string>();
		for (const row of rows) {
			if (!this.specialtyCodes.has(row.specialtyCode)) {
				newSpecialties.set(row.specialtyCode, row.specialtyName);
			}
			if (row.siteCode !== null && !this.siteIds.has(row.siteCode)) newSites.add(row.siteCode);
			if (row.consultantCode !== null && !this.clinicianIds.has(row.consultantCode)) {
				newClinicians.set(row.consultantCode, row.specialtyCode);
			}
		}
		if (newSpecialties.size > 0) {
			const values = [...newSpecialties].map(([code, name]) => ({ code, name }));
			await this.tx.insert(specialties).values(values);
			for (const v of values) {
				this.specialtyCodes.add(v.code);
				this.log('import-create', 'specialty', v.code, null, v);
			}
		}
		if (newSites.size > 0) {
			const made = await this.tx
				.insert(sites)
				.values([...newSites].map((code) => ({ code, name: code })))
				.returning();
			for (const s of made) {
				this.siteIds.set(s.code, s.id);
				this.log('import-create', 'site', s.id, null, { code: s.code });
			}
		}
		if (newClinicians.size > 0) {
			const made = await this.tx
				.insert(clinicians)
				.values(
					[...newClinicians].map(([code, specialtyCode]) => ({ code, name: code, specialtyCode }))
				)
				.returning();
			for (const c of made) {
				this.clinicianIds.set(c.code, c.id);
				this.log('import-create', 'clinician', c.id, null, { code: c.code });
			}
		}
	}

	/**
	 * Open pathways of the extract's issuers that the extract lacks: flagged for validation with
	 * the extract date, never deleted (a patient leaves the list only on a clinical decision,
	 * DOMAIN.md "Validation"). Returns how many are missing; those flagged before stay as they were.
	 */
	async flagMissing(keys: ReadonlySet<string>): Promise<number> {
		let missing = 0;
		for (const issuer of this.issuers) {
			const open = await this.tx
				.select({
					id: pathways.id,
					identifier: pathways.pathwayIdentifier,
					flagged: pathways.missingFromExtractOn
				})
				.from(pathways)
				.where(and(eq(pathways.pathwayIssuer, issuer), clockRunningSql(pathways.rttStatus)));
			const absent = open.filter((p) => !keys.has(pathwayKey(issuer, p.identifier!)));
			missing += absent.length;
			const toFlag = absent.filter((p) => p.flagged === null).map((p) => p.id);
			for (let i = 0; i < toFlag.length; i += 1000) {
				const ids = toFlag.slice(i, i + 1000);
				await this.tx
					.update(pathways)
					.set({ missingFromExtractOn: this.options.extractDate, updatedAt: sql`now()` })
					.where(and(inArray(pathways.id, ids), isNull(pathways.missingFromExtractOn)));
				for (const id of ids) {
					this.log(
						'import-flag-missing',
						'pathway',
						id,
						{ missingFromExtractOn: null },
						{ missingFromExtractOn: this.options.extractDate }
					);
				}
			}
		}
		await this.flushAudit();
		return missing;
	}

	private async flushAudit(): Promise<void> {
		if (this.audit.length > 0) await insertRows(this.tx, auditLog, this.audit);
		this.audit.length = 0;
	}
}
