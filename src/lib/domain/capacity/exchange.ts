/**
 * The answers to the three exchange-format questions (project, calibrate, solve), built from
 * parsed requests: what `npm run capacity` prints, and what an API answering the same documents
 * returns. Parsing and the wire shapes are in `$lib/contracts/capacity`.
 */
import type {
	CalibrateRequest,
	CapacityCalibrateOutput,
	CapacityModelOutput,
	CapacitySolveOutput,
	HorizonFigures,
	SolveRequest
} from '../../contracts/capacity';
import { toCapacityModelOutput } from '../../contracts/capacity';
import { calibrate, validate } from './calibrate';
import { project, type ProjectionInput } from './project';
import { steadyState } from './steadyState';
import { capacityNeeded, countOver, scaledInput, withinShare } from './targets';

export function answerProject(input: ProjectionInput): CapacityModelOutput {
	return toCapacityModelOutput(project(input));
}

export function answerCalibrate(request: CalibrateRequest): CapacityCalibrateOutput {
	const fitted = request.periods.length - request.validationPeriods;
	const fit = calibrate(request.start, request.periods.slice(0, fitted));
	const flagged: CapacityCalibrateOutput['flagged'] = [];
	fit.renege.forEach((value, bin) => {
		if (value < 0) flagged.push({ bin, parameter: 'renege', value });
	});
	fit.capacity.forEach((value, bin) => {
		if (value < 0) flagged.push({ bin, parameter: 'capacity', value });
	});
	flagged.sort((a, b) => a.bin - b.bin);
	let validation: CapacityCalibrateOutput['validation'] = null;
	if (request.validationPeriods > 0) {
		// The hold-out span starts from the list observed at the end of the calibration span.
		const from = fitted === 0 ? request.start : request.periods[fitted - 1].waiting;
		const check = validate(fit, from, request.periods.slice(fitted));
		validation = { fromPeriod: fitted + 1, toPeriod: request.periods.length, ...check };
	}
	return {
		version: 1,
		maxBin: request.maxBin,
		params: fit.renege.map((renege, bin) => ({
			bin,
			renege,
			capacity: fit.capacity[bin],
			observations: fit.observations[bin]
		})),
		flagged,
		unobserved: fit.observations.flatMap((n, bin) => (n === 0 ? [bin] : [])),
		calibration: { fromPeriod: 1, toPeriod: fitted },
		validation
	};
}

export function answerSolve(request: SolveRequest): CapacitySolveOutput {
	const { input, target, mode, tolerance, cap } = request;
	const answer = capacityNeeded({ input, target, mode, tolerance, cap });
	const at = (k: number) => {
		const scaled = scaledInput(input, mode, k);
		const flows = project(scaled);
		const last = flows[flows.length - 1];
		const figures: HorizonFigures = {
			k,
			listSize: sum(last.waiting),
			redistributed: sum(flows.map((f) => f.redistributed))
		};
		if (target.kind === 'within') {
			figures.withinShare = withinShare(last.waiting, target.thresholdPeriods);
		} else figures.countOver = countOver(last.waiting, target.thresholdPeriods);
		return { scaled, last, figures };
	};
	const end = at(answer.k ?? cap);
	let steady: CapacitySolveOutput['steadyState'] = null;
	if (target.kind === 'within' && target.share > 0 && target.share < 1) {
		const question = {
			demandPerPeriod: sum(input.referrals) / input.referrals.length,
			renegesPerPeriod: sum(end.last.reneges),
			targetPeriods: target.thresholdPeriods,
			share: target.share
		};
		const rule = steadyState(question);
		steady = {
			...question,
			...rule,
			assumptions: [
				...rule.assumptions,
				'demand is the mean of the referrals over the horizon; reneges are those of the last period at k (at the cap when not reached)'
			]
		};
	}
	return {
		version: 1,
		mode,
		target: request.wireTarget,
		tolerance,
		cap,
		reached: answer.reached,
		k: answer.k,
		evaluations: answer.evaluations,
		treatments: [...end.scaled.treatments],
		atK: end.figures,
		atBase: at(1).figures,
		steadyState: steady
	};
}

function sum(xs: readonly number[]): number {
	let s = 0;
	for (const x of xs) s += x;
	return s;
}
