import { describe, expect, it } from 'vitest';
import { counted, noun } from './plural';

// Issue 13: "Booked 1 patients". One helper decides the noun, so no screen writes a fixed plural.
describe('noun', () => {
	it('is singular for exactly one and plural otherwise, nought included', () => {
		expect(noun(1, 'patient')).toBe('patient');
		expect(noun(0, 'patient')).toBe('patients');
		expect(noun(2, 'patient')).toBe('patients');
		expect(noun(1.5, 'day')).toBe('days');
		expect(noun(-1, 'day')).toBe('days');
	});

	it('takes an irregular plural', () => {
		expect(noun(1, 'summary', 'summaries')).toBe('summary');
		expect(noun(3, 'summary', 'summaries')).toBe('summaries');
	});
});

describe('counted', () => {
	it('writes the count before its noun', () => {
		expect(counted(1, 'patient')).toBe('1 patient');
		expect(counted(12, 'patient')).toBe('12 patients');
		expect(counted(0, 'move')).toBe('0 moves');
		expect(counted(1, 'person', 'people')).toBe('1 person');
		expect(counted(4, 'person', 'people')).toBe('4 people');
	});
});
