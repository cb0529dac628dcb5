/**
 * The planner page's question, read from its link and checked, and the facts it needs from the
 * database: the list's weekly history and its recent patients per session.
 */
import { sql } from 'drizzle-orm';
import type { ListType } from '../../../db/schema';
import { rowsOf, type Executor } from '../../../db';
import { plan, type PlannerAnswer, type Scenario } from '../domain/capacity/planner';
import { DAYS_PER_MONTH, type HistoryPeriod } from '../domain/capacity/history';
import { nationalSpecialty, TOTAL_SPECIALTY } from '../domain/nationalRtt';
import { addDays, dayNumber, isIsoDate } from '../domain/rtt';
import {
	addMonths,
	nationalMonthlyHistory,
	ownWeeklyHistory,
	parseListChoice,
	parseProvider,
	WEEKLY_MAX_BIN
} from './capacityHistory';
import { AppError } from './errors';
import { monthEnd } from './nationalRtt';

/** Where the model is calibrated: the trust's own weeks, or a provider's national months. */
export type PlannerSource = 'own' | 'national';

export interface PlannerQuery {
	source: PlannerSource;
	/** The provider whose national months calibrate the model (`source` national), else null. */
	provider: string | null;
	specialty: string | null;
	listType: ListType | null;
	historyWeeks: number;
	holdOutWeeks: number;
	/** The date the targets are for (`by`): the horizon ends with the first Monday on or after it. */
	by: string;
	horizonWeeks: number;
	/** Percent within 18 weeks aimed for by the horizon's end. */
	targetPercent: number;
	/** "No one over this many weeks" by the horizon's end, or none. */
	overWeeks: number | null;
	scenarios: Scenario[];
}

/** The planner's parameters, in the order its link writes them. */
export const PLANNER_FIELDS = [
	'source',
	'provider',
	'specialty',
	'listType',
	'weeks',
	'holdOut',
	'by',
	'target',
	'over',
	's'
] as const;

const DEFAULT_HORIZON_WEEKS = 26;
const MAX_HORIZON_WEEKS = 156;

export const MAX_SCENARIOS = 4;

function wholeNumber(
	params: URLSearchParams,
	field: string,
	fallback: number,
	min: number,
	max: number
): number {
	const raw = params.get(field);
	if (raw === null || raw === '') return fallback;
	const n = Number(raw);
	if (!/^-?\d+$/.test(raw) || n < min || n > max)
		throw new AppError('invalid', `${field}: a whole number from ${min} to ${max}, not "${raw}"`);
	return n;
}

/**
 * `source`: own (the default) or national, which needs `provider` and counts both list types
 * together, as the national statistics do.
 */
function parseSource(
	params: URLSearchParams,
	listType: ListType | null
): { source: PlannerSource; provider: string | null } {
	const source = params.get('source') || 'own';
	if (source === 'own') return { source, provider: null };
	if (source !== 'national')
		throw new AppError('invalid', `source: own or national, not "${source}"`);
	if (listType !== null)
		throw new AppError(
			'invalid',
			`listType: the national statistics count outpatient and admitted pathways together: choose both with the national source, not "${listType}"`
		);
	return { source, provider: parseProvider(params) };
}

/**
 * The horizon in weeks from `monday` to the target date `by` (default 26 weeks on), from 1 to 156.
 */
function targetDate(params: URLSearchParams, monday: string): { by: string; horizonWeeks: number } {
	const raw = params.get('by');
	if (raw === null || raw === '')
		return { by: addDays(monday, 7 * DEFAULT_HORIZON_WEEKS), horizonWeeks: DEFAULT_HORIZON_WEEKS };
	if (!isIsoDate(raw)) throw new AppError('invalid', `by: a date as YYYY-MM-DD, not "${raw}"`);
	const horizonWeeks = Math.ceil((dayNumber(raw) - dayNumber(monday)) / 7);
	if (horizonWeeks < 1 || horizonWeeks > MAX_HORIZON_WEEKS)
		throw new AppError(
			'invalid',
			`by: a date after ${monday} and at most ${MAX_HORIZON_WEEKS} weeks on (by ${addDays(monday, 7 * MAX_HORIZON_WEEKS)}), not ${raw}`
		);
	return { by: raw, horizonWeeks };
}

