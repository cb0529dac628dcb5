/** Ward, emergency and correspondence requests for case notes, raised by records staff. */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema, parseInput } from '../input';
import type { Database } from '../../../../db';
import { caseNoteMovements, caseNoteRequests, locations, patients } from '../../../../db/schema';
import { slaDueAt } from '../../domain/caseNoteSla';
import { isValidNhsNumber } from '../../domain/rtt';
import { writeAudit } from '../audit';
import { AppError } from '../errors';
import { announceRecords } from './live';
import { notesHome } from './notesHome';
import { readRecordsSettings } from './settings';
import type { Actor } from './staff';
import { dayIn } from '../trustCalendar';

export const AD_HOC_REASONS = ['ward', 'emergency', 'correspondence'] as const;

export const adHocRequestSchema = z
	.object({
		nhsNumber: z
			.string()
			.trim()
			.refine(isValidNhsNumber, 'a valid 10-digit NHS number (e.g. 943 476 5919)'),
		reason: z.enum(AD_HOC_REASONS),
		urgency: z.enum(['emergency', 'urgent', 'routine']),
		destinationLocationId: idSchema,
		note: z.string().trim().max(500).optional()
	})
	.strict();

/** A ward, emergency or correspondence request, due by the SLA for its urgency. */
export async function raiseAdHoc(
	db: Database,
	actor: Actor,
	input: unknown,
	now = new Date()
): Promise<number> {
	const data = parseInput(adHocRequestSchema, input);
	const id = await db.transaction(async (tx) => {
		const nhs = data.nhsNumber.replaceAll(' ', '');
		const [patient] = await tx
			.select({ id: patients.id })
			.from(patients)
			.where(eq(patients.nhsNumber, nhs));
		if (!patient)
			throw new AppError('invalid', `nhsNumber: no patient with NHS number ${data.nhsNumber}`);
		const [destination] = await tx
			.select({ id: locations.id, siteId: locations.siteId })
			.from(locations)
			.where(eq(locations.id, data.destinationLocationId));
		if (!destination)
			throw new AppError(
				'invalid',
				`destinationLocationId: no location ${data.destinationLocationId}`
			);
		const settings = await readRecordsSettings(tx);
		const neededBy = new Date(
			slaDueAt(data.urgency, now.getTime(), settings.sla, settings.calendar)
		);
		const home = await notesHome(tx, patient.id, destination.siteId);
		const [row] = await tx
			.insert(caseNoteRequests)
			.values({
				patientId: patient.id,
				reason: data.reason,
				urgency: data.urgency,
				status: 'requested',
				neededBy,
				requestedAt: now,
				requestedBy: actor.id,
				homeLocationId: home.homeLocationId,
				currentLocationId: home.homeLocationId,
				destinationLocationId: destination.id,
				volumeBarcode: home.volumeBarcode,
				pullOn: dayIn(settings.calendar.timeZone, now).today
			})
			.returning({ id: caseNoteRequests.id });
		await tx.insert(caseNoteMovements).values({
			requestId: row.id,
			at: now,
			byUserId: actor.id,
			status: 'requested',
			locationId: home.homeLocationId,
			note: data.note ?? null
		});
		await writeAudit(tx, {
			userId: actor.id,
			action: 'raise-case-note-request',
			entity: 'case_note_request',
			entityId: row.id,
			after: {
				reason: data.reason,
				urgency: data.urgency,
				neededBy: neededBy.toISOString(),
				destinationLocationId: destination.id,
				note: data.note ?? null
			}
		});
		return row.id;
	});
	announceRecords('raised', [id]);
	return id;
}
