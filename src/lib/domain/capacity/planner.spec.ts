import { describe, expect, it } from 'vitest';
import type { HistoryPeriod } from './history';
import { NO_ONE_OVER, plan, type PlannerQuestion, type Scenario } from './planner';
import { project } from './project';
import { countOver, scaledInput, withinShare } from './targets';

// A list of 30 weekly bins run forward by the model itself with known parameters, so the planner
// must find those parameters again and project exactly what the model projects.
const BINS = 30;
const params = {
	renege: Array.from({ length: BINS }, (_, m) => (m < 5 ? 0.005 : 0.01)),
	capacity: Array.from({ length: BINS }, (_, m) => 0.02 + m * 0.004)
};
const start = Array.from({ length: BINS }, (_, m) => 100 * Math.exp(-m / 12));
const weeks = 20;
const flows = project({
	params,
	start,
	referrals: new Array(weeks).fill(110),
	treatments: new Array(weeks).fill(95)
});
const history: HistoryPeriod[] = [
	{ label: 'w0', referrals: 0, treatments: new Array(BINS).fill(0), waiting: start },
	...flows.map((f, t) => ({
		label: `w${t + 1}`,
		referrals: 110,
		treatments: f.treatments,
		waiting: f.waiting
	}))
];
const BASE: Scenario = {
	name: 'As now',
	referralsPercent: 0,
	capacityPercent: 0,
	extraSessions: 0
};
const question: PlannerQuestion = {
	history,
	validationPeriods: 4,
	horizon: 12,
	scenarios: [
		BASE,
		{ name: 'More capacity', referralsPercent: 0, capacityPercent: 10, extraSessions: 0 },
		{ name: 'Two more lists', referralsPercent: 0, capacityPercent: 0, extraSessions: 2 }
	],
	targetShare: 0.95,
	targetPeriods: 18,
	overPeriods: null,
	weeksPerPeriod: 1,
	mode: 'flat',
	patientsPerSession: 4
};

/** The list at the end of the 12 weeks planned, from the latest list, at `k` times the treatments. */
function endAt(k: number): readonly number[] {
	const input = {
		params,
		start: flows[weeks - 1].waiting,
		referrals: new Array(12).fill(110),
		treatments: new Array(12).fill(95)
	};
	const f = project(scaledInput(input, 'flat', k));
	return f[f.length - 1].waiting;
}

describe('the capacity planner', () => {
	const answer = plan(question);

	it('calibrates on all but the hold-out and fits the hold-out the model made', () => {
		expect(answer.calibration).toMatchObject({ periods: 16, from: 'w1', to: 'w16', flagged: 0 });
		expect(answer.calibration.treatments).toBeCloseTo(16 * 95, 6);
		expect(answer.validation).toMatchObject({ periods: 4, from: 'w17', to: 'w20' });
		expect(answer.validation.mapePercent).toBeLessThan(1e-6);
		expect(answer.baseline.referralsPerPeriod).toBeCloseTo(110, 9);
		expect(answer.baseline.treatmentsPerPeriod).toBeCloseTo(95, 9);
	});

	it('projects each scenario from the latest list, as the model does', () => {
		const expected = project({
			params,
			start: flows[weeks - 1].waiting,
			referrals: new Array(12).fill(110),
			treatments: new Array(12).fill(95)
		});
		const [base, more, lists] = answer.scenarios;
		base.periods.forEach((p, t) => {
			expect(p.listSize).toBeCloseTo(
				expected[t].waiting.reduce((a, b) => a + b, 0),
				6
			);
			expect(p.withinShare).toBeCloseTo(withinShare(expected[t].waiting, 18), 9);
		});
		expect(more.treatmentsPerPeriod).toBeCloseTo(95 * 1.1, 9);
		expect(lists.treatmentsPerPeriod).toBeCloseTo(95 + 2 * 4, 9);
		expect(more.periods[11].listSize).toBeLessThan(base.periods[11].listSize);
		expect(answer.now.listSize).toBeCloseTo(
			flows[weeks - 1].waiting.reduce((a, b) => a + b, 0),
			9
		);
	});

	it('finds the capacity that reaches the target, in patients and in sessions a week', () => {
		const { needed } = answer;
		expect(needed.reached).toBe(true);
		const at = (k: number) => withinShare(endAt(k), 18);
		expect(at(needed.k!)).toBeGreaterThanOrEqual(0.95 - 1e-9);
		expect(at(needed.k! - 0.01)).toBeLessThan(0.95);
		expect(needed.k).toBeGreaterThan(1);
		expect(needed.patientsPerPeriod).toBeCloseTo(needed.k! * 95, 9);
		expect(needed.extraSessionsPerWeek).toBeCloseTo(needed.extraPatientsPerPeriod! / 4, 9);
		expect(answer.steadyState?.listSize).toBeGreaterThan(0);
	});

	it('finds the capacity for no one over a wait: under half a patient expected, by bisection', () => {
		const over = plan({ ...question, overPeriods: 20 });
		expect(answer.neededOver).toBeNull();
		const needed = over.neededOver!;
		expect(needed.reached).toBe(true);
		const at = (k: number) => countOver(endAt(k), 20);
		expect(at(1)).toBeGreaterThan(NO_ONE_OVER);
		expect(at(needed.k!)).toBeLessThanOrEqual(NO_ONE_OVER);
		expect(at(needed.k! - 0.01)).toBeGreaterThan(NO_ONE_OVER);
		expect(needed.patientsPerPeriod).toBeCloseTo(needed.k! * 95, 9);
		// the share target's answer is unchanged by asking for the other one too
		expect(over.needed).toEqual(answer.needed);
	});

	it('reads weeks as periods of any length: long waits, sessions a week', () => {
		// the same list read as fortnights: 52 weeks is bin 26, two sessions a week four a period
		const fortnights = plan({ ...question, weeksPerPeriod: 2 });
		const end = fortnights.scenarios[0].periods[11];
		const [base, , lists] = answer.scenarios;
		expect(end.listSize).toBeCloseTo(base.periods[11].listSize, 9);
		expect(end.over52).toBeCloseTo(countOver(endAt(1), 26), 9);
		expect(fortnights.scenarios[2].treatmentsPerPeriod).toBeCloseTo(95 + 2 * 2 * 4, 9);
		expect(lists.treatmentsPerPeriod).toBeCloseTo(95 + 2 * 4, 9);
		expect(fortnights.needed.extraSessionsPerWeek).toBeCloseTo(
			fortnights.needed.extraPatientsPerPeriod! / 2 / 4,
			9
		);
	});

	it('says how many periods it needs when the history is too short', () => {
		expect(() => plan({ ...question, history: history.slice(0, 5) })).toThrow(
			/4 observed periods leave 0 to calibrate on after holding out 4: at least 2 are needed/
		);
	});
});
