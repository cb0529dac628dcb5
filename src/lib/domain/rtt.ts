/**
 * Referral-to-treatment rules, pure and exact. Every figure on the PTL, the dashboards and the
 * optimiser's objective comes from here, so each rule cites the guidance it implements
 * (../shared/DOMAIN.md: RTT Rules Suite, October 2022; NHSE "Recording and reporting RTT waiting
 * times" v5.0).
 *
 * Dates are ISO calendar dates (`YYYY-MM-DD`). Day arithmetic works on UTC day numbers, never on
 * local time, so the March and October clock changes cannot shift a day.
 */

export const PRIORITIES = ['P1a', 'P1b', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * Treat in turn: clinical priority first (P1a = 1 … P4 = 5), a missing or unknown priority last
 * (6). Its SQL twin, for lists sorted in the database, is rttSql.ts's priorityRankSql.
 */
export function priorityRank(priority: string | null | undefined): number {
	const i = PRIORITIES.indexOf(priority as Priority);
	return i === -1 ? PRIORITIES.length + 1 : i + 1;
}

/** The RTT standard's wait: 18 weeks. */
export const RTT_STANDARD_WEEKS = 18;
/** 18 weeks in days: within 18 weeks ⇔ days ≤ 126. */
export const RTT_STANDARD_DAYS = 7 * RTT_STANDARD_WEEKS;
/** The national standard: at least 92% of incomplete pathways within 18 weeks. */
export const RTT_STANDARD_SHARE = 0.92;
/** The standard as the dashboards show it, a percentage. */
export const RTT_STANDARD_PCT = Math.round(RTT_STANDARD_SHARE * 100);
/** Long-waiter thresholds reported nationally, in weeks. */
export const LONG_WAIT_WEEKS = [52, 65, 78, 104] as const;
export type LongWaitWeeks = (typeof LONG_WAIT_WEEKS)[number];
/** Every threshold the lists and dashboards mark: the standard, then the long waits. */
export const THRESHOLD_WEEKS = [RTT_STANDARD_WEEKS, ...LONG_WAIT_WEEKS] as const;
/** An unbooked patient who crosses 18 weeks within this many days is "breaching soon" (4 weeks). */
export const BREACH_SOON_DAYS = 28;
/** Validation is due when a patient reaches each of these waits (DOMAIN.md, "Validation"). */
export const VALIDATION_WEEKS = [12, 26, 52] as const;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole days since 1970-01-01 for an ISO date; throws on anything that is not a real date. */
export function dayNumber(iso: string): number {
	const m = ISO_DATE.exec(iso);
	if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const ms = Date.UTC(y, mo - 1, d);
	const back = new Date(ms);
	if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
		throw new RangeError(`not a calendar date: ${iso}`);
	}
	return ms / MS_PER_DAY;
}

/** The ISO date of a day number (inverse of {@link dayNumber}). */
export function fromDayNumber(day: number): string {
	return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isIsoDate(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		dayNumber(value);
		return true;
	} catch {
		return false;
	}
}

const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A date as staff type it and PAS extracts write it, UK `dd/mm/yyyy` (one-digit day and month
 * allowed) or ISO `YYYY-MM-DD`, in ISO shape; null when it has neither shape. The result may still
 * be no calendar date ("31/02/2026" gives "2026-02-31"): check it with {@link isIsoDate}.
 */
export function isoShapedDate(text: string): string | null {
	const uk = UK_DATE.exec(text);
	if (uk) return `${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}`;
	return ISO_DATE.test(text) ? text : null;
}

export function addDays(iso: string, days: number): string {
	return fromDayNumber(dayNumber(iso) + days);
}

/**
 * Whole calendar days from clock start to `onDate` (DOMAIN.md: "Waits are counted in whole
 * calendar days from clock start to the census date").
 */
export function daysWaited(clockStart: string, onDate: string): number {
	return dayNumber(onDate) - dayNumber(clockStart);
}

/** National statistics week band: band upper = max(1, ceil(days / 7)); "0–1" is days 0–7. */
export function weekBand(days: number): number {
	return Math.max(1, Math.ceil(days / 7));
}

/** Over N weeks ⇔ days > 7·N (over 52 ⇔ ≥ 365; over 104 ⇔ ≥ 729). */
export function isOverWeeks(days: number, weeks: number): boolean {
	return days > 7 * weeks;
}

