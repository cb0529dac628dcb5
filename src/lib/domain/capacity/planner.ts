/**
 * The demand and capacity planner's answer for one list (issue 15, "The planner page"): calibrate
 * on the history less a hold-out span, check on the hold-out (MAPE), then project the latest list
 * forward under each scenario and find the capacity a target needs. Weekly periods: bin `m` is
 * `m` whole weeks waited, 18 weeks is threshold 18. Counts are expected values, never rounded here.
 */
import { calibrate, validate, type ObservedPeriod } from './calibrate';
import type { HistoryPeriod } from './history';
import { project } from './project';
import { steadyState } from './steadyState';
import {
	capacityNeeded,
	countOver,
	withinShare,
	type CapacityTarget,
	type RampMode
} from './targets';

export interface Scenario {
	name: string;
	/** Referrals changed by this percentage (−50 … +100). */
	referralsPercent: number;
	/** Treatment capacity changed by this percentage. */
	capacityPercent: number;
	/** Extra sessions a week, turned into patients a period at the list's patients per session. */
	extraSessions: number;
}

export interface PlannerQuestion {
	history: readonly HistoryPeriod[];
	/** The last this many observed periods are held out to check the fit. */
	validationPeriods: number;
	horizon: number;
	scenarios: readonly Scenario[];
	/** Share within `targetPeriods` the capacity-needed answer aims for by the horizon's end. */
	targetShare: number;
	targetPeriods: number;
	/** "No one over this many periods" by the horizon's end, beside the share target; or none. */
	overPeriods: number | null;
	/** How long a period is in weeks (1 for weeks, 487/112 for months): long waits are in weeks. */
	weeksPerPeriod: number;
	mode: RampMode;
	/** Patients one session treats, from the list's recent minutes per patient; null if unknown. */
	patientsPerSession: number | null;
}

export interface PeriodFigures {
	period: number;
	listSize: number;
	withinShare: number;
	over52: number;
	over65: number;
	over78: number;
}

export interface ScenarioAnswer extends Scenario {
	referralsPerPeriod: number;
	treatmentsPerPeriod: number;
	periods: PeriodFigures[];
	redistributed: number;
}

export interface PlannerAnswer {
	calibration: {
		periods: number;
		from: string;
		to: string;
		flagged: number;
		/** Treatments observed over the calibration span: with none, capacity has no one to treat. */
		treatments: number;
	};
	validation: {
		periods: number;
		from: string;
		to: string;
		mapePercent: number | null;
		cells: number;
	};
	/** The list observed at the latest period: where projections start. */
	now: PeriodFigures & { label: string };
	/** Mean referrals and treatments a period over the calibration span. */
	baseline: { referralsPerPeriod: number; treatmentsPerPeriod: number };
	scenarios: ScenarioAnswer[];
	needed: CapacityNeeded;
	/** The capacity for no one over `overPeriods`, when asked. */
	neededOver: CapacityNeeded | null;
	steadyState: { listSize: number; capacityPerPeriod: number; assumptions: string[] } | null;
}

export interface CapacityNeeded {
	reached: boolean;
	/** Capacity multiplier on the baseline treatments. */
	k: number | null;
	patientsPerPeriod: number | null;
	extraPatientsPerPeriod: number | null;
	/** The extra treatments as sessions a week, at the list's patients per session. */
	extraSessionsPerWeek: number | null;
}

/**
 * "No one over N weeks" read from expected values: fewer than half a patient expected over N,
 * which rounds to none. Exactly zero is reached only by treating the whole list, since the model
 * shares capacity over every wait by weight.
 */
export const NO_ONE_OVER = 0.5;

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function figures(
	period: number,
	waiting: readonly number[],
	q: Pick<PlannerQuestion, 'targetPeriods' | 'weeksPerPeriod'>
): PeriodFigures {
	const over = (weeks: number) =>
		countOver(waiting, Math.min(weeks / q.weeksPerPeriod, waiting.length - 1));
	return {
		period,
		listSize: sum(waiting),
		withinShare: withinShare(waiting, q.targetPeriods),
		over52: over(52),
		over65: over(65),
		over78: over(78)
	};
}

