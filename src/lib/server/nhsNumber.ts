import { eq } from 'drizzle-orm';
import type { Database } from '../../../db';
import { pathways, patients } from '../../../db/schema';
import { formatNhsNumber } from '../domain/rtt';
import { writeAudit } from './audit';

/**
 * Reveals a pathway's NHS number to a user. The PTL masks it by default; every reveal is in the
 * audit log, so who looked at whose identifier can always be answered.
 */
export async function revealNhsNumber(
	db: Database,
	pathwayId: number,
	userId: number
): Promise<string | null> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select({ nhsNumber: patients.nhsNumber, patientId: patients.id })
			.from(pathways)
			.innerJoin(patients, eq(patients.id, pathways.patientId))
			.where(eq(pathways.id, pathwayId));
		if (!row) return null;
		await writeAudit(tx, {
			userId,
			action: 'reveal-nhs-number',
			entity: 'patient',
			entityId: row.patientId,
			after: { pathwayId }
		});
		return formatNhsNumber(row.nhsNumber);
	});
}