/** Within 18 weeks ⇔ days ≤ 126. */
export function isWithin18Weeks(days: number): boolean {
	return !isOverWeeks(days, 18);
}

/** The last day still within 18 weeks: clock start + 126 days. */
export function rttDeadline(clockStart: string): string {
	return addDays(clockStart, RTT_STANDARD_DAYS);
}

/** Days from the decision date to the clinical-priority target (RCS prioritisation guidance). */
export const PRIORITY_TARGET_DAYS: Record<Priority, number | null> = {
	P1a: 1,
	P1b: 3,
	P2: 28,
	P3: 91,
	P4: null
};

export function isPriority(value: unknown): value is Priority {
	return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}

/** The P-code target date; P4 "can wait more than 3 months" and has none. */
export function priorityDueDate(decisionDate: string, priority: Priority): string | null {
	const days = PRIORITY_TARGET_DAYS[priority];
	return days === null ? null : addDays(decisionDate, days);
}

/** What every list shows for a pathway on a census date: wait, band, deadlines. */
export function clockFacts(
	clockStart: string,
	priority: Priority | null,
	decisionDate: string | null,
	census: string
): { daysWaited: number; weekBand: number; rttDeadline: string; priorityDue: string | null } {
	const days = daysWaited(clockStart, census);
	return {
		daysWaited: days,
		weekBand: weekBand(days),
		rttDeadline: rttDeadline(clockStart),
		priorityDue: priority && decisionDate ? priorityDueDate(decisionDate, priority) : null
	};
}

/**
 * The next validation date: the first of the 12/26/52-week points not yet validated. A
 * validation on or after a point covers it. Null once the 52-week validation is done.
 */
export function validationDueDate(clockStart: string, lastValidated: string | null): string | null {
	for (const weeks of VALIDATION_WEEKS) {
		const due = addDays(clockStart, 7 * weeks);
		if (lastValidated === null || lastValidated < due) return due;
	}
	return null;
}

/** RTT status codes (NHS Data Dictionary). */
export const RTT_STATUS: Record<string, string> = {
	'10': 'First activity: clock start',
	'11': 'Transfer from another provider: clock continues',
	'12': 'Clock start after a DNA or non-RTT period',
	'20': 'Subsequent activity: clock continues',
	'21': 'Tertiary referral: clock continues',
	'30': 'First definitive treatment: clock stops',
	'31': 'Active monitoring, patient initiated: clock stops',
	'32': 'Active monitoring, clinician initiated: clock stops',
	'33': 'DNA at first appointment: clock stops',
	'34': 'Decision not to treat: clock stops',
	'35': 'Patient declined treatment: clock stops',
	'36': 'Patient died: clock stops',
	'90': 'After first treatment',
	'91': 'During active monitoring',
	'92': 'Not yet referred',
	'98': 'Not applicable',
	'99': 'Not yet known'
};

/** Codes under which the pathway's clock is running (an incomplete pathway on the PTL). */
export const OPEN_CLOCK_STATUSES = ['10', '11', '12', '20', '21'] as const;

export function isClockRunning(status: string): boolean {
	return (OPEN_CLOCK_STATUSES as readonly string[]).includes(status);
}

const NHS_NUMBER = /^(?:\d{10}|\d{3} \d{3} \d{4})$/;

/**
 * NHS number check (NHS Data Dictionary, Modulus 11): weights 10..2 on the first nine digits,
 * r = sum mod 11, check = 11 − r; 11 means 0 and 10 means the number is invalid.
 */
export function isValidNhsNumber(value: string): boolean {
	if (typeof value !== 'string' || !NHS_NUMBER.test(value)) return false;
	const digits = value.replaceAll(' ', '');
	return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/** The check digit for nine leading digits, or null when no check digit exists (r gives 10). */
export function nhsCheckDigit(firstNine: string): number | null {
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
	const check = 11 - (sum % 11);
	if (check === 10) return null;
	return check === 11 ? 0 : check;
}

/** Display form "943 476 5919". */
export function formatNhsNumber(value: string): string {
	const d = value.replaceAll(' ', '');
	return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
}

/** Masked but for the last four digits, as the PTL shows it until revealed. */
export function maskNhsNumber(value: string): string {
	const d = value.replaceAll(' ', '');
	return `*** *** ${d.slice(6)}`;
}
