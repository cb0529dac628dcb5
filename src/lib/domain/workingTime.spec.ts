import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	addWorkingDays,
	dayOfWeek,
	isTimeZone,
	isWorkingDay,
	minutesOf,
	timeOfMinutes,
	mondayOf,
	nextWorkingDayFrom,
	wallClock,
	wallDate,
	wallTime,
	workingDaysBetween
} from './workingTime';

// England and Wales bank holidays over Christmas 2026 (Boxing Day falls on a Saturday).
const CHRISTMAS_2026 = new Set(['2026-12-25', '2026-12-28']);
const utc = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h, min);

describe('the working-day calendar', () => {
	it('knows the days of the week', () => {
		expect(dayOfWeek('2026-11-23')).toBe(1); // Monday
		expect(dayOfWeek('2026-11-28')).toBe(6);
		expect(dayOfWeek('2026-11-29')).toBe(0);
		expect(dayOfWeek('1970-01-01')).toBe(4);
		expect(dayOfWeek('1969-12-31')).toBe(3);
	});

	it('counts weekends and listed bank holidays as non-working', () => {
		expect(isWorkingDay('2026-11-27')).toBe(true);
		expect(isWorkingDay('2026-11-28')).toBe(false);
		expect(isWorkingDay('2026-11-29')).toBe(false);
		expect(isWorkingDay('2026-12-25')).toBe(true); // no holiday list: a Friday like any other
		expect(isWorkingDay('2026-12-25', CHRISTMAS_2026)).toBe(false);
		expect(nextWorkingDayFrom('2026-12-25', CHRISTMAS_2026)).toBe('2026-12-29');
		expect(nextWorkingDayFrom('2026-12-24', CHRISTMAS_2026)).toBe('2026-12-24');
	});

	it('moves forward and back by working days', () => {
		expect(addWorkingDays('2026-11-24', 2)).toBe('2026-11-26'); // Tue → Thu
		expect(addWorkingDays('2026-11-26', 2)).toBe('2026-11-30'); // Thu → Mon, over the weekend
		expect(addWorkingDays('2026-11-30', -2)).toBe('2026-11-26'); // Mon → Thu before
		expect(addWorkingDays('2026-11-28', -2)).toBe('2026-11-26'); // two before a Saturday clinic
		expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30');
		expect(addWorkingDays('2026-11-24', 0)).toBe('2026-11-24');
		expect(addWorkingDays('2026-12-24', 1, CHRISTMAS_2026)).toBe('2026-12-29');
		expect(addWorkingDays('2026-12-29', -2, CHRISTMAS_2026)).toBe('2026-12-23');
		expect(() => addWorkingDays('2026-11-24', 1.5)).toThrow(RangeError);
	});

	it('counts working days between two dates', () => {
		expect(workingDaysBetween('2026-11-24', '2026-11-24')).toBe(0);
		expect(workingDaysBetween('2026-11-27', '2026-11-30')).toBe(1);
		expect(workingDaysBetween('2026-12-21', '2026-12-31', CHRISTMAS_2026)).toBe(6);
		expect(workingDaysBetween('2026-11-30', '2026-11-24')).toBe(0);
		for (const n of [1, 2, 3, 7, 12]) {
			const to = addWorkingDays('2026-12-18', n, CHRISTMAS_2026);
			expect(workingDaysBetween('2026-12-18', to, CHRISTMAS_2026)).toBe(n);
		}
	});

	it('reads times of day', () => {
		expect(minutesOf('08:30')).toBe(510);
		expect(minutesOf('13:45:00')).toBe(825);
		expect(timeOfMinutes(510)).toBe('08:30');
		expect(timeOfMinutes(5)).toBe('00:05');
		expect(timeOfMinutes(minutesOf('23:59'))).toBe('23:59');
	});
});

