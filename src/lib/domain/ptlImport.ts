/**
 * Reading one row of a PTL extract (issue 14): the canonical columns, named as in the national
 * Waiting List Minimum Data Set where it has a name, and every check a row must pass before it may
 * change a pathway. Pure: the file reader (src/lib/server/imports/) hands rows in, the importer
 * writes what comes out. A rejected row carries every reason, each naming its field.
 */
import {
	isClockRunning,
	isIsoDate,
	isoShapedDate,
	isValidNhsNumber,
	PRIORITIES,
	RTT_STATUS,
	type Priority
} from './rtt';
import { headerColumns } from './referenceImport';
import { treatmentFunctionName } from './treatmentFunctions';

export const PTL_REQUIRED_COLUMNS = [
	'patient_pathway_identifier',
	'organisation_code_patient_pathway_identifier_issuer',
	'nhs_number',
	'person_family_name',
	'person_given_name',
	'person_birth_date',
	'activity_treatment_function_code',
	'waiting_list_type',
	'referral_to_treatment_period_start_date'
] as const;

export const PTL_OPTIONAL_COLUMNS = [
	'local_patient_identifier',
	'person_stated_gender_code',
	'postcode',
	'organisation_site_identifier_of_treatment',
	'consultant_code',
	'clinical_priority',
	'priority_decision_date',
	'decision_to_admit_date',
	'procedure_description',
	'opcs4_code',
	'expected_duration_minutes',
	'tci_date',
	'outpatient_future_appointment_date',
	'last_pas_validation_date',
	'referral_to_treatment_period_end_date',
	'rtt_status_code'
] as const;

export type PtlColumn =
	(typeof PTL_REQUIRED_COLUMNS)[number] | (typeof PTL_OPTIONAL_COLUMNS)[number];
export const PTL_COLUMNS: readonly PtlColumn[] = [...PTL_REQUIRED_COLUMNS, ...PTL_OPTIONAL_COLUMNS];

export function isPtlColumn(name: string): name is PtlColumn {
	return (PTL_COLUMNS as readonly string[]).includes(name);
}

const DATE_COLUMNS = [
	'person_birth_date',
	'referral_to_treatment_period_start_date',
	'priority_decision_date',
	'decision_to_admit_date',
	'tci_date',
	'outpatient_future_appointment_date',
	'last_pas_validation_date',
	'referral_to_treatment_period_end_date'
] as const satisfies readonly PtlColumn[];

/** The longest value any column may hold; a longer one is a broken file, not a name. */
export const MAX_FIELD_LENGTH = 200;

/** `waiting_list_type` as the national return writes it, or as staff say it. */
const LIST_TYPE_BY_CODE: Readonly<Record<string, 'outpatient' | 'admitted'>> = {
	ORTT: 'outpatient',
	IRTT: 'admitted',
	OUTPATIENT: 'outpatient',
	ADMITTED: 'admitted'
};

/** Person Stated Gender Code (NHS Data Dictionary) → how patients.sex records it. */
const SEX_BY_GENDER_CODE: Readonly<Record<string, string>> = {
	'1': 'male',
	'2': 'female',
	'9': 'indeterminate',
	X: 'unknown'
};
const SEX_NOT_GIVEN = 'unknown';

/** A row that passed every check, in the shapes the database keeps. Dates are ISO. */
export interface PtlRow {
	issuer: string;
	pathwayIdentifier: string;
	nhsNumber: string;
	familyName: string;
	givenName: string;
	dateOfBirth: string;
	specialtyCode: string;
	/** The national title of the specialty code, for a trust that has not set it up yet. */
	specialtyName: string;
	listType: 'outpatient' | 'admitted';
	clockStart: string;
	hospitalNumber: string | null;
	sex: string;
	postcode: string | null;
	siteCode: string | null;
	consultantCode: string | null;
	priority: Priority | null;
	/** When the priority was decided (priority_decision_date, else decision_to_admit_date). */
	decisionDate: string | null;
	decisionToAdmitDate: string | null;
	procedure: string | null;
	procedureCode: string | null;
	expectedMinutes: number | null;
	tciDate: string | null;
	outpatientAppointmentDate: string | null;
	lastValidatedOn: string | null;
	/** The RTT status to record; null when the file gives none and the clock is not closed. */
	rttStatus: string | null;
	/** The row closes the clock: it has an end date or a stopping status (30–36). */
	stopsClock: boolean;
	/** referral_to_treatment_period_end_date, when given. */
	clockEnd: string | null;
}

