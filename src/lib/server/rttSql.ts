/**
 * RTT rules that queries must apply in SQL, built from the same constants as the domain's
 * TypeScript (src/lib/domain/rtt.ts), so a list, a dashboard and a snapshot cannot disagree.
 */
import { sql, type SQL } from 'drizzle-orm';
import { PRIORITY_TARGET_DAYS } from '../domain/rtt';

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
