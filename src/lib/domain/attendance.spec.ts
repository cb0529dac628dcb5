import { describe, expect, it } from 'vitest';
import {
	ATTENDANCE_CODES,
	CANCELLATION_REASONS,
	cancellationCode,
	clockEffect,
	countsTowardReview,
	dnaRate,
	mayRestartAfterDna,
	reasonLabel,
	REASON_SIDE,
	reviewForCancellations,
	statusAfter
} from './attendance';
import { isClockRunning, RTT_STATUS } from './rtt';

describe('attendance codes', () => {
	it('are the national ones, 0 and 2 to 7', () => {
		expect([...ATTENDANCE_CODES].sort()).toEqual(['0', '2', '3', '4', '5', '6', '7']);
	});

	it('a cancellation is coded by who made it', () => {
		expect(cancellationCode('patient')).toBe('2');
		expect(cancellationCode('hospital')).toBe('4');
	});

	it('seen on time or late is attended; not seen is a DNA', () => {
		expect(statusAfter('5')).toBe('attended');
		expect(statusAfter('6')).toBe('attended');
		expect(statusAfter('7')).toBe('dna');
		expect(statusAfter('3')).toBe('dna');
	});

	it('every reason belongs to exactly one side, and reads as its label', () => {
		const keys = [
			...Object.keys(CANCELLATION_REASONS.patient),
			...Object.keys(CANCELLATION_REASONS.hospital)
		];
		expect(new Set(keys).size).toBe(keys.length);
		expect(REASON_SIDE.get('unwell')).toBe('patient');
		expect(REASON_SIDE.get('no-bed')).toBe('hospital');
		expect(reasonLabel('no-bed')).toBe('No bed');
	});
});

describe('the RTT effect of a DNA', () => {
	const first = {
		code: '3',
		listType: 'outpatient',
		clockRunning: true,
		attendedSinceClockStart: false
	} as const;

	it('a DNA at the first outpatient appointment nullifies the clock', () => {
		expect(clockEffect(first)).toBe('nullified');
	});

	it('a later DNA, an admission DNA, a late arrival or a stopped clock leave it', () => {
		expect(clockEffect({ ...first, attendedSinceClockStart: true })).toBe('unchanged');
		expect(clockEffect({ ...first, listType: 'admitted' })).toBe('unchanged');
		expect(clockEffect({ ...first, code: '7' })).toBe('unchanged');
		expect(clockEffect({ ...first, code: '5' })).toBe('unchanged');
		expect(clockEffect({ ...first, clockRunning: false })).toBe('unchanged');
	});

	it('the nullified clock is off the list, and offering again starts a running one', () => {
		expect(RTT_STATUS['33']).toMatch(/DNA at first appointment/);
		expect(isClockRunning('33')).toBe(false);
		expect(mayRestartAfterDna('33')).toBe(true);
		expect(mayRestartAfterDna('30')).toBe(false);
		expect(isClockRunning('12')).toBe(true);
	});
});

describe('DNA rate', () => {
	it('counts those not seen over those due, leaving cancellations out', () => {
		expect(
			dnaRate({ attended: 18, notSeen: 2, cancelledByPatient: 5, cancelledByHospital: 9 })
		).toBe(0.1);
		expect(
			dnaRate({ attended: 0, notSeen: 0, cancelledByPatient: 3, cancelledByHospital: 0 })
		).toBeNull();
	});
});

describe('repeated patient cancellations', () => {
	it('call for clinical review from the second on a pathway', () => {
		expect(reviewForCancellations(1)).toBe(false);
		expect(reviewForCancellations(2)).toBe(true);
	});

	it('count from the last validation, or the clock start: validating is the review', () => {
		const p = { lastValidatedOn: '2026-05-10', clockStart: '2026-01-05' };
		expect(countsTowardReview('2026-05-09', p)).toBe(false);
		expect(countsTowardReview('2026-05-10', p)).toBe(true);
		expect(countsTowardReview('2026-01-05', { ...p, lastValidatedOn: null })).toBe(true);
		expect(countsTowardReview('2026-01-04', { ...p, lastValidatedOn: null })).toBe(false);
	});
});
