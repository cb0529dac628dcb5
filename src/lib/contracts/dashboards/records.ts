/**
 * The records dashboard's figures as they travel from server to page, and the few of them an
 * office display shows. Aggregates only: counts, rates, ages and the names of places and staff;
 * nothing here identifies a patient.
 *
 * The measures are the ones records managers report (DOMAIN.md, "Health records"); every
 * threshold comes from the records settings, which travel with the figures so captions can say
 * what was measured against what.
 */
import type { CaseNoteSla } from '../../domain/caseNoteSla';
import { counted } from '../../format/plural';

export const CASE_NOTE_URGENCIES = ['emergency', 'urgent', 'routine'] as const;
export type Urgency = (typeof CASE_NOTE_URGENCIES)[number];

/** The reporting period: the last N weeks (Monday to Sunday), the current one included. */
export const PERIOD_WEEKS = { min: 1, max: 52, default: 12 } as const;

export interface RecordsFilters {
	/** A site's id; null means the whole trust. */
	siteId: number | null;
	weeks: number;
}

/**
 * Age bands for outstanding requests, by whole days since the request was raised: `maxDays` is
 * the band's last whole day (null: no upper bound).
 */
export const AGE_BANDS = [
	{ key: 'under1', label: 'under a day', maxDays: 0 },
	{ key: 'days1to2', label: '1–2 days', maxDays: 2 },
	{ key: 'days3to7', label: '3–7 days', maxDays: 7 },
	{ key: 'days8to28', label: '8–28 days', maxDays: 28 },
	{ key: 'over28', label: 'over 28 days', maxDays: null }
] as const;
export type AgeBandKey = (typeof AGE_BANDS)[number]['key'];
export type AgeCounts = Record<AgeBandKey, number>;

/** The query string for the filters (`siteId=1&weeks=12`), as the API reads it. */
export function recordsQuery(filters: RecordsFilters): string {
	const query = new URLSearchParams({ weeks: String(filters.weeks) });
	if (filters.siteId !== null) query.set('siteId', String(filters.siteId));
	return query.toString();
}

