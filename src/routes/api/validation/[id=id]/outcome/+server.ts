import { database } from '$db';
import { requireAccess } from '$lib/server/guard';
import { idParam, jsonAction } from '$lib/server/records/http';
import { readJson } from '$lib/server/input';
import { trustToday } from '$lib/server/trustCalendar';
import { recordOutcome } from '$lib/server/records/validation';
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
		const census = await trustToday(db);
		return recordOutcome(db, user, id, await readJson(request), census);
	});
};
