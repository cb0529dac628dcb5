/**
 * The capacity model's exchange formats, version 1 (shared/spec/capacity-model.md, "Exchange
 * format"): `CapacityModelInput`/`CapacityModelOutput` exactly as the spec gives them, and the
 * calibrate and solve documents built in the same style. Outside tools depend on them, so the
 * parsers are strict: unknown fields, wrong lengths, bins outside `0 … maxBin`, a bin given twice,
 * a missing parameter, a negative count or rate are each rejected with the JSON path at fault.
 */
import { z } from 'zod';
import type { ObservedPeriod } from '../domain/capacity/calibrate';
import type { PeriodFlows, ProjectionInput } from '../domain/capacity/project';
import type { CapacityTarget, RampMode } from '../domain/capacity/targets';
import {
	arrayOf,
	formatPath,
	type Issue,
	MalformedInputError,
	says,
	strictObject,
	zodIssues
} from '../domain/planning/validation';

/** Size limits (STYLE.md rule 16): 20 years of weekly bins or periods is more than any plan needs. */
export const CAPACITY_LIMITS = { maxBin: 1040, periods: 1040 } as const;

export interface BinCount {
	bin: number;
	count: number;
}

export interface CapacityModelInput {
	version: 1;
	maxBin: number;
	params: { bin: number; renege: number; capacity: number }[];
	waitingAtStart: BinCount[];
	referrals: number[];
	treatments: number[];
}

export interface CapacityModelOutput {
	version: 1;
	periods: {
		period: number;
		bins: { bin: number; treatments: number; reneges: number; waiting: number }[];
		redistributed: number;
	}[];
}

export interface CapacityCalibrateInput {
	version: 1;
	maxBin: number;
	/** `W_obs[0]`: the list at the end of the period before the first observed one. */
	waitingAtStart: BinCount[];
	/** Consecutive periods `t = 1 … n`; treatments by the bin of the inflow they came from. */
	periods: { referrals: number; treatments: BinCount[]; waiting: BinCount[] }[];
	/** The last this many periods are held out: calibrate on the rest, then project these. */
	validationPeriods?: number;
}

export interface CapacityCalibrateOutput {
	version: 1;
	maxBin: number;
	/** Negative values are kept; `flagged` lists them. Feed to `project` only once resolved. */
	params: { bin: number; renege: number; capacity: number; observations: number }[];
	flagged: { bin: number; parameter: 'renege' | 'capacity'; value: number }[];
	/** Bins no calibration period had inflow in: their parameters are 0 for want of data. */
	unobserved: number[];
	calibration: { fromPeriod: number; toPeriod: number };
	validation: {
		fromPeriod: number;
		toPeriod: number;
		mapePercent: number | null;
		cells: number;
		redistributed: number;
	} | null;
}

export interface CapacitySolveInput {
	version: 1;
	model: CapacityModelInput;
	target: { withinPeriods: number; share: number } | { overPeriods: number; max: number };
	mode: RampMode;
	/** Absolute, in units of the multiplier; default {@link SOLVE_DEFAULTS}. */
	tolerance?: number;
	/** The largest multiplier tried; default {@link SOLVE_DEFAULTS}. */
	cap?: number;
}

export const SOLVE_DEFAULTS = { tolerance: 0.001, cap: 10 } as const;

/** The end of the horizon at one multiplier. */
export interface HorizonFigures {
	k: number;
	listSize: number;
	/** For a `withinPeriods` target. */
	withinShare?: number;
	/** For an `overPeriods` target. */
	countOver?: number;
	/** Summed over the horizon. */
	redistributed: number;
}

export interface CapacitySolveOutput {
	version: 1;
	mode: RampMode;
	target: CapacitySolveInput['target'];
	tolerance: number;
	cap: number;
	reached: boolean;
	/** The smallest multiplier found to reach the target (to within `tolerance`); null when none up to `cap` does. */
	k: number | null;
	evaluations: number;
	/** Treatment capacity per period at `k` (at `cap` when not reached). */
	treatments: number[];
	/** The end of the horizon at `k` (at `cap` when not reached). */
	atK: HorizonFigures;
	/** The end of the horizon with the treatments as given (`k = 1`). */
	atBase: HorizonFigures;
	/** For a `withinPeriods` target with a share strictly between 0 and 1; null otherwise. */
	steadyState: {
		demandPerPeriod: number;
		renegesPerPeriod: number;
		targetPeriods: number;
		share: number;
		factor: number;
		listSize: number;
		capacityPerPeriod: number;
		assumptions: string[];
	} | null;
}

export class MalformedCapacityInputError extends MalformedInputError {
	constructor(issues: Issue[]) {
		super('CapacityInput', issues);
	}
}

const countSchema = z
	.number({ error: says('must be a finite number >= 0') })
	.min(0, { error: 'must be a finite number >= 0' });
