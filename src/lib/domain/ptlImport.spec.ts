import { describe, expect, it } from 'vitest';
import {
	checkPtlRow,
	PTL_REQUIRED_COLUMNS,
	checkMapping,
	readHeader,
	repeatedPathwayReason,
	rowValues,
	type RowValues
} from './ptlImport';
import { TREATMENT_FUNCTIONS, treatmentFunctionName } from './treatmentFunctions';

const EXTRACT = '2026-12-01';

/** A row that passes every check; tests change one thing at a time. */
const GOOD: RowValues = {
	patient_pathway_identifier: 'PW0001',
	organisation_code_patient_pathway_identifier_issuer: 'rxx',
	nhs_number: '9434765919',
	person_family_name: 'Testpatient',
	person_given_name: 'Ann',
	person_birth_date: '1970-05-04',
	activity_treatment_function_code: '110',
	waiting_list_type: 'IRTT',
	referral_to_treatment_period_start_date: '2026-06-01'
};

function reasonsOf(values: RowValues): string[] {
	const check = checkPtlRow(values, EXTRACT);
	return check.ok ? [] : check.reasons;
}

describe('checkPtlRow', () => {
	it('accepts a good row, normalising codes, ISO dates and the list type', () => {
		const check = checkPtlRow(GOOD, EXTRACT);
		expect(check).toEqual({
			ok: true,
			row: expect.objectContaining({
				issuer: 'RXX',
				pathwayIdentifier: 'PW0001',
				nhsNumber: '9434765919',
				dateOfBirth: '1970-05-04',
				specialtyCode: '110',
				specialtyName: 'Trauma & Orthopaedics',
				listType: 'admitted',
				clockStart: '2026-06-01',
				sex: 'unknown',
				priority: null,
				rttStatus: null,
				stopsClock: false,
				clockEnd: null
			})
		});
	});

	it('reads UK dd/mm/yyyy dates, one-digit day and month too, as ISO', () => {
		const check = checkPtlRow(
			{
				...GOOD,
				person_birth_date: '04/05/1970',
				referral_to_treatment_period_start_date: '1/6/2026',
				clinical_priority: 'p2',
				priority_decision_date: '15/06/2026'
			},
			EXTRACT
		);
		expect(check.ok && check.row).toMatchObject({
			dateOfBirth: '1970-05-04',
			clockStart: '2026-06-01',
			priority: 'P2',
			decisionDate: '2026-06-15'
		});
	});

	it('names every missing required field, all at once', () => {
		const reasons = reasonsOf({});
		expect(reasons).toEqual(PTL_REQUIRED_COLUMNS.map((c) => `${c}: missing`));
		expect(reasonsOf({ ...GOOD, person_given_name: '   ' })).toEqual([
			'person_given_name: missing'
		]);
	});

	it('rejects an NHS number failing Modulus 11, or not 10 digits; accepts one spaced as shown', () => {
		expect(reasonsOf({ ...GOOD, nhs_number: '9434765918' })).toEqual([
			'nhs_number: 9434765918 fails the Modulus 11 check'
		]);
		expect(reasonsOf({ ...GOOD, nhs_number: '94347659' })).toEqual([
			'nhs_number: "94347659" is not 10 digits'
		]);
		const spaced = checkPtlRow({ ...GOOD, nhs_number: '943 476 5919' }, EXTRACT);
		expect(spaced.ok && spaced.row.nhsNumber).toBe('9434765919');
	});

	it('rejects a treatment function code not in the national list', () => {
		expect(reasonsOf({ ...GOOD, activity_treatment_function_code: '999' })).toEqual([
			'activity_treatment_function_code: "999" is not a national treatment function code'
		]);
		// "not a Treatment Function" in the national table
		expect(reasonsOf({ ...GOOD, activity_treatment_function_code: '500' })).toHaveLength(1);
	});

	it('rejects impossible dates in either format, in any date column', () => {
		expect(reasonsOf({ ...GOOD, person_birth_date: '31/02/1970' })).toEqual([
			'person_birth_date: "31/02/1970" is not a date (YYYY-MM-DD or DD/MM/YYYY)'
		]);
		expect(reasonsOf({ ...GOOD, referral_to_treatment_period_start_date: '2026-13-01' })).toEqual([
			'referral_to_treatment_period_start_date: "2026-13-01" is not a date (YYYY-MM-DD or DD/MM/YYYY)'
		]);
		expect(reasonsOf({ ...GOOD, tci_date: 'next week' })).toEqual([
			'tci_date: "next week" is not a date (YYYY-MM-DD or DD/MM/YYYY)'
		]);
		expect(reasonsOf({ ...GOOD, last_pas_validation_date: '2026-02-29' })).toHaveLength(1);
	});

	it('rejects a clock start after the extract date or before the birth date', () => {
		expect(reasonsOf({ ...GOOD, referral_to_treatment_period_start_date: '2026-12-02' })).toEqual([
			'referral_to_treatment_period_start_date: 2026-12-02 is after the extract date 2026-12-01'
		]);
		expect(reasonsOf({ ...GOOD, referral_to_treatment_period_start_date: EXTRACT })).toEqual([]);
		expect(reasonsOf({ ...GOOD, referral_to_treatment_period_start_date: '1970-05-03' })).toEqual([
			'referral_to_treatment_period_start_date: 1970-05-03 is before the birth date 1970-05-04'
		]);
	});

	it('rejects a waiting_list_type or a priority not in the lists', () => {
		expect(reasonsOf({ ...GOOD, waiting_list_type: 'planned' })).toEqual([
			'waiting_list_type: "planned" is not ORTT, IRTT, outpatient or admitted'
		]);
		for (const [given, listType] of [
			['ORTT', 'outpatient'],
			['outpatient', 'outpatient'],
			['admitted', 'admitted']
		]) {
			const check = checkPtlRow({ ...GOOD, waiting_list_type: given }, EXTRACT);
			expect(check.ok && check.row.listType).toBe(listType);
		}
		expect(
			reasonsOf({ ...GOOD, clinical_priority: 'P5', priority_decision_date: '2026-06-02' })
		).toEqual(['clinical_priority: "P5" is not one of P1a, P1b, P2, P3, P4']);
		expect(reasonsOf({ ...GOOD, clinical_priority: 'P3' })).toEqual([
			'priority_decision_date: missing (needed with a clinical_priority)'
		]);
		const byDta = checkPtlRow(
			{ ...GOOD, clinical_priority: 'P3', decision_to_admit_date: '2026-06-03' },
			EXTRACT
		);
		expect(byDta.ok && byDta.row.decisionDate).toBe('2026-06-03');
	});

	it('gives every reason of a row with several problems', () => {
		expect(
			reasonsOf({
				...GOOD,
				nhs_number: '1234567890',
				waiting_list_type: 'X',
				person_family_name: ''
			})
		).toEqual([
			'person_family_name: missing',
			'nhs_number: 1234567890 fails the Modulus 11 check',
			'waiting_list_type: "X" is not ORTT, IRTT, outpatient or admitted'
		]);
	});

	it('checks the optional codes it stores: gender, minutes, RTT status, field length', () => {
		expect(reasonsOf({ ...GOOD, person_stated_gender_code: '3' })).toEqual([
			'person_stated_gender_code: "3" is not 1, 2, 9 or X'
		]);
		expect(reasonsOf({ ...GOOD, expected_duration_minutes: '0' })).toHaveLength(1);
		expect(reasonsOf({ ...GOOD, expected_duration_minutes: '45.5' })).toHaveLength(1);
		expect(reasonsOf({ ...GOOD, rtt_status_code: '40' })).toEqual([
			'rtt_status_code: "40" is not an RTT status code'
		]);
		expect(reasonsOf({ ...GOOD, procedure_description: 'x'.repeat(201) })).toEqual([
			'procedure_description: longer than 200 characters'
		]);
	});

	it('closes the clock for a stopping status or an end date, and refuses a contradiction', () => {
		const stopped = checkPtlRow({ ...GOOD, rtt_status_code: '30' }, EXTRACT);
		expect(stopped.ok && stopped.row).toMatchObject({
			rttStatus: '30',
			stopsClock: true,
			clockEnd: null
		});
		const ended = checkPtlRow(
			{ ...GOOD, referral_to_treatment_period_end_date: '20/11/2026' },
			EXTRACT
		);
		expect(ended.ok && ended.row).toMatchObject({
			rttStatus: '99',
			stopsClock: true,
			clockEnd: '2026-11-20'
		});
		const running = checkPtlRow({ ...GOOD, rtt_status_code: '20' }, EXTRACT);
		expect(running.ok && running.row).toMatchObject({ rttStatus: '20', stopsClock: false });
		expect(
			reasonsOf({ ...GOOD, rtt_status_code: '20', referral_to_treatment_period_end_date: EXTRACT })
		).toEqual(['rtt_status_code: 20 says the clock runs, but the period ended on 2026-12-01']);
		expect(
			reasonsOf({ ...GOOD, referral_to_treatment_period_end_date: '2026-05-31' })
		).toHaveLength(1);
	});
});

