import { describe, expect, it } from 'vitest';
import { isSctid } from './snomed';
import { SNOMED_TERMS, searchSnomedTerms, type SnomedTerm } from './snomedTerms';

const names = (found: SnomedTerm[]) => found.map((t) => t.term);

describe('the bundled SNOMED CT terms', () => {
	it('are a few hundred, each a valid concept id (Verhoeff check digit, concept partition)', () => {
		expect(SNOMED_TERMS.length).toBeGreaterThanOrEqual(150);
		expect(SNOMED_TERMS.length).toBeLessThanOrEqual(300);
		// an SCTID's last digit is its Verhoeff check digit; the two before it are the partition,
		// "00" for a concept of the international release (a description or relationship id is not
		// a code a summariser can use)
		const wrong = SNOMED_TERMS.filter((t) => !isSctid(t.code) || t.code.slice(-3, -1) !== '00');
		expect(wrong).toEqual([]);
	});

	it('name each code once and each term once', () => {
		expect(new Set(SNOMED_TERMS.map((t) => t.code)).size).toBe(SNOMED_TERMS.length);
		const terms = SNOMED_TERMS.map((t) => t.term.toLowerCase());
		expect(new Set(terms).size).toBe(terms.length);
	});

	it('include the codes the summarising tests and the editor rely on', () => {
		const byCode = new Map(SNOMED_TERMS.map((t) => [t.code, t.term]));
		expect(byCode.get('195967001')).toBe('Asthma');
		expect(byCode.get('38341003')).toBe('Hypertension');
		expect(byCode.get('716186003')).toBe('No known allergy');
	});
});

describe('searchSnomedTerms', () => {
	it('finds by word prefix, ignoring case, the term that starts with it first', () => {
		expect(names(searchSnomedTerms('asth'))).toEqual(['Asthma', 'Allergic asthma']);
		expect(names(searchSnomedTerms('ASTH'))).toEqual(['Asthma', 'Allergic asthma']);
	});

	it('needs every word typed to start a word of the term, in any order', () => {
		expect(names(searchSnomedTerms('type 2 diab'))).toEqual(['Type 2 diabetes mellitus']);
		expect(names(searchSnomedTerms('diab type 2'))).toEqual(['Type 2 diabetes mellitus']);
		expect(names(searchSnomedTerms('knee repl'))).toEqual(['Total knee replacement']);
		// inside a word is not a match: "thma" is no word's start
		expect(searchSnomedTerms('thma')).toEqual([]);
	});

	it('ranks a first-word match before a later-word one, shorter before longer', () => {
		const terms: SnomedTerm[] = [
			{ code: '1', term: 'Acute heart failure', kind: 'disorder' },
			{ code: '2', term: 'Heart failure with a long name', kind: 'disorder' },
			{ code: '3', term: 'Heart failure', kind: 'disorder' },
			{ code: '4', term: 'Hearing loss', kind: 'disorder' }
		];
		expect(names(searchSnomedTerms('heart', 8, terms))).toEqual([
			'Heart failure',
			'Heart failure with a long name',
			'Acute heart failure'
		]);
		expect(names(searchSnomedTerms('hea', 8, terms))).toEqual([
			'Hearing loss',
			'Heart failure',
			'Heart failure with a long name',
			'Acute heart failure'
		]);
	});

	it('finds by the start of a code, stops at the limit, and finds nothing for nothing typed', () => {
		expect(searchSnomedTerms('1959670')).toEqual([
			{ code: '195967001', term: 'Asthma', kind: 'disorder' }
		]);
		expect(searchSnomedTerms('c', 5)).toHaveLength(5);
		expect(searchSnomedTerms('  ')).toEqual([]);
	});
});