export function plan(q: PlannerQuestion): PlannerAnswer {
	const [start, ...observed] = q.history;
	const fitted = observed.length - q.validationPeriods;
	if (!start || fitted < 2)
		throw new RangeError(
			`${observed.length} observed periods leave ${Math.max(fitted, 0)} to calibrate on after holding out ${q.validationPeriods}: at least 2 are needed`
		);
	const asObserved = (p: HistoryPeriod): ObservedPeriod => p;
	const fitSpan = observed.slice(0, fitted).map(asObserved);
	const params = calibrate(start.waiting, fitSpan);
	const check =
		q.validationPeriods > 0
			? validate(params, observed[fitted - 1].waiting, observed.slice(fitted).map(asObserved))
			: { mapePercent: null, cells: 0 };
	const latest = observed[observed.length - 1];
	const referralsPerPeriod = sum(fitSpan.map((p) => p.referrals)) / fitSpan.length;
	const treatmentsPerPeriod = sum(fitSpan.map((p) => sum(p.treatments))) / fitSpan.length;
	const repeat = (x: number) => new Array<number>(q.horizon).fill(x);

	const scenarios = q.scenarios.map((s): ScenarioAnswer => {
		const referrals = referralsPerPeriod * (1 + s.referralsPercent / 100);
		const treatments =
			treatmentsPerPeriod * (1 + s.capacityPercent / 100) +
			s.extraSessions * q.weeksPerPeriod * (q.patientsPerSession ?? 0);
		const flows = project({
			params,
			start: latest.waiting,
			referrals: repeat(referrals),
			treatments: repeat(treatments)
		});
		return {
			...s,
			referralsPerPeriod: referrals,
			treatmentsPerPeriod: treatments,
			periods: flows.map((f, t) => figures(t + 1, f.waiting, q)),
			redistributed: sum(flows.map((f) => f.redistributed))
		};
	});

	const input = {
		params,
		start: latest.waiting,
		referrals: repeat(referralsPerPeriod),
		treatments: repeat(treatmentsPerPeriod)
	};
	const neededFor = (target: CapacityTarget): CapacityNeeded => {
		const answer = capacityNeeded({ input, target, mode: q.mode, tolerance: 0.001, cap: 10 });
		const patients = answer.k === null ? null : answer.k * treatmentsPerPeriod;
		const extra = patients === null ? null : Math.max(0, patients - treatmentsPerPeriod);
		return {
			reached: answer.reached,
			k: answer.k,
			patientsPerPeriod: patients,
			extraPatientsPerPeriod: extra,
			extraSessionsPerWeek:
				extra === null || !q.patientsPerSession
					? null
					: extra / q.weeksPerPeriod / q.patientsPerSession
		};
	};
	let steady: PlannerAnswer['steadyState'] = null;
	if (q.targetShare > 0 && q.targetShare < 1) {
		const flows = project(input);
		const rule = steadyState({
			demandPerPeriod: referralsPerPeriod,
			renegesPerPeriod: sum(flows[flows.length - 1].reneges),
			targetPeriods: q.targetPeriods,
			share: q.targetShare
		});
		steady = {
			listSize: rule.listSize,
			capacityPerPeriod: rule.capacityPerPeriod,
			assumptions: rule.assumptions
		};
	}
	return {
		calibration: {
			periods: fitted,
			from: observed[0].label,
			to: observed[fitted - 1].label,
			flagged: [...params.renege, ...params.capacity].filter((x) => x < 0).length,
			treatments: sum(fitSpan.map((p) => sum(p.treatments)))
		},
		validation: {
			periods: q.validationPeriods,
			from: q.validationPeriods > 0 ? observed[fitted].label : '',
			to: q.validationPeriods > 0 ? latest.label : '',
			mapePercent: check.mapePercent,
			cells: check.cells
		},
		now: { label: latest.label, ...figures(0, latest.waiting, q) },
		baseline: { referralsPerPeriod, treatmentsPerPeriod },
		scenarios,
		needed: neededFor({ kind: 'within', thresholdPeriods: q.targetPeriods, share: q.targetShare }),
		neededOver:
			q.overPeriods === null
				? null
				: neededFor({ kind: 'over', thresholdPeriods: q.overPeriods, max: NO_ONE_OVER }),
		steadyState: steady
	};
}
