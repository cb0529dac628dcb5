/**
 * A 12-week projection of the waiting list, for the breach-risk dashboard. Deliberately simple
 * and stated in full, so a manager can say why the line bends:
 *
 * 1. Start from today's open pathways, each with its days waited, priority and (if booked) the
 *    projected week of its appointment.
 * 2. Each week, booked patients leave in the week of their appointment; then the week's remaining
 *    session capacity (in patients) is given to unbooked patients in turn: clinical priority
 *    first, then longest wait (DOMAIN.md, "Treat in turn"). Weeks with no sessions set up yet
 *    (beyond the booked horizon) use the recent weekly rate of clock stops instead, shared out by
 *    the demand and capacity model calibrated on the list's own recent weeks when one is given
 *    (capacity-model.md: treatments by each week-waited bin's weight, and the bin's renege rate
 *    removing those validated off or no longer waiting); without one, in turn as above.
 * 3. Everyone left waits 7 days more; those passing 126 days that week are the week's new breaches.
 * 4. New referrals join at the recent weekly rate, part-way through the week.
 *
 * Counts are expected values, so they may be fractional until rounded for display.
 */
import type { BinParams } from './capacity/project';
import { addDays, RTT_STANDARD_DAYS } from './rtt';

export interface Cohort {
	/** Days waited at the census date. */
	days: number;
	/** 1 = P1a … 5 = P4, 6 = no priority recorded (booked last among equals). */
	rank: number;
	/** The projected week (1-based) of a live booking; null when unbooked or booked beyond the window. */
	bookedWeek: number | null;
	/** True when booked, even beyond the window (such patients take no free capacity). */
	booked: boolean;
	count: number;
}

export interface ProjectionInput {
	census: string;
	weeks: number;
	cohorts: readonly Cohort[];
	/** Free capacity per week in patients; null where no sessions exist yet. Index 0 = week 1. */
	freeCapacity: readonly (number | null)[];
	referralsPerWeek: number;
	clockStopsPerWeek: number;
	/** Weekly-bin model parameters (bin = whole weeks waited, the last open) for weeks without sessions. */
	model?: BinParams | null;
}

export interface ProjectedWeek {
	weekStart: string;
	waiting: number;
	within18Pct: number | null;
	newBreaches: number;
	treated: number;
	/** Removed other than by treatment (the model's reneges; 0 in weeks with sessions). */
	reneged: number;
	referrals: number;
}

/** New referrals arrive through the week: on average half-way. */
const REFERRAL_DAYS_AT_WEEK_END = 3;

export function projectWaitingList(input: ProjectionInput): ProjectedWeek[] {
	let groups = input.cohorts.filter((c) => c.count > 0).map((c) => ({ ...c }));
	const result: ProjectedWeek[] = [];
	for (let week = 1; week <= input.weeks; week++) {
		let treated = 0;
		// 1. appointments that fall in this week
		for (const g of groups) {
			if (g.bookedWeek === week) {
				treated += g.count;
				g.count = 0;
			}
		}
		// 2. free capacity: in turn (priority first, then longest wait), or beyond the booked horizon
		// by the calibrated model
		const sessions = input.freeCapacity[week - 1] ?? null;
		const unbooked = groups.filter((g) => !g.booked && g.count > 0);
		let reneged = 0;
		if (sessions === null && input.model) {
			const removed = byModel(unbooked, input.clockStopsPerWeek, input.model);
			treated += removed.treated;
			reneged = removed.reneged;
		} else {
			let free = sessions ?? input.clockStopsPerWeek;
			for (const g of unbooked.sort((a, b) => a.rank - b.rank || b.days - a.days)) {
				if (free <= 0) break;
				const take = Math.min(free, g.count);
				g.count -= take;
				free -= take;
				treated += take;
			}
		}
		groups = groups.filter((g) => g.count > 1e-9);
		// 3. a week's waiting: who passes 18 weeks while still on the list
		let newBreaches = 0;
		for (const g of groups) {
			if (g.days <= RTT_STANDARD_DAYS && g.days + 7 > RTT_STANDARD_DAYS) newBreaches += g.count;
			g.days += 7;
		}
		// 4. referrals
		if (input.referralsPerWeek > 0) {
			groups.push({
				days: REFERRAL_DAYS_AT_WEEK_END,
				rank: 6,
				bookedWeek: null,
				booked: false,
				count: input.referralsPerWeek
			});
		}
		let waiting = 0;
		let within = 0;
		for (const g of groups) {
			waiting += g.count;
			if (g.days <= RTT_STANDARD_DAYS) within += g.count;
		}
		result.push({
			weekStart: addDays(input.census, 7 * (week - 1)),
			waiting,
			within18Pct: waiting > 0 ? (100 * within) / waiting : null,
			newBreaches,
			treated,
			reneged,
			referrals: input.referralsPerWeek
		});
	}
	return result;
}

/**
 * One week's removals by the model (capacity-model.md steps 2–3) from the unbooked groups: per bin
 * of whole weeks waited, reneges `r[m]·I[m]` and treatments `T·c[m]·I[m] / Σ c·I`, taken from each
 * group in proportion to its share of the bin; a bin never loses more than it holds.
 */
function byModel(
	groups: { days: number; count: number }[],
	treatments: number,
	model: BinParams
): { treated: number; reneged: number } {
	const open = model.capacity.length - 1;
	const bin = (days: number) => Math.min(Math.floor(days / 7), open);
	const inflow = new Array<number>(open + 1).fill(0);
	for (const g of groups) inflow[bin(g.days)] += g.count;
	let weight = 0;
	for (let m = 0; m <= open; m++) weight += Math.max(model.capacity[m], 0) * inflow[m];
	let treated = 0;
	let reneged = 0;
	for (const g of groups) {
		const m = bin(g.days);
		const share = g.count / inflow[m];
		const x = weight > 0 ? (treatments * Math.max(model.capacity[m], 0) * inflow[m]) / weight : 0;
		const r = Math.max(model.renege[m], 0) * inflow[m];
		const scale = Math.min(1, inflow[m] / (x + r || 1));
		treated += x * scale * share;
		reneged += r * scale * share;
		g.count -= (x + r) * scale * share;
	}
	return { treated, reneged };
}
