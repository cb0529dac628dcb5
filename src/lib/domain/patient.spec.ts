import { describe, expect, it } from 'vitest';
import { ageOn, nameAsShown, parsePatientSearch, patientName } from './patient';

describe('nameAsShown', () => {
	it('reads back what patientName shows', () => {
		const shown = patientName({ familyName: 'Simpson', givenName: 'Grace' });
		expect(nameAsShown(shown)).toEqual({ family: 'SIMPSON', givenStart: 'Grace' });
	});

	it('takes the start of a given name, or none, and trims', () => {
		expect(nameAsShown('  simpson ,  gra ')).toEqual({ family: 'simpson', givenStart: 'gra' });
		expect(nameAsShown('Simpson,')).toEqual({ family: 'Simpson', givenStart: '' });
	});

	it('is no name search without a comma or a surname', () => {
		expect(nameAsShown('Simpson Grace')).toBeNull();
		expect(nameAsShown(', Grace')).toBeNull();
	});
});

describe('ageOn', () => {
	it('counts whole years, a birthday reached on the day itself', () => {
		expect(ageOn('1980-06-15', '2026-06-14')).toBe(45);
		expect(ageOn('1980-06-15', '2026-06-15')).toBe(46);
		expect(ageOn('1980-06-15', '2026-12-31')).toBe(46);
		expect(ageOn('2026-06-15', '2026-06-15')).toBe(0);
	});

	it('puts a 29 February birthday on 1 March in a common year, on the day in a leap year', () => {
		expect(ageOn('2000-02-29', '2027-02-28')).toBe(26);
		expect(ageOn('2000-02-29', '2027-03-01')).toBe(27);
		expect(ageOn('2000-02-29', '2028-02-28')).toBe(27);
		expect(ageOn('2000-02-29', '2028-02-29')).toBe(28);
		// 2100 is not a leap year (divisible by 100, not 400)
		expect(ageOn('2096-02-29', '2100-02-28')).toBe(3);
		expect(ageOn('2096-02-29', '2100-03-01')).toBe(4);
	});

	it('refuses what is not a date, naming which', () => {
		expect(() => ageOn('1980-02-30', '2026-01-01')).toThrow(/dateOfBirth/);
		expect(() => ageOn('1980-02-01', '01/01/2026')).toThrow(/on:/);
	});
});

describe('parsePatientSearch', () => {
	it.each([
		['943 476 5919', { kind: 'nhs-number', nhsNumber: '9434765919' }],
		['9434765919', { kind: 'nhs-number', nhsNumber: '9434765919' }],
		[' 943-476-5919 ', { kind: 'nhs-number', nhsNumber: '9434765919' }],
		['5919', { kind: 'nhs-last-4', digits: '5919' }],
		['h1234567', { kind: 'hospital-number', hospitalNumber: 'H1234567' }],
		['RX123456', { kind: 'hospital-number', hospitalNumber: 'RX123456' }],
		['07/03/1952', { kind: 'date-of-birth', dateOfBirth: '1952-03-07' }],
		['7/3/1952', { kind: 'date-of-birth', dateOfBirth: '1952-03-07' }],
		['1952-03-07', { kind: 'date-of-birth', dateOfBirth: '1952-03-07' }],
		['29/02/2000', { kind: 'date-of-birth', dateOfBirth: '2000-02-29' }],
		['SIMPSON, Grace', { kind: 'name', family: 'SIMPSON', givenStart: 'Grace' }],
		['simpson', { kind: 'text', text: 'simpson' }],
		// an OPCS code is a procedure search, not a hospital number
		['W371', { kind: 'text', text: 'W371' }],
		['12345', { kind: 'text', text: '12345' }]
	] as const)('reads %j', (typed, expected) => {
		expect(parsePatientSearch(typed)).toEqual(expected);
	});

	it.each(['31/02/1980', '29/02/2001', '1980-13-01', '00/01/1980'])(
		'refuses %s as no calendar date, saying what was typed',
		(typed) => {
			expect(parsePatientSearch(typed)).toEqual({
				kind: 'invalid',
				message: `${typed} is not a date (dd/mm/yyyy)`
			});
		}
	);

	it('reads US order as what it says in UK order, never swapping day and month', () => {
		expect(parsePatientSearch('03/07/1952')).toEqual({
			kind: 'date-of-birth',
			dateOfBirth: '1952-07-03'
		});
	});
});
