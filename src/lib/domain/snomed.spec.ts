import { describe, expect, it } from 'vitest';
import {
	NO_KNOWN_ALLERGY,
	SUMMARY_ALLERGIES,
	SUMMARY_LETTERS,
	SUMMARY_MEDICATIONS,
	SUMMARY_PROBLEMS,
	SUMMARY_PROCEDURES
} from '../../../db/demo/catalogue';
import { isSctid, verhoeffValid } from './snomed';

describe('SNOMED CT identifiers', () => {
	it('accepts the codes summarisers use', () => {
		const all = [
			...SUMMARY_PROBLEMS,
			...SUMMARY_PROCEDURES,
			...SUMMARY_MEDICATIONS,
			...SUMMARY_ALLERGIES,
			...SUMMARY_LETTERS,
			NO_KNOWN_ALLERGY
		];
		for (const e of all) expect(isSctid(e.code), `${e.code} ${e.term}`).toBe(true);
	});

	it('catches a mistyped digit or swapped neighbours', () => {
		expect(isSctid('38341003')).toBe(true); // hypertension
		expect(isSctid('38341004')).toBe(false);
		expect(isSctid('38431003')).toBe(false);
		expect(verhoeffValid('2363')).toBe(true); // the textbook Verhoeff example: 236 → check digit 3
		expect(verhoeffValid('2364')).toBe(false);
	});

	it('wants 6 to 18 digits and no leading zero', () => {
		expect(isSctid('12345')).toBe(false);
		expect(isSctid('0383410030')).toBe(false);
		expect(isSctid('3834100a')).toBe(false);
		expect(isSctid('1'.repeat(19))).toBe(false);
	});
});