/**
 * The planner's question from its link; `monday` is this week's census, which the target date
 * must come after. `s` (repeated) is a scenario: `name|referrals %|capacity %|extra sessions a
 * week`, e.g. `Two more lists|0|0|2`. `over` is the "no one over N weeks" target (N from 1 to
 * 103; the last bin is 104 weeks or more).
 */
export function parsePlannerQuery(params: URLSearchParams, monday: string): PlannerQuery {
	const { specialty, listType } = parseListChoice(params);
	const { source, provider } = parseSource(params, listType);
	const historyWeeks = wholeNumber(params, 'weeks', 26, 6, 260);
	const holdOutWeeks = wholeNumber(params, 'holdOut', 4, 0, 52);
	if (historyWeeks - holdOutWeeks < 4)
		throw new AppError(
			'invalid',
			`holdOut: leaves ${historyWeeks - holdOutWeeks} of ${historyWeeks} weeks to calibrate on; at least 4 are needed`
		);
	const scenarios: Scenario[] = [
		{ name: 'As now', referralsPercent: 0, capacityPercent: 0, extraSessions: 0 }
	];
	const raw = params.getAll('s').filter((s) => s.trim() !== '');
	if (raw.length > MAX_SCENARIOS)
		throw new AppError('invalid', `s: at most ${MAX_SCENARIOS} scenarios, not ${raw.length}`);
	raw.forEach((s, i) => {
		const [name, ...numbers] = s.split('|');
		const values = numbers.map(Number);
		const field = `s (scenario ${i + 1})`;
		if (!name?.trim() || name.length > 40)
			throw new AppError(
				'invalid',
				`${field}: a name of 1 to 40 characters first, as "name|referrals %|capacity %|extra sessions"`
			);
		if (
			numbers.length !== 3 ||
			values.some((v, j) => !/^[-+]?\d+(\.\d+)?$/.test(numbers[j].trim()))
		)
			throw new AppError(
				'invalid',
				`${field}: "name|referrals %|capacity %|extra sessions", not "${s}"`
			);
		const [referralsPercent, capacityPercent, extraSessions] = values;
		if (
			referralsPercent < -50 ||
			referralsPercent > 100 ||
			capacityPercent < -50 ||
			capacityPercent > 100
		)
			throw new AppError('invalid', `${field}: percentages from -50 to 100, not "${s}"`);
		if (extraSessions < -20 || extraSessions > 50)
			throw new AppError('invalid', `${field}: extra sessions a week from -20 to 50, not "${s}"`);
		scenarios.push({ name: name.trim(), referralsPercent, capacityPercent, extraSessions });
	});
	return {
		source,
		provider,
		specialty,
		listType,
		historyWeeks,
		holdOutWeeks,
		...targetDate(params, monday),
		targetPercent: wholeNumber(params, 'target', 65, 1, 99),
		overWeeks: params.get('over') ? wholeNumber(params, 'over', 0, 1, WEEKLY_MAX_BIN - 1) : null,
		scenarios
	};
}

/** The link's query for a question: `parsePlannerQuery` reads it back to the same question. */
export function plannerSearch(q: PlannerQuery): URLSearchParams {
	const params = new URLSearchParams();
	if (q.source === 'national') params.set('source', q.source);
	if (q.provider !== null) params.set('provider', q.provider);
	if (q.specialty !== null) params.set('specialty', q.specialty);
	if (q.listType !== null) params.set('listType', q.listType);
	params.set('weeks', String(q.historyWeeks));
	params.set('holdOut', String(q.holdOutWeeks));
	params.set('by', q.by);
	params.set('target', String(q.targetPercent));
	if (q.overWeeks !== null) params.set('over', String(q.overWeeks));
	for (const s of q.scenarios.slice(1))
		params.append('s', [s.name, s.referralsPercent, s.capacityPercent, s.extraSessions].join('|'));
	return params;
}

/**
 * Patients one session treats on this list: the mean bookable minutes of its sessions over the
 * last 12 weeks and the next 6 over the mean expected minutes of the patients booked into them.
 * Clinics for the outpatient list, theatres for the admitted, both when the list is not chosen.
 */