describe('checkMapping', () => {
	it('accepts headers mapped to distinct canonical columns, trimmed', () => {
		expect(
			checkMapping({ ' Pathway ID ': 'patient_pathway_identifier', NHS: 'nhs_number' })
		).toEqual({
			ok: true,
			mapping: { 'Pathway ID': 'patient_pathway_identifier', NHS: 'nhs_number' }
		});
	});

	it('names each header whose target is no column, or whose column is already taken', () => {
		expect(
			checkMapping({
				'Pathway ID': 'pathway',
				NHS: 'nhs_number',
				'NHS no': 'nhs_number',
				'': 'postcode'
			})
		).toEqual({
			ok: false,
			reasons: [
				'"Pathway ID": "pathway" is not a PTL column',
				'"NHS no": nhs_number is already mapped from "NHS"',
				'a header with no name cannot be mapped'
			]
		});
	});

	it('refuses a mapping with nothing in it', () => {
		expect(checkMapping({})).toEqual({ ok: false, reasons: ['the mapping maps no header'] });
	});
});

describe('readHeader', () => {
	const header = [...PTL_REQUIRED_COLUMNS] as string[];

	it('maps canonical names in any case and order, ignoring other columns and a BOM', () => {
		const result = readHeader([
			'\uFEFFNHS_Number',
			'comment',
			...header.filter((h) => h !== 'nhs_number')
		]);
		expect(result.ok && result.columns.slice(0, 2)).toEqual(['nhs_number', null]);
	});

	it('names the required columns a header lacks', () => {
		expect(readHeader(header.slice(2))).toEqual({
			ok: false,
			message:
				'The header lacks required columns: patient_pathway_identifier, organisation_code_patient_pathway_identifier_issuer',
			unmapped: []
		});
	});

	it('lists the headers that are neither canonical nor mapped, for the page to map', () => {
		const local = ['Pathway ID', 'Issuer', ...header.slice(2), 'comment'];
		expect(
			readHeader(local, { Issuer: 'organisation_code_patient_pathway_identifier_issuer' })
		).toEqual({
			ok: false,
			message: 'The header lacks required column: patient_pathway_identifier',
			unmapped: ['Pathway ID', 'comment']
		});
	});

	it('uses a saved mapping for other headers, and refuses a column given twice', () => {
		const local = ['Pathway ID', ...header.slice(1)];
		expect(readHeader(local).ok).toBe(false);
		const mapped = readHeader(local, { 'Pathway ID': 'patient_pathway_identifier' });
		expect(mapped.ok && mapped.columns[0]).toBe('patient_pathway_identifier');
		expect(readHeader([...header, 'NHS number'])).toEqual({
			ok: false,
			message: 'The header has nhs_number twice (columns 3 and 10)'
		});
	});

	it('gives a row its cells by column, a short row empty cells', () => {
		expect(rowValues(['nhs_number', null, 'postcode'], ['1', '2'])).toEqual({
			nhs_number: '1',
			postcode: ''
		});
	});
});

describe('the national treatment function list', () => {
	it('has the codes the national returns use, with their titles', () => {
		expect(treatmentFunctionName('110')).toBe('Trauma & Orthopaedics');
		expect(treatmentFunctionName('502')).toBe('Gynaecology');
		expect(treatmentFunctionName('312')).toBeNull();
		expect(treatmentFunctionName('toString')).toBeNull();
		expect(Object.keys(TREATMENT_FUNCTIONS).every((c) => /^\d{3}$/.test(c))).toBe(true);
	});
});

it('names the lines of a repeated pathway id', () => {
	expect(repeatedPathwayReason('PW1', [2, 5])).toBe(
		'patient_pathway_identifier: PW1 appears 2 times in the file (lines 2, 5)'
	);
});
