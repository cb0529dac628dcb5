import { describe, expect, it } from 'vitest';
import { waitRisk } from './risk';

describe('waitRisk', () => {
	it.each([
		[0, false, 'ok'],
		[98, false, 'ok'],
		[99, false, 'soon'],
		[126, false, 'soon'],
		[127, false, 'breached'],
		[364, false, 'breached'],
		[365, false, 'high'],
		[10, true, 'high']
	] as const)('%i days, overdue %s is %s', (days, overdue, risk) => {
		expect(waitRisk(days, overdue)).toBe(risk);
	});
});
