/**
 * How an appointment or admission ended, in the national codes (DOMAIN.md "Offers, cancellations
 * and attendance"; NHS Data Dictionary "Attended or did not attend"), and what each does to the
 * booking and to the RTT clock. Written once: the cancel and outcome endpoints, the demo trust,
 * the patient page and the dashboards all read these.
 */
import type { ListType } from '../../../db/schema';

/** The national "attended or did not attend" codes, as staff read them. */
export const ATTENDANCE_LABELS = {
	'5': 'Attended on time',
	'6': 'Arrived late but was seen',
	'7': 'Arrived late and could not be seen',
	'2': 'Cancelled by the patient',
	'3': 'Did not attend, no warning',
	'4': 'Cancelled by the hospital',
	'0': 'Not yet happened'
} as const;
export type AttendanceCode = keyof typeof ATTENDANCE_LABELS;
export const ATTENDANCE_CODES = Object.keys(ATTENDANCE_LABELS) as AttendanceCode[];

/** What is recorded on or after the day itself: the patient came, came late, or did not come. */
export const DAY_OUTCOMES = ['5', '6', '7', '3'] as const;
export type DayOutcome = (typeof DAY_OUTCOMES)[number];

/** A booking that did not go ahead because someone stood it down beforehand. */
export const CANCELLED_BY = ['patient', 'hospital'] as const;
export type CancelledBy = (typeof CANCELLED_BY)[number];

/**
 * Why, in a short list per side so that cancellations can be counted, not read one by one. The
 * keys are stored; the labels are what people pick from and read.
 */
export const CANCELLATION_REASONS = {
	patient: {
		unwell: 'Patient unwell',
		'work-family': 'Work, family or holiday',
		transport: 'Transport',
		'asked-to-rearrange': 'Asked to rearrange',
		'patient-other': 'Other patient reason'
	},
	hospital: {
		'clinician-unavailable': 'Clinician unavailable',
		'list-cancelled': 'Clinic or theatre list cancelled',
		'no-bed': 'No bed',
		'equipment-theatre': 'Equipment or theatre problem',
		'emergency-priority': 'Emergency took priority',
		'admin-error': 'Administrative error',
		'removed-at-validation': 'Removed from the list at validation',
		'hospital-other': 'Other hospital reason'
	}
} as const satisfies Record<CancelledBy, Record<string, string>>;

export type CancellationReason = {
	[B in CancelledBy]: keyof (typeof CANCELLATION_REASONS)[B];
}[CancelledBy];

/** Every reason key with the side it belongs to. */
export const REASON_SIDE = new Map<string, CancelledBy>(
	CANCELLED_BY.flatMap((by) => Object.keys(CANCELLATION_REASONS[by]).map((r) => [r, by] as const))
);

export function reasonLabel(reason: string): string {
	const by = REASON_SIDE.get(reason);
	return by ? (CANCELLATION_REASONS[by] as Record<string, string>)[reason] : reason;
}

/** The national code of a cancellation made by `by`. */
export function cancellationCode(by: CancelledBy): '2' | '4' {
	return by === 'patient' ? '2' : '4';
}

/** The booking's status after a day outcome: seen (on time or late) or not seen. */
export function statusAfter(code: DayOutcome): 'attended' | 'dna' {
	return code === '5' || code === '6' ? 'attended' : 'dna';
}

/**
 * What a day outcome does to the RTT clock. A DNA (code 3) at the first outpatient appointment of
 * a running clock nullifies it: the pathway leaves the list's figures, and a new clock starts
 * only if the hospital decides to offer another appointment. A later DNA,
 * a DNA of an admission and anyone seen leave the clock as it is; a later DNA stops it only if the
 * patient is discharged, which is a clinician's decision recorded at validation, never here.
 *
 * "First appointment": no appointment of this pathway attended since its clock started.
 */
export function clockEffect(o: {
	code: DayOutcome;
	listType: ListType;
	clockRunning: boolean;
	attendedSinceClockStart: boolean;
}): 'nullified' | 'unchanged' {
	return o.code === '3' &&
		o.listType === 'outpatient' &&
		o.clockRunning &&
		!o.attendedSinceClockStart
		? 'nullified'
		: 'unchanged';
}

/** The RTT status a first-appointment DNA leaves, and the one a restarted clock takes. */
export const FIRST_DNA_STATUS = '33';
export const RESTARTED_AFTER_DNA_STATUS = '12';

/** Only a clock nullified by a first-appointment DNA is restarted by offering another appointment. */
export function mayRestartAfterDna(rttStatus: string): boolean {
	return rttStatus === FIRST_DNA_STATUS;
}

/** Booked appointments of the period, by how they ended: the dashboards' attendance figures. */
export interface AttendanceCounts {
	attended: number;
	/** Did not attend, or came too late to be seen (codes 3 and 7). */
	notSeen: number;
	cancelledByPatient: number;
	cancelledByHospital: number;
}

/**
 * DNA rate as the NHS counts it: appointments not attended over appointments that should have
 * happened (attended + not attended); cancellations made beforehand are not in it. Null with none.
 */
export function dnaRate(c: AttendanceCounts): number | null {
	const due = c.attended + c.notSeen;
	return due === 0 ? null : c.notSeen / due;
}

/**
 * Repeated patient cancellations call for a clinician to review the pathway (DOMAIN.md): from the
 * second on one pathway since it was last validated (or since its clock started): validating it
 * is the review. A patient is never discharged just for cancelling. The validation worklist's SQL
 * (server/records/validation.ts, `patient_cancellations`) counts the same way.
 */
export const REVIEW_AFTER_PATIENT_CANCELLATIONS = 2;

export function reviewForCancellations(patientCancellations: number): boolean {
	return patientCancellations >= REVIEW_AFTER_PATIENT_CANCELLATIONS;
}

/** Whether a patient cancellation on `cancelledOn` still counts toward a review. */
export function countsTowardReview(
	cancelledOn: string,
	pathway: { lastValidatedOn: string | null; clockStart: string }
): boolean {
	return cancelledOn >= (pathway.lastValidatedOn ?? pathway.clockStart);
}
