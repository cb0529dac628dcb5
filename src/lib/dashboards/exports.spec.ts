import { describe, expect, it } from 'vitest';
import { exportFilename } from './exports';

describe('exportFilename', () => {
	it('names the file by what the chart holds and the date of its figures', () => {
		expect(exportFilename('Long waiters by specialty', '2026-12-07', 'csv')).toBe(
			'long-waiters-by-specialty-2026-12-07.csv'
		);
		expect(exportFilename('Weeks waited', '2026-12-07', 'png')).toBe('weeks-waited-2026-12-07.png');
	});

	it('keeps letters and digits only, so the name is safe on every system', () => {
		expect(exportFilename('Delivered within SLA, by urgency', '2026-12-07', 'svg')).toBe(
			'delivered-within-sla-by-urgency-2026-12-07.svg'
		);
		expect(exportFilename('Patients over 52–65 weeks / “today”', '2026-12-07', 'csv')).toBe(
			'patients-over-52-65-weeks-today-2026-12-07.csv'
		);
	});
});