/** A share as a percentage to one decimal place; null when there is nothing to divide by. */
export function pct(part: number, whole: number): number | null {
	return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Clinic requests required, and how many had their notes available by the session's start. */
export interface Availability {
	required: number;
	available: number;
	ratePct: number | null;
}

export interface AvailabilityWeek extends Availability {
	/** The Monday the week starts. */
	weekStart: string;
}

export interface AvailabilityBySpecialty extends Availability {
	specialty: string;
	name: string;
}

export interface AvailabilityByLocation extends Availability {
	/** The clinic's location ("Outpatients A"), or "No location recorded". */
	location: string;
	site: string;
}

export interface TurnaroundRow {
	urgency: Urgency;
	/** The ad-hoc SLA in words ("30 minutes", "2 working days"). */
	sla: string;
	/** Requests raised in the period (not withdrawn). */
	raised: number;
	/** Of those, with the notes delivered (available). */
	delivered: number;
	/** Delivered by their due time. */
	withinSla: number;
	/** Not delivered and already past their due time. */
	overdue: number;
	/** withinSla ÷ (delivered + overdue): the requests whose outcome is known. */
	withinSlaPct: number | null;
	medianLocateMinutes: number | null;
	medianDeliverMinutes: number | null;
	p90DeliverMinutes: number | null;
}

export interface OutstandingByLocation extends AgeCounts {
	/** Where the notes are now (else their home library), or "No location recorded". */
	location: string;
	site: string;
	total: number;
}

export interface OutstandingByAge {
	key: AgeBandKey;
	band: string;
	count: number;
}

export interface MissingWeek {
	weekStart: string;
	/** Requests flagged missing that week. */
	missing: number;
	/** Temporary notes made that week. */
	temporary: number;
	/** Temporary notes merged with the found original that week. */
	merged: number;
}

export interface MissingSummary {
	/** Requests flagged missing and not yet found (status missing), now. */
	missingNow: number;
	flaggedInPeriod: number;
	temporaryInPeriod: number;
	mergedInPeriod: number;
	/** Temporary notes not yet merged with the original, now. */
	mergeBacklog: number;
	/** Whole days since the oldest of those temporary notes was made; null when there are none. */
	mergeBacklogOldestDays: number | null;
	byWeek: MissingWeek[];
}

export interface FilingWeek {
	weekStart: string;
	filed: number;
	withinTarget: number;
	withinTargetPct: number | null;
}

export interface FilingSummary {
	targetHours: number;
	/** Returned notes filed in the period. */
	filed: number;
	withinTarget: number;
	withinTargetPct: number | null;
	medianHours: number | null;
	/** Returned and not yet filed, now. */
	awaiting: number;
	/** Of those, returned longer ago than the target. */
	overdue: number;
	byWeek: FilingWeek[];
}

export interface SummariserWeek {
	weekStart: string;
	summariser: string;
	completed: number;
}

export interface SummariserTotal {
	summariser: string;
	completed: number;
	/** Completed ÷ weeks in the period, to one decimal place. */
	perWeek: number;
}

export interface SummarisingSummary {
	awaiting: number;
	claimed: number;
	/** Awaiting + claimed. */
	backlog: number;
	oldestReceivedAt: string | null;
	/** Whole days since the oldest item in the backlog arrived; null when it is empty. */
	oldestAgeDays: number | null;
	completedInPeriod: number;
	bySummariser: SummariserTotal[];
	byWeek: SummariserWeek[];
}

export interface SiteChoice {
	id: number;
	code: string;
	name: string;
}

export interface RecordsDashboard {
	generatedAt: string;
	/** The trust's calendar date at `generatedAt`, and its time zone. */
	today: string;
	timeZone: string;
	filters: RecordsFilters;
	/** First day (a Monday) and last day (today) of the period. */
	period: { from: string; to: string; weeks: string[] };
	sites: SiteChoice[];
	sla: CaseNoteSla;
	availability: {
		period: Availability;
		today: Availability;
		thisWeek: Availability;
		byWeek: AvailabilityWeek[];
		bySpecialty: AvailabilityBySpecialty[];
		byLocation: AvailabilityByLocation[];
	};
	turnaround: TurnaroundRow[];
	outstanding: {
		total: number;
		byAge: OutstandingByAge[];
		byLocation: OutstandingByLocation[];
	};
	missing: MissingSummary;
	filing: FilingSummary;
	summarising: SummarisingSummary;
}

/** What an office display's records panels show: aggregate numbers only, no names at all. */
export interface RecordsDisplayPanels {
	generatedAt: string;
	availabilityToday: Availability;
	availabilityThisWeek: Availability;
	outstandingTotal: number;
	outstandingByAge: OutstandingByAge[];
	summarisingBacklog: number;
	summarisingOldestDays: number | null;
}

/** Reduces the dashboard to the office display's panels (no locations, no staff names). */
export function recordsDisplayPanels(d: RecordsDashboard): RecordsDisplayPanels {
	return {
		generatedAt: d.generatedAt,
		availabilityToday: { ...d.availability.today },
		availabilityThisWeek: { ...d.availability.thisWeek },
		outstandingTotal: d.outstanding.total,
		outstandingByAge: d.outstanding.byAge.map((a) => ({ ...a })),
		summarisingBacklog: d.summarising.backlog,
		summarisingOldestDays: d.summarising.oldestAgeDays
	};
}

/** "30 minutes", "4 hours", "2 working days": an SLA as a caption says it. */
export function slaInWords(urgency: Urgency, sla: CaseNoteSla): string {
	if (urgency === 'routine') return counted(sla.routineWorkingDays, 'working day');
	const minutes = urgency === 'emergency' ? sla.emergencyMinutes : sla.urgentMinutes;
	if (minutes % 60 === 0 && minutes >= 60) return counted(minutes / 60, 'hour');
	return counted(minutes, 'minute');
}