export type RowCheck = { ok: true; row: PtlRow } | { ok: false; reasons: string[] };

/** Cells by canonical column; a column the file lacks is simply absent. */
export type RowValues = Partial<Record<PtlColumn, string>>;

/**
 * RTT status written for a row that has an end date but no status: the file says the clock
 * stopped without saying why, and "99 not yet known" records exactly that (it is not a running
 * code, so the pathway leaves the list of incomplete pathways).
 */
export const STATUS_FOR_UNEXPLAINED_END = '99';

/** The pathway's key in the file and in the database: issuer and its pathway identifier. */
export function pathwayKey(issuer: string, pathwayIdentifier: string): string {
	return `${issuer}\u0000${pathwayIdentifier}`;
}

/**
 * Checks one row against everything the import spec lists: required fields present, NHS number
 * passing Modulus 11, a national treatment function code, real dates, a clock start neither after
 * the extract date nor before the birth date, a known list type and priority. Duplicated pathway
 * ids are a whole-file matter (see {@link repeatedPathways}).
 */
export function checkPtlRow(values: RowValues, extractDate: string): RowCheck {
	const reasons: string[] = [];
	const cell = (column: PtlColumn): string | null => {
		const v = values[column]?.trim();
		return v ? v : null;
	};
	for (const column of PTL_COLUMNS) {
		const v = cell(column);
		if (v !== null && v.length > MAX_FIELD_LENGTH) {
			reasons.push(`${column}: longer than ${MAX_FIELD_LENGTH} characters`);
		}
	}
	for (const column of PTL_REQUIRED_COLUMNS) {
		if (cell(column) === null) reasons.push(`${column}: missing`);
	}

	const dates: Partial<Record<(typeof DATE_COLUMNS)[number], string>> = {};
	for (const column of DATE_COLUMNS) {
		const v = cell(column);
		if (v === null) continue;
		const iso = isoShapedDate(v);
		if (iso !== null && isIsoDate(iso)) dates[column] = iso;
		else reasons.push(`${column}: "${v}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
	}

	const nhsRaw = cell('nhs_number');
	let nhsNumber = '';
	if (nhsRaw !== null) {
		if (!/^\d{10}$/.test(nhsRaw.replaceAll(' ', ''))) {
			reasons.push(`nhs_number: "${nhsRaw}" is not 10 digits`);
		} else if (!isValidNhsNumber(nhsRaw)) {
			reasons.push(`nhs_number: ${nhsRaw} fails the Modulus 11 check`);
		} else nhsNumber = nhsRaw.replaceAll(' ', '');
	}

	const specialtyCode = cell('activity_treatment_function_code');
	const specialtyName = specialtyCode === null ? null : treatmentFunctionName(specialtyCode);
	if (specialtyCode !== null && specialtyName === null) {
		reasons.push(
			`activity_treatment_function_code: "${specialtyCode}" is not a national treatment function code`
		);
	}

	const listTypeRaw = cell('waiting_list_type');
	const listType = listTypeRaw === null ? null : LIST_TYPE_BY_CODE[listTypeRaw.toUpperCase()];
	if (listTypeRaw !== null && !listType) {
		reasons.push(`waiting_list_type: "${listTypeRaw}" is not ORTT, IRTT, outpatient or admitted`);
	}

	const priorityRaw = cell('clinical_priority');
	const priority =
		priorityRaw === null
			? null
			: (PRIORITIES.find((p) => p.toLowerCase() === priorityRaw.toLowerCase()) ?? null);
	if (priorityRaw !== null && priority === null) {
		reasons.push(`clinical_priority: "${priorityRaw}" is not one of ${PRIORITIES.join(', ')}`);
	}
	const decisionDate = dates.priority_decision_date ?? dates.decision_to_admit_date ?? null;
	if (
		priority !== null &&
		decisionDate === null &&
		cell('priority_decision_date') === null &&
		cell('decision_to_admit_date') === null
	) {
		// A P-code's target runs from the decision (RCS prioritisation guidance): without its
		// date the pathway would carry a priority whose due date nobody can work out.
		reasons.push('priority_decision_date: missing (needed with a clinical_priority)');
	}

	const genderRaw = cell('person_stated_gender_code');
	const sex = genderRaw === null ? SEX_NOT_GIVEN : SEX_BY_GENDER_CODE[genderRaw.toUpperCase()];
	if (!sex) {
		reasons.push(`person_stated_gender_code: "${genderRaw}" is not 1, 2, 9 or X`);
	}

	const minutesRaw = cell('expected_duration_minutes');
	const expectedMinutes = minutesRaw === null ? null : Number(minutesRaw);
	if (
		minutesRaw !== null &&
		!(/^\d+$/.test(minutesRaw) && expectedMinutes! > 0 && expectedMinutes! <= 24 * 60)
	) {
		reasons.push(
			`expected_duration_minutes: "${minutesRaw}" is not a whole number of minutes from 1 to 1440`
		);
	}

	const statusRaw = cell('rtt_status_code');
	if (statusRaw !== null && !Object.hasOwn(RTT_STATUS, statusRaw)) {
		reasons.push(`rtt_status_code: "${statusRaw}" is not an RTT status code`);
	}

	const clockStart = dates.referral_to_treatment_period_start_date;
	const birth = dates.person_birth_date;
	const end = dates.referral_to_treatment_period_end_date;
	if (clockStart && clockStart > extractDate) {
		reasons.push(
			`referral_to_treatment_period_start_date: ${clockStart} is after the extract date ${extractDate}`
		);
	}
	if (clockStart && birth && clockStart < birth) {
		reasons.push(
			`referral_to_treatment_period_start_date: ${clockStart} is before the birth date ${birth}`
		);
	}
	if (birth && birth > extractDate) {
		reasons.push(`person_birth_date: ${birth} is after the extract date ${extractDate}`);
	}
	if (end && clockStart && end < clockStart) {
		reasons.push(
			`referral_to_treatment_period_end_date: ${end} is before the clock start ${clockStart}`
		);
	}
	if (end && statusRaw !== null && isClockRunning(statusRaw)) {
		reasons.push(
			`rtt_status_code: ${statusRaw} says the clock runs, but the period ended on ${end}`
		);
	}

	if (reasons.length > 0) return { ok: false, reasons };

	// The RTT Rules Suite stops the clock at codes 30–36; an end date says the same.
	const stops = end !== undefined || (statusRaw !== null && /^3[0-6]$/.test(statusRaw));
	return {
		ok: true,
		row: {
			issuer: cell('organisation_code_patient_pathway_identifier_issuer')!.toUpperCase(),
			pathwayIdentifier: cell('patient_pathway_identifier')!,
			nhsNumber,
			familyName: cell('person_family_name')!,
			givenName: cell('person_given_name')!,
			dateOfBirth: birth!,
			specialtyCode: specialtyCode!,
			specialtyName: specialtyName!,
			listType: listType!,
			clockStart: clockStart!,
			hospitalNumber: cell('local_patient_identifier')?.toUpperCase() ?? null,
			sex,
			postcode: cell('postcode')?.toUpperCase() ?? null,
			siteCode: cell('organisation_site_identifier_of_treatment')?.toUpperCase() ?? null,
			consultantCode: cell('consultant_code')?.toUpperCase() ?? null,
			priority,
			decisionDate: priority === null ? null : decisionDate,
			decisionToAdmitDate: dates.decision_to_admit_date ?? null,
			procedure: cell('procedure_description'),
			procedureCode: cell('opcs4_code')?.toUpperCase() ?? null,
			expectedMinutes,
			tciDate: dates.tci_date ?? null,
			outpatientAppointmentDate: dates.outpatient_future_appointment_date ?? null,
			lastValidatedOn: dates.last_pas_validation_date ?? null,
			rttStatus: statusRaw ?? (end ? STATUS_FOR_UNEXPLAINED_END : null),
			stopsClock: stops,
			clockEnd: end ?? null
		}
	};
}

/** A header cell as written, without a byte-order mark or surrounding spaces. */
function headerName(raw: string): string {
	return raw.replace(/^\uFEFF/, '').trim();
}

/** The canonical column a header names itself (any case, spaces as underscores), if any. */
function canonicalName(name: string): PtlColumn | null {
	const canonical = name.toLowerCase().replace(/\s+/g, '_');
	return isPtlColumn(canonical) ? canonical : null;
}

/** The most headers a source's mapping may hold; a file has far fewer columns. */
export const MAX_MAPPED_HEADERS = 200;

/**
 * A mapping as an admin saves it for a source (source header → canonical column): every target a
 * canonical column, none mapped twice, every header named. Headers are kept trimmed.
 */
export function checkMapping(
	mapping: Readonly<Record<string, unknown>>
): { ok: true; mapping: Record<string, PtlColumn> } | { ok: false; reasons: string[] } {
	const reasons: string[] = [];
	const checked: Record<string, PtlColumn> = {};
	const from = new Map<PtlColumn, string>();
	const entries = Object.entries(mapping);
	if (entries.length === 0) return { ok: false, reasons: ['the mapping maps no header'] };
	if (entries.length > MAX_MAPPED_HEADERS) {
		return { ok: false, reasons: [`the mapping has more than ${MAX_MAPPED_HEADERS} headers`] };
	}
	for (const [raw, target] of entries) {
		const header = headerName(raw);
		if (!header) {
			reasons.push('a header with no name cannot be mapped');
			continue;
		}
		const shown = JSON.stringify(header.slice(0, MAX_FIELD_LENGTH));
		if (typeof target !== 'string' || !isPtlColumn(target)) {
			const named = typeof target === 'string' ? JSON.stringify(target.slice(0, 60)) : 'nothing';
			reasons.push(`${shown}: ${named} is not a PTL column`);
			continue;
		}
		const earlier = from.get(target);
		if (earlier !== undefined) {
			reasons.push(`${shown}: ${target} is already mapped from ${JSON.stringify(earlier)}`);
			continue;
		}
		from.set(target, header);
		checked[header] = target;
	}
	return reasons.length > 0 ? { ok: false, reasons } : { ok: true, mapping: checked };
}

/**
 * How a file's header maps onto the canonical columns: a header that is a canonical name (any
 * case, spaces as underscores) maps to itself; any other through the mapping saved for the
 * source. Refuses, naming them, required columns nothing maps to (with the headers nothing maps,
 * for the page to offer mapping) and columns mapped twice.
 */
export function readHeader(
	header: readonly string[],
	mapping: Readonly<Record<string, string>> = {}
):
	| { ok: true; columns: (PtlColumn | null)[] }
	| { ok: false; message: string; unmapped?: string[] } {
	const names = header.map(headerName);
	const columns = names.map((name): PtlColumn | null => {
		const mapped = mapping[name];
		return canonicalName(name) ?? (mapped && isPtlColumn(mapped) ? mapped : null);
	});
	const read = headerColumns(columns);
	if (!read.ok) return read;
	const seen = read.seen;
	const missing = PTL_REQUIRED_COLUMNS.filter((c) => !seen.has(c));
	if (missing.length > 0) {
		return {
			ok: false,
			message: `The header lacks required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
			unmapped: names.filter((name, i) => name && columns[i] === null).slice(0, MAX_MAPPED_HEADERS)
		};
	}
	return { ok: true, columns };
}

/** A row's cells by canonical column, from the header's column list. */
export function rowValues(
	columns: readonly (PtlColumn | null)[],
	cells: readonly string[]
): RowValues {
	const values: RowValues = {};
	for (const [i, column] of columns.entries()) {
		if (column !== null) values[column] = cells[i] ?? '';
	}
	return values;
}

/** The rejection reason of every copy of a pathway id the file repeats. */
export function repeatedPathwayReason(pathwayIdentifier: string, lines: readonly number[]): string {
	return `patient_pathway_identifier: ${pathwayIdentifier} appears ${lines.length} times in the file (lines ${lines.join(', ')})`;
}
