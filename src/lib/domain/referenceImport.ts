/**
 * Reading one row of a reference-data or staff file (issue 14): the columns of each kind and the
 * checks a row must pass before it may change anything. Pure: the generic table import
 * (src/lib/server/imports/tableImport.ts) hands rows in and writes what comes out. A rejected row
 * carries every reason, each naming its column.
 *
 * An optional column the file lacks, or a blank cell in one, changes nothing: a re-import of a
 * narrower file never wipes what the trust set up.
 */
import { ROLES, type Role } from '../access';
import { isEmailAddress, normaliseEmail } from './account';
import type { ReferenceKind } from './referenceKinds';
import { treatmentFunctionName } from './treatmentFunctions';

export { isReferenceKind, REFERENCE_KINDS, type ReferenceKind } from './referenceKinds';

/** A kind's columns; `key` is the required column rows are matched on. */
export interface ColumnSpec {
	required: readonly string[];
	optional: readonly string[];
	key: string;
}

export const REFERENCE_COLUMNS: Readonly<Record<ReferenceKind, ColumnSpec>> = {
	sites: { required: ['site_code', 'site_name'], optional: [], key: 'site_code' },
	specialties: {
		required: ['treatment_function_code'],
		optional: ['name'],
		key: 'treatment_function_code'
	},
	consultants: {
		required: ['consultant_code', 'name', 'treatment_function_code'],
		optional: ['gmc_number', 'max_minutes_per_day'],
		key: 'consultant_code'
	},
	staff: { required: ['email', 'name', 'role'], optional: [], key: 'email' }
};

/** Roles a staff file may give: an office display has a token, not an account. */
export const IMPORTABLE_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'display');

/** The longest value any column may hold; a longer one is a broken file, not a name. */
export const MAX_REFERENCE_FIELD_LENGTH = 200;

/** Cells by column, trimmed; a column the file lacks or a blank cell is absent. */
export type CellValues = Readonly<Record<string, string | undefined>>;

export type Checked<Row> = { ok: true; row: Row } | { ok: false; reasons: string[] };

export interface SiteRow {
	code: string;
	name: string;
}
export interface SpecialtyRow {
	code: string;
	/** The file's name; absent when it gives none (the national title on creation). */
	name?: string;
	nationalName: string;
}
export interface ConsultantRow {
	code: string;
	name: string;
	specialtyCode: string;
	specialtyName: string;
	gmcNumber?: string;
	maxMinutesPerDay?: number;
}
export interface StaffRow {
	email: string;
	name: string;
	role: Role;
}

/** A day's minutes: a limit above it means nothing. */
const MINUTES_IN_A_DAY = 24 * 60;

/** Reasons every kind shares: required cells present, no cell too long. */
function commonReasons(spec: ColumnSpec, values: CellValues): string[] {
	const reasons: string[] = [];
	for (const column of [...spec.required, ...spec.optional]) {
		const v = values[column];
		if (v !== undefined && v.length > MAX_REFERENCE_FIELD_LENGTH) {
			reasons.push(`${column}: longer than ${MAX_REFERENCE_FIELD_LENGTH} characters`);
		}
	}
	for (const column of spec.required) {
		if (values[column] === undefined) reasons.push(`${column}: missing`);
	}
	return reasons;
}

function result<Row>(reasons: string[], row: () => Row): Checked<Row> {
	return reasons.length > 0 ? { ok: false, reasons } : { ok: true, row: row() };
}

/** A national treatment function code, or the reason it is not. */
function nationalSpecialty(
	code: string | undefined,
	reasons: string[]
): { code: string; name: string } | null {
	if (code === undefined) return null;
	const name = treatmentFunctionName(code);
	if (name === null) {
		reasons.push(`treatment_function_code: "${code}" is not a national treatment function code`);
		return null;
	}
	return { code, name };
}

export function checkSiteRow(values: CellValues): Checked<SiteRow> {
	const reasons = commonReasons(REFERENCE_COLUMNS.sites, values);
	const code = values.site_code;
	if (code !== undefined && !/^[A-Za-z0-9]{3,10}$/.test(code)) {
		reasons.push(`site_code: "${code}" is not 3 to 10 letters and digits`);
	}
	return result(reasons, () => ({ code: code!, name: values.site_name! }));
}

export function checkSpecialtyRow(values: CellValues): Checked<SpecialtyRow> {
	const reasons = commonReasons(REFERENCE_COLUMNS.specialties, values);
	const national = nationalSpecialty(values.treatment_function_code, reasons);
	return result(reasons, () => ({
		code: national!.code,
		nationalName: national!.name,
		...(values.name !== undefined ? { name: values.name } : {})
	}));
}

