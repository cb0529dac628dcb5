import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	isoShapedDate,
	addDays,
	clockFacts,
	dayNumber,
	daysWaited,
	formatNhsNumber,
	isOverWeeks,
	isValidNhsNumber,
	isWithin18Weeks,
	maskNhsNumber,
	nhsCheckDigit,
	priorityDueDate,
	priorityRank,
	rttDeadline,
	validationDueDate,
	weekBand
} from './rtt';

describe('daysWaited', () => {
	it('counts whole calendar days', () => {
		expect(daysWaited('2026-01-01', '2026-01-01')).toBe(0);
		expect(daysWaited('2026-01-01', '2026-01-02')).toBe(1);
		expect(daysWaited('2025-12-31', '2026-01-01')).toBe(1);
		expect(daysWaited('2024-02-28', '2024-03-01')).toBe(2); // leap year
		expect(daysWaited('2025-02-28', '2025-03-01')).toBe(1);
		expect(daysWaited('2026-01-10', '2026-01-05')).toBe(-5);
	});

	describe.each(['UTC', 'Europe/London', 'America/New_York', 'Australia/Sydney'])(
		'in TZ %s',
		(tz) => {
			let saved: string | undefined;
			beforeEach(() => {
				saved = process.env.TZ;
				process.env.TZ = tz;
			});
			afterEach(() => {
				process.env.TZ = saved;
			});

			it('is not shifted by the late-March clock change (BST starts 2026-03-29)', () => {
				expect(daysWaited('2026-03-28', '2026-03-29')).toBe(1);
				expect(daysWaited('2026-03-29', '2026-03-30')).toBe(1);
				expect(daysWaited('2026-03-01', '2026-04-30')).toBe(60);
				expect(daysWaited('2025-03-30', '2025-03-31')).toBe(1);
			});

			it('is not shifted by the late-October clock change (BST ends 2026-10-25)', () => {
				expect(daysWaited('2026-10-24', '2026-10-25')).toBe(1);
				expect(daysWaited('2026-10-25', '2026-10-26')).toBe(1);
				expect(daysWaited('2026-10-01', '2026-11-30')).toBe(60);
				expect(daysWaited('2025-10-26', '2025-10-27')).toBe(1);
			});

			it('adds days across both clock changes', () => {
				expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
				expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
				expect(rttDeadline('2026-02-01')).toBe('2026-06-07');
			});
		}
	);

	it('rejects what is not a calendar date', () => {
		expect(() => daysWaited('2026-02-30', '2026-03-01')).toThrow(/calendar date/);
		expect(() => daysWaited('2026-1-5', '2026-03-01')).toThrow(/ISO date/);
		expect(() => dayNumber('2026-01-05T10:00:00Z')).toThrow(/ISO date/);
	});
});

describe('weekBand', () => {
	it.each([
		[0, 1],
		[1, 1],
		[7, 1],
		[8, 2],
		[120, 18],
		[126, 18],
		[127, 19],
		[364, 52],
		[365, 53],
		[455, 65],
		[456, 66],
		[728, 104],
		[729, 105]
	])('%i days is band %i', (days, band) => {
		expect(weekBand(days)).toBe(band);
	});
});

describe('isOverWeeks', () => {
	it.each([
		[0, 18, false],
		[126, 18, false],
		[127, 18, true],
		[364, 52, false],
		[365, 52, true],
		[455, 65, false],
		[456, 65, true],
		[546, 78, false],
		[547, 78, true],
		[728, 104, false],
		[729, 104, true]
	])('%i days over %i weeks is %s', (days, weeks, over) => {
		expect(isOverWeeks(days, weeks)).toBe(over);
	});

	it('within 18 weeks is days <= 126', () => {
		expect(isWithin18Weeks(126)).toBe(true);
		expect(isWithin18Weeks(127)).toBe(false);
		expect(isWithin18Weeks(0)).toBe(true);
	});
});

describe('priorityRank', () => {
	it('puts P1a first, P4 fifth and a missing or unknown priority after them all', () => {
		expect(['P1a', 'P1b', 'P2', 'P3', 'P4'].map(priorityRank)).toEqual([1, 2, 3, 4, 5]);
		expect(priorityRank(null)).toBe(6);
		expect(priorityRank(undefined)).toBe(6);
		expect(priorityRank('P9')).toBe(6);
	});
});

