/**
 * The planning problem, exchange format version 1 (shared/spec/planning-problem.md). Outside
 * tools depend on this format, so the parser is strict: unknown fields, wrong types, duplicate
 * ids, sessions outside the horizon and pins naming no session are all rejected, each with the
 * JSON path of the field at fault.
 */
import { z } from 'zod';
import { dayNumber, isIsoDate } from '../rtt';
import {
	arrayOf,
	durationSchema,
	formatPath,
	idSchema,
	isoDateSchema,
	type Issue,
	MalformedInputError,
	minutesSchema,
	says,
	strictObject,
	weightSchema,
	zodIssues
} from './validation';

/** `[fromDay, costPerDay]`: from `fromDay` days waited, each further day costs `costPerDay`. */
export type WaitSlope = [fromDay: number, costPerDay: number];

export interface Weights {
	waitSlopes: WaitSlope[];
	rttLatePerDay: number;
	priorityLatePerDay: number;
	unbookedPenalty: number;
	unbookedAccrues: boolean;
	sessionOpenCost: number;
}

export interface Clinician {
	id: string;
	maxMinutesPerDay?: number;
	maxMinutesByDate?: Record<string, number>;
}

export interface Session {
	id: string;
	date: string;
	minutes: number;
	specialty: string;
	clinicianId?: string | null;
	slotTypes?: string[];
}

export interface DateRange {
	from: string;
	to: string;
}

export interface Patient {
	id: string;
	specialty: string;
	durationMinutes: number;
	slotType?: string;
	clinicianId?: string | null;
	clockStart: string;
	earliest?: string;
	priorityDue?: string | null;
	mandatory?: boolean;
	latest?: string | null;
	unavailable?: DateRange[];
	pinnedSessionId?: string | null;
}

export interface PlanningProblem {
	version: 1;
	horizon: { start: string; end: string };
	weights?: Partial<Weights>;
	clinicians?: Clinician[];
	sessions: Session[];
	patients: Patient[];
}

/** A problem as the parser returns it: every weight present, `clinicians` always a list. */
export interface ParsedProblem extends Omit<PlanningProblem, 'weights' | 'clinicians'> {
	weights: Weights;
	clinicians: Clinician[];
}

/** The spec's defaults; a fresh copy each time so callers may not share mutable state. */
export function defaultWeights(): Weights {
	return {
		waitSlopes: [
			[0, 1],
			[126, 2],
			[364, 4],
			[455, 8]
		],
		rttLatePerDay: 10,
		priorityLatePerDay: 50,
		unbookedPenalty: 0,
		unbookedAccrues: true,
		sessionOpenCost: 0
	};
}

export class MalformedProblemError extends MalformedInputError {
	constructor(issues: Issue[]) {
		super('Problem', issues);
	}
}

const waitSlopeSchema = z.tuple(
	[
		z
			.number({ error: says('fromDay must be an integer >= 0') })
			.int({ error: 'fromDay must be an integer >= 0' })
			.min(0, { error: 'fromDay must be an integer >= 0' }),
		weightSchema
	],
	{ error: says('must be a [fromDay, costPerDay] pair') }
);

const weightsSchema = strictObject({
	waitSlopes: arrayOf(waitSlopeSchema).optional(),
	rttLatePerDay: weightSchema.optional(),
	priorityLatePerDay: weightSchema.optional(),
	unbookedPenalty: weightSchema.optional(),
	unbookedAccrues: z.boolean({ error: says('must be true or false') }).optional(),
	sessionOpenCost: weightSchema.optional()
});

const clinicianSchema = strictObject({
	id: idSchema,
	maxMinutesPerDay: minutesSchema.optional(),
	// Keys are checked as dates after parsing, so the message can name the key itself.
	maxMinutesByDate: z
		.record(z.string(), minutesSchema, { error: says('must be an object of date: minutes') })
		.optional()
});

const sessionSchema = strictObject({
	id: idSchema,
	date: isoDateSchema,
	minutes: minutesSchema,
	specialty: idSchema,
	clinicianId: idSchema.nullable().optional(),
	slotTypes: arrayOf(z.string({ error: says('must be a string') })).optional()
});

const dateRangeSchema = strictObject({ from: isoDateSchema, to: isoDateSchema });

const patientSchema = strictObject({
	id: idSchema,
	specialty: idSchema,
	durationMinutes: durationSchema,
	slotType: z.string({ error: says('must be a string') }).optional(),
	clinicianId: idSchema.nullable().optional(),
	clockStart: isoDateSchema,
	earliest: isoDateSchema.optional(),
	priorityDue: isoDateSchema.nullable().optional(),
	mandatory: z.boolean({ error: says('must be true or false') }).optional(),
	latest: isoDateSchema.nullable().optional(),
	unavailable: arrayOf(dateRangeSchema).optional(),
	pinnedSessionId: idSchema.nullable().optional()
});

