import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam, readJson } from '$lib/server/input';
import { trustToday } from '$lib/server/trustCalendar';
import { recordOutcome } from '$lib/server/records/validation';
import type { RequestHandler } from './$types';

/**
 * Records a validation outcome for pathway :id: `{ outcome: 'still_waiting' }`, or
 * `{ outcome: 'treated_elsewhere' | 'no_longer_required', clinicalDecision, stopDate,
 * patientAgreed, stopCode? }`.
 */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'pathway');
	const handle = await db();
	const census = await trustToday(handle);
	return json(await recordOutcome(handle, user, id, await readJson(request), census));
});
