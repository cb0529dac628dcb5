/**
 * RTT rules that queries must apply in SQL, built from the same constants as the domain's
 * TypeScript (src/lib/domain/rtt.ts), so a list, a dashboard and a snapshot cannot disagree.
 * Waits become clock-start bounds (waited more than N days on the census date ⇔ clock start <
 * census − N), so the conditions use the clock-start indexes.
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import {
	addDays,
	BREACH_SOON_DAYS,
	LONG_WAIT_WEEKS,
	OPEN_CLOCK_STATUSES,
	PRIORITIES,
	PRIORITY_TARGET_DAYS,
	RTT_STANDARD_DAYS,
	VALIDATION_WEEKS,
	type LongWaitWeeks
} from '../domain/rtt';

// The codes are this module's constants, never input; as literals the condition reads exactly as
// the partial index `pathways_open_idx` (db/schema/pathways.ts), so PostgreSQL can use it.
const openCodes = sql.raw(OPEN_CLOCK_STATUSES.map((s) => `'${s}'`).join(','));

/**
 * An open pathway: its clock is running (RTT status 10, 11, 12, 20 or 21; DOMAIN.md "RTT status
 * codes"). The status is the record of whether the clock runs; `clock_stopped_on` only says when
 * it stopped.
 */
export function clockRunningSql(rttStatus: SQLWrapper): SQL {
	return sql`${rttStatus} in (${openCodes})`;
}

/**
 * Open on a past date `on` (a snapshot "as at" it): the clock had started and had not stopped by
 * then: still running now, or stopped after that date.
 */
export function openOnSql(
	pathway: { clockStart: SQLWrapper; rttStatus: SQLWrapper; clockStoppedOn: SQLWrapper },
	on: string | SQLWrapper
): SQL {
	return sql`(${pathway.clockStart} <= ${on}::date and (${clockRunningSql(pathway.rttStatus)} or ${pathway.clockStoppedOn} > ${on}::date))`;
}

/** Waited more than `days` on the census date (over N weeks ⇔ more than 7·N days). */
export function waitedMoreThanSql(clockStart: SQLWrapper, days: number, census: string): SQL {
	return sql`${clockStart} < ${addDays(census, -days)}::date`;
}

/** Waited `days` or fewer on the census date. */
export function waitedAtMostSql(clockStart: SQLWrapper, days: number, census: string): SQL {
	return sql`${clockStart} >= ${addDays(census, -days)}::date`;
}

/** Within 18 weeks ⇔ days waited ≤ 126. */
export function within18WeeksSql(clockStart: SQLWrapper, census: string): SQL {
	return waitedAtMostSql(clockStart, RTT_STANDARD_DAYS, census);
}

/** Over each national long-wait threshold (over 52 weeks ⇔ days > 364), keyed `over52` … `over104`. */
export function longWaitSql(
	clockStart: SQLWrapper,
	census: string
): Record<`over${LongWaitWeeks}`, SQL> {
	return Object.fromEntries(
		LONG_WAIT_WEEKS.map((w) => [`over${w}`, waitedMoreThanSql(clockStart, 7 * w, census)])
	) as Record<`over${LongWaitWeeks}`, SQL>;
}

/**
 * The national statistics week band (`weekBand` in the domain): max(1, ceil(days / 7)), with
 * every wait over the last long-wait threshold in the band after it (105: over 104 weeks).
 */
export function weekBandSql(clockStart: SQLWrapper, census: string | SQLWrapper): SQL {
	const last = LONG_WAIT_WEEKS[LONG_WAIT_WEEKS.length - 1] + 1;
	return sql`least(greatest(1, (${census}::date - ${clockStart} + 6) / 7), ${sql.raw(String(last))})`;
}

/**
 * Crossing 18 weeks within the next 4 weeks: still within 18 weeks, and more than
 * 126 − 28 = 98 days waited (days 99–126). Unbooked is the caller's condition.
 */
export function breachSoonSql(clockStart: SQLWrapper, census: string): SQL {
	return sql`${within18WeeksSql(clockStart, census)} and ${waitedMoreThanSql(clockStart, RTT_STANDARD_DAYS - BREACH_SOON_DAYS, census)}`;
}

/**
 * Treat in turn: clinical priority first (P1a = 1 … P4 = 5), a missing priority last (6), in the
 * domain's PRIORITIES order: the SQL twin of rtt.ts's priorityRank.
 */
export function priorityRankSql(priority: SQLWrapper): SQL {
	// the codes are this module's constants, never input
	const cases = PRIORITIES.map((code, i) => sql.raw(`when '${code}' then ${i + 1}`));
	return sql`(case ${priority} ${sql.join(cases, sql` `)} else ${sql.raw(String(PRIORITIES.length + 1))} end)`;
}

/**
 * A pathway's P-code due date: the decision date plus its priority's target (DOMAIN.md, "Clinical
 * priority"); null for P4 and for a missing priority, which have none.
 */
export function priorityDueSql(decisionDate: SQL, priority: SQL): SQL {
	const cases = Object.entries(PRIORITY_TARGET_DAYS)
		.filter(([, days]) => days !== null)
		// the codes and day counts are this module's constants, never input
		.map(([code, days]) => sql.raw(`when '${code}' then ${days}`));
	return sql`(${decisionDate} + case ${priority} ${sql.join(cases, sql` `)} end)`;
}

/**
 * A pathway's next validation date: validationDueDate in rtt.ts (the first of the 12/26/52-week
 * points not covered by a validation on or after it); null once the 52-week one is done. The
 * validation worklist's test checks the two agree row by row.
 */
export function validationDueSql(clockStart: SQLWrapper, lastValidatedOn: SQLWrapper): SQL {
	return sql`(case ${sql.join(
		VALIDATION_WEEKS.map(
			(w) =>
				sql`when ${lastValidatedOn} is null or ${lastValidatedOn} < ${clockStart} + ${sql.raw(String(7 * w))} then ${clockStart} + ${sql.raw(String(7 * w))}`
		),
		sql` `
	)} end)`;
}
