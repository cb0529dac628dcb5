import { describe, expect, it } from 'vitest';
import { mondayOf } from './snapshots';

describe('mondayOf', () => {
	it('gives the Monday on or before a date, across month and year ends', () => {
		expect(mondayOf('2026-11-23')).toBe('2026-11-23'); // a Monday
		expect(mondayOf('2026-11-24')).toBe('2026-11-23');
		expect(mondayOf('2026-11-29')).toBe('2026-11-23'); // Sunday
		expect(mondayOf('2026-01-01')).toBe('2025-12-29');
		expect(mondayOf('2024-03-03')).toBe('2024-02-26'); // leap year
	});
});
