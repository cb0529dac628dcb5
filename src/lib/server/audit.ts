import type { Executor } from '../../../db';
import { auditLog } from '../../../db/schema';

export interface AuditEntry {
	userId: number | null;
	action: string;
	entity: string;
	entityId?: string | number | null;
	before?: unknown;
	after?: unknown;
}

/**
 * Appends to the audit log. Call it with the transaction that makes the change, so the change and
 * its record commit or fail together.
 */
export async function writeAudit(tx: Executor, entry: AuditEntry): Promise<void> {
	await tx.insert(auditLog).values({
		userId: entry.userId,
		action: entry.action,
		entity: entry.entity,
		entityId: entry.entityId == null ? null : String(entry.entityId),
		before: entry.before ?? null,
		after: entry.after ?? null
	});
}

/**
 * The fields of `next` whose values differ from `before`'s (arrays and dates compared by value),
 * as the before and after an audit entry records; null when nothing changes.
 */
export function changedFields<T extends object>(
	before: T,
	next: Partial<T>
): { before: Partial<T>; after: Partial<T> } | null {
	const was: Partial<T> = {};
	const now: Partial<T> = {};
	for (const field of Object.keys(next) as (keyof T)[]) {
		if (JSON.stringify(before[field] ?? null) === JSON.stringify(next[field] ?? null)) continue;
		was[field] = before[field];
		now[field] = next[field];
	}
	return Object.keys(now).length === 0 ? null : { before: was, after: now };
}
