import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { idParam, jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import { readRecordsSettings } from '$lib/server/records/settings';
import { recordOutcome } from '$lib/server/records/validation';
import { wallDate } from '$lib/domain/workingTime';
import type { RequestHandler } from './$types';

/**
 * Records a validation outcome for pathway :id: `{ outcome: 'still_waiting' }`, or
 * `{ outcome: 'treated_elsewhere' | 'no_longer_required', clinicalDecision, stopDate,
 * patientAgreed, stopCode? }`.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'pathway');
	return jsonAction(async () => {
		const { db } = await database();
		const census = wallDate(Date.now(), (await readRecordsSettings(db)).calendar.timeZone);
		return recordOutcome(db, user, id, await readJson(request), census);
	});
};
