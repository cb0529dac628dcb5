import { describe, expect, it } from 'vitest';
import { projectWaitingList, type Cohort } from './projection';

const base = { census: '2026-06-01', weeks: 3, referralsPerWeek: 0, clockStopsPerWeek: 0 };
const cohort = (days: number, count: number, extra: Partial<Cohort> = {}): Cohort => ({
	days,
	rank: 3,
	bookedWeek: null,
	booked: false,
	count,
	...extra
});

describe('projectWaitingList', () => {
	it('counts a breach in the week a waiting patient passes 126 days, and only then', () => {
		// 120 days: week 1 ends at 127 → breach in week 1; 126 → week 1; 127 → already breached
		const weeks = projectWaitingList({
			...base,
			freeCapacity: [0, 0, 0],
			cohorts: [cohort(120, 1), cohort(126, 2), cohort(127, 4), cohort(119, 8)]
		});
		expect(weeks.map((w) => w.newBreaches)).toEqual([3, 8, 0]);
		expect(weeks.map((w) => w.waiting)).toEqual([15, 15, 15]);
		// week 1 end: 119+7 = 126 still within; week 2: nobody within
		expect(weeks[0].within18Pct).toBeCloseTo((100 * 8) / 15);
		expect(weeks[1].within18Pct).toBe(0);
		expect(weeks.map((w) => w.weekStart)).toEqual(['2026-06-01', '2026-06-08', '2026-06-15']);
	});

	it('removes booked patients in their week and gives free capacity in turn: priority, then wait', () => {
		const weeks = projectWaitingList({
			...base,
			weeks: 2,
			freeCapacity: [2, 0],
			cohorts: [
				cohort(125, 1, { rank: 4 }), // P3, about to breach
				cohort(10, 1, { rank: 3 }), // P2, short wait: first in turn by priority
				cohort(50, 1, { rank: 4 }), // P3, shorter than 125: loses to it
				cohort(126, 1, { rank: 4, booked: true, bookedWeek: 2 })
			]
		});
		// week 1: the P2 and the 125-day P3 take the 2 free places; the booked patient breaches in week 1
		expect(weeks[0].treated).toBe(2);
		expect(weeks[0].newBreaches).toBe(1);
		expect(weeks[1].treated).toBe(1);
		expect(weeks[1].waiting).toBe(1);
	});

	it('uses the clock-stop rate where no sessions exist, and adds referrals part-way through the week', () => {
		const weeks = projectWaitingList({
			...base,
			weeks: 2,
			referralsPerWeek: 5,
			clockStopsPerWeek: 1.5,
			freeCapacity: [null, null],
			cohorts: [cohort(200, 3)]
		});
		expect(weeks[0].treated).toBe(1.5);
		expect(weeks[0].waiting).toBeCloseTo(1.5 + 5);
		expect(weeks[1].treated).toBe(1.5);
		expect(weeks[1].waiting).toBeCloseTo(0 + 10);
		expect(weeks[1].within18Pct).toBe(100);
	});

	it('never books a patient booked beyond the window into free capacity', () => {
		const weeks = projectWaitingList({
			...base,
			weeks: 1,
			freeCapacity: [10],
			cohorts: [cohort(300, 2, { booked: true, bookedWeek: null })]
		});
		expect(weeks[0].treated).toBe(0);
		expect(weeks[0].waiting).toBe(2);
	});

	describe('beyond the booked horizon, with the calibrated model', () => {
		// bins of whole weeks waited: 0, 1 and "2 or more"
		const model = { capacity: [1, 0, 3], renege: [0.1, 0, 0] };

		it("shares the clock-stop rate by the bins' weights and removes reneges at their rates", () => {
			const [week] = projectWaitingList({
				...base,
				weeks: 1,
				clockStopsPerWeek: 8,
				freeCapacity: [null],
				model,
				// 10 in bin 0; 6 + 4 in bin 2 (15 and 30 days): weights c·I = 10, 0, 30
				cohorts: [cohort(3, 10), cohort(15, 6, { rank: 1 }), cohort(30, 4)]
			});
			// treatments 8 · (10, 0, 30) / 40 = 2, 0, 6; reneges 0.1 · 10 = 1
			expect(week.treated).toBeCloseTo(8, 12);
			expect(week.reneged).toBeCloseTo(1, 12);
			expect(week.waiting).toBeCloseTo(20 - 9, 12);
		});

		it('still gives weeks with sessions in turn, and booked patients still leave in their week', () => {
			const weeks = projectWaitingList({
				...base,
				weeks: 2,
				freeCapacity: [1, null],
				model,
				cohorts: [
					cohort(3, 10),
					cohort(30, 4, { rank: 1 }),
					cohort(20, 5, { booked: true, bookedWeek: 2 })
				]
			});
			expect(weeks[0]).toMatchObject({ treated: 1, reneged: 0 });
			// week 2: the 5 booked leave; the rest (10 at 10 days, 3 at 37) by the model with no stops
			expect(weeks[1].treated).toBe(5);
			expect(weeks[1].reneged).toBeCloseTo(0, 12);
		});

		it('never removes more from a bin than it holds', () => {
			const [week] = projectWaitingList({
				...base,
				weeks: 1,
				clockStopsPerWeek: 100,
				freeCapacity: [null],
				model: { capacity: [1, 1, 1], renege: [0.5, 0.5, 0.5] },
				cohorts: [cohort(3, 2), cohort(30, 1)]
			});
			expect(week.treated + week.reneged).toBeCloseTo(3, 12);
			expect(week.waiting).toBeCloseTo(0, 12);
		});
	});
});