export async function patientsPerSession(
	db: Executor,
	q: PlannerQuery,
	today: string
): Promise<number | null> {
	const kind = q.listType === null ? null : q.listType === 'admitted' ? 'theatre' : 'clinic';
	const [row] = rowsOf<{ session_minutes: number | null; patient_minutes: number | null }>(
		await db.execute(sql`
			select avg(s.bookable_minutes)::float8 as session_minutes,
				(select avg(p.expected_minutes)::float8 from bookings b
					join pathways p on p.id = b.pathway_id
					join sessions s2 on s2.id = b.session_id
					where s2.id in (select id from sessions s3
						where s3.date between ${addDays(today, -84)}::date and ${addDays(today, 42)}::date
						and ${q.specialty === null ? sql`true` : sql`s3.specialty_code = ${q.specialty}`}
						and ${kind === null ? sql`true` : sql`s3.kind = ${kind}`})
				) as patient_minutes
			from sessions s
			where s.date between ${addDays(today, -84)}::date and ${addDays(today, 42)}::date
				and ${q.specialty === null ? sql`true` : sql`s.specialty_code = ${q.specialty}`}
				and ${kind === null ? sql`true` : sql`s.kind = ${kind}`}
		`)
	);
	if (!row?.session_minutes || !row.patient_minutes) return null;
	return row.session_minutes / row.patient_minutes;
}

export interface PlannerPage {
	query: PlannerQuery;
	patientsPerSession: number | null;
	/** The length of a period: weeks for the trust's own history, months for the national. */
	unit: 'week' | 'month';
	/** The date each period ends: `[0]` the latest observed, `[p]` projected period `p`. */
	ends: string[];
	/** The national statistics' specialty the plan is for (`source` national), else null. */
	nationalSpecialty: string | null;
	answer: PlannerAnswer | null;
	/** Why there is no answer (too little history, say). */
	problem: string | null;
}

/** The history the plan is calibrated on, with each period labelled by the date it ends. */
async function plannerHistory(
	db: Executor,
	query: PlannerQuery,
	monday: string
): Promise<{ history: HistoryPeriod[]; unit: 'week' | 'month'; nationalSpecialty: string | null }> {
	if (query.source === 'own') {
		const history = await ownWeeklyHistory(db, {
			census: monday,
			weeks: query.historyWeeks,
			specialties: query.specialty === null ? [] : [query.specialty],
			listType: query.listType
		});
		return { history, unit: 'week', nationalSpecialty: null };
	}
	const specialty = query.specialty === null ? TOTAL_SPECIALTY : nationalSpecialty(query.specialty);
	const months = await nationalMonthlyHistory(db, query.provider!, specialty);
	return {
		history: months.map((p) => ({ ...p, label: monthEnd(p.label) })),
		unit: 'month',
		nationalSpecialty: specialty
	};
}

export async function capacityPlanner(
	db: Executor,
	query: PlannerQuery,
	day: { today: string; monday: string }
): Promise<PlannerPage> {
	const [{ history, unit, nationalSpecialty }, perSession] = await Promise.all([
		plannerHistory(db, query, day.monday),
		patientsPerSession(db, query, day.today)
	]);
	const latest = history.length > 0 ? history[history.length - 1].label : day.monday;
	const weeksPerPeriod = unit === 'week' ? 1 : DAYS_PER_MONTH / 7;
	// weekly: the Mondays to the target date; monthly: the month ends until one reaches it
	const horizon =
		unit === 'week'
			? query.horizonWeeks
			: Math.max(1, Math.ceil((dayNumber(query.by) - dayNumber(latest)) / DAYS_PER_MONTH));
	const ends = Array.from({ length: horizon + 1 }, (_, p) =>
		unit === 'week' ? addDays(latest, 7 * p) : monthEnd(addMonths(latest.slice(0, 7), p))
	);
	const page = { query, patientsPerSession: perSession, unit, ends, nationalSpecialty };
	try {
		if (unit === 'month' && history.length === 0)
			throw new RangeError(
				`no national statistics imported for ${query.provider} ${nationalSpecialty}: import them with npm run import -- rtt-csv`
			);
		const answer = plan({
			history,
			validationPeriods: query.holdOutWeeks,
			horizon,
			scenarios: query.scenarios,
			targetShare: query.targetPercent / 100,
			targetPeriods: 18 / weeksPerPeriod,
			overPeriods: query.overWeeks === null ? null : query.overWeeks / weeksPerPeriod,
			weeksPerPeriod,
			mode: 'flat',
			patientsPerSession: perSession
		});
		return { ...page, answer, problem: null };
	} catch (e) {
		if (e instanceof RangeError) return { ...page, answer: null, problem: e.message };
		throw e;
	}
}
