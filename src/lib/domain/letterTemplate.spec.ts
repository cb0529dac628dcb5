import { describe, expect, it } from 'vitest';
import { LETTER_PLACEHOLDERS, fillLetter, unknownPlaceholders } from './letterTemplate';

describe('letter templates', () => {
	it('finds the placeholders a template names that letters do not fill', () => {
		expect(unknownPlaceholders('Dear {patientName}, on {date} at {time}, {place}.')).toEqual([]);
		expect(unknownPlaceholders('Dear {patientNmae}, {date} {colour} {colour}')).toEqual([
			'patientNmae',
			'colour'
		]);
	});
	it('fills every placeholder it knows, wherever it appears', () => {
		const values = Object.fromEntries(LETTER_PLACEHOLDERS.map((p) => [p, `<${p}>`])) as Record<
			(typeof LETTER_PLACEHOLDERS)[number],
			string
		>;
		expect(
			fillLetter('{patientName} {date} {patientName}', { ...values, patientName: 'Ann' })
		).toBe('Ann <date> Ann');
	});
	it('leaves text in braces that is no placeholder name alone', () => {
		expect(unknownPlaceholders('a { spaced } brace and {}')).toEqual([]);
	});
});
