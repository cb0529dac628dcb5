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
