import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SLA,
	lateness,
	overdueBy,
	pullDate,
	slaDueAt,
	type TrustCalendar
} from './caseNoteSla';
import { HOUR, MINUTE, wallTime } from './workingTime';

const LONDON: TrustCalendar = { timeZone: 'Europe/London', holidays: new Set() };
const CHRISTMAS: TrustCalendar = {
	timeZone: 'Europe/London',
	holidays: new Set(['2026-12-25', '2026-12-28'])
};
const at = (date: string, time: string) =>
	wallTime(date, Number(time.slice(0, 2)) * 60 + Number(time.slice(3)), 'Europe/London');

describe('the SLA clock', () => {
	it('runs emergency and urgent requests on the clock, nights and weekends included', () => {
		const sat = at('2026-11-28', '23:50');
		expect(slaDueAt('emergency', sat, DEFAULT_SLA, LONDON)).toBe(sat + 30 * MINUTE);
		expect(slaDueAt('urgent', sat, DEFAULT_SLA, LONDON)).toBe(sat + 4 * HOUR);
		expect(slaDueAt('urgent', sat, { ...DEFAULT_SLA, urgentMinutes: 90 }, LONDON)).toBe(
			sat + 90 * MINUTE
		);
	});

	it('runs routine requests on working days: same time, two working days on', () => {
		expect(slaDueAt('routine', at('2026-11-24', '10:00'), DEFAULT_SLA, LONDON)).toBe(
			at('2026-11-26', '10:00')
		);
		// Thursday afternoon: the weekend does not count
		expect(slaDueAt('routine', at('2026-11-26', '15:00'), DEFAULT_SLA, LONDON)).toBe(
			at('2026-11-30', '15:00')
		);
		expect(
			slaDueAt(
				'routine',
				at('2026-11-26', '15:00'),
				{ ...DEFAULT_SLA, routineWorkingDays: 5 },
				LONDON
			)
		).toBe(at('2026-12-03', '15:00'));
	});

	it('skips the bank holidays in the trust list', () => {
		// Christmas Eve: Christmas Day and the Boxing Day substitute are not working days
		expect(slaDueAt('routine', at('2026-12-24', '11:00'), DEFAULT_SLA, CHRISTMAS)).toBe(
			at('2026-12-30', '11:00')
		);
		expect(slaDueAt('routine', at('2026-12-24', '11:00'), DEFAULT_SLA, LONDON)).toBe(
			at('2026-12-28', '11:00')
		);
	});

	it('starts the clock of a weekend or holiday request at the next working day', () => {
		// Saturday: the clock starts Monday 00:00, so two working days end at Wednesday 00:00
		expect(slaDueAt('routine', at('2026-11-28', '11:00'), DEFAULT_SLA, LONDON)).toBe(
			at('2026-12-02', '00:00')
		);
		expect(slaDueAt('routine', at('2026-12-25', '09:00'), DEFAULT_SLA, CHRISTMAS)).toBe(
			at('2026-12-31', '00:00')
		);
	});

	it('keeps the wall-clock time across the clock change, not 48 working hours', () => {
		// Friday 27 March 10:00 GMT → Tuesday 31 March 10:00 BST, which is 09:00 UTC
		const due = slaDueAt('routine', at('2026-03-27', '10:00'), DEFAULT_SLA, LONDON);
		expect(due).toBe(Date.UTC(2026, 2, 31, 9, 0));
	});
});

describe('the clinic pull list day', () => {
	it('is the lead time in working days before the clinic', () => {
		expect(pullDate('2026-11-30', 2, '2026-11-24')).toEqual({
			pullOn: '2026-11-26',
			insideLeadTime: false
		});
		expect(pullDate('2026-11-30', 3, '2026-11-24')).toEqual({
			pullOn: '2026-11-25',
			insideLeadTime: false
		});
		expect(pullDate('2026-12-29', 2, '2026-11-24', CHRISTMAS.holidays)).toEqual({
			pullOn: '2026-12-23',
			insideLeadTime: false
		});
	});

	it('is today when the patient is booked inside the lead time', () => {
		expect(pullDate('2026-11-25', 2, '2026-11-24')).toEqual({
			pullOn: '2026-11-24',
			insideLeadTime: true
		});
		expect(pullDate('2026-11-26', 2, '2026-11-24')).toEqual({
			pullOn: '2026-11-24',
			insideLeadTime: false
		});
	});
});

describe('lateness', () => {
	const clinic = {
		status: 'requested',
		neededBy: at('2026-11-30', '08:30'),
		pullOn: '2026-11-26',
		returnedAt: null
	};

	it('flags a pull not done by the end of its day', () => {
		expect(lateness(clinic, at('2026-11-26', '23:59'), DEFAULT_SLA, LONDON)).toEqual({
			late: false
		});
		const late = lateness(clinic, at('2026-11-27', '00:00'), DEFAULT_SLA, LONDON);
		expect(late).toMatchObject({ late: true, kind: 'pull', message: 'not pulled on 26/11/2026' });
		// once located, the pull is done
		expect(
			lateness({ ...clinic, status: 'located' }, at('2026-11-27', '09:00'), DEFAULT_SLA, LONDON)
		).toEqual({ late: false });
	});

	it('flags notes not delivered by the time they are needed', () => {
		const now = at('2026-11-30', '09:15');
		for (const status of ['requested', 'located', 'dispatched', 'missing']) {
			expect(lateness({ ...clinic, status }, now, DEFAULT_SLA, LONDON)).toMatchObject({
				late: true,
				kind: 'delivery',
				message: 'needed 45 min ago'
			});
		}
		for (const status of ['available', 'temporary', 'filed', 'withdrawn']) {
			expect(lateness({ ...clinic, status }, now, DEFAULT_SLA, LONDON)).toEqual({ late: false });
		}
	});

	it('flags returned notes not filed within the filing SLA', () => {
		const returned = { ...clinic, status: 'returned', returnedAt: at('2026-11-30', '14:00') };
		expect(lateness(returned, at('2026-12-01', '14:00'), DEFAULT_SLA, LONDON)).toEqual({
			late: false
		});
		expect(lateness(returned, at('2026-12-01', '16:30'), DEFAULT_SLA, LONDON)).toMatchObject({
			late: true,
			kind: 'filing',
			message: 'filing overdue by 2 h 30 min'
		});
	});

	it('says how late in words', () => {
		expect(overdueBy(5 * MINUTE)).toBe('5 min');
		expect(overdueBy(3 * HOUR + 10 * MINUTE)).toBe('3 h 10 min');
		expect(overdueBy(52 * HOUR)).toBe('2 d 4 h');
	});
});
