import { describe, expect, it } from 'vitest';
import type { Allocation } from '../contracts/planner/doc';
import type { ShownPathway } from '../contracts/planner/reference';
import { waitCounts } from './views';

const watched = (
	id: number,
	priority: string | null,
	weekBand: number,
	bookedSessionId: number | null = null
): ShownPathway => ({
	id,
	listType: 'outpatient',
	priority,
	weekBand,
	risk: 'ok',
	minutes: 30,
	slotType: null,
	clinicianId: null,
	bookedSessionId
});
const placed: Allocation = { sessionId: 1, by: { id: 1, name: 'C' }, at: '2026-01-01T00:00:00Z' };

describe('waitCounts', () => {
	it('counts patients waiting by priority and weeks waited, and those the board places', () => {
		const rows = waitCounts(
			[
				watched(1, 'P4', 18),
				watched(2, 'P4', 19),
				watched(3, 'P2', 53),
				watched(4, null, 52),
				watched(5, 'P2', 3, 9),
				watched(6, 'P2', 3, 9)
			],
			new Map([
				[2, placed],
				[6, placed]
			])
		);
		// patient 5 is booked outside the board and not moved here: not waiting
		expect(rows).toEqual([
			{ priority: 'P2', waiting: [1, 0, 1], planned: 1 },
			{ priority: 'P4', waiting: [1, 1, 0], planned: 1 },
			{ priority: 'None', waiting: [0, 1, 0], planned: 0 }
		]);
	});
});