const binSchema = z
	.number({ error: says('must be an integer >= 0') })
	.int({ error: 'must be an integer >= 0' })
	.min(0, { error: 'must be an integer >= 0' });
const binCountSchema = strictObject({ bin: binSchema, count: countSchema });
const maxBinSchema = binSchema.max(CAPACITY_LIMITS.maxBin, {
	error: `must be at most ${CAPACITY_LIMITS.maxBin}`
});
const periodsOf = <T extends z.core.SomeType>(item: T) =>
	arrayOf(item)
		.min(1, { error: 'must have at least one period' })
		.max(CAPACITY_LIMITS.periods, {
			error: `must have at most ${CAPACITY_LIMITS.periods} periods`
		});
const version = z.literal(1, { error: says('must be 1') });

const modelInputSchema = strictObject({
	version,
	maxBin: maxBinSchema,
	params: arrayOf(
		strictObject({
			bin: binSchema,
			// A renege rate is a share of the period's inflow, so above 1 is not a rate.
			renege: z
				.number({ error: says('must be a rate from 0 to 1') })
				.min(0, { error: 'must be a rate from 0 to 1' })
				.max(1, { error: 'must be a rate from 0 to 1' }),
			// Weights are relative (only their ratios share out capacity), so any size >= 0.
			capacity: countSchema
		})
	),
	waitingAtStart: arrayOf(binCountSchema),
	referrals: periodsOf(countSchema),
	treatments: periodsOf(countSchema)
});

const calibrateInputSchema = strictObject({
	version,
	maxBin: maxBinSchema,
	waitingAtStart: arrayOf(binCountSchema),
	periods: periodsOf(
		strictObject({
			referrals: countSchema,
			treatments: arrayOf(binCountSchema),
			waiting: arrayOf(binCountSchema)
		})
	),
	validationPeriods: binSchema.min(1, { error: 'must be an integer >= 1' }).optional()
});

const positiveSchema = z
	.number({ error: says('must be a finite number > 0') })
	.positive({ error: 'must be a finite number > 0' });
const solveInputSchema = strictObject({
	version,
	model: modelInputSchema,
	// One object with every field optional, so the message can say which pair is wanted rather
	// than zod's account of a failed union.
	target: strictObject({
		withinPeriods: countSchema.optional(),
		share: z
			.number({ error: says('must be a share from 0 to 1') })
			.min(0, { error: 'must be a share from 0 to 1' })
			.max(1, { error: 'must be a share from 0 to 1' })
			.optional(),
		overPeriods: countSchema.optional(),
		max: countSchema.optional()
	}),
	mode: z.enum(['flat', 'ramp'], { error: says('must be "flat" or "ramp"') }),
	tolerance: positiveSchema.optional(),
	cap: positiveSchema.optional()
});

type Path = (string | number)[];

/** Parses a `CapacityModelInput` into the projection's dense arrays (missing bins are 0). */
export function parseCapacityModelInput(json: unknown): ProjectionInput & { maxBin: number } {
	const issues: Issue[] = [];
	const parsed = checkModel(parseWith(modelInputSchema, json), [], issues);
	if (issues.length > 0) throw new MalformedCapacityInputError(issues);
	return parsed;
}

export interface CalibrateRequest {
	maxBin: number;
	start: number[];
	periods: ObservedPeriod[];
	validationPeriods: number;
}

export function parseCapacityCalibrateInput(json: unknown): CalibrateRequest {
	const raw = parseWith(calibrateInputSchema, json);
	const issues: Issue[] = [];
	const start = denseBins(raw.waitingAtStart, raw.maxBin, ['waitingAtStart'], issues);
	const periods = raw.periods.map((p, t) => ({
		referrals: p.referrals,
		treatments: denseBins(p.treatments, raw.maxBin, ['periods', t, 'treatments'], issues),
		waiting: denseBins(p.waiting, raw.maxBin, ['periods', t, 'waiting'], issues)
	}));
	const held = raw.validationPeriods ?? 0;
	if (held >= raw.periods.length) {
		issues.push({
			path: 'validationPeriods',
			message: `must leave at least one of the ${raw.periods.length} periods to calibrate on, it holds out ${held}`
		});
	}
	if (issues.length > 0) throw new MalformedCapacityInputError(issues);
	return { maxBin: raw.maxBin, start, periods, validationPeriods: held };
}

export interface SolveRequest {
	input: ProjectionInput & { maxBin: number };
	target: CapacityTarget;
	wireTarget: CapacitySolveInput['target'];
	mode: RampMode;
	tolerance: number;
	cap: number;
}

