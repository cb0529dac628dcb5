import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '../../../../db';
import { caseNoteRequests, locations } from '../../../../db/schema';

/**
 * Where a patient's notes live and their volume barcode: as the last request for them recorded
 * it, else the records library of the site they are wanted at.
 */
export async function notesHome(tx: Executor, patientId: number, siteId: number | null) {
	const [last] = await tx
		.select({ home: caseNoteRequests.homeLocationId, barcode: caseNoteRequests.volumeBarcode })
		.from(caseNoteRequests)
		.where(
			and(eq(caseNoteRequests.patientId, patientId), isNotNull(caseNoteRequests.homeLocationId))
		)
		.orderBy(desc(caseNoteRequests.requestedAt), desc(caseNoteRequests.id))
		.limit(1);
	if (last) return { homeLocationId: last.home, volumeBarcode: last.barcode };
	if (siteId === null) return { homeLocationId: null, volumeBarcode: null };
	const [library] = await tx
		.select({ id: locations.id })
		.from(locations)
		.where(and(eq(locations.siteId, siteId), eq(locations.kind, 'library')))
		.orderBy(asc(locations.id))
		.limit(1);
	return { homeLocationId: library?.id ?? null, volumeBarcode: null };
}