export function checkConsultantRow(values: CellValues): Checked<ConsultantRow> {
	const reasons = commonReasons(REFERENCE_COLUMNS.consultants, values);
	const national = nationalSpecialty(values.treatment_function_code, reasons);
	const gmc = values.gmc_number;
	if (gmc !== undefined && !/^\d{7}$/.test(gmc)) {
		reasons.push(`gmc_number: "${gmc}" is not 7 digits`);
	}
	const minutesRaw = values.max_minutes_per_day;
	const minutes = minutesRaw === undefined ? undefined : Number(minutesRaw);
	if (
		minutesRaw !== undefined &&
		(!/^\d+$/.test(minutesRaw) || minutes! < 1 || minutes! > MINUTES_IN_A_DAY)
	) {
		reasons.push(
			`max_minutes_per_day: "${minutesRaw}" is not a whole number of minutes from 1 to ${MINUTES_IN_A_DAY}`
		);
	}
	return result(reasons, () => ({
		code: values.consultant_code!,
		name: values.name!,
		specialtyCode: national!.code,
		specialtyName: national!.name,
		...(gmc !== undefined ? { gmcNumber: gmc } : {}),
		...(minutes !== undefined ? { maxMinutesPerDay: minutes } : {})
	}));
}

export function checkStaffRow(values: CellValues): Checked<StaffRow> {
	const reasons = commonReasons(REFERENCE_COLUMNS.staff, values);
	const email = values.email === undefined ? undefined : normaliseEmail(values.email);
	if (email !== undefined && !isEmailAddress(email)) {
		reasons.push(`email: "${values.email}" is not an email address`);
	}
	const roleRaw = values.role;
	const role = IMPORTABLE_ROLES.find((r) => r === roleRaw?.toLowerCase());
	if (roleRaw !== undefined && role === undefined) {
		reasons.push(`role: "${roleRaw}" is not one of ${IMPORTABLE_ROLES.join(', ')}`);
	}
	return result(reasons, () => ({ email: email!, name: values.name!, role: role! }));
}

/** A row's key, before any check (for the report and repeated keys); emails in lower case. */
export function rowKey(kind: ReferenceKind, values: CellValues): string {
	const key = values[REFERENCE_COLUMNS[kind].key] ?? '';
	return kind === 'staff' ? normaliseEmail(key) : key;
}

/**
 * The header's columns by position (null for a column the kind does not read), or why the file
 * is refused: a column twice, a required one missing. Headers match in any case, spaces as
 * underscores.
 */
export function readTableHeader(
	spec: ColumnSpec,
	header: readonly string[]
): { ok: true; columns: (string | null)[] } | { ok: false; message: string } {
	const known = new Set([...spec.required, ...spec.optional]);
	const columns = header.map((raw) => {
		const name = raw
			.replace(/^\uFEFF/, '')
			.trim()
			.toLowerCase()
			.replace(/\s+/g, '_');
		return known.has(name) ? name : null;
	});
	const read = headerColumns(columns);
	if (!read.ok) return read;
	const seen = read.seen;
	const missing = spec.required.filter((c) => !seen.has(c));
	if (missing.length > 0) {
		return {
			ok: false,
			message: `The header lacks required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`
		};
	}
	return { ok: true, columns };
}

/**
 * Where each named column of a header is, or the message refusing a header that names one twice.
 * The PTL import's header (ptlImport.ts) is read by the same rule.
 */
export function headerColumns<C extends string>(
	columns: readonly (C | null)[]
): { ok: true; seen: Map<C, number> } | { ok: false; message: string } {
	const seen = new Map<C, number>();
	for (const [i, column] of columns.entries()) {
		if (column === null) continue;
		if (seen.has(column)) {
			return {
				ok: false,
				message: `The header has ${column} twice (columns ${seen.get(column)! + 1} and ${i + 1})`
			};
		}
		seen.set(column, i);
	}
	return { ok: true, seen };
}

/** A row's cells by column: trimmed, blank ones left out. */
export function cellValues(columns: readonly (string | null)[], cells: readonly string[]) {
	const values: Record<string, string> = {};
	for (const [i, column] of columns.entries()) {
		const v = cells[i]?.trim();
		if (column !== null && v) values[column] = v;
	}
	return values;
}

/** The rejection reason of every copy of a key the file repeats. */
export function repeatedKeyReason(column: string, key: string, lines: readonly number[]): string {
	return `${column}: ${key} appears ${lines.length} times in the file (lines ${lines.join(', ')})`;
}
