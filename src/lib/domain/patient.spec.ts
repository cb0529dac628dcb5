import { describe, expect, it } from 'vitest';
import { nameAsShown, patientName } from './patient';

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