describe.each(['UTC', 'Europe/London', 'America/New_York', 'Australia/Sydney'])(
	'wall-clock time, process TZ %s',
	(tz) => {
		let saved: string | undefined;
		beforeEach(() => {
			saved = process.env.TZ;
			process.env.TZ = tz;
		});
		afterEach(() => {
			process.env.TZ = saved;
		});

		it('puts 08:30 in London at 08:30 GMT in winter and 07:30 UTC in summer', () => {
			expect(wallTime('2026-11-24', 510)).toBe(utc(2026, 11, 24, 8, 30));
			expect(wallTime('2026-06-30', 510)).toBe(utc(2026, 6, 30, 7, 30));
			// either side of the changes (BST from 29 March, GMT from 25 October 2026)
			expect(wallTime('2026-03-27', 510)).toBe(utc(2026, 3, 27, 8, 30));
			expect(wallTime('2026-03-30', 510)).toBe(utc(2026, 3, 30, 7, 30));
			expect(wallTime('2026-10-23', 510)).toBe(utc(2026, 10, 23, 7, 30));
			expect(wallTime('2026-10-26', 510)).toBe(utc(2026, 10, 26, 8, 30));
		});

		it('reads a time the clocks skip as an hour later', () => {
			// 01:30 on 29 March 2026 does not exist in London: 02:30 BST is 01:30 UTC
			expect(wallTime('2026-03-29', 90)).toBe(utc(2026, 3, 29, 1, 30));
		});

		it('gives the London date and minute of an instant', () => {
			expect(wallClock(utc(2026, 6, 30, 23, 30))).toEqual({ date: '2026-07-01', minute: 30 });
			expect(wallClock(utc(2026, 12, 31, 23, 30))).toEqual({
				date: '2026-12-31',
				minute: 23 * 60 + 30
			});
			expect(wallDate(utc(2026, 3, 28, 23, 59))).toBe('2026-03-28');
			expect(wallDate(utc(2026, 3, 28, 23, 59), 'America/New_York')).toBe('2026-03-28');
			expect(wallDate(utc(2026, 3, 28, 23, 59), 'Australia/Sydney')).toBe('2026-03-29');
		});

		it('round-trips every quarter hour around the changes, but for the hour the clocks skip', () => {
			// The spring-forward hour does not exist on the trust's clocks: it reads as the hour after.
			const skipped: Record<string, [string, number]> = {
				'Europe/London': ['2026-03-29', 60],
				'America/New_York': ['2026-03-08', 120]
			};
			for (const zone of ['Europe/London', 'America/New_York']) {
				for (const date of [
					'2026-03-08',
					'2026-03-27',
					'2026-03-29',
					'2026-03-30',
					'2026-10-23',
					'2026-10-25',
					'2026-10-26',
					'2026-11-01'
				]) {
					for (let minute = 0; minute < 24 * 60; minute += 15) {
						const [gapDate, gapStart] = skipped[zone];
						const inGap = date === gapDate && minute >= gapStart && minute < gapStart + 60;
						expect(wallClock(wallTime(date, minute, zone), zone)).toEqual({
							date,
							minute: inGap ? minute + 60 : minute
						});
					}
				}
			}
		});
	}
);

it('knows which time zones exist', () => {
	expect(isTimeZone('Europe/London')).toBe(true);
	expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
});

describe('today on the trust clocks', () => {
	it('is the calendar date where the trust is, not in UTC', () => {
		// 23:30 UTC on 30 June is 00:30 BST on 1 July
		expect(wallDate(Date.parse('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
		// in winter London is on UTC
		expect(wallDate(Date.parse('2026-12-31T23:30:00Z'), 'Europe/London')).toBe('2026-12-31');
		expect(wallDate(Date.parse('2026-06-30T23:30:00Z'), 'UTC')).toBe('2026-06-30');
		// a day ahead of London (UTC+14) and a day behind it (UTC−11)
		expect(wallDate(Date.parse('2026-12-07T12:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-12-08');
		expect(wallDate(Date.parse('2026-12-07T06:00:00Z'), 'Pacific/Pago_Pago')).toBe('2026-12-06');
	});
});

describe('mondayOf', () => {
	it('gives the Monday on or before a date, across month and year ends', () => {
		expect(mondayOf('2026-11-23')).toBe('2026-11-23'); // a Monday
		expect(mondayOf('2026-11-24')).toBe('2026-11-23');
		expect(mondayOf('2026-11-29')).toBe('2026-11-23'); // Sunday
		expect(mondayOf('2026-01-01')).toBe('2025-12-29');
		expect(mondayOf('2024-03-03')).toBe('2024-02-26'); // leap year
		expect(mondayOf('1970-01-01')).toBe('1969-12-29'); // before day 0
	});
});