describe('rttDeadline', () => {
	it('is clock start + 126 days, the last day within 18 weeks', () => {
		expect(rttDeadline('2026-01-01')).toBe('2026-05-07');
		expect(daysWaited('2026-01-01', rttDeadline('2026-01-01'))).toBe(126);
		expect(isWithin18Weeks(daysWaited('2026-01-01', rttDeadline('2026-01-01')))).toBe(true);
		expect(rttDeadline('2025-12-01')).toBe('2026-04-06');
	});
});

describe('priorityDueDate', () => {
	it.each([
		['P1a', '2026-01-11'],
		['P1b', '2026-01-13'],
		['P2', '2026-02-07'],
		['P3', '2026-04-11'],
		['P4', null]
	] as const)('%s from 2026-01-10 is due %s', (priority, due) => {
		expect(priorityDueDate('2026-01-10', priority)).toBe(due);
	});

	it('crosses month, year and clock-change boundaries by calendar days', () => {
		expect(priorityDueDate('2025-12-31', 'P1a')).toBe('2026-01-01');
		expect(priorityDueDate('2026-03-27', 'P1b')).toBe('2026-03-30');
		expect(priorityDueDate('2026-10-01', 'P2')).toBe('2026-10-29');
	});
});

describe('validationDueDate', () => {
	it('is the first of 12/26/52 weeks not yet covered by a validation', () => {
		expect(validationDueDate('2026-01-01', null)).toBe('2026-03-26'); // +84
		expect(validationDueDate('2026-01-01', '2026-03-26')).toBe('2026-07-02'); // +182
		expect(validationDueDate('2026-01-01', '2026-07-02')).toBe('2026-12-31'); // +364
		expect(validationDueDate('2026-01-01', '2027-01-05')).toBeNull();
		// a validation before the 12-week point does not cover it
		expect(validationDueDate('2026-01-01', '2026-02-01')).toBe('2026-03-26');
	});
});

describe('NHS number', () => {
	it('accepts the documented valid example, plain or spaced 3-3-4', () => {
		expect(isValidNhsNumber('9434765919')).toBe(true);
		expect(isValidNhsNumber('943 476 5919')).toBe(true);
	});

	it('rejects a wrong check digit', () => {
		expect(isValidNhsNumber('9434765918')).toBe(false);
		expect(isValidNhsNumber('9990000018')).toBe(true);
		expect(isValidNhsNumber('9990000017')).toBe(false);
	});

	it('treats check 11 as 0', () => {
		// 100000000: sum 10, r = 10, check 1; 000000000: sum 0, r = 0, check 11 -> 0
		expect(nhsCheckDigit('000000000')).toBe(0);
		expect(isValidNhsNumber('0000000000')).toBe(true);
		expect(isValidNhsNumber('1000000001')).toBe(true);
	});

	it('rejects numbers whose check would be 10, whatever the last digit', () => {
		expect(nhsCheckDigit('123456789')).toBeNull();
		for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(`123456789${d}`)).toBe(false);
	});

	it('rejects wrong shapes', () => {
		for (const bad of [
			'',
			'943476591',
			'94347659190',
			'943-476-5919',
			'94 3476 5919',
			'943 4765919',
			' 9434765919',
			'943476591X',
			'９４３４７６５９１９'
		]) {
			expect(isValidNhsNumber(bad), bad).toBe(false);
		}
	});

	it('formats and masks for display', () => {
		expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
		expect(maskNhsNumber('943 476 5919')).toBe('*** *** 5919');
	});
});

describe('clockFacts', () => {
	it('gives the wait, band and deadlines on a census date', () => {
		expect(clockFacts('2026-01-01', 'P2', '2026-03-01', '2026-05-08')).toEqual({
			daysWaited: 127,
			weekBand: 19,
			rttDeadline: '2026-05-07',
			priorityDue: '2026-03-29'
		});
		expect(clockFacts('2026-01-01', 'P4', '2026-03-01', '2026-01-01').priorityDue).toBeNull();
		expect(clockFacts('2026-01-01', null, null, '2026-01-01')).toMatchObject({
			daysWaited: 0,
			weekBand: 1,
			priorityDue: null
		});
	});
});

describe('isoShapedDate', () => {
	it('reads UK dd/mm/yyyy (one-digit day and month too) and ISO; anything else is null', () => {
		expect(isoShapedDate('04/05/1970')).toBe('1970-05-04');
		expect(isoShapedDate('4/5/1970')).toBe('1970-05-04');
		expect(isoShapedDate('1970-05-04')).toBe('1970-05-04');
		expect(isoShapedDate('31/02/2026')).toBe('2026-02-31');
		expect(isoShapedDate('1970/05/04')).toBeNull();
		expect(isoShapedDate('4 May 1970')).toBeNull();
	});
});