const problemSchema = strictObject({
	version: z.literal(1, { error: says('must be 1') }),
	horizon: strictObject({ start: isoDateSchema, end: isoDateSchema }),
	weights: weightsSchema.optional(),
	clinicians: arrayOf(clinicianSchema).optional(),
	sessions: arrayOf(sessionSchema),
	patients: arrayOf(patientSchema)
});

/**
 * Parses and validates a problem (already JSON-decoded). Returns it with default weights filled
 * in, or throws {@link MalformedProblemError} listing every problem found.
 */
export function parseProblem(json: unknown): ParsedProblem {
	const result = problemSchema.safeParse(json);
	if (!result.success) throw new MalformedProblemError(zodIssues(result.error));
	const raw = result.data;
	const issues: Issue[] = [];

	const start = dayNumber(raw.horizon.start);
	const end = dayNumber(raw.horizon.end);
	if (end < start) {
		issues.push({
			path: 'horizon.end',
			message: `must not be before horizon.start (${raw.horizon.start})`
		});
	}

	const slopes = raw.weights?.waitSlopes;
	if (slopes) {
		for (let i = 1; i < slopes.length; i++) {
			if (slopes[i][0] <= slopes[i - 1][0]) {
				issues.push({
					path: formatPath(['weights', 'waitSlopes', i, 0]),
					message: `fromDay must be greater than the previous one (${slopes[i - 1][0]})`
				});
			}
			if (slopes[i][1] < slopes[i - 1][1]) {
				issues.push({
					path: formatPath(['weights', 'waitSlopes', i, 1]),
					message: `costPerDay must not be less than the previous one (${slopes[i - 1][1]})`
				});
			}
		}
	}

	const clinicians = raw.clinicians ?? [];
	duplicateIds(clinicians, 'clinicians', issues);
	clinicians.forEach((c, i) => {
		for (const key of Object.keys(c.maxMinutesByDate ?? {})) {
			if (!isIsoDate(key)) {
				issues.push({
					path: formatPath(['clinicians', i, 'maxMinutesByDate', key]),
					message: 'key must be an ISO calendar date (YYYY-MM-DD)'
				});
			}
		}
	});

	duplicateIds(raw.sessions, 'sessions', issues);
	raw.sessions.forEach((s, i) => {
		const day = dayNumber(s.date);
		if (day < start || day > end) {
			issues.push({
				path: formatPath(['sessions', i, 'date']),
				message: `${s.date} is outside the horizon ${raw.horizon.start} to ${raw.horizon.end}`
			});
		}
	});

	duplicateIds(raw.patients, 'patients', issues);
	const sessionIds = new Set(raw.sessions.map((s) => s.id));
	raw.patients.forEach((p, i) => {
		if (p.pinnedSessionId != null && !sessionIds.has(p.pinnedSessionId)) {
			issues.push({
				path: formatPath(['patients', i, 'pinnedSessionId']),
				message: `names no session (${JSON.stringify(p.pinnedSessionId)})`
			});
		}
	});

	if (issues.length > 0) throw new MalformedProblemError(issues);

	const weights = defaultWeights();
	const given = raw.weights ?? {};
	if (given.waitSlopes !== undefined) weights.waitSlopes = given.waitSlopes;
	if (given.rttLatePerDay !== undefined) weights.rttLatePerDay = given.rttLatePerDay;
	if (given.priorityLatePerDay !== undefined) weights.priorityLatePerDay = given.priorityLatePerDay;
	if (given.unbookedPenalty !== undefined) weights.unbookedPenalty = given.unbookedPenalty;
	if (given.unbookedAccrues !== undefined) weights.unbookedAccrues = given.unbookedAccrues;
	if (given.sessionOpenCost !== undefined) weights.sessionOpenCost = given.sessionOpenCost;

	return {
		version: 1,
		horizon: raw.horizon,
		weights,
		clinicians,
		sessions: raw.sessions,
		patients: raw.patients
	};
}

/** Ids are compared as exact strings (spec): no case folding, no normalisation. */
function duplicateIds(items: readonly { id: string }[], field: string, issues: Issue[]): void {
	const first = new Map<string, number>();
	items.forEach((item, i) => {
		const seen = first.get(item.id);
		if (seen === undefined) first.set(item.id, i);
		else {
			issues.push({
				path: formatPath([field, i, 'id']),
				message: `duplicate id ${JSON.stringify(item.id)} (also ${field}[${seen}])`
			});
		}
	});
}
