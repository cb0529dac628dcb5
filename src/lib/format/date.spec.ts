import { describe, expect, it } from 'vitest';
import { ukDate, ukDayDate } from './date';

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
