import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAccess } from '$lib/server/guard';
import { endpoint } from '$lib/server/http/answer';
import { idParam, readJson } from '$lib/server/input';
import { moveBooking } from '$lib/server/records/bookings';
import type { RequestHandler } from './$types';

/** Moves a live booking to another session (`{ sessionId, startTime? }`); its case-note request follows. */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireAccess(locals);
	const id = idParam(params.id, 'booking');
	return json(await moveBooking(await db(), user, id, await readJson(request)));
});