export function parseCapacitySolveInput(json: unknown): SolveRequest {
	const raw = parseWith(solveInputSchema, json);
	const issues: Issue[] = [];
	const input = checkModel(raw.model, ['model'], issues);
	const { withinPeriods, share, overPeriods, max } = raw.target;
	let target: CapacityTarget | null = null;
	let wireTarget: CapacitySolveInput['target'] | null = null;
	if (
		withinPeriods !== undefined &&
		share !== undefined &&
		overPeriods === undefined &&
		max === undefined
	) {
		target = { kind: 'within', thresholdPeriods: withinPeriods, share };
		wireTarget = { withinPeriods, share };
	} else if (
		overPeriods !== undefined &&
		max !== undefined &&
		withinPeriods === undefined &&
		share === undefined
	) {
		target = { kind: 'over', thresholdPeriods: overPeriods, max };
		wireTarget = { overPeriods, max };
	} else {
		issues.push({
			path: 'target',
			message: 'must be either { withinPeriods, share } or { overPeriods, max }'
		});
	}
	if (target && target.thresholdPeriods > raw.model.maxBin) {
		issues.push({
			path: formatPath(['target', target.kind === 'within' ? 'withinPeriods' : 'overPeriods']),
			message: `must be at most maxBin (${raw.model.maxBin}): bin ${raw.model.maxBin} is "${raw.model.maxBin} or more" and cannot be split`
		});
	}
	if (issues.length > 0 || !target || !wireTarget) throw new MalformedCapacityInputError(issues);
	return {
		input,
		target,
		wireTarget,
		mode: raw.mode,
		tolerance: raw.tolerance ?? SOLVE_DEFAULTS.tolerance,
		cap: raw.cap ?? SOLVE_DEFAULTS.cap
	};
}

function parseWith<T extends z.ZodType>(schema: T, json: unknown): z.infer<T> {
	const result = schema.safeParse(json);
	if (!result.success) throw new MalformedCapacityInputError(zodIssues(result.error));
	return result.data;
}

/** The spec's output: period numbers from 1, every bin listed. */
export function toCapacityModelOutput(flows: readonly PeriodFlows[]): CapacityModelOutput {
	return {
		version: 1,
		periods: flows.map((f, t) => ({
			period: t + 1,
			bins: f.waiting.map((waiting, bin) => ({
				bin,
				treatments: f.treatments[bin],
				reneges: f.reneges[bin],
				waiting
			})),
			redistributed: f.redistributed
		}))
	};
}

/** The checks zod cannot make alone: bins against `maxBin`, one parameter per bin, equal lengths. */
function checkModel(
	raw: z.infer<typeof modelInputSchema>,
	at: Path,
	issues: Issue[]
): ProjectionInput & { maxBin: number } {
	const bins = raw.maxBin + 1;
	const renege = new Array<number>(bins).fill(0);
	const capacity = new Array<number>(bins).fill(0);
	const given = new Array<boolean>(bins).fill(false);
	raw.params.forEach((p, i) => {
		if (!claimBin(given, p.bin, [...at, 'params', i, 'bin'], issues)) return;
		renege[p.bin] = p.renege;
		capacity[p.bin] = p.capacity;
	});
	const missing = given.flatMap((g, bin) => (g ? [] : [bin]));
	if (missing.length > 0) {
		issues.push({
			path: formatPath([...at, 'params']),
			message: `must have one entry for each bin 0..maxBin (${raw.maxBin}); missing bin${missing.length > 1 ? 's' : ''} ${listBins(missing)}`
		});
	}
	const start = denseBins(raw.waitingAtStart, raw.maxBin, [...at, 'waitingAtStart'], issues);
	if (raw.treatments.length !== raw.referrals.length) {
		issues.push({
			path: formatPath([...at, 'treatments']),
			message: `must have the same length as referrals (${raw.referrals.length}), it has ${raw.treatments.length}`
		});
	}
	return {
		maxBin: raw.maxBin,
		params: { renege, capacity },
		start,
		referrals: raw.referrals,
		treatments: raw.treatments
	};
}

/** `[{ bin, count }]` → counts indexed by bin `0 … maxBin`; missing bins are 0. */
function denseBins(list: readonly BinCount[], maxBin: number, at: Path, issues: Issue[]): number[] {
	const out = new Array<number>(maxBin + 1).fill(0);
	const seen = new Array<boolean>(maxBin + 1).fill(false);
	list.forEach((entry, i) => {
		if (!claimBin(seen, entry.bin, [...at, i, 'bin'], issues)) return;
		out[entry.bin] = entry.count;
	});
	return out;
}

/** Marks `bin` as given in `seen` (one entry per bin `0 … seen.length − 1`), or says why not. */
function claimBin(seen: boolean[], bin: number, at: Path, issues: Issue[]): boolean {
	const maxBin = seen.length - 1;
	if (bin > maxBin) {
		issues.push({ path: formatPath(at), message: `${bin} is outside 0..maxBin (${maxBin})` });
		return false;
	}
	if (seen[bin]) {
		issues.push({ path: formatPath(at), message: `bin ${bin} is given more than once` });
		return false;
	}
	seen[bin] = true;
	return true;
}

function listBins(bins: number[]): string {
	return bins.length > 10
		? `${bins.slice(0, 10).join(', ')} and ${bins.length - 10} more`
		: bins.join(', ');
}
