/**
 * Waiting-list validation (DOMAIN.md, "Validation"): what each outcome does to the pathway's RTT
 * clock. Patients are re-validated at 12, 26 and 52 weeks (rtt.ts, validationDueDate); a patient
 * is never removed without a clinical decision and their agreement.
 */
import { isClockRunning } from './rtt';

export const VALIDATION_OUTCOMES = [
	'still_waiting',
	'treated_elsewhere',
	'no_longer_required'
] as const;
export type ValidationOutcome = (typeof VALIDATION_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<ValidationOutcome, string> = {
	still_waiting: 'Still waiting',
	treated_elsewhere: 'Treated elsewhere',
	no_longer_required: 'No longer required'
};

/**
 * Clock-stop codes for a patient who no longer needs the treatment (RTT Rules Suite): 34 decision
 * not to treat, 35 patient declined treatment, 36 patient died.
 */
export const NO_LONGER_REQUIRED_CODES = {
	'34': 'Decision not to treat',
	'35': 'Patient declined treatment',
	'36': 'Patient died'
} as const;
export type NoLongerRequiredCode = keyof typeof NO_LONGER_REQUIRED_CODES;

/**
 * Treatment elsewhere is the patient's first definitive treatment (code 30): the need the
 * pathway was for has been met, and the clock stops on the day it was.
 */
export const TREATED_ELSEWHERE_CODE = '30';

export type OutcomeEffect =
	| { kind: 'validated'; rttStatus: null }
	| { kind: 'stop-clock'; rttStatus: string; needsDecision: true; needsAgreement: boolean }
	/** A stopped-clock entry still on the admitted list: taken off it, the status kept. */
	| { kind: 'remove-from-list'; rttStatus: null; needsDecision: true; needsAgreement: false };

export type OutcomeCheck =
	{ ok: true; effect: OutcomeEffect } | { ok: false; message: string; status: 400 | 409 };

/**
 * What recording `outcome` does to a pathway whose RTT status is `rttStatus`, or why it cannot.
 * The messages are shown beside the pathway they are about, so they do not name it.
 */
export function outcomeEffect(
	rttStatus: string,
	outcome: ValidationOutcome,
	stopCode?: string | null
): OutcomeCheck {
	const running = isClockRunning(rttStatus);
	if (outcome === 'still_waiting') {
		if (!running) {
			return {
				ok: false,
				status: 409,
				message: `This pathway's clock is not running (RTT status ${rttStatus}): a patient who still waits needs a new pathway`
			};
		}
		return { ok: true, effect: { kind: 'validated', rttStatus: null } };
	}
	if (!running) {
		if (outcome === 'no_longer_required') {
			return {
				ok: true,
				effect: {
					kind: 'remove-from-list',
					rttStatus: null,
					needsDecision: true,
					needsAgreement: false
				}
			};
		}
		return {
			ok: false,
			status: 409,
			message: `This pathway's clock has already stopped (RTT status ${rttStatus})`
		};
	}
	if (outcome === 'treated_elsewhere') {
		return {
			ok: true,
			effect: {
				kind: 'stop-clock',
				rttStatus: TREATED_ELSEWHERE_CODE,
				needsDecision: true,
				needsAgreement: true
			}
		};
	}
	if (!stopCode || !(stopCode in NO_LONGER_REQUIRED_CODES)) {
		return {
			ok: false,
			status: 400,
			message: `stopCode: say why the treatment is no longer required: 34 (decision not to treat), 35 (patient declined) or 36 (patient died)`
		};
	}
	// A patient who has died cannot agree; everyone else must (DOMAIN.md).
	return {
		ok: true,
		effect: {
			kind: 'stop-clock',
			rttStatus: stopCode,
			needsDecision: true,
			needsAgreement: stopCode !== '36'
		}
	};
}

/**
 * Whether recording the outcome needs the patient's agreement: the one rule the validation dialog
 * asks by and recordOutcome requires by. A patient who has died (36) cannot agree, and taking a
 * stopped clock off the admitted list or confirming a patient still waits asks nothing of them.
 */
export function asksAgreement(
	rttStatus: string,
	outcome: ValidationOutcome,
	stopCode?: string | null
): boolean {
	const check = outcomeEffect(rttStatus, outcome, stopCode);
	return check.ok && check.effect.kind !== 'validated' && check.effect.needsAgreement;
}

export const DATA_QUALITY_FLAGS = [
	'validation_due',
	'past_tci',
	'missing_procedure',
	'missing_priority',
	'duplicate_pathway',
	'admitted_no_open_clock',
	'patient_cancellations'
] as const;
export type WorklistFlag = (typeof DATA_QUALITY_FLAGS)[number];

export const FLAG_LABELS: Record<WorklistFlag, string> = {
	validation_due: 'Validation due',
	past_tci: 'Past TCI date',
	missing_procedure: 'Missing procedure',
	missing_priority: 'Missing priority',
	duplicate_pathway: 'Duplicate pathway',
	admitted_no_open_clock: 'Admitted list, no open clock',
	patient_cancellations: 'Repeat patient cancellations'
};
