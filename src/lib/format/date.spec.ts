import { describe, expect, it } from 'vitest';
import { calendarDate, dateTime, time, ukDate, ukDayDate } from './date';

describe('ukDate', () => {
	it('writes an ISO calendar date day first, as staff expect', () => {
		expect(ukDate('2026-12-06')).toBe('06/12/2026');
		expect(ukDate('1999-01-31')).toBe('31/01/1999');
	});

	it('reads only the calendar part of a local timestamp', () => {
		expect(ukDate('2026-03-29T09:30:00')).toBe('29/03/2026');
	});

	it('shows nothing for no date and leaves what is not a date alone', () => {
		expect(ukDate(null)).toBe('');
		expect(ukDate(undefined)).toBe('');
		expect(ukDate('not booked')).toBe('not booked');
	});
});

describe('ukDayDate', () => {
	it('puts the weekday before the date', () => {
		expect(ukDayDate('2026-12-21')).toBe('Mon 21/12/2026');
		expect(ukDayDate('2024-02-29')).toBe('Thu 29/02/2024');
	});
});

// Issue 13: "Needed by Wed 10 Dec" beside "Late: 361 d ago" read as this week. A date shows its
// year unless it falls within 7 days either side of the trust's today.
const today = '2026-12-07';

describe('calendarDate', () => {
	it('leaves the year off within a week either side of today', () => {
		expect(calendarDate('2026-12-07', today)).toBe('Mon 7 Dec');
		expect(calendarDate('2026-12-14', today)).toBe('Mon 14 Dec');
		expect(calendarDate('2026-11-30', today)).toBe('Mon 30 Nov');
	});

	it('shows the year from the eighth day either side', () => {
		expect(calendarDate('2026-12-15', today)).toBe('Tue 15 Dec 2026');
		expect(calendarDate('2026-11-29', today)).toBe('Sun 29 Nov 2026');
		expect(calendarDate('2025-12-10', today)).toBe('Wed 10 Dec 2025');
	});

	it('counts calendar days across the new year', () => {
		expect(calendarDate('2027-01-02', '2026-12-31')).toBe('Sat 2 Jan');
		expect(calendarDate('2026-12-24', '2027-01-01')).toBe('Thu 24 Dec 2026');
	});
});

describe('dateTime', () => {
	it('shows the year on a time more than a week from today', () => {
		expect(dateTime('2025-12-10T09:30:00Z', 'Europe/London', today)).toBe('Wed 10 Dec 2025, 09:30');
		expect(dateTime('2026-06-01T08:30:00Z', 'Europe/London', today)).toBe('Mon 1 Jun 2026, 09:30');
	});

	it('leaves it off within the week around today', () => {
		expect(dateTime('2026-12-08T09:30:00Z', 'Europe/London', today)).toBe('Tue 8 Dec, 09:30');
	});

	it("takes the day on the trust's clocks, not UTC's", () => {
		// 23:30 UTC on 29 Nov is already 30 Nov in Auckland: the seventh day back there
		expect(dateTime('2026-11-29T23:30:00Z', 'Pacific/Auckland', today)).toBe('Mon 30 Nov, 12:30');
		expect(dateTime('2026-11-29T23:30:00Z', 'UTC', today)).toBe('Sun 29 Nov 2026, 23:30');
	});

	it('refuses a today that is not a date rather than guessing', () => {
		expect(() => dateTime('2026-12-08T09:30:00Z', 'Europe/London', '7 Dec')).toThrow(
			/not an ISO date/
		);
	});
});

describe('time', () => {
	it('is the hour and minute on the trust clocks', () => {
		expect(time('2026-06-01T08:30:00Z', 'Europe/London')).toBe('09:30');
	});
});
