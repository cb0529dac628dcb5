import { describe, expect, it } from 'vitest';
import { sentence, summarisingItemLabel } from './summarisingItem';

describe('summarisingItemLabel', () => {
	it('names an item by its letter and patient, or by its source when it has no letter', () => {
		expect(
			summarisingItemLabel({
				patient: 'PARKER, Maria',
				source: 'clinic letter',
				documentTitle: 'ENT outpatient clinic letter'
			})
		).toBe('the ENT outpatient clinic letter for PARKER, Maria');
		expect(summarisingItemLabel({ patient: 'SUMMARY, Sam', source: 'new registration' })).toBe(
			'the new registration for SUMMARY, Sam'
		);
		expect(
			sentence(summarisingItemLabel({ patient: 'SUMMARY, Sam', source: 'external records' }))
		).toBe('The external records for SUMMARY, Sam');
	});
});
